"""Runs too large to hold in memory: paths simulated chunk by chunk, summaries exact.

Chunk ``k`` holds paths ``k · chunk_paths`` up to the next chunk, where ``chunk_paths`` is a
whole number of the engine's random-number blocks; :func:`parksim.engine.run.simulate_paths` gives
any such range exactly as the whole run would (every draw is keyed by its block, path ``p``
takes DES realisation ``p mod R``). Each pass simulates every chunk, reduces it to small sums
and drops it:

- means: sums per block (16,384 paths) added in block order, so the same bits for any chunk
  size, scheduler or number of workers; equal to the mean of the paths held in memory up to
  summation order (relative 1e-15);
- probabilities: counts of paths meeting each target, exact integers;
- quantiles: exact, as ``numpy.quantile`` on all paths (:mod:`parksim.orderstats`: a pilot
  block, a counting pass, a pass collecting the few numbers around each order statistic).

A :class:`ChunkedResult` keeps what further passes need, so a quantile or a joint probability
not computed yet costs one more pass, never the paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn, TypeVar

import numpy as np

from parksim.des import PipelineRuns
from parksim.engine.orderstats import Grid, QuantileSearch, Step, StepOut
from parksim.engine.parallel import Scheduler, map_reduce
from parksim.engine.paths import IN_MEMORY_BYTES, outputs_of, path_bytes, simulate_paths
from parksim.engine.random import BLOCK_PATHS
from parksim.engine.surprise import Tally, add_tallies, percentiles
from parksim.errors import PathsNotKept
from parksim.inputs.scenario import Scenario
from parksim.results.metrics import (
    DEFAULT_QUANTILES,
    checked_quantiles,
    exact_means,
    met_paths,
)
from parksim.results.result import BaseResult

Extra = TypeVar("Extra")
Out = TypeVar("Out")


@dataclass(frozen=True, eq=False)
class ChunkPlan:
    """Which paths each chunk holds, and what simulating one needs (shipped to workers)."""

    scenario: Scenario
    seed: int
    outputs: Mapping[str, np.ndarray]  # per pipeline: output per DES realisation and year
    n_paths: int
    chunk_paths: int

    @property
    def n_chunks(self) -> int:
        return -(-self.n_paths // self.chunk_paths)

    def values(self, chunk: int, tally: Tally | None = None) -> np.ndarray:
        """``(indicators, paths of the chunk, years)``; ``tally`` receives the figures'
        percentile counts."""
        start = chunk * self.chunk_paths
        stop = min(start + self.chunk_paths, self.n_paths)
        return simulate_paths(self.scenario, self.seed, self.outputs, start, stop, tally)

    def pilot(self) -> np.ndarray:
        """Columns (indicator × year) of the first block: sets the quantile search's bins."""
        stop = min(BLOCK_PATHS, self.n_paths)
        return columns(simulate_paths(self.scenario, self.seed, self.outputs, 0, stop))


def columns(values: np.ndarray) -> np.ndarray:
    """``(indicators, paths, years)`` → ``(indicators · years, paths)``, row ``i · years + t``."""
    return np.ascontiguousarray(values.transpose(0, 2, 1)).reshape(-1, values.shape[1])


@dataclass
class ChunkStats:
    """What the first pass keeps of consecutive chunks."""

    block_sums: np.ndarray  # (blocks, indicators, years)
    met: np.ndarray  # paths meeting each target, in the scenario's order
    low: np.ndarray  # per column (indicator × year): minimum, NaN if any NaN
    high: np.ndarray  # maximum
    counts: np.ndarray  # numbers per bin of the pilot grid, (columns, orderstats.BINS + 2)
    tally: Tally  # the actual figures' percentile counts
    non_finite: np.ndarray  # per column, the paths whose value is inf or NaN

    @staticmethod
    def merge(parts: Sequence[ChunkStats]) -> ChunkStats:
        return ChunkStats(
            tally=add_tallies([p.tally for p in parts]),
            block_sums=np.concatenate([p.block_sums for p in parts]),
            met=np.sum([p.met for p in parts], axis=0),
            low=np.minimum.reduce([p.low for p in parts]),
            high=np.maximum.reduce([p.high for p in parts]),
            counts=np.sum([p.counts for p in parts], axis=0),
            non_finite=np.sum([p.non_finite for p in parts], axis=0),
        )


