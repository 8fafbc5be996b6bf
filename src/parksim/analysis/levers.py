"""Levers: the numbers a planner can move, as dotted override keys.

Any numeric override key is a lever (``indicators.big_health.growth``,
``pipelines.health.approval_staff``). One joint lever, ``growth_scale``, multiplies every
growth rate of the plain indicators that feed a target (all of a share's inputs at once).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from parksim.errors import ScenarioError
from parksim.inputs.formula import Formula
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SOURCED_FIELDS

GROWTH_SCALE = "growth_scale"
INTEGER_FIELDS = frozenset({"approval_staff", "land_per_year"})
DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {
    "growth": (-0.5, 1.0),
    "volatility": (0.0, 1.0),
    "correlation": (0.0, 1.0),
    "arrivals_per_year": (0.0, 500.0),
    "approval_days": (1.0, 365.0),
    "approval_staff": (1.0, 200.0),
    "land_per_year": (0.0, 500.0),
    "key_share": (0.0, 1.0),
    "success_rate": (0.0, 1.0),
    GROWTH_SCALE: (0.0, 5.0),
}


@dataclass(frozen=True)
class Lever:
    """A lever of one scenario: its key, whether it takes whole numbers, its range."""

    key: str
    integer: bool
    planner_range: tuple[float, float] | None

    @property
    def field(self) -> str:
        return self.key.rsplit(".", 1)[-1]

    def default_bounds(self) -> tuple[float, float]:
        """A wide range for goal seek: wider than planners' ranges, which say what is likely,
        not what is possible."""
        return DEFAULT_BOUNDS[self.field]


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
        return Lever(key, integer=False, planner_range=None)
    parts = key.split(".")
    numeric = sorted(f for f in DEFAULT_BOUNDS if f != GROWTH_SCALE)
    if len(parts) != 3 or parts[0] not in ("indicators", "pipelines"):
        raise ScenarioError(
            None,
            key,
            f"{key}: not a lever; use indicators.<id>.<key>, pipelines.<id>.<key> "
            f"or {GROWTH_SCALE}",
        )
    section, item, name = parts
    table = scenario.indicators if section == "indicators" else scenario.pipelines
    if item not in table:
        raise ScenarioError(
            None, key, f"{key}: no [{section}.{item}]; known: {', '.join(table) or 'none'}"
        )
    if name not in numeric or name not in SOURCED_FIELDS[section]:
        allowed = ", ".join(n for n in numeric if n in SOURCED_FIELDS[section])
        raise ScenarioError(None, key, f"{key}: {name} is not a lever; allowed: {allowed}")
    planner = getattr(table[item], f"{name}_range", None)
    return Lever(
        key,
        integer=name in INTEGER_FIELDS,
        planner_range=None if planner is None else (planner[0], planner[1]),
    )


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
            overrides[lever.key] = round(value) if lever.integer else float(value)
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
