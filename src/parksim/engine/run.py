"""The vectorised Monte Carlo of industry growth.

For indicator i, path p and year t::

    g = growth_t + shock_t + volatility · (ρ·Z_t + √(1−ρ²)·e_t),   floored at −0.95
    V_t = V_{t−1} · (1 + g · (1 − V_{t−1}/cap))                   (no cap: V_{t−1} · (1 + g))

``Z_t`` is common to all indicators of a path and year, ``e_t`` is the indicator's own noise.

Random numbers are keyed, never drawn from a shared sequence: path p of indicator i takes its
noise from the stream ``SeedSequence(seed, spawn_key=(GROWTH, crc32(i), p // BLOCK_PATHS))``.
So adding an indicator does not change another's draws (scenarios compare with common random
numbers), and results for a seed and path count do not depend on how paths are chunked:
:func:`simulate_paths` gives any block-aligned range of paths of a run on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parksim.engine.chunked import simulate_chunked
from parksim.engine.parallel import Scheduler
from parksim.engine.paths import (
    IN_MEMORY_BYTES,
    default_chunk_paths,
    outputs_of,
    path_bytes,
    simulate_paths,
)
from parksim.engine.pipelines import run_pipelines
from parksim.engine.random import (
    BLOCK_PATHS,
)
from parksim.engine.surprise import Tally, percentiles
from parksim.errors import ArgumentError
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import MAX_PATHS
from parksim.results.protocol import Result
from parksim.results.result import PathResult


def simulate(
    scenario: Scenario,
    paths: int | None = None,
    seed: int | None = None,
    *,
    pipeline_runs: int | None = None,
    chunk_paths: int | None = None,
    scheduler: Scheduler = None,
    workers: int | None = None,
    progress: bool = False,
) -> Result:
    """Run the Monte Carlo; ``paths``, ``seed`` and ``pipeline_runs`` (DES realisations per
    pipeline, see :mod:`parksim.pipelines`) default to the scenario file's.

    A run whose paths would take more than ``IN_MEMORY_BYTES`` (or any run given
    ``chunk_paths``, a multiple of ``BLOCK_PATHS``) runs in chunks and returns a
    :class:`parksim.engine.chunked.ChunkedResult`: the same summaries, exact, without the paths.
    ``scheduler`` and ``workers`` (see :mod:`parksim.parallel`; default: this process) run the
    chunks on Dask, ``progress`` draws a bar on stderr; the numbers are the same for every
    chunk size, scheduler and number of workers.
    """
    options = RunOptions(paths, seed, pipeline_runs, chunk_paths, scheduler, workers, progress)
    return run(scenario, options)


def run(scenario: Scenario, options: RunOptions) -> Result:
    """:func:`simulate` with its options in one value."""
    meta = scenario.spec.scenario
    paths = meta.paths if options.paths is None else _checked("paths", options.paths, 1, MAX_PATHS)
    seed = meta.seed if options.seed is None else _checked("seed", options.seed, 0, None)
    runs = meta.pipeline_runs
    if options.pipeline_runs is not None:
        runs = _checked("pipeline_runs", options.pipeline_runs, 1, 100_000)
    chunk_paths = options.chunk_paths
    if chunk_paths is not None:
        chunk_paths = _checked_chunk(chunk_paths)
    elif path_bytes(scenario) * paths > IN_MEMORY_BYTES:
        chunk_paths = default_chunk_paths(scenario)
    pipelines = run_pipelines(scenario, seed, min(runs, paths))
    if chunk_paths is not None:
        return simulate_chunked(
            scenario,
            paths,
            seed,
            pipelines,
            chunk_paths,
            scheduler=options.scheduler,
            workers=options.workers,
            progress=options.progress,
        )
    tally: Tally = {}
    values = simulate_paths(scenario, seed, outputs_of(pipelines), 0, paths, tally)
    return PathResult(scenario, values, seed, pipelines, percentiles(tally))


@dataclass(frozen=True)
class RunOptions:
    """How to run, in one value passed down unchanged: paths, seed and DES realisations
    (None: the scenario file's), chunking, and where the work goes (``scheduler``, ``workers``,
    a progress bar). The numbers depend on paths, seed and realisations only."""

    paths: int | None = None
    seed: int | None = None
    pipeline_runs: int | None = None
    chunk_paths: int | None = None
    scheduler: Scheduler = None
    workers: int | None = None
    progress: bool = False

    def simulate(self, scenario: Scenario) -> Result:
        return run(scenario, self)

    def each_run(self) -> RunOptions:
        """The options of one evaluation of a study: the study spreads its evaluations over
        the scheduler; each evaluation runs where it lands."""
        return RunOptions(self.paths, self.seed, self.pipeline_runs, self.chunk_paths)


def _checked_chunk(chunk_paths: int) -> int:
    value = _checked("chunk_paths", chunk_paths, BLOCK_PATHS, MAX_PATHS)
    if value % BLOCK_PATHS:
        raise ArgumentError(
            "chunk_paths",
            f"chunk_paths = {value}: must be a multiple of {BLOCK_PATHS:,} "
            f"(the engine's random-number block), e.g. {BLOCK_PATHS * 2:,}",
        )
    return value


def _checked(name: str, value: int, low: int, high: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ArgumentError(name, f"{name} = {value!r}: must be an integer")
    if value < low or (high is not None and value > high):
        allowed = f">= {low}" if high is None else f"within {low}..{high:,}"
        raise ArgumentError(name, f"{name} = {value}: must be {allowed}")
    return int(value)
