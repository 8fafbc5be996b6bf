"""One-at-a-time sensitivity (a tornado table) over the levers with planner ranges: the quick
method (2 runs per lever); :mod:`parksim.sobol` is the global one.

Each lever is set to the low and the high end of its range (``growth_range = [lo, hi]`` …)
with everything else as in the scenario, on common random numbers (same seed and paths), and
the change in the target's probability and median at the deadline is reported.
"""

from __future__ import annotations

import pandas as pd

from parksim.analysis.levers import check_target, feeds_target, ranged_levers
from parksim.analysis.sweep import Study, outcome
from parksim.engine.run import RunOptions
from parksim.inputs.scenario import Scenario

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
    settings = RunOptions(paths, seed, pipeline_runs)
    base = outcome(Study(scenario, target, (), settings), ())
    rows = []
    for lever, (low, high) in ranged_levers(scenario):
        if not feeds_target(scenario, lever, target):
            continue
        study = Study(scenario, target, (lever,), settings)
        ends = [outcome(study, (value,)) for value in (low, high)]
        rows.append({
            "lever": lever.key, "low": low, "high": high,
            "probability_low": ends[0][0], "probability_high": ends[1][0],
            "p50_low": ends[0][2], "p50_high": ends[1][2],
            "probability_swing": abs(ends[1][0] - ends[0][0]),
            "p50_swing": abs(ends[1][2] - ends[0][2]),
            "base_probability": base[0], "base_p50": base[2],
        })  # fmt: skip
    table = pd.DataFrame(rows, columns=TORNADO_COLUMNS)
    return table.sort_values(["probability_swing", "p50_swing"], ascending=False, ignore_index=True)
