"""Many evaluations of one target as levers move: the evaluation they share, and sweeps.

An evaluation sets the levers, simulates with the study's seed and paths (common random
numbers: the same draws for every setting) and returns the target's probability and its
P10/P50/P90 at the deadline. It is a pure function of the lever values, so evaluations run
anywhere (:mod:`parksim.parallel`) and come back keyed by their position: 1 worker or N give
the same table.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from parksim.analysis.levers import Lever, apply_levers, check_target, lever_of
from parksim.engine.parallel import Scheduler, run_tasks
from parksim.engine.run import RunOptions
from parksim.errors import ArgumentError
from parksim.inputs.scenario import Scenario

OUTCOME_COLUMNS = ["probability", "p10", "p50", "p90"]
MAX_SWEEP = 100_000


@dataclass(frozen=True, eq=False)
class Study:
    """What every evaluation of a study shares (shipped once per batch or worker)."""

    scenario: Scenario
    target: str
    levers: tuple[Lever, ...]
    settings: RunOptions  # of each evaluation: it runs where it lands


def outcome(study: Study, values: Sequence[float]) -> tuple[float, float, float, float]:
    """Probability, P10, P50 and P90 of the target with the levers at ``values``."""
    scenario = study.scenario
    if study.levers:
        scenario = apply_levers(
            scenario, study.target, list(zip(study.levers, values, strict=True))
        )
    result = study.settings.simulate(scenario)
    target = scenario.targets[study.target]
    p10, p50, p90 = result.quantiles_at(target.indicator, target.year, (0.1, 0.5, 0.9))
    return result.probability(study.target), float(p10), float(p50), float(p90)


def evaluate(
    study: Study, rows: Sequence[Sequence[float]] | np.ndarray, options: RunOptions
) -> pd.DataFrame:
    """One row per setting of the levers: the lever values, then ``OUTCOME_COLUMNS``; the
    evaluations spread over ``options``' scheduler and workers."""
    settings = [tuple(float(v) for v in row) for row in rows]
    outcomes = run_tasks(
        outcome,
        study,
        settings,
        scheduler=options.scheduler,
        workers=options.workers,
        progress=options.progress,
    )
    table = pd.DataFrame(settings, columns=[lever.key for lever in study.levers])
    return table.join(pd.DataFrame(outcomes, columns=OUTCOME_COLUMNS))


def sweep(
    scenario: Scenario,
    target: str,
    grid: Mapping[str, Sequence[float]],
    *,
    paths: int | None = None,
    seed: int | None = None,
    pipeline_runs: int | None = None,
    scheduler: Scheduler = None,
    workers: int | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Every combination of the lever values in ``grid`` (``{lever: [values…]}``, the last
    lever varying fastest): one row each, with the target's probability and P10/P50/P90."""
    check_target(scenario, target)
    if not grid:
        raise ArgumentError("grid", "grid: give at least one lever with its values")
    levers = tuple(lever_of(scenario, key) for key in grid)
    for key, values in grid.items():
        if not values or not all(math.isfinite(float(v)) for v in values):
            raise ArgumentError(key, f"{key} = {list(values)}: give one or more finite values")
    size = math.prod(len(values) for values in grid.values())
    if size > MAX_SWEEP:
        raise ArgumentError("grid", f"grid: {size:,} combinations; must be at most {MAX_SWEEP:,}")
    options = RunOptions(paths, seed, pipeline_runs, None, scheduler, workers, progress)
    study = Study(scenario, target, levers, options.each_run())
    return evaluate(study, list(itertools.product(*grid.values())), options)
