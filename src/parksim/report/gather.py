"""The numbers a briefing shows, computed once: the run and its small summary, the compared
scenarios on the same paths and seed, and "what it takes" for every target not on track.

Each step is its own function so that the benchmark can time them apart (simulate, solve);
none of them holds a path array after it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from parksim.analysis.levers import GROWTH_SCALE, Lever, feeding_indicators, lever_of
from parksim.analysis.solve import Solution, solve
from parksim.engine.run import simulate
from parksim.export.meta import run_options
from parksim.inputs.scenario import Scenario
from parksim.report.summary import RunSummary, summarize

WANTED = 0.8  # the probability "what it takes" solves for, as `parksim solve` by default
THREADS = 2  # the solves at once: this machine's cores


@dataclass(frozen=True)
class Take:
    """One answer of "what it takes": the lever moved, its value now, and the solver's answer."""

    target: str
    lever: Lever
    assumed: float
    solution: Solution


@dataclass(frozen=True)
class Numbers:
    """Everything a briefing prints, in no language yet."""

    scenario: Scenario
    summary: RunSummary
    compared: tuple[tuple[Scenario, RunSummary], ...]
    takes: tuple[Take, ...]
    options: tuple[str, ...]  # --paths, --seed, --pipeline-runs, --set: what redoes the run
    created: datetime


def run(
    scenario: Scenario,
    *,
    paths: int | None = None,
    seed: int | None = None,
    pipeline_runs: int | None = None,
) -> tuple[RunSummary, tuple[str, ...]]:
    """The scenario's run, summarised, and the run options that reproduce it."""
    result = simulate(scenario, paths=paths, seed=seed, pipeline_runs=pipeline_runs)
    return summarize(result), tuple(run_options(result))


def run_compared(
    others: Sequence[Scenario], summary: RunSummary, pipeline_runs: int | None = None
) -> tuple[tuple[Scenario, RunSummary], ...]:
    """Each compared scenario on the paths and seed of the briefing's own run."""
    return tuple(
        (other, run(other, paths=summary.paths, seed=summary.seed, pipeline_runs=pipeline_runs)[0])
        for other in others
    )


def take_lever(scenario: Scenario, target: str) -> Lever:
    """The lever "what it takes" moves: the growth of the one indicator a target is computed
    from, else ``growth_scale`` (every growth rate feeding it, e.g. a share's two parts)."""
    feeding = feeding_indicators(scenario, scenario.targets[target].indicator)
    if len(feeding) == 1:
        return lever_of(scenario, f"indicators.{feeding[0]}.growth")
    return lever_of(scenario, GROWTH_SCALE)


def what_it_takes(
    scenario: Scenario,
    summary: RunSummary,
    *,
    wanted: float = WANTED,
    pipeline_runs: int | None = None,
) -> tuple[Take, ...]:
    """For each target not on track, the lever value that meets it with ``wanted``
    probability: `parksim solve` with the lever's hard bounds, on the run's paths and seed.

    The solves run on two threads (numpy's kernels release the GIL): each is the same
    deterministic search on common random numbers, so the answers do not depend on it."""
    behind = [
        str(row["target"])
        for row in summary.targets.to_dict(orient="records")
        if row["status"] != "on_track"
    ]

    def take(target: str) -> Take:
        lever = take_lever(scenario, target)
        solution = solve(
            scenario,
            target,
            lever.key,
            wanted,
            paths=summary.paths,
            seed=summary.seed,
            pipeline_runs=pipeline_runs,
        )
        return Take(target, lever, lever.value_in(scenario), solution)

    with ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="parksim-brief") as pool:
        return tuple(pool.map(take, behind))
