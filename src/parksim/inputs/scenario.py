"""A validated scenario: the merged inputs, where each came from, and arrays for the engine."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from parksim.errors import ScenarioError
from parksim.inputs.actuals import Actuals, load_actuals
from parksim.inputs.formula import Formula, parse_formula
from parksim.inputs.schema import (
    SHARE_UNITS,
    SOURCED_FIELDS,
    Derived,
    Indicator,
    Pipeline,
    ScenarioSpec,
    Target,
    describe_error,
    format_value,
)
from parksim.inputs.sources import check_source_text, check_sources
from parksim.inputs.years import spread_over_years

OVERRIDE_ORIGIN = "<override>"
OVERRIDE_SOURCE = "assumption: override"


@dataclass(frozen=True)
class Compiled:
    """The scenario as arrays, indicator by indicator in file order."""

    years: np.ndarray  # base_year .. horizon
    indicator_ids: tuple[str, ...]
    base: np.ndarray  # (n,)
    growth: np.ndarray  # (n, steps): expected growth from year t-1 to t
    shocks: np.ndarray  # (n, steps)
    volatility: np.ndarray  # (n,)
    correlation: np.ndarray  # (n,)
    cap: np.ndarray  # (n,), inf where there is no cap
    derived: tuple[tuple[str, Formula], ...]  # in an order where inputs come first
    arrivals: Mapping[str, tuple[float, ...]]  # per pipeline: rate per recruitment year


@dataclass(frozen=True, eq=False)
class Scenario:
    """A scenario after inheritance and validation. Build it with ``load_scenario``.

    ``raw`` is the merged TOML content (sources normalised to ``{field: source}`` tables),
    ``origins`` maps every dotted key to the file (or ``"<override>"``) that set it, and
    ``files`` lists the inheritance chain, root first.
    """

    spec: ScenarioSpec
    raw: Mapping[str, Any] = field(repr=False)
    origins: Mapping[str, str] = field(repr=False)
    files: tuple[Path, ...]
    compiled: Compiled = field(repr=False)
    actuals: Actuals | None = field(default=None, repr=False)

    @classmethod
    def from_raw(
        cls, raw: Mapping[str, Any], origins: Mapping[str, str], files: tuple[Path, ...]
    ) -> Scenario:
        """Validate merged content; raise ``ScenarioError`` naming the file that set the key."""
        try:
            spec = ScenarioSpec.model_validate(raw)
        except ValidationError as exc:
            key, problem = describe_error(exc.errors()[0])
            raise ScenarioError(origin_of(origins, key, files), key, problem) from None
        compiled = _compile(spec, _Blame(origins, files))
        actuals = _actuals_of(spec, origin_of(origins, "scenario.actuals", files), files)
        return cls(
            spec=spec, raw=raw, origins=origins, files=files, compiled=compiled, actuals=actuals
        )

    @property
    def id(self) -> str:
        return self.spec.scenario.id

    @property
    def name(self) -> str:
        return self.spec.scenario.name

    @property
    def name_en(self) -> str:
        return self.spec.scenario.name_en

    @property
    def path(self) -> Path:
        """The file this scenario was loaded from (the last of the chain)."""
        return self.files[-1]

    @property
    def base_year(self) -> int:
        return self.spec.scenario.base_year

    @property
    def horizon(self) -> int:
        return self.spec.scenario.horizon

    @property
    def years(self) -> range:
        """``base_year .. horizon`` inclusive: the columns of every projection."""
        return range(self.base_year, self.horizon + 1)

    @property
    def indicators(self) -> Mapping[str, Indicator]:
        return self.spec.indicators

    @property
    def derived(self) -> Mapping[str, Derived]:
        return self.spec.derived

    @property
    def targets(self) -> Mapping[str, Target]:
        return self.spec.targets

    @property
    def pipelines(self) -> Mapping[str, Pipeline]:
        return self.spec.pipelines

    @cached_property
    def all_indicator_ids(self) -> tuple[str, ...]:
        """Plain indicators in file order, then derived ones in evaluation order."""
        return self.compiled.indicator_ids + tuple(i for i, _ in self.compiled.derived)

    @cached_property
    def anchors(self) -> dict[int, tuple[tuple[int, float], ...]]:
        """Per plain indicator (index): ``(column, level)`` of its full-year actuals after the
        base year, where every path is pinned to the actual (re-forecasting)."""
        if self.actuals is None:
            return {}
        anchors: dict[int, tuple[tuple[int, float], ...]] = {}
        for i, indicator_id in enumerate(self.compiled.indicator_ids):
            levels = self.annual_levels(indicator_id)
            pins = tuple(
                (y - self.base_year, v)
                for y, v in levels.items()
                if self.base_year < y <= self.horizon
            )
            if pins:
                anchors[i] = pins
        return anchors

    def annual_levels(self, indicator: str) -> dict[int, float]:
        """Full-year levels from the actuals, a ``yoy``-only year turned into a level when the
        year before is known (the base value counts for ``base_year``)."""
        if self.actuals is None:
            return {}
        known: dict[int, float] = {}
        if indicator in self.indicators:
            known[self.base_year] = self.indicators[indicator].base
        levels: dict[int, float] = {}
        for figure in self.actuals.of(indicator):
            if figure.quarter is not None:
                continue
            level = figure.value
            if level is None and figure.yoy is not None and figure.year - 1 in known:
                level = known[figure.year - 1] * (1.0 + figure.yoy)
            if level is not None:
                known[figure.year] = levels[figure.year] = level
        return levels

    def indicator_name(self, indicator: str, lang: str = "zh") -> str:
        """The Chinese (``lang="zh"``) or English name of a plain or derived indicator."""
        item = self.indicators.get(indicator) or self.derived[indicator]
        return item.name if lang == "zh" else item.name_en

    def unit_of(self, indicator: str) -> str:
        """The unit of a plain or derived indicator (``"亿元"``, ``"share"``, …)."""
        return (self.indicators.get(indicator) or self.derived[indicator]).unit

    def target_name(self, target: str, lang: str = "zh") -> str:
        """The Chinese (``lang="zh"``) or English name of a target."""
        item = self.targets[target]
        return item.name if lang == "zh" else item.name_en

    def source_of(self, key: str) -> str | None:
        """The source of a sourced number, e.g. ``source_of("indicators.gdp.base")``."""
        section, item, name = key.split(".", 2)
        sources: Mapping[str, str] = self.raw.get(section, {}).get(item, {}).get("source", {})
        return sources.get(name)

    def with_overrides(
        self, overrides: Mapping[str, Any], *, source: str = OVERRIDE_SOURCE
    ) -> Scenario:
        """A new, validated scenario with dotted keys set, e.g.
        ``{"indicators.health_industry.growth": 0.15}``; sourced numbers get ``source``."""
        check_source_text(None, "source", source)
        raw = copy.deepcopy(dict(self.raw))
        origins = dict(self.origins)
        for key, value in overrides.items():
            _set_dotted(raw, key, value, source)
            origins[key] = OVERRIDE_ORIGIN
            section, _, rest = key.partition(".")
            if section in SOURCED_FIELDS:
                item = rest.partition(".")[0]
                check_sources(None, section, item, raw[section][item])
        return Scenario.from_raw(raw, origins, self.files)


def origin_of(origins: Mapping[str, str], key: str, files: tuple[Path, ...]) -> Path | None:
    """The file that set ``key`` or its closest enclosing table; the leaf file otherwise."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        origin = origins.get(".".join(parts[:end]))
        if origin is not None:
            return None if origin == OVERRIDE_ORIGIN else Path(origin)
    return files[-1] if files else None


