"""The path kernel: compound growth with correlated noise, shocks, actual figures pinned, pipeline
output added and derived indicators computed, for any block-aligned range of paths."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from parksim.des import PipelineRuns
from parksim.engine.condition import Filter, Observation, observed_growth
from parksim.engine.pipelines import output_by_indicator
from parksim.engine.random import (
    BLOCK_PATHS,
    STREAM_GROWTH,
    STREAM_MACRO,
    STREAM_NOWCAST,
    STREAM_TREND,
    STREAM_TREND_MACRO,
    normals_by_step,
    standard_normal,
    stream_key,
)
from parksim.engine.surprise import Tally, tally_figures
from parksim.inputs.observations import Nowcast
from parksim.inputs.scenario import Compiled, Scenario

IN_MEMORY_BYTES = 256 * 2**20  # above this, paths are simulated in chunks, never all at once


CHUNK_BYTES = 64 * 2**20


GROWTH_FLOOR = -0.95


def simulate_paths(
    scenario: Scenario,
    seed: int,
    outputs: Mapping[str, np.ndarray],
    start: int,
    stop: int,
    tally: Tally | None = None,
) -> np.ndarray:
    """Values ``(indicators, stop - start, years)`` of paths ``start .. stop - 1``: exactly
    those paths of a whole run, since every draw is keyed by its block (``start`` must begin a
    block) and path ``p`` takes realisation ``p mod R`` of each pipeline's ``outputs``
    (:func:`outputs_of`). ``tally``, when given, receives the actual figures' percentile
    counts (:mod:`parksim.engine.surprise`)."""
    if start % BLOCK_PATHS or not 0 <= start < stop:
        raise ValueError(
            f"paths {start}..{stop}: start must be a multiple of {BLOCK_PATHS:,} below stop"
        )
    compiled = scenario.compiled
    n_plain = len(compiled.indicator_ids)
    count = stop - start
    values = np.empty((len(scenario.all_indicator_ids), count, len(compiled.years)))
    added = output_by_indicator(scenario, outputs, count, start=start)
    counts = project_plain(
        compiled,
        count,
        seed,
        out=values[:n_plain],
        observed=Observed(scenario.anchors, scenario.nowcasts),
        added=added,
        first_block=start // BLOCK_PATHS,
    )
    for i, output in added.items():
        values[i, :, 1:] += output
    for i, pins in scenario.anchors.items():
        for column, level in pins:
            values[i, :, column] = level  # exactly the actual, whatever the rounding above
    by_id = dict(zip(compiled.indicator_ids, values, strict=False))
    for offset, (der_id, formula) in enumerate(compiled.derived, start=n_plain):
        values[offset] = formula.evaluate(by_id)
        by_id[der_id] = values[offset]
    if tally is not None:
        tally.update(tally_figures(scenario, values, counts))
    return values


def outputs_of(pipelines: Mapping[str, PipelineRuns]) -> dict[str, np.ndarray]:
    """Each pipeline's output per realisation and year: all that paths take from the DES."""
    return {pid: runs.output for pid, runs in pipelines.items()}


def path_bytes(scenario: Scenario) -> int:
    """Bytes one path takes in memory: every indicator and year, float64."""
    return len(scenario.all_indicator_ids) * len(scenario.compiled.years) * 8


