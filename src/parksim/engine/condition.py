"""Actual figures that inform every indicator, exactly under the model's Gaussian assumptions.

Indicator *i*'s growth in year *t* is ``growth_t + shock_t + δ_i + σ_i (ρ_i Z_t + s_i e_it)``
(s_i = √(1 − ρ_i²)), with the path's trend shift ``δ_i = τ_i (ρ_i W + s_i u_i)`` (τ_i =
``growth_sd``). A full-year figure reveals the year's organic growth on each path; a
year-to-date figure estimates it with an error. Both are linear observations of the standard
normal latents ``W``, ``u``, ``Z_t`` (and, for a year-to-date figure, the indicator's own
``e_it``), so the posterior is normal, and :class:`Filter` draws from it path by path with
Matheron's rule: each latent moves by the gain times the gap between the figure and what the
path itself predicted, ``Δx = K (y − ŷ)``, ``K = C Hᵀ (H C Hᵀ + R)⁻¹``. Year columns are
taken in order (a Kalman filter), so a figure updates its own year and every later one: a run
of strong years raises the trend, correlated indicators and derived shares move with the news,
and an indicator with loading 0 and no trend uncertainty keeps every bit.

Exact for indicators without a cap whose growth stays above the −95 % floor; the shift is added
to the floored rate, so a path at the floor, or under a cap, is approximate. The gap
``y − ŷ`` on each path also gives the figure's percentile in the forecast made before it
(the share of paths that predicted less): the surprise flags.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parksim.inputs.compile import Compiled

FLOOR_FACTOR = 1.0 - 0.95  # 1 + the engine's growth floor
# Paths per matrix product: OpenBLAS runs a product this small on the calling thread. Over
# 10,000 paths it wakes its threads, which on a busy 2-core machine cost 10-60 ms a run, more
# than the product (0.6 ms on one thread).
PRODUCT_PATHS = 512


@dataclass(frozen=True)
class Observation:
    """What one figure says about an indicator's organic growth in one year column."""

    indicator: int
    growth: np.ndarray  # per path; NaN where undefined
    error: float | None = None  # None: a full-year figure; else a nowcast's s.d. (growth)
    draws: np.ndarray | None = None  # per path: the standard normal draw of a nowcast's error
    years: int = 1  # the years since the last known level (base or figure) it speaks for
    scale: float = 1.0  # 1 + the year's expected growth: turns a log gap into growth points


