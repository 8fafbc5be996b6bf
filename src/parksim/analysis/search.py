"""The one goal-seek routine: where a monotone probability first reaches a wanted level.

Every evaluation of ``chance`` uses the same seed and paths (common random numbers), so the
probability is a deterministic step function of the lever, monotone for the levers offered.
"Out of reach" is an answer (``value`` None with the best probability found), not an error.
Continuous levers: ``scipy.optimize.brentq`` to ``TOLERANCE``; whole numbers: bisection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scipy.optimize import brentq

TOLERANCE = 1e-9


@dataclass(frozen=True)
class Found:
    """``value`` reaches the wanted probability (None: out of reach); ``probability`` there
    (or the best end); ``rising``: the probability grows with the lever over the bounds."""

    value: float | None
    probability: float
    rising: bool


def search_continuous(
    chance: Callable[[float], float], low: float, high: float, wanted: float
) -> Found:
    """The least demanding value in ``[low, high]`` at which ``chance`` reaches ``wanted``."""
    p_low, p_high = chance(low), chance(high)
    rising = p_high >= p_low
    if p_low < wanted and p_high < wanted:
        return Found(None, max(p_low, p_high), rising)
    if p_low >= wanted and p_high >= wanted:
        easier = low if p_low <= p_high else high  # both suffice: the less demanding end
        return Found(easier, min(p_low, p_high), rising)
    value = float(brentq(lambda x: chance(x) - wanted, low, high, xtol=TOLERANCE))
    # A step function: take the side of the root on which the target is reached.
    if chance(value) < wanted:
        value = min(high, value + TOLERANCE) if rising else max(low, value - TOLERANCE)
    return Found(value, chance(value), rising)


def search_integer(chance: Callable[[int], float], low: int, high: int, wanted: float) -> Found:
    """The least demanding whole number in ``[low, high]`` at which ``chance`` reaches
    ``wanted`` (the smallest if the probability rises with it, else the largest)."""
    p_low, p_high = chance(low), chance(high)
    rising = p_high >= p_low
    if p_low < wanted and p_high < wanted:
        return Found(None, max(p_low, p_high), rising)
    if rising and p_low >= wanted:
        return Found(float(low), p_low, rising)
    if not rising and p_high >= wanted:
        return Found(float(high), p_high, rising)
    lo, hi = low, high  # the answer lies in (lo, hi] when rising, [lo, hi) when falling
    while hi - lo > 1:
        mid = (lo + hi) // 2
        reached = chance(mid) >= wanted
        lo, hi = (lo, mid) if reached == rising else (mid, hi)
    best = hi if rising else lo
    return Found(float(best), chance(best), rising)
