"""Exact quantiles of numbers seen in chunks, in bounded memory.

The numbers are columns of a matrix that is never held whole: it is produced chunk by chunk
(columns × some rows), as often as asked, identically each time. The quantiles are those of
``numpy.quantile`` (its default "linear" method) bit for bit:

1. a pilot chunk sets, per column, a grid of ``BINS`` equal bins over its range, plus one bin
   below and one above: ``bin(x) = clip(floor((x - low) · scale + 1), 0, BINS + 1)``.
   Correctly rounded arithmetic makes this weakly increasing in ``x``, so every number in a
   bin is <= every number in a later bin (bin edges need not be exact, only monotone);
2. one pass counts the numbers per bin, which gives the bin holding each order statistic
   that a quantile needs (ranks ``floor((n-1)·q)`` and the next);
3. one more pass collects the numbers of just those bins (as distinct values with counts, so a
   point mass costs one entry), sorts them and reads off the order statistics. A bin too full
   to collect within ``COLLECT_BUDGET`` is split again on a finer grid in a further pass, until
   it is small or holds one value.

So the answer is exact, not approximate; the order statistics are interpolated exactly as numpy
does. Memory per pass: the counts (columns × (BINS + 2)) and the collected numbers (about
``n / BINS`` per quantile and column), whatever ``n``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

BINS = 4096
COLLECT_BUDGET = 1 << 23  # numbers collected in one pass at most (64 MiB); the rest is split
SMALL = 1 << 12  # a bin this small is always collected
MAX_LEVELS = 8  # splits of one bin before it is collected whatever its size
SLAB = 16  # columns binned at once


@dataclass(frozen=True)
class Grid:
    """Equal bins per column over ``[low, low + BINS / scale)``, with one bin below and one
    above: bin numbers run from 0 (below) to ``BINS + 1`` (above)."""

    low: np.ndarray  # (columns,)
    scale: np.ndarray  # (columns,)

    @classmethod
    def spanning(cls, low: np.ndarray, high: np.ndarray) -> Grid:
        """Bins over ``[low, high]`` per column; any finite, positive scale keeps the order, so
        a constant or non-finite range falls back to one."""
        low = np.asarray(low, dtype=float)
        high = np.asarray(high, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            scale = BINS / (high - low)
        usable = np.isfinite(scale) & (scale > 0)
        return cls(
            low=np.where(np.isfinite(low), low, 0.0),
            scale=np.where(usable, scale, 1.0),
        )

    @classmethod
    def of_pilot(cls, pilot: np.ndarray) -> Grid:
        """Bins over each column's range in ``pilot`` (columns × rows)."""
        with np.errstate(invalid="ignore"):
            return cls.spanning(np.min(pilot, axis=1), np.max(pilot, axis=1))

    def bins(self, x: np.ndarray) -> np.ndarray:
        """Bin numbers of ``x`` (columns × rows)."""
        return bins_of(x, self.low[:, None], self.scale[:, None])

    def counts(self, x: np.ndarray) -> np.ndarray:
        """Numbers per bin, ``(columns, BINS + 2)``; a few columns at a time, so that the
        bin numbers never take more memory than a slice of ``x``."""
        columns = x.shape[0]
        counts = np.empty((columns, BINS + 2), dtype=np.int64)
        for start in range(0, columns, SLAB):
            rows = slice(start, min(start + SLAB, columns))
            offsets = np.arange(rows.stop - rows.start, dtype=float)[:, None] * (BINS + 2)
            bins = bins_of(x[rows], self.low[rows, None], self.scale[rows, None], offsets)
            flat = np.bincount(bins.ravel(), minlength=offsets.size * (BINS + 2))
            counts[rows] = flat.reshape(-1, BINS + 2)
        return counts