@dataclass(frozen=True)
class _Blame:
    """Raises ``ScenarioError`` against the file that set a key."""

    origins: Mapping[str, str]
    files: tuple[Path, ...]

    def fail(self, key: str, problem: str, *related: str) -> ScenarioError:
        """An error on ``key``; when a rule ties it to ``related`` keys, the file blamed is the
        last one (in the inheritance chain) that set any of them: that change broke the rule."""
        candidates = [origin_of(self.origins, k, self.files) for k in (key, *related)]
        return ScenarioError(max(candidates, key=self._rank), key, problem)

    def _rank(self, file: Path | None) -> int:
        return len(self.files) if file is None else self.files.index(file)


def _set_dotted(raw: dict[str, Any], key: str, value: Any, source: str) -> None:
    parts = key.split(".")
    if key in ("scenario.extends", "scenario.id"):
        raise ScenarioError(
            None, key, f"{key}: cannot be overridden; save a child scenario instead"
        )
    if len(parts) == 2 and parts[0] in ("scenario", "status"):
        raw.setdefault(parts[0], {})[parts[1]] = value
        return
    if len(parts) != 3 or parts[0] not in SOURCED_FIELDS:
        raise ScenarioError(
            None,
            key,
            f"{key}: cannot be overridden; use section.id.key, e.g. "
            f"indicators.gdp.growth, or scenario.<key>",
        )
    section, item, name = parts
    table = raw.get(section, {})
    if item not in table:
        known = ", ".join(table) or "none"
        raise ScenarioError(None, key, f"{key}: no such entry in [{section}]; known: {known}")
    table[item][name] = value
    if name in SOURCED_FIELDS[section]:
        table[item].setdefault("source", {})[name] = source


