"""Levers: the numbers a planner can move, as dotted override keys.

Any numeric override key is a lever (``indicators.big_health.growth``,
``pipelines.health.approval_staff``). One joint lever, ``growth_scale``, multiplies every
growth rate of the plain indicators that feed a target (all of a share's inputs at once).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from parksim.errors import ArgumentError, ScenarioError
from parksim.inputs.formula import Formula
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SOURCED_FIELDS

GROWTH_SCALE = "growth_scale"


@dataclass(frozen=True)
class LeverKind:
    """What one kind of lever is: the step a slider moves it by, the hard bounds of any search
    (wider than planners' ranges, which say what is likely, not what is possible), and whether
    it is a share shown in % or a whole number."""

    step: float
    bounds: tuple[float, float]
    percent: bool = False
    integer: bool = False


KINDS: dict[str, LeverKind] = {
    "growth": LeverKind(0.001, (-0.5, 1.0), percent=True),
    "volatility": LeverKind(0.005, (0.0, 1.0), percent=True),
    "growth_sd": LeverKind(0.001, (0.0, 0.5), percent=True),
    "correlation": LeverKind(0.01, (0.0, 1.0)),
    "arrivals_per_year": LeverKind(1.0, (0.0, 500.0)),
    "approval_days": LeverKind(1.0, (1.0, 365.0)),
    "approval_staff": LeverKind(1.0, (1.0, 200.0), integer=True),
    "land_per_year": LeverKind(1.0, (0.0, 500.0), integer=True),
    "key_share": LeverKind(0.01, (0.0, 1.0), percent=True),
    "success_rate": LeverKind(0.01, (0.0, 1.0), percent=True),
    GROWTH_SCALE: LeverKind(0.01, (0.0, 5.0)),
}


@dataclass(frozen=True)
class Lever:
    """A lever of one scenario: its dotted key and its planners' range.

    Its value is one number in the input's unit. Where the file gives a year-by-year table,
    the value is the table's average over the projected years, and setting it keeps the
    table's profile: growth shifts every year by the same amount, projects signed scale every
    year by the same factor. So the app's sliders, ``parksim solve`` and the tornado mean the
    same thing by "growth 10 %"."""

    key: str
    planner_range: tuple[float, float] | None

    @property
    def field(self) -> str:
        return self.key.rsplit(".", 1)[-1]

    @property
    def kind(self) -> LeverKind:
        return KINDS[self.field]

    @property
    def integer(self) -> bool:
        return self.kind.integer

    def default_bounds(self) -> tuple[float, float]:
        return self.kind.bounds

    def value_in(self, scenario: Scenario) -> float:
        """The lever's value in ``scenario`` (a table's average over the projected years)."""
        if self.key == GROWTH_SCALE:
            return 1.0
        _, item, name = self.key.split(".")
        compiled = scenario.compiled
        if name == "growth":
            return float(np.mean(compiled.growth[compiled.indicator_ids.index(item)]))
        if name == "arrivals_per_year":
            return float(np.mean(compiled.arrivals[item]))
        return float(raw_value(scenario, self.key))

    def override(self, scenario: Scenario, value: float, digits: int = 9) -> Any:
        """What a file would hold for the lever at ``value`` (tables keep their profile;
        ``digits`` rounds table entries, so written files stay readable)."""
        if self.integer:
            return round(value)
        raw = raw_value(scenario, self.key)
        if not isinstance(raw, Mapping):
            return float(value)
        current = self.value_in(scenario)
        if self.field == "growth":
            return {k: round(float(r) + value - current, digits) for k, r in raw.items()}
        if current <= 0:
            return float(value)
        return {k: round(float(n) * value / current, digits) for k, n in raw.items()}


def check_target(scenario: Scenario, target: str) -> None:
    """A target id of the scenario, or an error that lists the known ones."""
    if target not in scenario.targets:
        raise ScenarioError(
            scenario.path,
            "target",
            f'target = "{target}": no such target; known: {", ".join(scenario.targets)}',
        )


def lever_of(scenario: Scenario, key: str) -> Lever:
    """Check that ``key`` is a numeric lever of ``scenario``."""
    if key == GROWTH_SCALE:
        return Lever(key, planner_range=None)
    parts = key.split(".")
    numeric = sorted(f for f in KINDS if f != GROWTH_SCALE)
    if len(parts) != 3 or parts[0] not in ("indicators", "pipelines"):
        raise ArgumentError(
            key,
            f"{key}: not a lever; use indicators.<id>.<key>, pipelines.<id>.<key> "
            f"or {GROWTH_SCALE}",
        )
    section, item, name = parts
    table = scenario.indicators if section == "indicators" else scenario.pipelines
    if item not in table:
        raise ArgumentError(
            key, f"{key}: no [{section}.{item}]; known: {', '.join(table) or 'none'}"
        )
    if name not in numeric or name not in SOURCED_FIELDS[section]:
        allowed = ", ".join(n for n in numeric if n in SOURCED_FIELDS[section])
        raise ArgumentError(key, f"{key}: {name} is not a lever; allowed: {allowed}")
    planner = getattr(table[item], f"{name}_range", None)
    return Lever(key, planner_range=None if planner is None else (planner[0], planner[1]))


def ranged_levers(scenario: Scenario) -> Iterator[tuple[Lever, tuple[float, float]]]:
    """Every lever that carries a planner range (``growth_range = [lo, hi]`` …), with it."""
    for section, table in (("indicators", scenario.indicators), ("pipelines", scenario.pipelines)):
        for item_id, item in table.items():
            for name in SOURCED_FIELDS[section]:
                planner = getattr(item, name) if name.endswith("_range") else None
                if planner is not None:
                    key = f"{section}.{item_id}.{name.removesuffix('_range')}"
                    yield lever_of(scenario, key), (planner[0], planner[1])


def apply_lever(scenario: Scenario, target: str, lever: Lever, value: float) -> Scenario:
    """The scenario with the lever set to ``value`` (source: an assumption of the search)."""
    return apply_levers(scenario, target, [(lever, value)])


def apply_levers(
    scenario: Scenario, target: str, settings: Sequence[tuple[Lever, float]]
) -> Scenario:
    """The scenario with every lever set at once (one validation); whole-number levers are
    rounded. ``growth_scale`` goes first, so a growth rate set beside it wins."""
    overrides: dict[str, Any] = {}
    for lever, value in sorted(settings, key=lambda setting: setting[0].key != GROWTH_SCALE):
        if lever.key == GROWTH_SCALE:
            overrides.update(_scaled_growth(scenario, target, value))
        else:
            overrides[lever.key] = lever.override(scenario, value)
    shown = "; ".join(f"lever {lever.key} = {value:g}" for lever, value in settings)
    return scenario.with_overrides(overrides, source=f"assumption: {shown}")


def feeds_target(scenario: Scenario, lever: Lever, target: str) -> bool:
    """Can the lever move the target at all (through the indicators the target is computed
    from, or the pipelines feeding them)?"""
    if lever.key == GROWTH_SCALE:
        return True
    section, item, _ = lever.key.split(".")
    indicator = item if section == "indicators" else scenario.pipelines[item].indicator
    return indicator in feeding_indicators(scenario, scenario.targets[target].indicator)


def feeding_indicators(scenario: Scenario, indicator: str) -> list[str]:
    """The plain indicators a plain or derived indicator is computed from."""
    formulas: dict[str, Formula] = dict(scenario.compiled.derived)
    found: list[str] = []
    pending = [indicator]
    while pending:
        name = pending.pop()
        if name in formulas:
            pending.extend(sorted(formulas[name].names))
        elif name not in found:
            found.append(name)
    return sorted(found)


def _scaled_growth(scenario: Scenario, target: str, factor: float) -> dict[str, Any]:
    indicator = scenario.targets[target].indicator
    overrides: dict[str, Any] = {}
    for name in feeding_indicators(scenario, indicator):
        growth = scenario.indicators[name].growth
        scaled = (
            {label: rate * factor for label, rate in growth.items()}
            if isinstance(growth, dict)
            else growth * factor
        )
        overrides[f"indicators.{name}.growth"] = scaled
    return overrides


def raw_value(scenario: Scenario, key: str) -> Any:
    """The value the files give for a dotted key (after inheritance and overrides)."""
    section, item, field = key.split(".")
    return scenario.raw[section][item][field]
