"""The app's sliders: which inputs a planner can move, their ranges, and the overrides they make.

A slider has a *position* in the input's own unit (0.091 for 9.1 % growth, 40 projects a year).
Most inputs are one number and the position is that number. Two may be year-by-year tables:

- ``growth``: the position is the average rate over the projected years; moving it shifts every
  year's rate by the same amount, so the profile (a faster first five years, say) is kept and a
  higher position never lowers any year;
- ``arrivals_per_year``: the position is the average number of projects signed a year; moving it
  scales every year's number by the same factor (never below zero).

A position equal to the scenario's own (on the slider's grid) means "not changed": only changed
positions become overrides, so saving, sharing and the badges see exactly what was moved.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from parksim.analysis.levers import KINDS, Lever, LeverKind, feeding_indicators, raw_value
from parksim.errors import ArgumentError
from parksim.inputs.scenario import Scenario
from parksim.report.cache import memo
from parksim.text.labels import Lang
from parksim.text.words import word

APP_SOURCE = "assumption: set in the app"


UNCERTAINTY_KINDS = ("volatility", "growth_sd")  # the sliders under 高级设置 / Advanced
PIPELINE_KINDS = ("arrivals_per_year", "approval_days", "approval_staff", "land_per_year")


@dataclass(frozen=True)
class Control:
    """One slider of one scenario."""

    key: str  # the dotted override key, e.g. "indicators.gdp.growth"
    kind: str
    owner: str  # the indicator or pipeline id
    low: float
    high: float
    default: float  # the scenario's value (average of a table), on the slider's grid
    exact: float  # the same before rounding to the grid
    table: bool  # the scenario gives a year-by-year table
    planner_range: tuple[float, float] | None

    @property
    def spec(self) -> LeverKind:
        """Step, hard bounds, percent or whole number: the one lever model's."""
        return KINDS[self.kind]

    @property
    def lever(self) -> Lever:
        return Lever(self.key, self.planner_range)

    def including(self, position: float) -> Control:
        """This slider with its range widened to hold ``position`` (a goal-seek answer
        applied, a link's value beyond the planners' range)."""
        low, high = min(self.low, position), max(self.high, position)
        return self if (low, high) == (self.low, self.high) else replace(self, low=low, high=high)

    @property
    def steps(self) -> int:
        """Number of steps from ``low`` to ``high``."""
        return round((self.high - self.low) / self.spec.step)

    def at(self, index: int) -> float:
        """The position ``index`` steps above ``low``."""
        return _tidy(self.low + index * self.spec.step)

    def snap(self, value: float, *, up: bool) -> float:
        """``value`` on the slider's grid, rounded up (or down): a goal-seek answer becomes a
        position that still reaches the probability asked for."""
        steps = (value - self.low) / self.spec.step
        return self.at(math.ceil(steps - 1e-9) if up else math.floor(steps + 1e-9))

    def lever_value(self, position: float) -> float:
        """The lever's value at ``position``: a growth table's average moves by exactly the
        slider's steps from the scenario's own average, so each year moves by a round 0.1
        point (0.13 → 0.131, never 0.130091); the average stays within half a step of the
        position, the same number at the slider's precision."""
        if self.kind == "growth" and self.table:
            return position + self.exact - self.default
        return position

    def index_of(self, position: float) -> int:
        return round((position - self.low) / self.spec.step)

    def check(self, value: Any) -> float:
        """``value`` as a position of this slider; ``ValueError`` if it is not one."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{self.key} = {value!r}: must be a number")
        number = float(value)
        bound_low, bound_high = self.spec.bounds
        if not math.isfinite(number) or not bound_low - 1e-9 <= number <= bound_high + 1e-9:
            raise ValueError(
                f"{self.key} = {value!r}: must be within {bound_low:g}..{bound_high:g}"
            )
        snapped = self.at(self.index_of(number))
        if abs(snapped - number) > 1e-9:
            raise ValueError(
                f"{self.key} = {value!r}: not on the slider's {self.spec.step:g} steps"
            )
        return snapped

    def to_widget(self, position: float) -> float | int:
        """The number the slider shows (percent kinds in %, counts as integers)."""
        if self.spec.percent:
            return round(position * 100, 1)
        return round(position)

    def from_widget(self, shown: float) -> float:
        return _tidy(shown / 100 if self.spec.percent else float(shown))

    def widget_bounds(self) -> tuple[float | int, float | int, float | int]:
        """``(min, max, step)`` in the slider's shown unit."""
        step = self.spec.step
        shown_step: float | int = round(step * 100, 1) if self.spec.percent else round(step)
        return self.to_widget(self.low), self.to_widget(self.high), shown_step

    def format(self, position: float, lang: Lang) -> str:
        """``"9.1%"``, ``"40 个/年"``, ``"20 days"``."""
        if self.spec.percent:
            return f"{position * 100:.1f}%"
        return f"{position:,.0f}{word(f'unit.{self.kind}', lang)}"

    def label(self, scenario: Scenario, lang: Lang) -> str:
        """``"济南市生物医药与大健康产业营业收入 · 年均增速"``."""
        kind = word(f"lever.{self.kind}", lang)
        if self.kind in PIPELINE_KINDS:
            pipeline = scenario.pipelines[self.owner]
            owner = (pipeline.name if lang == "zh" else pipeline.name_en) or self.owner
        else:
            owner = scenario.indicator_name(self.owner, lang)
        return f"{owner} · {kind}"

    def help(self, scenario: Scenario, lang: Lang) -> str:
        """The scenario's own value(s) and the planner range, for the slider's tooltip."""
        value = raw_value(scenario, self.key)
        if self.table and isinstance(value, Mapping):
            shown = "; ".join(f"{k}: {self.format(float(v), lang)}" for k, v in value.items())
            how = word(
                "slider.table_growth" if self.kind == "growth" else "slider.table_scale", lang
            )
            text = word("slider.table", lang).format(shown=shown, how=how)
        else:
            text = word("slider.value", lang).format(value=self.format(self.exact, lang))
        if self.planner_range is not None:
            low, high = (self.format(v, lang) for v in self.planner_range)
            text += word("slider.range", lang).format(low=low, high=high)
        if self.kind == "growth":
            text += word("slider.shocks", lang)
        return text


