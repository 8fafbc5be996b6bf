"""One-at-a-time sensitivity (a tornado table) over the levers with planner ranges.

Each lever is set to the low and the high end of its range (``growth_range = [lo, hi]`` …)
with everything else as in the scenario, on common random numbers (same seed and paths), and
the change in the target's probability and median at the deadline is reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parksim.engine import RunSettings
from parksim.levers import apply_lever, check_target, feeding_indicators, ranged_levers
from parksim.result import Result
from parksim.scenario import Scenario

TORNADO_COLUMNS = [
    "lever", "low", "high", "probability_low", "probability_high", "p50_low", "p50_high",
    "probability_swing", "p50_swing", "base_probability", "base_p50",
]  # fmt: skip


def tornado(
    scenario: Scenario,
    target: str,
    *,
    paths: int | None = None,
    seed: int | None = None,
    pipeline_runs: int | None = None,
) -> pd.DataFrame:
    """One row per ranged lever that can move the target (its indicator's inputs and their
    pipelines), largest probability swing first (then median swing)."""
    check_target(scenario, target)
    settings = RunSettings(paths, seed, pipeline_runs)
    base = _outcome(settings.simulate(scenario), target)
    rows = []
    feeding = feeding_indicators(scenario, scenario.targets[target].indicator)
    for lever, (low, high) in ranged_levers(scenario):
        if not _moves(scenario, lever.key, feeding):
            continue
        ends = [
            _outcome(settings.simulate(apply_lever(scenario, target, lever, v)), target)
            for v in (low, high)
        ]
        rows.append({
            "lever": lever.key, "low": low, "high": high,
            "probability_low": ends[0][0], "probability_high": ends[1][0],
            "p50_low": ends[0][1], "p50_high": ends[1][1],
            "probability_swing": abs(ends[1][0] - ends[0][0]),
            "p50_swing": abs(ends[1][1] - ends[0][1]),
            "base_probability": base[0], "base_p50": base[1],
        })  # fmt: skip
    table = pd.DataFrame(rows, columns=TORNADO_COLUMNS)
    return table.sort_values(["probability_swing", "p50_swing"], ascending=False, ignore_index=True)


def _moves(scenario: Scenario, key: str, feeding: list[str]) -> bool:
    """Can the lever change the target at all? (Only through the indicators it feeds.)"""
    section, item, _ = key.split(".")
    indicator = item if section == "indicators" else scenario.pipelines[item].indicator
    return indicator in feeding


def _outcome(result: Result, target: str) -> tuple[float, float]:
    """Probability of the target and the median of its indicator at the deadline."""
    spec = result.scenario.targets[target]
    deadline = result.paths(spec.indicator)[:, spec.year - result.scenario.base_year]
    return result.probability(target), float(np.median(deadline))