def observed_growth(
    compiled: Compiled, i: int, previous: np.ndarray, level: np.ndarray
) -> np.ndarray:
    """The organic growth of indicator ``i`` that takes ``previous`` to ``level``, per path
    (inverting the cap's logistic damping where there is one); NaN where it is undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = level / previous - 1.0
        cap = compiled.cap[i]
        if np.isfinite(cap):
            ratio = ratio / (1.0 - previous / cap)
    return np.where(np.isfinite(ratio) & (previous > 0), ratio, np.nan)


def _gap(o: Observation, predicted: np.ndarray) -> np.ndarray:
    """The figure's growth minus what the path predicted, in growth points. After a gap of
    years the path's own draws of those years are in the prediction, and the ratio of the
    figure to the predicted level is taken in logs: the same to first order, and it keeps a
    lower assumed growth from reading as a larger surprise without bound (a goal seek on a
    growth lever stays monotone)."""
    gap: np.ndarray
    if o.years == 1:
        gap = o.growth - predicted
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = o.scale * (np.log1p(o.growth) - np.log1p(predicted))
    return gap


class Filter:
    """The posterior of one range of paths, updated year column by year column.

    The trend latents ``(W, u_j …)`` carry over from year to year, so their covariance is
    kept (the same for every path, hence for every chunk of a run); ``Z_t`` and ``e_it`` are
    fresh each year."""

    def __init__(self, compiled: Compiled) -> None:
        volatility, rho, spread = compiled.volatility, compiled.correlation, compiled.growth_sd
        self.own = volatility * np.sqrt(1.0 - rho**2)
        self.common = volatility * rho
        self.trended = np.flatnonzero(spread > 0)
        shared = int(np.any(spread * rho > 0))
        self.loadings = np.zeros((len(volatility), shared + len(self.trended)))
        for column, j in enumerate(self.trended, start=shared):
            if shared:
                self.loadings[j, 0] = spread[j] * rho[j]
            self.loadings[j, column] = spread[j] * np.sqrt(1.0 - rho[j] ** 2)
        self.cov = np.eye(self.loadings.shape[1])
        # a lower bound of each indicator's growth factors from this year on (filled by the
        # kernel): a move that cannot reach the floor needs no pass to enforce it
        self.lows = np.full(len(volatility), -np.inf)

    def update(self, observations: Sequence[Observation], factors: np.ndarray) -> np.ndarray:
        """Condition ``factors`` (indicators × paths × the columns from this year on: growth
        factors ``1 + g``, not yet multiplied up) on this year's ``observations``; return each
        figure's percentile counts ``(below, total)`` in the forecast made before it."""
        column = factors[:, :, 0]
        noisy = [n for n, o in enumerate(observations) if self._latent_noise(o)]
        h, r = self._design(observations, noisy)
        k = self.cov.shape[1]
        cov = np.eye(h.shape[1])
        cov[:k, :k] = self.cov
        spread = h @ cov @ h.T + np.diag(r) + self._gap_years(observations)
        gain = cov @ h.T @ np.linalg.pinv(spread)
        gap = np.empty((column.shape[1], len(observations)))
        for row, o in enumerate(observations):
            predicted = column[o.indicator] - 1.0
            if o.error is not None and o.draws is not None:
                predicted = predicted + o.error * o.draws
            gap[:, row] = _gap(o, predicted)
        known = np.isfinite(gap)
        counts = np.stack(
            [(gap > 0).sum(axis=0) + 0.5 * (gap == 0).sum(axis=0), known.sum(axis=0)], axis=1
        )
        gap[~known] = 0.0
        change = np.empty((gap.shape[0], gain.shape[0]))
        for block in _path_blocks(gap.shape[0]):
            np.matmul(gap[block], gain.T, out=change[block])  # gap @ gain.T
        self._move(change, factors, observations, noisy)
        self.cov = (cov - gain @ h @ cov)[:k, :k]
        return counts

    def _gap_years(self, observations: Sequence[Observation]) -> np.ndarray:
        """The covariance that the years between a figure and the last known level add: a
        figure after a gap speaks for the growth of every year since, whose noise (and shared
        common factors) the path has already drawn. (Taken at its prior: approximate where
        other figures informed those years.)"""
        years = np.array([o.years for o in observations])
        idx = [o.indicator for o in observations]
        shared = np.minimum(years[:, None], years[None, :]) - 1
        extra: np.ndarray = shared * np.outer(self.common[idx], self.common[idx])
        extra[np.diag_indices_from(extra)] += (years - 1) * self.own[idx] ** 2
        return extra

    def _latent_noise(self, o: Observation) -> bool:
        """A nowcast's own noise is a latent to update (a full-year figure's is observed)."""
        return o.error is not None and self.own[o.indicator] > 0

    def _design(
        self, observations: Sequence[Observation], noisy: Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The observation matrix over ``(W, u…, Z_t, e…)`` and the noise variances."""
        k = self.cov.shape[1]
        h = np.zeros((len(observations), k + 1 + len(noisy)))
        r = np.zeros(len(observations))
        for row, o in enumerate(observations):
            i = o.indicator
            h[row, :k] = o.years * self.loadings[i]  # the trend shift of every year since
            h[row, k] = self.common[i]
            if o.error is None:
                r[row] = self.own[i] ** 2
            else:
                r[row] = o.error**2
                if row in noisy:
                    h[row, k + 1 + noisy.index(row)] = self.own[i]
        return h, r

    def _move(
        self,
        change: np.ndarray,
        factors: np.ndarray,
        observations: Sequence[Observation],
        noisy: Sequence[int],
    ) -> None:
        """Add each latent's change, times its loading, to the growth it drives: this year's
        for the factor and a nowcast's own noise, this year's and every later one's for the
        trend. Rows are updated along their contiguous years (a column-wise pass over this
        layout would touch a cache line per number)."""
        k = self.cov.shape[1]
        column = np.zeros(factors.shape[:2])
        if change[:, k].any():
            column += self.common[:, None] * change[None, :, k]
        for n, row in enumerate(noisy):
            own = observations[row].indicator
            column[own] += self.own[own] * change[:, k + 1 + n]
        trend = np.empty((len(self.loadings), change.shape[0] if k else 0))  # (indicators, paths)
        for block in _path_blocks(trend.shape[1]):
            np.matmul(self.loadings, change[block, :k].T, out=trend[:, block])
        moved = column.any(axis=1) | (trend.any(axis=1) if k else False)
        for i in np.flatnonzero(moved):
            rows = factors[i]  # (paths, years from this one on)
            low = self.lows[i] + min(column[i].min(), 0.0)  # column 0 only: never raises
            if k and trend[i].any():
                rows += trend[i][:, None]
                low += trend[i].min()
            rows[:, 0] += column[i]
            if low < FLOOR_FACTOR:
                np.maximum(rows, FLOOR_FACTOR, out=rows)
            self.lows[i] = max(float(low), FLOOR_FACTOR)


def _path_blocks(paths: int) -> list[slice]:
    """``PRODUCT_PATHS`` paths at a time: a path's row of a product is its own (the first n
    paths of a run are an n-path run), so the products below give the same numbers block by
    block, without waking BLAS's threads."""
    return [slice(start, start + PRODUCT_PATHS) for start in range(0, paths, PRODUCT_PATHS)]