def chunk_stats(job: tuple[ChunkPlan, Grid], chunk: int) -> ChunkStats:
    """Block sums, target counts, column ranges and bin counts of one chunk."""
    plan, grid = job
    tally: Tally = {}
    values = plan.values(chunk, tally)
    shape = values.shape
    scenario = plan.scenario
    index = {ind: i for i, ind in enumerate(scenario.all_indicator_ids)}
    met = np.array(
        [
            int(met_paths(scenario, target, values[index[target.indicator]]).sum())
            for target in scenario.targets.values()
        ],
        dtype=np.int64,
    )
    x = columns(values)
    del values  # one copy of the chunk at a time
    blocks = range(0, x.shape[1], BLOCK_PATHS)
    # Each block summed on its own contiguous copy: the same bits whatever the chunk size.
    sums = np.array([np.ascontiguousarray(x[:, b : b + BLOCK_PATHS]).sum(axis=1) for b in blocks])
    return ChunkStats(
        block_sums=sums.reshape(len(blocks), shape[0], shape[2]),
        met=met,
        low=x.min(axis=1),
        high=x.max(axis=1),
        counts=grid.counts(x),
        tally=tally,
        non_finite=_non_finite(x, len(scenario.compiled.indicator_ids) * shape[2]),
    )


def _non_finite(x: np.ndarray, plain_rows: int) -> np.ndarray:
    """Per column, the paths that are inf or NaN; only derived indicators' columns (after the
    plain ones, which are always finite) are looked at."""
    counts = np.zeros(x.shape[0], dtype=np.int64)
    counts[plain_rows:] = (~np.isfinite(x[plain_rows:])).sum(axis=1)
    return counts


