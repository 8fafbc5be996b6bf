"""Actual figures that inform every indicator: the year's common factor, conditioned path by
path on what the pinned indicators did, exactly under the model's Gaussian assumptions.

An indicator *i* pinned to an actual in year *t* reveals, on each path, its growth that year,
hence its standardised innovation ε_i = (g_obs − growth_t − shock_t − δ_i) / volatility_i.
Since ε_i = ρ_i Z_t + √(1 − ρ_i²) e_i, the common factor's posterior is normal:

    precision = 1 + Σ ρ_i² / (1 − ρ_i²),    mean = Σ ρ_i ε_i / (1 − ρ_i²) / precision

(an indicator with ρ_i = 1 reveals Z_t = ε_i outright). Each path's factor becomes
``mean + ξ / √precision``, with ξ the path's own unconditioned draw of Z_t, which is
independent of the observation: so the other indicators' growth that year moves with the
news, derived shares follow, and an indicator with loading 0 keeps every bit.

Exact for indicators without a cap whose growth stays above the −95 % floor; the shift is added
to the floored rate, so a path at the floor, or under a cap, is approximate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from parksim.inputs.compile import Compiled

FLOOR_FACTOR = 1.0 - 0.95  # 1 + the engine's growth floor
CERTAIN = 1.0 - 1e-12  # a loading this close to 1 reveals the factor outright


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


def condition_column(
    compiled: Compiled,
    t: int,
    observed: Sequence[tuple[int, np.ndarray]],
    factors: np.ndarray,
    macro: np.ndarray,
    trends: Mapping[int, np.ndarray],
) -> None:
    """Move the growth factors ``1 + g`` of year column ``t`` (``factors``: indicators × paths,
    not yet multiplied up) of every unpinned indicator by its loading times the change of the
    common factor, given the pinned indicators' ``observed`` growths ``(index, per path)``."""
    step = t - 1
    z = macro[:, step]
    precision = np.ones_like(z)
    weighted = np.zeros_like(z)
    revealed = np.full_like(z, np.nan)
    pinned = set()
    for i, growth in observed:
        pinned.add(i)
        rho, volatility = compiled.correlation[i], compiled.volatility[i]
        if rho <= 0 or volatility <= 0:
            continue
        expected = compiled.growth[i, step] + compiled.shocks[i, step]
        shift = trends[i][:, 0] if i in trends else 0.0
        epsilon = (growth - expected - shift) / volatility
        known = np.isfinite(epsilon)
        if rho >= CERTAIN:
            revealed = np.where(known & np.isnan(revealed), epsilon, revealed)
            continue
        share = rho**2 / (1.0 - rho**2)
        precision += np.where(known, share, 0.0)
        weighted += np.where(known, rho * epsilon / (1.0 - rho**2), 0.0)
    posterior = weighted / precision + z / np.sqrt(precision)
    posterior = np.where(np.isnan(revealed), posterior, revealed)
    change = posterior - z
    common = compiled.volatility * compiled.correlation
    for j in np.flatnonzero(common > 0):
        if int(j) not in pinned:
            factors[j] += common[j] * change
            np.maximum(factors[j], FLOOR_FACTOR, out=factors[j])
