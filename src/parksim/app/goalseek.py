"""Goal seek on the app's sliders: the slider position at which a target reaches a probability.

``parksim.solve`` answers for a lever set to one constant value (a growth rate for every year).
The app's sliders keep each input's year profile (see :mod:`parksim.controls`), so the answer
here is a slider position, found among the slider's own steps: "apply" then shows exactly the
probability that was found. Every evaluation uses the same seed and paths (common random
numbers), so the probability is a deterministic step function of the position, and monotone for
the inputs offered (growth, projects, staff, land up; approval days down).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from parksim.app.controls import Control, apply_positions
from parksim.app.summary import probability as run_probability
from parksim.errors import ScenarioError
from parksim.inputs.scenario import Scenario


@dataclass(frozen=True)
class Seek:
    """The answer: ``position`` is None when the probability is out of reach in the range."""

    target: str
    key: str
    wanted: float
    position: float | None
    probability: float  # at ``position``, or the best found when out of reach
    evaluations: int


def seek(
    base: Scenario,
    positions: Mapping[str, float],
    target: str,
    control: Control,
    wanted: float,
    *,
    paths: int,
    seed: int,
    evaluate: Callable[[Scenario, str, int, int], float] = run_probability,
) -> Seek:
    """The least demanding position of ``control`` (the others as in ``positions``) at which
    ``target`` is met with probability ``wanted``: bisection over the slider's steps."""
    if target not in base.targets:
        raise ScenarioError(None, "target", f"target {target!r}: no such target")
    if not 0.0 < wanted <= 1.0:
        raise ScenarioError(None, "probability", f"probability = {wanted}: must be within (0, 1]")
    cache: dict[int, float] = {}

    def chance(index: int) -> float:
        if index not in cache:
            moved = {**positions, control.key: control.at(index)}
            scenario = apply_positions(base, moved)
            cache[index] = evaluate(scenario, target, paths, seed)
        return cache[index]

    low, high = 0, control.steps
    p_low, p_high = chance(low), chance(high)

    def answer(index: int | None, probability: float) -> Seek:
        position = None if index is None else control.at(index)
        return Seek(target, control.key, wanted, position, probability, len(cache))

    if p_low < wanted and p_high < wanted:
        return answer(None, max(p_low, p_high))
    rising = p_high >= p_low
    if rising:
        if p_low >= wanted:
            return answer(low, p_low)
        lo, hi = low, high  # chance(lo) < wanted <= chance(hi)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if chance(mid) >= wanted else (mid, hi)
        return answer(hi, chance(hi))
    if p_high >= wanted:
        return answer(high, p_high)
    lo, hi = low, high  # chance(lo) >= wanted > chance(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if chance(mid) >= wanted else (lo, mid)
    return answer(lo, chance(lo))
