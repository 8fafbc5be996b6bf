"""A scenario as it stood at a backtest origin: only the figures known then, and the later
annual figures that the rerun is scored against.

- Origin before the base year: the rerun starts at the origin from each indicator's history
  level in that year (an indicator without one is not scored). Its growth, volatility and
  trend uncertainty are fitted (:func:`parksim.analysis.calibrate.fit_indicator`) on the
  history's yearly growths up to the origin where there are at least ``MIN_GROWTHS``; else the
  scenario's own first-year growth, volatility and trend uncertainty are kept. Which one, per
  indicator, is in the notes. Shocks, pipelines, targets and derived indicators are the
  scenario's view of its own future, so the rerun leaves them out (its correlation is kept).
- Origin at or after the base year: the scenario itself, with every actual figure after the
  origin removed (nothing is refitted: its history ends at the base year).

The figures scored are the history levels and full-year actuals after the origin (year-to-date
quarters are not scored). A level at or after a ``break`` later than the origin is not
comparable with the origin's level: it is skipped, and the notes say so.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from parksim.analysis.calibrate import MIN_GROWTHS, fit_indicator
from parksim.errors import ArgumentError
from parksim.inputs.actuals import Actuals
from parksim.inputs.scenario import Scenario

CALIBRATED = "calibrated"
OWN = "scenario"
SKIPPED = "skipped"


@dataclass(frozen=True)
class Figure:
    """One later figure to score: an annual level (in the indicator's unit)."""

    indicator: str
    year: int
    actual: float


@dataclass(frozen=True)
class Naive:
    """The naive forecast of one indicator: ``level · (1 + growth) ** (year - since)``."""

    since: int
    level: float
    growth: float
    years: int  # yearly growths the mean rests on (0: no change is forecast)

    def at(self, year: int) -> float:
        return self.level * (1.0 + self.growth) ** (year - self.since)

    def described(self) -> str:
        if not self.years:
            return f"naive: no yearly growth known, the {self.since} level held"
        return f"naive: {self.growth:.1%} a year (mean of {self.years}) from {self.since}"


@dataclass(frozen=True)
class Note:
    """How one indicator was rerun at the origin (``basis``), or why it is not scored."""

    indicator: str
    basis: str  # CALIBRATED, OWN or SKIPPED
    detail: str


@dataclass(frozen=True)
class Rewound:
    """The rerun of one origin: the scenario to simulate, what to score, and the notes."""

    origin: int
    scenario: Scenario
    figures: tuple[Figure, ...]
    naive: Mapping[str, Naive]
    notes: tuple[Note, ...]


def known_levels(scenario: Scenario, indicator: str, *, base: bool = True) -> dict[int, float]:
    """Every annual level known of an indicator: history up to the base year (with ``base``,
    the base value for a plain indicator without one), full-year actuals after it."""
    history = scenario.history
    levels = dict(history.levels(indicator)) if history is not None else {}
    if base and indicator in scenario.indicators:
        levels.setdefault(scenario.base_year, scenario.indicators[indicator].base)
    later = scenario.annual_levels(indicator) if indicator in scenario.indicators else {}
    if scenario.actuals is not None and indicator not in scenario.indicators:
        later = scenario.actuals.annual_levels(indicator)
    levels.update({y: v for y, v in later.items() if y > scenario.base_year})
    return dict(sorted(levels.items()))


def origin_bounds(scenario: Scenario) -> tuple[int, int]:
    """``(first, last)``: the first year with a past level, the last with an annual figure."""
    years = [y for i in scenario.all_indicator_ids for y in known_levels(scenario, i)]
    return min(years), max(years)


def rewind(scenario: Scenario, origin: int) -> Rewound:
    """The rerun at ``origin`` (see the module docstring); ``ArgumentError`` when the origin
    lies outside the history. A rerun may have nothing to score (``figures`` empty)."""
    first, last = origin_bounds(scenario)
    if isinstance(origin, bool) or not isinstance(origin, int) or not first <= origin <= last:
        raise ArgumentError(
            "origin",
            f"origin = {origin!r}: outside the history of {scenario.path.name}; "
            f"give a year within {first}–{last} (its first past level to its last annual figure)",
        )
    if origin < scenario.base_year:
        return _from_history(scenario, origin)
    return _from_scenario(scenario, origin)


def _from_scenario(scenario: Scenario, origin: int) -> Rewound:
    """Origin >= base year: the scenario with the actuals after the origin removed."""
    figures: list[Figure] = []
    naive: dict[str, Naive] = {}
    notes: list[Note] = []
    for indicator in scenario.all_indicator_ids:
        full = known_levels(scenario, indicator)
        later = _later(full, (), origin, scenario.horizon)
        forecast = _naive(scenario, indicator, full, origin)
        if not later or forecast is None:
            continue
        figures += [Figure(indicator, y, v) for y, v in later.items()]
        naive[indicator] = forecast
        detail = f"the scenario's own inputs; actuals after {origin} left out"
        notes.append(Note(indicator, OWN, f"{detail}; {forecast.described()}"))
    actuals = scenario.actuals
    if actuals is not None:
        kept = tuple(f for f in actuals.figures if f.year <= origin)
        scenario = replace(scenario, actuals=Actuals(file=actuals.file, figures=kept))
    return Rewound(origin, scenario, tuple(figures), naive, tuple(notes))


def _from_history(scenario: Scenario, origin: int) -> Rewound:
    """Origin < base year: a scenario that starts at the origin from the history levels."""
    history = scenario.history
    assert history is not None  # an origin before the base year needs a history level
    figures: list[Figure] = []
    naive: dict[str, Naive] = {}
    notes: list[Note] = []
    items: dict[str, Any] = {}
    for indicator in scenario.indicators:
        full = known_levels(scenario, indicator, base=False)  # the history's own levels
        if origin not in history.levels(indicator):
            if any(y > origin for y in full) and history.levels(indicator):
                notes.append(Note(indicator, SKIPPED, f"no history level in {origin}"))
            continue
        later = _later(full, history.breaks(indicator), origin, None)
        forecast = _naive(scenario, indicator, full, origin)
        if not later or forecast is None:
            continue
        item, note = _rewound_item(scenario, indicator, full[origin], origin)
        items[indicator] = item
        notes.append(replace(note, detail=f"{note.detail}; {forecast.described()}"))
        figures += [Figure(indicator, y, v) for y, v in later.items()]
        naive[indicator] = forecast
    notes += _break_notes(scenario, origin)
    if not figures:
        return Rewound(origin, scenario, (), {}, tuple(notes))
    raw = copy.deepcopy(dict(scenario.raw))
    meta = {k: v for k, v in raw["scenario"].items() if k not in ("actuals", "history")}
    meta.update(base_year=origin, horizon=max(f.year for f in figures))
    raw.update(scenario=meta, indicators=items, derived={}, targets={}, pipelines={})
    rerun = Scenario.from_raw(raw, scenario.origins, scenario.files)
    return Rewound(origin, rerun, tuple(figures), naive, tuple(notes))


def _rewound_item(
    scenario: Scenario, indicator: str, level: float, origin: int
) -> tuple[dict[str, Any], Note]:
    """The indicator's table in the rerun, and the note on what its inputs rest on."""
    item = copy.deepcopy(dict(scenario.raw["indicators"][indicator]))
    history = scenario.history
    assert history is not None
    fit = fit_indicator(
        indicator, {y: g for y, g in history.growths(indicator).items() if y <= origin}
    )
    spec = scenario.indicators[indicator]
    if fit.growth is not None and fit.volatility is not None and fit.growth_sd is not None:
        growth, volatility, growth_sd = fit.growth, fit.volatility, fit.growth_sd
        detail = f"fitted on {fit.years[0]}–{fit.years[-1]}, n = {fit.n}"
        note = Note(indicator, CALIBRATED, detail)
    else:
        row = scenario.compiled.indicator_ids.index(indicator)
        growth = float(scenario.compiled.growth[row][0])
        volatility, growth_sd = spec.volatility, spec.growth_sd
        detail = f"n = {fit.n} < {MIN_GROWTHS} yearly growths to {origin}: the scenario's own"
        note = Note(indicator, OWN, detail)
    for key in ("shocks", "growth_range", "volatility_range", "growth_sd_range"):
        item.pop(key, None)
    if spec.cap is not None and spec.cap <= level:
        item.pop("cap")
    item.update(base=level, growth=growth, volatility=volatility, growth_sd=min(growth_sd, 1.0))
    if isinstance(item.get("source"), Mapping):
        source = dict(item["source"])
        for key in ("shocks", "growth_range", "volatility_range", "growth_sd_range", "cap"):
            if key not in item:
                source.pop(key, None)
        source.update(
            dict.fromkeys(("base", "growth", "volatility", "growth_sd"), f"backtest: {detail}")
        )
        item["source"] = source
    return item, note


def _later(
    levels: Mapping[int, float], breaks: tuple[int, ...], origin: int, horizon: int | None
) -> dict[int, float]:
    """The levels after the origin that can be compared with it: before the first later
    break, within the horizon, and > 0 (they are scored in logs)."""
    cut = min((b for b in breaks if b > origin), default=math.inf)
    return {
        y: v
        for y, v in levels.items()
        if origin < y < cut and (horizon is None or y <= horizon) and v > 0
    }


def _break_notes(scenario: Scenario, origin: int) -> list[Note]:
    """A note per indicator whose later levels are cut by a break."""
    history = scenario.history
    if history is None:
        return []
    notes = []
    for indicator in history.indicators:
        later = [b for b in history.breaks(indicator) if b > origin]
        if later and origin in history.levels(indicator):
            detail = f"levels from {later[0]} on follow a break: not comparable, not scored"
            notes.append(Note(indicator, SKIPPED, detail))
    return notes


def _naive(
    scenario: Scenario, indicator: str, levels: Mapping[int, float], origin: int
) -> Naive | None:
    """The history's mean yearly growth up to the origin, compounded from the last level at
    or before it; None when no level is known by then."""
    known = [y for y in levels if y <= origin and levels[y] > 0]
    if not known:
        return None
    history = scenario.history
    rates = dict(history.growths(indicator)) if history is not None else {}
    for year, level in levels.items():  # growths between annual actuals after the base year
        before = levels.get(year - 1)
        if scenario.base_year < year and before:
            rates[year] = level / before - 1.0
    used = [g for y, g in rates.items() if y <= origin]
    mean = sum(used) / len(used) if used else 0.0
    return Naive(known[-1], levels[known[-1]], mean, len(used))