def _compile(spec: ScenarioSpec, blame: _Blame) -> Compiled:
    meta = spec.scenario
    if meta.horizon <= meta.base_year:
        raise blame.fail(
            "scenario.horizon",
            f"scenario.horizon = {meta.horizon}: must be after "
            f"scenario.base_year ({meta.base_year})",
            "scenario.base_year",
        )
    if spec.status.at_risk > spec.status.on_track:
        raise blame.fail(
            "status.at_risk",
            f"status.at_risk = {spec.status.at_risk}: must be <= "
            f"status.on_track ({spec.status.on_track})",
            "status.on_track",
        )
    steps = range(meta.base_year + 1, meta.horizon + 1)
    growth, shocks = [], []
    for ind_id, ind in spec.indicators.items():
        growth.append(_yearly(blame, f"indicators.{ind_id}.growth", ind.growth, steps, True))
        shocks.append(_yearly(blame, f"indicators.{ind_id}.shocks", ind.shocks, steps, False))
        if ind.cap is not None and ind.cap <= ind.base:
            raise blame.fail(
                f"indicators.{ind_id}.cap",
                f"indicators.{ind_id}.cap = {ind.cap}: must be > base ({ind.base})",
                f"indicators.{ind_id}.base",
            )
    inds = spec.indicators.values()
    compiled = Compiled(
        years=np.arange(meta.base_year, meta.horizon + 1),
        indicator_ids=tuple(spec.indicators),
        base=np.array([i.base for i in inds]),
        growth=np.array(growth).reshape(len(growth), len(steps)),
        shocks=np.array(shocks).reshape(len(shocks), len(steps)),
        volatility=np.array([i.volatility for i in inds]),
        correlation=np.array([i.correlation for i in inds]),
        cap=np.array([np.inf if i.cap is None else i.cap for i in inds]),
        derived=_derived_in_order(spec, blame),
        arrivals=_pipeline_arrivals(spec, blame),
    )
    _check_targets(spec, blame)
    return compiled


def _yearly(
    blame: _Blame, key: str, values: float | Mapping[str, float], steps: range, must_cover: bool
) -> np.ndarray:
    try:
        return spread_over_years(values, steps, must_cover=must_cover)
    except ValueError as exc:
        raise blame.fail(key, f"{key} = {format_value(values)}: {exc}") from None


def _derived_in_order(spec: ScenarioSpec, blame: _Blame) -> tuple[tuple[str, Formula], ...]:
    formulas: dict[str, Formula] = {}
    known = set(spec.indicators) | set(spec.derived)
    for der_id, der in spec.derived.items():
        key = f"derived.{der_id}.formula"
        shown = f"{key} = {format_value(der.formula)}"
        if der_id in spec.indicators:
            raise blame.fail(
                f"derived.{der_id}",
                f"derived.{der_id}: id already used by [indicators.{der_id}]; ids must be unique",
            )
        try:
            formula = parse_formula(der.formula)
        except ValueError as exc:
            raise blame.fail(key, f"{shown}: {exc}") from None
        unknown = sorted(formula.names - known)
        if unknown:
            raise blame.fail(
                key, f'{shown}: unknown indicator "{unknown[0]}"; known: {", ".join(sorted(known))}'
            )
        formulas[der_id] = formula
    order: list[str] = []
    for der_id in formulas:
        _visit(der_id, formulas, order, [], blame)
    return tuple((der_id, formulas[der_id]) for der_id in order)


def _visit(
    der_id: str, formulas: Mapping[str, Formula], order: list[str], stack: list[str], blame: _Blame
) -> None:
    if der_id in order:
        return
    if der_id in stack:
        cycle = " -> ".join([*stack[stack.index(der_id) :], der_id])
        raise blame.fail(
            f"derived.{der_id}.formula", f"derived.{der_id}.formula: formulas form a cycle: {cycle}"
        )
    for name in sorted(formulas[der_id].names & formulas.keys()):
        _visit(name, formulas, order, [*stack, der_id], blame)
    order.append(der_id)