def chunk_step(job: tuple[ChunkPlan, Step], chunk: int) -> StepOut:
    """One chunk's share of a quantile search step."""
    plan, step = job
    values = plan.values(chunk)
    years = values.shape[2]
    return step(lambda c: values[c // years, :, c % years])


def chunk_joint(job: tuple[ChunkPlan, tuple[str, ...]], chunk: int) -> int:
    """Paths of one chunk that meet every one of the targets."""
    plan, target_ids = job
    values = plan.values(chunk)
    scenario = plan.scenario
    index = {ind: i for i, ind in enumerate(scenario.all_indicator_ids)}
    targets = [scenario.targets[t] for t in target_ids]
    met = [met_paths(scenario, t, values[index[t.indicator]]) for t in targets]
    return int(np.logical_and.reduce(met).sum())


def _add(parts: Sequence[int]) -> int:
    return sum(parts)


def simulate_chunked(
    scenario: Scenario,
    paths: int,
    seed: int,
    pipelines: Mapping[str, PipelineRuns],
    chunk_paths: int,
    *,
    scheduler: Scheduler = None,
    workers: int | None = None,
    progress: bool = False,
) -> ChunkedResult:
    """The first pass over all chunks (means, probabilities, ranges, bin counts); quantiles
    follow on demand. ``scheduler`` None runs the chunks here, one at a time."""
    plan = ChunkPlan(scenario, seed, outputs_of(pipelines), paths, chunk_paths)
    grid = Grid.of_pilot(plan.pilot())
    runner = _Runner(plan, scheduler or "sync", workers, progress)
    stats = runner.reduce(chunk_stats, ChunkStats.merge, grid)
    return ChunkedResult(plan, pipelines, stats, grid, runner)


@dataclass(frozen=True)
class _Runner:
    """Runs a pass over every chunk of a plan on the chosen scheduler."""

    plan: ChunkPlan
    scheduler: Scheduler
    workers: int | None
    progress: bool

    def reduce(
        self,
        function: Callable[[tuple[ChunkPlan, Extra], int], Out],
        combine: Callable[[Sequence[Out]], Out],
        extra: Extra,
    ) -> Out:
        """``combine`` of ``function((plan, extra), chunk)`` over every chunk, in order."""
        return map_reduce(
            function,
            combine,
            (self.plan, extra),
            range(self.plan.n_chunks),
            scheduler=self.scheduler,
            workers=self.workers,
            progress=self.progress,
        )


class ChunkedResult(BaseResult):
    """A run simulated in chunks: every summary of a result, exact, but no paths
    (``paths()`` and ``met()`` raise :class:`parksim.errors.PathsNotKept`).
    ``passes`` counts the passes over all chunks made so far (for benchmarks and tests)."""

    def __init__(
        self,
        plan: ChunkPlan,
        pipelines: Mapping[str, PipelineRuns],
        stats: ChunkStats,
        grid: Grid,
        runner: _Runner,
    ) -> None:
        self.scenario = plan.scenario
        self.seed = plan.seed
        self.pipelines = pipelines
        self.chunk_paths = plan.chunk_paths
        self._plan, self._stats, self._grid, self._runner = plan, stats, grid, runner
        shape = (len(plan.scenario.all_indicator_ids), len(plan.scenario.compiled.years))
        means = stats.block_sums.sum(axis=0) / plan.n_paths
        self._means: np.ndarray = exact_means(means, *_by_column(stats, shape))
        self._means.flags.writeable = False
        self.percentiles = percentiles(stats.tally)
        self._met = {t: int(c) for t, c in zip(plan.scenario.targets, stats.met, strict=True)}
        self._quantiles: dict[float, np.ndarray] = {}
        self._joint: dict[tuple[str, ...], int] = {}
        self._shape = shape
        self.passes = 1

    def __repr__(self) -> str:
        return (
            f"ChunkedResult(scenario={self.scenario.id!r}, n_paths={self.n_paths}, "
            f"seed={self.seed}, chunk_paths={self.chunk_paths})"
        )

    @property
    def keeps_paths(self) -> bool:
        return False

    def paths(self, indicator: str) -> NoReturn:
        self.index_of(indicator)  # an unknown indicator is a KeyError, as for PathResult
        most = IN_MEMORY_BYTES // path_bytes(self.scenario)
        raise PathsNotKept(
            f"paths are not kept: {self.n_paths:,} paths were simulated in chunks of "
            f"{self.chunk_paths:,} to bound memory (the summaries are exact); for paths, "
            f"simulate at most {most:,} paths: the first n paths of a run are the same paths"
        )

    @property
    def n_paths(self) -> int:
        return self._plan.n_paths

    def probability(self, target_id: str) -> float:
        if target_id not in self._met:
            raise KeyError(target_id)  # as PathResult does
        return self._met[target_id] / self.n_paths

    def joint_probability(self, target_ids: Sequence[str]) -> float:
        key = tuple(sorted(set(target_ids)))
        unknown = [t for t in key if t not in self._met]
        if unknown:
            raise KeyError(unknown[0])
        if len(key) == 1:
            return self.probability(key[0])
        if key not in self._joint:
            self._joint[key] = self._runner.reduce(chunk_joint, _add, key)
            self.passes += 1
        return self._joint[key] / self.n_paths

    def non_finite_counts(self) -> np.ndarray:
        return self._stats.non_finite.reshape(self._shape)

    def quantiles_at(self, indicator: str, year: int, qs: Sequence[float]) -> np.ndarray:
        table = self.quantile_table(qs)
        return table[:, self.index_of(indicator), year - self.scenario.base_year]

    def base_value(self, indicator: str) -> float:
        return float(self._stats.low[self.index_of(indicator) * self._shape[1]])

    def _mean_table(self) -> np.ndarray:
        return self._means

    def quantile_table(self, qs: Sequence[float]) -> np.ndarray:
        qs = checked_quantiles(qs)
        missing = [q for q in qs if q not in self._quantiles]
        if missing:  # the defaults come along: projections and targets need them anyway
            wanted = sorted({*missing, *DEFAULT_QUANTILES} - self._quantiles.keys())
            table = self._search(tuple(wanted))
            self._quantiles.update(
                zip(wanted, table.reshape(len(wanted), *self._shape), strict=True)
            )
        return np.array([self._quantiles[q] for q in qs]).reshape(len(qs), *self._shape)

    def _search(self, qs: tuple[float, ...]) -> np.ndarray:
        stats = self._stats
        search = QuantileSearch(self._grid, stats.counts, stats.low, stats.high, self.n_paths, qs)
        while (step := search.step()) is not None:
            search.absorb(self._runner.reduce(chunk_step, StepOut.merge, step))
            self.passes += 1
        return search.table()


def _by_column(stats: ChunkStats, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Each column's lowest and highest value, shaped (indicators, years) like the means."""
    return stats.low.reshape(shape), stats.high.reshape(shape)