@memo("controls")
def controls_of(scenario: Scenario) -> tuple[Control, ...]:
    """Growth sliders (indicators that feed a target first), pipeline levers, then the
    volatility and trend-uncertainty sliders shown under "advanced". Kept per scenario object
    (a run asked for them about ten times: ~9 ms)."""
    targeted = targeted_indicators(scenario)
    order = sorted(scenario.indicators, key=lambda i: (i not in targeted,))
    growth = [_indicator_control(scenario, i, "growth") for i in order]
    pipes = [
        _pipeline_control(scenario, pid, kind)
        for pid, pipeline in scenario.pipelines.items()
        for kind in PIPELINE_KINDS
        if not (kind == "land_per_year" and pipeline.land_per_year is None)
    ]
    spread = [_indicator_control(scenario, i, k) for i in order for k in UNCERTAINTY_KINDS]
    return (*growth, *pipes, *spread)


def targeted_indicators(scenario: Scenario) -> set[str]:
    """Plain indicators that feed some target."""
    found: set[str] = set()
    for target in scenario.targets.values():
        found.update(feeding_indicators(scenario, target.indicator))
    return found


def grouped(
    scenario: Scenario, controls: Iterable[Control]
) -> list[tuple[str | None, list[Control]]]:
    """The sidebar's groups: per target (file order), the sliders that move it and no earlier
    target — its own indicator's growth first, then the indicators feeding it, then its
    pipelines' levers; last (``None``) the sliders that move no target. Volatility and trend
    uncertainty are left out (they sit under the advanced settings)."""
    movable = [c for c in controls if c.kind not in UNCERTAINTY_KINDS]
    placed: set[str] = set()
    groups: list[tuple[str | None, list[Control]]] = []
    for target_id, target in scenario.targets.items():
        order = {i: n for n, i in enumerate(feeding_indicators(scenario, target.indicator))}
        order.setdefault(target.indicator, -1)
        mine = [c for c in controls_for_target(scenario, target_id) if c.key not in placed]
        mine.sort(
            key=lambda c: (c.kind in PIPELINE_KINDS, order.get(_indicator_of(scenario, c), 0))
        )
        if mine:
            groups.append((target_id, mine))
            placed.update(c.key for c in mine)
    rest = [c for c in movable if c.key not in placed]
    return [*groups, (None, rest)] if rest else groups


def _indicator_of(scenario: Scenario, control: Control) -> str:
    """The indicator a slider moves: its own, or its pipeline's."""
    if control.kind in PIPELINE_KINDS:
        return scenario.pipelines[control.owner].indicator
    return control.owner