def _check_targets(spec: ScenarioSpec, blame: _Blame) -> None:
    meta = spec.scenario
    known = [*spec.indicators, *spec.derived]
    for tid, target in spec.targets.items():
        key = f"targets.{tid}"
        if target.indicator not in known:
            raise blame.fail(
                f"{key}.indicator",
                f"{key}.indicator = {format_value(target.indicator)}: no such "
                f"indicator; known: {', '.join(known)}",
            )
        _within(
            blame,
            f"{key}.year",
            target.year,
            meta.base_year + 1,
            meta.horizon,
            "after base_year, up to horizon",
            "scenario.base_year",
            "scenario.horizon",
        )
        if target.from_year is None:
            continue
        if not target.maintain:
            raise blame.fail(
                f"{key}.from", f"{key}.from = {target.from_year}: only allowed with maintain = true"
            )
        _within(
            blame,
            f"{key}.from",
            target.from_year,
            meta.base_year,
            target.year,
            "base_year to the target's year",
            "scenario.base_year",
            f"{key}.year",
        )


def _pipeline_arrivals(spec: ScenarioSpec, blame: _Blame) -> dict[str, tuple[float, ...]]:
    """Check each pipeline against the scenario; its arrival rate per recruitment year."""
    meta = spec.scenario
    arrivals: dict[str, tuple[float, ...]] = {}
    for pid, pipeline in spec.pipelines.items():
        key = f"pipelines.{pid}"
        if pipeline.indicator not in spec.indicators:
            raise blame.fail(
                f"{key}.indicator",
                f"{key}.indicator = {format_value(pipeline.indicator)}: must be a plain "
                f"indicator; known: {', '.join(spec.indicators)}",
            )
        _within(
            blame,
            f"{key}.start_year",
            pipeline.start_year,
            meta.base_year + 1,
            meta.horizon,
            "after base_year, up to horizon",
            "scenario.base_year",
            "scenario.horizon",
        )
        _within(
            blame,
            f"{key}.end_year",
            pipeline.end_year,
            pipeline.start_year,
            meta.horizon,
            "start_year up to horizon",
            f"{key}.start_year",
            "scenario.horizon",
        )
        recruiting = range(pipeline.start_year, pipeline.end_year + 1)
        rates = _yearly(
            blame, f"{key}.arrivals_per_year", pipeline.arrivals_per_year, recruiting, True
        )
        if np.any(rates < 0):
            raise blame.fail(
                f"{key}.arrivals_per_year",
                f"{key}.arrivals_per_year = {format_value(pipeline.arrivals_per_year)}: "
                f"rates must be >= 0",
            )
        arrivals[pid] = tuple(float(rate) for rate in rates)
    return arrivals


def _actuals_of(spec: ScenarioSpec, setter: Path | None, files: tuple[Path, ...]) -> Actuals | None:
    """The actuals file named in ``[scenario]``, relative to the file that names it."""
    name = spec.scenario.actuals
    if name is None:
        return None
    anchor = setter if setter is not None else (files[-1] if files else None)
    path = (anchor.parent if anchor is not None else Path.cwd()) / name
    indicators = (*spec.indicators, *spec.derived)
    money = tuple(
        (i, (spec.indicators.get(i) or spec.derived[i]).unit not in SHARE_UNITS) for i in indicators
    )
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise ScenarioError(
            setter,
            "scenario.actuals",
            f"scenario.actuals = {format_value(name)}: no such file ({path})",
        ) from None
    return _read_actuals(path, stamp, indicators, money)


@lru_cache(maxsize=32)
def _read_actuals(
    path: Path, stamp: int, indicators: tuple[str, ...], money: tuple[tuple[str, bool], ...]
) -> Actuals:
    del stamp  # part of the cache key only: an edited file is read again
    return load_actuals(path, indicators, dict(money))


def _within(
    blame: _Blame, key: str, value: int, low: int, high: int, why: str, *related: str
) -> None:
    """``low <= value <= high``, or an error that names the range and why it is that."""
    if not low <= value <= high:
        raise blame.fail(key, f"{key} = {value}: must be within {low}-{high} ({why})", *related)
