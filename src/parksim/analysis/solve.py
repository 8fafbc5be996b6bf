"""Goal seek: the lever value at which a target's probability reaches a chosen level.

Every evaluation uses the same seed and path count (common random numbers), so the
probability is a deterministic, monotone step function of a monotone lever. Continuous levers
are solved with ``scipy.optimize.brentq`` to an absolute tolerance of 1e-9; whole-number levers
(staff, land parcels) by bisection over the integers, returning the smallest that suffices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.optimize import brentq

from parksim.analysis.levers import Lever, apply_lever, check_target, lever_of
from parksim.engine.run import RunSettings
from parksim.errors import ScenarioError
from parksim.inputs.scenario import Scenario

TOLERANCE = 1e-9


@dataclass(frozen=True)
class Solution:
    """The answer of ``solve``; ``value`` is None when the probability is out of reach."""

    target: str
    lever: str
    value: float | None
    probability: float
    reachable: bool
    evaluations: int


def solve(
    scenario: Scenario,
    target: str,
    lever: str,
    probability: float = 0.8,
    *,
    bounds: tuple[float, float] | None = None,
    paths: int | None = None,
    seed: int | None = None,
    pipeline_runs: int | None = None,
) -> Solution:
    """The value of ``lever`` within ``bounds`` at which ``target`` is met with
    ``probability``; "not reachable within the bounds" is an answer, not an exception."""
    check_target(scenario, target)
    if not 0.0 < probability <= 1.0:
        raise ScenarioError(
            None, "probability", f"probability = {probability}: must be within 0 (excluded) and 1"
        )
    chosen = lever_of(scenario, lever)
    low, high = bounds if bounds is not None else chosen.default_bounds()
    if not low < high:
        raise ScenarioError(None, "bounds", f"bounds = ({low}, {high}): low must be < high")
    search = _Search(scenario, target, chosen, RunSettings(paths, seed, pipeline_runs))
    if chosen.integer:
        return search.integer(math.ceil(low), math.floor(high), probability)
    return search.continuous(low, high, probability)


class _Search:
    """Evaluations of one target's probability as one lever moves, counted and cached."""

    def __init__(
        self, scenario: Scenario, target: str, lever: Lever, settings: RunSettings
    ) -> None:
        self.scenario, self.target, self.lever, self.settings = scenario, target, lever, settings
        self.cache: dict[float, float] = {}

    def probability(self, value: float) -> float:
        if value not in self.cache:
            changed = apply_lever(self.scenario, self.target, self.lever, value)
            result = self.settings.simulate(changed)
            self.cache[value] = result.probability(self.target)
        return self.cache[value]

    def answer(self, value: float | None, reachable: bool, probability: float) -> Solution:
        return Solution(self.target, self.lever.key, value, probability, reachable, len(self.cache))

    def continuous(self, low: float, high: float, wanted: float) -> Solution:
        p_low, p_high = self.probability(low), self.probability(high)
        if p_low < wanted and p_high < wanted:
            return self.answer(None, False, max(p_low, p_high))
        if p_low >= wanted and p_high >= wanted:
            easier = low if p_low <= p_high else high  # both suffice: the less demanding end
            return self.answer(easier, True, self.cache[easier])
        root = brentq(lambda x: self.probability(x) - wanted, low, high, xtol=TOLERANCE)
        rising = p_high > p_low
        value = float(root)
        # A step function: take the side of the root on which the target is reached.
        if self.probability(value) < wanted:
            value = min(high, value + TOLERANCE) if rising else max(low, value - TOLERANCE)
        return self.answer(value, True, self.probability(value))

    def integer(self, low: int, high: int, wanted: float) -> Solution:
        if low > high:
            raise ScenarioError(
                None, "bounds", f"bounds contain no whole number for {self.lever.key}"
            )
        p_low, p_high = self.probability(low), self.probability(high)
        if p_low < wanted and p_high < wanted:
            return self.answer(None, False, max(p_low, p_high))
        rising = p_high >= p_low
        if rising:  # smallest n with P(n) >= wanted
            if p_low >= wanted:
                return self.answer(float(low), True, p_low)
            lo, hi = low, high  # P(lo) < wanted <= P(hi)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if self.probability(mid) >= wanted else (mid, hi)
            return self.answer(float(hi), True, self.probability(hi))
        if p_high >= wanted:  # falling: largest n with P(n) >= wanted
            return self.answer(float(high), True, p_high)
        lo, hi = low, high  # P(lo) >= wanted > P(hi)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if self.probability(mid) >= wanted else (lo, mid)
        return self.answer(float(lo), True, self.probability(lo))