def bins_of(
    x: np.ndarray,
    low: np.ndarray | float,
    scale: np.ndarray | float,
    offset: np.ndarray | float = 0.0,
) -> np.ndarray:
    """``clip(floor((x - low) · scale + 1), 0, BINS + 1) + offset``, weakly increasing in
    ``x`` (every step is a correctly rounded, increasing operation). NaN goes to bin 0: a
    column holding NaN has NaN quantiles and is never searched."""
    with np.errstate(invalid="ignore", over="ignore"):
        t: np.ndarray = np.subtract(x, low)
        t *= scale
        t += 1.0
        np.floor(t, out=t)
        np.fmax(t, 0.0, out=t)
        np.fmin(t, BINS + 1, out=t)
    t += offset
    return t.astype(np.intp)


def positions(n: int, qs: Sequence[float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ranks below and above each quantile and the weight between them, as ``numpy.quantile``
    ("linear") computes them for ``n`` numbers."""
    virtual = (n - 1) * np.asarray(qs, dtype=float)
    below = np.floor(virtual)
    above_end = virtual >= n - 1
    gamma = virtual - np.where(above_end, -1.0, below)
    lower = np.where(above_end, n - 1, below).astype(np.int64)
    upper = np.where(above_end, n - 1, below + 1).astype(np.int64)
    return lower, upper, gamma


def lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """numpy's own interpolation between order statistics (``numpy.lib`` ``_lerp``)."""
    diff = b - a
    out = np.asarray(np.add(a, diff * t))
    np.subtract(b, diff * (1 - t), out=out, where=t >= 0.5)
    return out


@dataclass(frozen=True)
class Request:
    """Order statistics that lie among the numbers of one column that fall in a chain of
    bins: level 0 of the grid, then finer grids ``(low, scale, bin)``."""

    column: int
    bin0: int
    levels: tuple[tuple[float, float, int], ...]
    count: int  # numbers in the chain's last bin, over all chunks
    ranks: tuple[tuple[int, int], ...]  # (rank in the column, rank among those numbers)
    span: tuple[float, float]  # bounds known to hold those numbers

    def members(self, column: np.ndarray, bins0: np.ndarray) -> np.ndarray:
        """The numbers of one chunk's column (with their level-0 bins) in the chain of bins."""
        inside: np.ndarray = column[bins0 == self.bin0]
        for low, scale, number in self.levels:
            inside = inside[bins_of(inside, low, scale) == number]
        return inside


@dataclass(frozen=True)
class Step:
    """The work of one pass on each chunk: collect some requests, split others."""

    grid: Grid
    collect: tuple[Request, ...]
    split: tuple[tuple[Request, float, float], ...]  # with the finer grid's low and scale

    def __call__(self, column: Callable[[int], np.ndarray]) -> StepOut:
        """This chunk's share, given its columns by number: distinct numbers with counts
        (collect), or finer counts with the minimum and maximum (split). One column is
        binned at a time."""
        jobs: dict[int, list[tuple[bool, int]]] = {}
        for i, request in enumerate(self.collect):
            jobs.setdefault(request.column, []).append((True, i))
        for i, (request, _, _) in enumerate(self.split):
            jobs.setdefault(request.column, []).append((False, i))
        collected: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        split: dict[int, tuple[np.ndarray, float, float]] = {}
        for number, todo in sorted(jobs.items()):
            x = column(number)
            bins0 = bins_of(x, self.grid.low[number], self.grid.scale[number])
            for collect, i in todo:
                if collect:
                    inside = self.collect[i].members(x, bins0)
                    collected[i] = np.unique(inside, return_counts=True)
                    continue
                request, low, scale = self.split[i]
                inside = request.members(x, bins0)
                counts = np.bincount(bins_of(inside, low, scale), minlength=BINS + 2)
                least, most = (inside.min(), inside.max()) if inside.size else (np.inf, -np.inf)
                split[i] = (counts, float(least), float(most))
        return StepOut(
            [collected[i] for i in range(len(self.collect))],
            [split[i] for i in range(len(self.split))],
        )


@dataclass
class StepOut:
    """One chunk's (or consecutive chunks') share of a step; ``merge`` adds shares in order."""

    collected: list[tuple[np.ndarray, np.ndarray]]
    split: list[tuple[np.ndarray, float, float]]

    @staticmethod
    def merge(parts: Sequence[StepOut]) -> StepOut:
        first = parts[0]
        collected = [
            _distinct(
                np.concatenate([p.collected[i][0] for p in parts]),
                np.concatenate([p.collected[i][1] for p in parts]),
            )
            for i in range(len(first.collected))
        ]
        split = [
            (
                np.sum([p.split[i][0] for p in parts], axis=0),
                min(p.split[i][1] for p in parts),
                max(p.split[i][2] for p in parts),
            )
            for i in range(len(first.split))
        ]
        return StepOut(collected, split)


@dataclass
class QuantileSearch:
    """Finds the order statistics that quantiles ``qs`` need in every column, pass by pass:
    ``step()`` says what each chunk should do, ``absorb()`` takes the merged answer, until
    ``step()`` is None; then ``table()`` gives ``(quantiles, columns)``."""

    grid: Grid
    counts: np.ndarray  # level-0 counts over all chunks, (columns, BINS + 2)
    low: np.ndarray  # column minimum (NaN if the column holds NaN)
    high: np.ndarray  # column maximum
    n: int
    qs: tuple[float, ...]
    budget: int = COLLECT_BUDGET
    found: dict[tuple[int, int], float] = field(default_factory=dict)
    pending: list[Request] = field(default_factory=list)
    _step: Step | None = None

    def __post_init__(self) -> None:
        lower, upper, _ = positions(self.n, self.qs)
        ranks = [(int(r), int(r)) for r in np.unique(np.concatenate([lower, upper]))]
        for column in range(self.counts.shape[0]):
            low, high = float(self.low[column]), float(self.high[column])
            if np.isnan(low) or low == high:  # NaN → NaN, as numpy; a constant column
                self.found.update(((column, rank), low) for rank, _ in ranks)
                continue
            grid = (float(self.grid.low[column]), float(self.grid.scale[column]))
            for number, count, wanted in _holding(self.counts[column], ranks):
                span = _bin_span(*grid, number, (low, high))
                self.pending.append(Request(column, number, (), count, wanted, span))

    def step(self) -> Step | None:
        """The next pass's work, or None when every order statistic is found."""
        if not self.pending:
            return None
        collect, split = [], []
        room = self.budget
        for request in sorted(self.pending, key=lambda r: r.count):
            finer = _finer(request.span)
            fits = request.count <= max(SMALL, room)
            if fits or finer is None or len(request.levels) >= MAX_LEVELS:
                collect.append(request)
                room -= request.count
            else:
                split.append((request, *finer))
        self._step = Step(self.grid, tuple(collect), tuple(split))
        return self._step

    def absorb(self, out: StepOut) -> None:
        """Take every chunk's share of the last step (merged in chunk order)."""
        step, self._step = self._step, None
        if step is None:
            raise RuntimeError("absorb() without a step()")
        for request, (values, counts) in zip(step.collect, out.collected, strict=True):
            _check(request, int(counts.sum()))
            ends = np.cumsum(counts)
            for rank, within in request.ranks:
                at = int(np.searchsorted(ends, within, side="right"))
                self.found[(request.column, rank)] = float(values[at])
        self.pending = []
        for (request, low, scale), (counts, least, most) in zip(step.split, out.split, strict=True):
            _check(request, int(counts.sum()))
            if least == most:  # a single value, however many times
                self.found.update(((request.column, rank), least) for rank, _ in request.ranks)
                continue
            for number, count, wanted in _holding(counts, request.ranks):
                levels = (*request.levels, (low, scale, number))
                span = _bin_span(low, scale, number, (least, most))
                self.pending.append(
                    Request(request.column, request.bin0, levels, count, wanted, span)
                )

    def table(self) -> np.ndarray:
        """``(quantiles, columns)``, as ``numpy.quantile`` would give on the whole columns."""
        if self.pending:
            raise RuntimeError("table() before every order statistic is found")
        lower, upper, gamma = positions(self.n, self.qs)
        columns = range(self.counts.shape[0])
        a = np.array([[self.found[(c, int(r))] for c in columns] for r in lower])
        b = np.array([[self.found[(c, int(r))] for c in columns] for r in upper])
        with np.errstate(invalid="ignore"):
            return lerp(a, b, gamma[:, None])


def _holding(
    counts: np.ndarray, ranks: Sequence[tuple[int, int]]
) -> list[tuple[int, int, tuple[tuple[int, int], ...]]]:
    """The bins that hold the ranks: ``(bin, its count, ((rank, rank within the bin), …))``;
    ``ranks`` are ``(rank in the column, rank among the numbers counted)``."""
    ends = np.cumsum(counts)
    by_bin: dict[int, list[tuple[int, int]]] = {}
    for rank, within in ranks:
        number = int(np.searchsorted(ends, within, side="right"))
        before = int(ends[number - 1]) if number else 0
        by_bin.setdefault(number, []).append((rank, within - before))
    return [(number, int(counts[number]), tuple(wanted)) for number, wanted in by_bin.items()]


def _bin_span(
    low: float, scale: float, number: int, bounds: tuple[float, float]
) -> tuple[float, float]:
    """Bounds of a bin's numbers, within the known ``bounds`` of all of them."""
    start = bounds[0] if number == 0 else max(bounds[0], low + (number - 1) / scale)
    stop = bounds[1] if number == BINS + 1 else min(bounds[1], low + number / scale)
    return start, max(start, stop)


def _finer(span: tuple[float, float]) -> tuple[float, float] | None:
    """A finer grid (low, scale) over a span, or None when none fits (a tiny or infinite
    span: then the bin holds few distinct values, or infinities, and is collected)."""
    low, high = span
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        scale = BINS / np.float64(high - low)
    if not (np.isfinite(low) and np.isfinite(scale) and scale > 0):
        return None
    return float(low), float(scale)


def _distinct(values: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    unique, inverse = np.unique(values, return_inverse=True)
    return unique, np.bincount(inverse, weights=counts, minlength=unique.size).astype(np.int64)


def _check(request: Request, seen: int) -> None:
    if seen != request.count:
        raise RuntimeError(
            f"column {request.column}: {seen} numbers in a bin that held {request.count}; "
            f"chunks must give the same numbers on every pass"
        )


def quantiles_of_chunks(
    chunks: Callable[[], Sequence[np.ndarray]] | Sequence[np.ndarray],
    qs: Sequence[float],
    *,
    budget: int = COLLECT_BUDGET,
) -> tuple[np.ndarray, int]:
    """Exact ``numpy.quantile(whole, qs, axis=1)`` of chunks (columns × rows each) of a matrix
    ``whole``, by the passes above; returns the table and the passes made (for tests)."""

    def chunk_list() -> Sequence[np.ndarray]:
        return chunks() if callable(chunks) else chunks

    first = chunk_list()
    grid = Grid.of_pilot(first[0])
    counts = sum(grid.counts(x) for x in first)
    with np.errstate(invalid="ignore"):
        low = np.min([np.min(x, axis=1) for x in first], axis=0)
        high = np.max([np.max(x, axis=1) for x in first], axis=0)
    n = sum(x.shape[1] for x in first)
    search = QuantileSearch(grid, np.asarray(counts), low, high, n, tuple(qs), budget=budget)
    passes = 1
    while (step := search.step()) is not None:
        search.absorb(StepOut.merge([step(x.__getitem__) for x in chunk_list()]))
        passes += 1
    return search.table(), passes