def controls_for_target(scenario: Scenario, target: str) -> list[Control]:
    """The sliders that can move one target, volatility aside (it moves it both ways)."""
    feeding = set(feeding_indicators(scenario, scenario.targets[target].indicator))
    found = []
    for control in controls_of(scenario):
        if control.kind in UNCERTAINTY_KINDS:
            continue
        if _indicator_of(scenario, control) in feeding:
            found.append(control)
    return found


def by_key(controls: Iterable[Control]) -> dict[str, Control]:
    return {c.key: c for c in controls}


def overrides_for(scenario: Scenario, positions: Mapping[str, float]) -> dict[str, Any]:
    """The override values (as a file would hold them) of the changed slider positions."""
    controls = by_key(controls_of(scenario))
    overrides: dict[str, Any] = {}
    for key, position in sorted(positions.items()):
        control = controls.get(key)
        if control is None:
            raise ArgumentError(key, f"{key}: not a slider of scenario {scenario.id}")
        try:
            value = control.check(position)
        except ValueError as exc:
            raise ArgumentError(key, str(exc)) from None
        overrides[key] = control.lever.override(scenario, control.lever_value(value), digits=6)
    return overrides


def apply_positions(
    scenario: Scenario, positions: Mapping[str, float], *, source: str = APP_SOURCE
) -> Scenario:
    """The scenario with the slider positions applied (itself when nothing changed)."""
    if not positions:
        return scenario
    return scenario.with_overrides(overrides_for(scenario, positions), source=source)


def changed_only(scenario: Scenario, positions: Mapping[str, float]) -> dict[str, float]:
    """Drop positions equal to the scenario's own (those are not changes)."""
    controls = by_key(controls_of(scenario))
    return {
        k: v
        for k, v in positions.items()
        if k not in controls or abs(controls[k].default - v) > 1e-12
    }


# ----------------------------------------------------------------------------- helpers


def _indicator_control(scenario: Scenario, indicator: str, kind: str) -> Control:
    item = scenario.indicators[indicator]
    key = f"indicators.{indicator}.{kind}"
    if kind == "growth":
        row = scenario.compiled.indicator_ids.index(indicator)
        exact = float(np.mean(scenario.compiled.growth[row]))
        table = isinstance(item.growth, Mapping)
        planner = item.growth_range
        low, high = exact - 0.05, exact + 0.10
    elif kind == "volatility":
        exact, table, planner = item.volatility, False, item.volatility_range
        low, high = 0.0, max(0.30, 2 * exact)
    else:
        exact, table, planner = item.growth_sd, False, item.growth_sd_range
        low, high = 0.0, max(0.10, 2 * exact)
    return _control(key, kind, indicator, exact, table, planner, low, high)


def _pipeline_control(scenario: Scenario, pipeline_id: str, kind: str) -> Control:
    item = scenario.pipelines[pipeline_id]
    key = f"pipelines.{pipeline_id}.{kind}"
    table = False
    if kind == "arrivals_per_year":
        exact = float(np.mean(scenario.compiled.arrivals[pipeline_id]))
        table = isinstance(item.arrivals_per_year, Mapping)
        low, high = 0.0, max(10.0, 2 * exact)
    else:
        value = getattr(item, kind)
        exact = float(value)
        low, high = {
            "approval_days": (1.0, max(60.0, 2 * exact)),
            "approval_staff": (1.0, max(4.0, 2 * exact)),
            "land_per_year": (0.0, max(10.0, 2 * exact)),
        }[kind]
    planner = getattr(item, f"{kind}_range")
    return _control(key, kind, pipeline_id, exact, table, planner, low, high)


def _control(
    key: str,
    kind: str,
    owner: str,
    exact: float,
    table: bool,
    planner: list[float] | None,
    low: float,
    high: float,
) -> Control:
    step = KINDS[kind].step
    if planner is not None:
        low, high = planner[0], planner[1]
    bound_low, bound_high = KINDS[kind].bounds
    default = _tidy(round(exact / step) * step)
    low = _tidy(math.floor(max(min(low, default), bound_low) / step + 1e-9) * step)
    high = _tidy(math.ceil(min(max(high, default), bound_high) / step - 1e-9) * step)
    return Control(
        key=key,
        kind=kind,
        owner=owner,
        low=low,
        high=max(high, low + step) if high <= low else high,
        default=default,
        exact=exact,
        table=table,
        planner_range=None if planner is None else (planner[0], planner[1]),
    )


def _tidy(number: float) -> float:
    """Round away binary noise (0.1 + 0.2) so positions compare and print cleanly."""
    return round(number, 9) + 0.0
