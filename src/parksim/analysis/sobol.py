"""Global sensitivity: Sobol' indices of a target's probability and median over the levers
that carry planner ranges.

Saltelli's scheme (SALib's Sobol'-sequence sampler, ``N · (D + 2)`` settings for ``D`` levers
and ``N`` base samples) sets all levers at once, uniformly over their ranges; a whole-number
lever is drawn over ``[low − ½, high + ½]`` and rounded, so every count in its range is equally
likely. Each setting is one evaluation on common random numbers (:mod:`parksim.studies`).
SALib's ``sobol.analyze`` then gives the first-order index ``S1`` (the share of the output's
variance that the lever explains alone) and the total index ``ST`` (alone and with others),
each with a bootstrap confidence interval. ``ST ≈ S1`` means no interaction; ``ST ≈ 0`` means
the lever does not matter over its range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from parksim.analysis.levers import Lever, check_target, feeds_target, ranged_levers
from parksim.analysis.sweep import Study, evaluate
from parksim.engine.parallel import Scheduler
from parksim.engine.run import RunOptions
from parksim.errors import ArgumentError, ScenarioError
from parksim.inputs.scenario import Scenario

INDEX_COLUMNS = ["output", "lever", "low", "high", "S1", "S1_conf", "ST", "ST_conf"]
OUTPUTS = ("probability", "p50")
STREAM_SOBOL = 4  # the sampler's and the bootstrap's own stream (see parksim.engine)
RESAMPLES = 1_000
MAX_SAMPLES = 1 << 16


@dataclass(frozen=True)
class SobolStudy:
    """A Sobol' study of one target: ``indices`` (one row per output and lever, largest total
    index first) and ``evaluations`` (one row per setting: lever values, then probability,
    P10, P50, P90), with the settings that produced them."""

    target: str
    samples: int
    levers: tuple[str, ...]
    paths: int
    seed: int
    confidence: float
    indices: pd.DataFrame
    evaluations: pd.DataFrame


def sobol(
    scenario: Scenario,
    target: str,
    *,
    samples: int = 64,
    levers: Sequence[str] | None = None,
    confidence: float = 0.95,
    paths: int | None = None,
    seed: int | None = None,
    pipeline_runs: int | None = None,
    scheduler: Scheduler = None,
    workers: int | None = None,
    progress: bool = False,
) -> SobolStudy:
    """Sobol' indices of the target's probability and P50 at the deadline over ``levers``
    (default: every ranged lever that feeds the target); ``samples`` base samples, a power
    of 2, give ``samples · (levers + 2)`` evaluations."""
    check_target(scenario, target)
    _check_samples(samples)
    if not 0.0 < confidence < 1.0:
        raise ArgumentError(
            "confidence", f"confidence = {confidence}: must be within 0 and 1 (excluded)"
        )
    chosen = _levers(scenario, target, levers)
    options = RunOptions(paths, seed, pipeline_runs, None, scheduler, workers, progress)
    meta = scenario.spec.scenario
    run_seed = meta.seed if seed is None else seed
    own_seed = int(np.random.SeedSequence(run_seed, spawn_key=(STREAM_SOBOL,)).generate_state(1)[0])
    own_seed |= 1  # SALib ignores a seed of 0
    names = [lever.key for lever, _ in chosen]
    problem = {
        "num_vars": len(chosen),
        "names": names,
        "bounds": [_drawn_over(lever, span) for lever, span in chosen],
    }
    inputs = _sample(problem, samples, chosen, own_seed)
    study = Study(scenario, target, tuple(lever for lever, _ in chosen), options.each_run())
    table = evaluate(study, inputs, options)
    rows = []
    for output in OUTPUTS:
        rows += _indices(problem, chosen, output, table[output].to_numpy(), confidence, own_seed)
    indices = pd.DataFrame(rows, columns=INDEX_COLUMNS)
    indices = indices.sort_values(
        ["output", "ST"], ascending=[True, False], ignore_index=True, na_position="last"
    )
    return SobolStudy(
        target=target,
        samples=samples,
        levers=tuple(names),
        paths=meta.paths if paths is None else paths,
        seed=run_seed,
        confidence=confidence,
        indices=indices,
        evaluations=table,
    )


def _sample(
    problem: dict[str, Any],
    samples: int,
    chosen: Sequence[tuple[Lever, tuple[float, float]]],
    seed: int,
) -> np.ndarray:
    """Saltelli's scrambled Sobol' sample; whole-number levers rounded to the nearest."""
    from SALib.sample import sobol as sobol_sample  # SALib loads scipy.stats: only when used

    inputs: np.ndarray = sobol_sample.sample(
        problem, samples, calc_second_order=False, scramble=True, seed=seed
    )
    for j, (lever, (low, high)) in enumerate(chosen):
        if lever.integer:
            inputs[:, j] = np.clip(np.floor(inputs[:, j] + 0.5), low, high)
    return inputs


def _levers(
    scenario: Scenario, target: str, keys: Sequence[str] | None
) -> list[tuple[Lever, tuple[float, float]]]:
    ranged = {lever.key: (lever, span) for lever, span in ranged_levers(scenario)}
    if keys is None:
        chosen = [
            (lever, span)
            for lever, span in ranged.values()
            if feeds_target(scenario, lever, target)
        ]
        if not chosen:
            raise ScenarioError(
                scenario.path,
                "target",
                f'target = "{target}": no lever with a planner range feeds it; add ranges '
                f"such as growth_range = [low, high] to its indicators or pipelines",
            )
        return chosen
    if not keys:
        raise ArgumentError("levers", "levers: give at least one lever")
    unknown = [key for key in keys if key not in ranged]
    if unknown:
        raise ArgumentError(
            unknown[0],
            f"{unknown[0]}: not a lever with a planner range; "
            f"allowed: {', '.join(ranged) or 'none'}",
        )
    return [ranged[key] for key in dict.fromkeys(keys)]


def _drawn_over(lever: Lever, span: tuple[float, float]) -> list[float]:
    low, high = span
    return [low - 0.5, high + 0.5] if lever.integer else [low, high]


def _indices(
    problem: dict[str, object],
    chosen: Sequence[tuple[Lever, tuple[float, float]]],
    output: str,
    values: np.ndarray,
    confidence: float,
    seed: int,
) -> list[dict[str, object]]:
    """One row per lever; NaN indices when the output does not vary (nothing to share)."""
    nan = float("nan")
    if np.ptp(values) == 0:
        found = {name: [nan] * len(chosen) for name in ("S1", "S1_conf", "ST", "ST_conf")}
    else:
        from SALib.analyze import sobol as sobol_analyze

        found = sobol_analyze.analyze(
            problem,
            values,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=confidence,
            seed=seed,
        )
    return [
        {
            "output": output,
            "lever": lever.key,
            "low": span[0],
            "high": span[1],
            "S1": float(found["S1"][j]),
            "S1_conf": float(found["S1_conf"][j]),
            "ST": float(found["ST"][j]),
            "ST_conf": float(found["ST_conf"][j]),
        }
        for j, (lever, span) in enumerate(chosen)
    ]


def _check_samples(samples: int) -> None:
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer):
        raise ArgumentError("samples", f"samples = {samples!r}: must be an integer")
    if samples < 2 or samples > MAX_SAMPLES or samples & (samples - 1):
        raise ArgumentError(
            "samples",
            f"samples = {samples}: must be a power of 2 from 2 to {MAX_SAMPLES:,} "
            f"(the Sobol' sequence is balanced only then), e.g. 64",
        )
