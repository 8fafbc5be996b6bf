"""Goal seek: the lever value at which a target's probability reaches a chosen level.

The CLI (``parksim solve``) and the app's 实现路径 view both call :func:`solve`; the search
itself is :mod:`parksim.analysis.search` (brentq for continuous levers, bisection for whole
numbers), on common random numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from parksim.analysis.levers import Lever, apply_lever, check_target, lever_of
from parksim.analysis.search import search_continuous, search_integer
from parksim.engine.run import RunOptions
from parksim.errors import ArgumentError
from parksim.inputs.scenario import Scenario


@dataclass(frozen=True)
class Solution:
    """The answer of ``solve``; ``value`` is None when the probability is out of reach."""

    target: str
    lever: str
    value: float | None
    probability: float
    reachable: bool
    evaluations: int
    rising: bool = True  # the probability grows with the lever (False: approval days)


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
        raise ArgumentError(
            "probability", f"probability = {probability}: must be within 0 (excluded) and 1"
        )
    chosen = lever_of(scenario, lever)
    low, high = bounds if bounds is not None else chosen.default_bounds()
    if not low < high:
        raise ArgumentError("bounds", f"bounds = ({low}, {high}): low must be < high")
    search = _Search(scenario, target, chosen, RunOptions(paths, seed, pipeline_runs))
    return search.run(low, high, probability)


class _Search:
    """Evaluations of one target's probability as one lever moves, counted and cached."""

    def __init__(self, scenario: Scenario, target: str, lever: Lever, settings: RunOptions) -> None:
        self.scenario, self.target, self.lever, self.settings = scenario, target, lever, settings
        self.cache: dict[float, float] = {}

    def probability(self, value: float) -> float:
        if value not in self.cache:
            changed = apply_lever(self.scenario, self.target, self.lever, value)
            result = self.settings.simulate(changed)
            self.cache[value] = result.probability(self.target)
        return self.cache[value]

    def run(self, low: float, high: float, wanted: float) -> Solution:
        if self.lever.integer:
            first, last = math.ceil(low), math.floor(high)
            if first > last:
                raise ArgumentError(
                    "bounds", f"bounds contain no whole number for {self.lever.key}"
                )
            found = search_integer(self.probability, first, last, wanted)
        else:
            found = search_continuous(self.probability, low, high, wanted)
        return Solution(
            self.target,
            self.lever.key,
            found.value,
            found.probability,
            found.value is not None,
            len(self.cache),
            found.rising,
        )