def default_chunk_paths(scenario: Scenario) -> int:
    """The whole blocks that fit in ``CHUNK_BYTES`` (at least one)."""
    return max(1, CHUNK_BYTES // (path_bytes(scenario) * BLOCK_PATHS)) * BLOCK_PATHS


def project_plain(
    compiled: Compiled,
    paths: int,
    seed: int,
    out: np.ndarray,
    observed: Observed | None = None,
    added: Mapping[int, np.ndarray] | None = None,
    first_block: int = 0,
) -> dict[tuple[int, int], np.ndarray]:
    """Fill ``out`` (indicators, paths, years) with the organic projections; column 0 is the
    base. Return, per figure ``(indicator, column)`` that informed the run, its percentile
    counts ``(below, total)`` in the forecast made before it.

    Growth factors ``1 + g`` are written into columns 1.. and multiplied up in place, in the
    same order as a hand calculation (``base · (1+g₁) · (1+g₂) …``). Where ``observed`` pins
    an indicator to an actual figure, the organic part restarts from the actual minus what
    pipelines (``added``) contribute in that year, so that organic + pipelines = actual; every
    figure, full-year or year-to-date, conditions the rest (:mod:`parksim.engine.condition`).
    ``first_block`` is the random-number block of the first path (chunks start later).
    """
    observed = observed or Observed({}, {})
    columns = observed.columns()
    news = Filter(compiled) if columns else None
    lows = news.lows if news is not None else None
    _growth_factors(compiled, paths, seed, out[:, :, 1:], first_block, lows)
    out[:, :, 0] = compiled.base[:, None]
    capped = np.flatnonzero(np.isfinite(compiled.cap))
    free = slice(None) if not capped.size else np.flatnonzero(~np.isfinite(compiled.cap))
    cap = compiled.cap[capped][:, None]
    pins = _pins_by_column(observed.anchors)
    counts: dict[tuple[int, int], np.ndarray] = {}
    # Column by column: numpy's accumulate along a short, strided axis is ~3x slower.
    for t in range(1, out.shape[2]):
        if news is not None and t in columns:
            here = pins.get(t, [])
            figures = _observations(compiled, observed, here, t, out, added, (seed, first_block))
            tally = news.update(figures, out[:, :, t:])
            counts.update({(f.indicator, t): c for f, c in zip(figures, tally, strict=True)})
        out[free, :, t] *= out[free, :, t - 1]
        if capped.size:
            previous = out[capped, :, t - 1]
            out[capped, :, t] = previous * (
                1.0 + (out[capped, :, t] - 1.0) * (1.0 - previous / cap)
            )
        for i, level in pins.get(t, ()):
            extra = added.get(i) if added else None
            out[i, :, t] = level if extra is None else np.maximum(level - extra[:, t - 1], 0.0)
    return counts


@dataclass(frozen=True)
class Observed:
    """The figures a run is conditioned on: full-year ``anchors`` (pinned, per indicator
    index: ``(column, level)``) and year-to-date ``nowcasts``."""

    anchors: Mapping[int, tuple[tuple[int, float], ...]]
    nowcasts: Mapping[int, tuple[Nowcast, ...]]

    def years_since(self, i: int, t: int) -> int:
        """Years from indicator ``i``'s last known level before column ``t`` (the base or a
        full-year figure) to ``t``."""
        return t - max((c for c, _ in self.anchors.get(i, ()) if c < t), default=0)

    def columns(self) -> set[int]:
        """The year columns that some figure informs."""
        found = {column for pins in self.anchors.values() for column, _ in pins}
        return found | {n.column for casts in self.nowcasts.values() for n in casts}


def _observations(
    compiled: Compiled,
    observed: Observed,
    pinned_here: list[tuple[int, float]],
    t: int,
    out: np.ndarray,
    added: Mapping[int, np.ndarray] | None,
    keys: tuple[int, int],
) -> list[Observation]:
    """This column's figures as observations of organic growth, per path, each with the
    years it speaks for since the indicator's last known level."""
    figures = [
        Observation(
            i,
            observed_growth(compiled, i, out[i, :, t - 1], _organic(level, added, i, t)),
            years=observed.years_since(i, t),
            scale=_scale(compiled, i, t),
        )
        for i, level in pinned_here
    ]
    pinned = {f.indicator for f in figures}
    for i, casts in observed.nowcasts.items():
        for cast in casts:
            if cast.column == t and i not in pinned:
                years = observed.years_since(i, t)
                figures.append(_nowcast_observation(compiled, i, cast, years, out, added, keys))
    return figures


def _scale(compiled: Compiled, i: int, t: int) -> float:
    """1 + indicator ``i``'s expected growth in column ``t``."""
    return float(1.0 + compiled.growth[i, t - 1] + compiled.shocks[i, t - 1])


def _nowcast_observation(
    compiled: Compiled,
    i: int,
    cast: Nowcast,
    years: int,
    out: np.ndarray,
    added: Mapping[int, np.ndarray] | None,
    keys: tuple[int, int],
) -> Observation:
    """A year-to-date figure's estimate of the year (``years`` after the last known level):
    its growth per path and its error, in growth points ``ytd_error × (1 + the year's
    expected growth)``."""
    t = cast.column
    previous = out[i, :, t - 1]
    if cast.estimate is not None:
        growth = observed_growth(compiled, i, previous, _organic(cast.estimate, added, i, t))
    else:
        growth = np.full(previous.shape, cast.figure.yoy, dtype=np.float64)
    scale = _scale(compiled, i, t)
    draws = np.empty((previous.shape[0], 1))
    seed, first_block = keys
    stream = (STREAM_NOWCAST, stream_key(compiled.indicator_ids[i]), t)
    standard_normal(draws, seed, stream, first_block)
    return Observation(i, growth, cast.error * scale, draws[:, 0], years, scale)


def _pins_by_column(
    anchors: Mapping[int, tuple[tuple[int, float], ...]],
) -> dict[int, list[tuple[int, float]]]:
    by_column: dict[int, list[tuple[int, float]]] = {}
    for i, pins in anchors.items():
        for column, level in pins:
            by_column.setdefault(column, []).append((i, level))
    return by_column


def _organic(level: float, added: Mapping[int, np.ndarray] | None, i: int, t: int) -> np.ndarray:
    """The organic part of a figure: the level minus the pipelines' output, per path."""
    extra = added.get(i) if added else None
    return np.asarray(level if extra is None else level - extra[:, t - 1], dtype=np.float64)


def _growth_factors(
    compiled: Compiled,
    paths: int,
    seed: int,
    out: np.ndarray,
    first_block: int,
    lows: np.ndarray | None = None,
) -> None:
    """Write ``1 + g`` for every indicator, path and step, indicator by indicator; ``lows``,
    when given, receives each indicator's smallest factor (taken while the row is in cache,
    it spares the filter a pass to keep moved factors above the floor)."""
    steps = compiled.growth.shape[1]
    expected = compiled.growth + compiled.shocks
    own = compiled.volatility * np.sqrt(1.0 - compiled.correlation**2)
    common = compiled.volatility * compiled.correlation
    # Computed (steps, paths), along paths: numpy's loops over rows of 11 steps cost more
    # than the arithmetic; each indicator's factors are copied into ``out`` once at the end.
    macro = np.empty((steps, paths)) if np.any(common > 0) else None
    if macro is not None:
        normals_by_step(macro, seed, (STREAM_MACRO,), first_block)
    rates, scratch = np.empty((steps, paths)), np.empty((steps, paths))
    trends = _trend_shifts(compiled, paths, seed, first_block)
    for i, indicator_id in enumerate(compiled.indicator_ids):
        if own[i] > 0:
            normals_by_step(rates, seed, (STREAM_GROWTH, stream_key(indicator_id)), first_block)
            rates *= own[i]
        else:
            rates[...] = 0.0
        if macro is not None and common[i] > 0:
            rates += np.multiply(macro, common[i], out=scratch)
        rates += expected[i][:, None]
        if i in trends:
            rates += trends[i].T
        np.maximum(rates, GROWTH_FLOOR, out=rates)
        rates += 1.0
        if lows is not None:
            lows[i] = rates.min()
        out[i] = rates.T


def _trend_shifts(
    compiled: Compiled, paths: int, seed: int, first_block: int
) -> dict[int, np.ndarray]:
    """Per indicator with ``growth_sd > 0``: its paths' trend shifts ``(paths, 1)``,
    δ = growth_sd · (ρ·W + √(1−ρ²)·u), drawn once per path and held for every year; ``W`` is
    the path's common trend factor, so correlated indicators share good and bad decades."""
    spread = compiled.growth_sd
    if not np.any(spread > 0):
        return {}
    common = spread * compiled.correlation
    factor = np.empty((paths, 1)) if np.any(common > 0) else None
    if factor is not None:
        standard_normal(factor, seed, (STREAM_TREND_MACRO,), first_block)
    shifts: dict[int, np.ndarray] = {}
    for i in np.flatnonzero(spread > 0):
        own = np.empty((paths, 1))
        standard_normal(
            own, seed, (STREAM_TREND, stream_key(compiled.indicator_ids[i])), first_block
        )
        own *= spread[i] * np.sqrt(1.0 - compiled.correlation[i] ** 2)
        if factor is not None and common[i] > 0:
            own += factor * common[i]
        shifts[int(i)] = own
    return shifts
