"""A validated scenario: the merged inputs, where each came from, and arrays for the engine.

The whole-scenario checks and the arrays live in :mod:`parksim.inputs.compile`, the origins
of keys in :mod:`parksim.inputs.origins`; ``Compiled``, ``OVERRIDE_ORIGIN`` and ``origin_of``
are re-exported here for existing importers.
"""

from __future__ import annotations

import copy
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from parksim.errors import ScenarioError
from parksim.inputs.actuals import Actuals, load_actuals
from parksim.inputs.compile import Compiled, compile_spec
from parksim.inputs.history import History, load_history
from parksim.inputs.observations import Nowcast, nowcasts_of
from parksim.inputs.origins import OVERRIDE_ORIGIN, Blame, origin_of
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

__all__ = ["OVERRIDE_ORIGIN", "OVERRIDE_SOURCE", "Compiled", "Scenario", "origin_of"]

OVERRIDE_SOURCE = "assumption: override"


@dataclass(frozen=True, eq=False)
class Scenario:
    """A scenario after inheritance and validation. Build it with ``load_scenario``.

    ``raw`` is the merged TOML content (sources normalised to ``{field: source}`` tables),
    ``origins`` maps every dotted key to the file (or ``"<override>"``) that set it, and
    ``files`` lists the inheritance chain, root first. ``actuals`` and ``history`` are the
    CSV files named by ``[scenario] actuals`` and ``history`` (None when not named).
    """

    spec: ScenarioSpec
    raw: Mapping[str, Any] = field(repr=False)
    origins: Mapping[str, str] = field(repr=False)
    files: tuple[Path, ...]
    compiled: Compiled = field(repr=False)
    actuals: Actuals | None = field(default=None, repr=False)
    history: History | None = field(default=None, repr=False)

    @classmethod
    def from_raw(
        cls, raw: Mapping[str, Any], origins: Mapping[str, str], files: tuple[Path, ...]
    ) -> Scenario:
        """Validate merged content; raise ``ScenarioError`` naming the file that set the key."""
        try:
            spec = ScenarioSpec.model_validate(raw)
        except ValidationError as exc:
            found = [describe_error(e) for e in exc.errors()[: ScenarioError.MAX_MORE + 1]]
            errors = [ScenarioError(origin_of(origins, k, files), k, p) for k, p in found]
            first = errors[0]
            raise ScenarioError(first.path, first.key, first.problem, tuple(errors[1:])) from None
        compiled = compile_spec(spec, Blame(origins, files))
        actuals = _actuals_of(spec, origin_of(origins, "scenario.actuals", files), files)
        history = _history_of(spec, origin_of(origins, "scenario.history", files), files)
        return cls(
            spec=spec,
            raw=raw,
            origins=origins,
            files=files,
            compiled=compiled,
            actuals=actuals,
            history=history,
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

    @cached_property
    def nowcasts(self) -> dict[int, tuple[Nowcast, ...]]:
        """Per plain flow indicator (index): the year-to-date figures that estimate a projected
        year with no full-year figure (:mod:`parksim.inputs.observations`)."""
        return nowcasts_of(self.indicators, self.compiled.indicator_ids, self.actuals, self.years)

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
        self,
        overrides: Mapping[str, Any],
        *,
        source: str = OVERRIDE_SOURCE,
        sources: Mapping[str, str] | None = None,
        adding: bool = False,
    ) -> Scenario:
        """A new, validated scenario with dotted keys set, e.g.
        ``{"indicators.health_industry.growth": 0.15}``; sourced numbers get ``source``, or
        their own from ``sources`` (by key). With ``adding``, a key may name a new item (an
        indicator, a target, a pipeline), which must then be complete once all keys are set."""
        cited = {key: (sources or {}).get(key, source) for key in overrides}
        for key, text in {"source": source, **cited}.items():
            check_source_text(None, key, text)
        raw = copy.deepcopy(dict(self.raw))
        origins = dict(self.origins)
        for key, value in overrides.items():
            _set_dotted(raw, key, value, cited[key], adding)
            origins[key] = OVERRIDE_ORIGIN
        for key in overrides:
            section, _, rest = key.partition(".")
            if section in SOURCED_FIELDS:
                item = rest.partition(".")[0]
                check_sources(None, section, item, raw[section][item])
        return Scenario.from_raw(raw, origins, self.files)


def _set_dotted(raw: dict[str, Any], key: str, value: Any, source: str, adding: bool) -> None:
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
    table = raw.setdefault(section, {}) if adding else raw.get(section, {})
    if item not in table and not adding:
        known = ", ".join(table) or "none"
        raise ScenarioError(None, key, f"{key}: no such entry in [{section}]; known: {known}")
    entry = table.setdefault(item, {})
    entry[name] = value
    if name in SOURCED_FIELDS[section]:
        cited = entry.get("source")
        if isinstance(cited, str):  # one source for every number of the item: spread it
            entry["source"] = {f: cited for f in entry if f in SOURCED_FIELDS[section]}
        entry.setdefault("source", {})[name] = source


def _actuals_of(spec: ScenarioSpec, setter: Path | None, files: tuple[Path, ...]) -> Actuals | None:
    """The actuals file named in ``[scenario]``, relative to the file that names it."""
    found = _named_file(spec.scenario.actuals, "scenario.actuals", setter, files)
    if found is None:
        return None
    path, stamp = found
    indicators, money = _kinds(spec)
    return _read_actuals(path, stamp, indicators, money)


def _history_of(spec: ScenarioSpec, setter: Path | None, files: tuple[Path, ...]) -> History | None:
    """The history file named in ``[scenario]``, relative to the file that names it."""
    found = _named_file(spec.scenario.history, "scenario.history", setter, files)
    if found is None:
        return None
    path, stamp = found
    indicators, money = _kinds(spec)
    return _read_history(path, stamp, indicators, money, spec.scenario.base_year)


def _named_file(
    name: str | None, key: str, setter: Path | None, files: tuple[Path, ...]
) -> tuple[Path, int] | None:
    """``(path, modification stamp)`` of a file named by ``key``, relative to ``setter`` (the
    file that set the key; the leaf file for an override)."""
    if name is None:
        return None
    anchor = setter if setter is not None else (files[-1] if files else None)
    path = (anchor.parent if anchor is not None else Path.cwd()) / name
    try:
        info = path.stat()
    except OSError:
        raise ScenarioError(
            setter, key, f"{key} = {format_value(name)}: no such file ({path})"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise ScenarioError(setter, key, f"{key} = {format_value(name)}: is {kind}, not a CSV file")
    return path, info.st_mtime_ns


def _kinds(spec: ScenarioSpec) -> tuple[tuple[str, ...], tuple[tuple[str, bool], ...]]:
    """Indicator ids (plain, then derived) and, per id, whether a level must be >= 0."""
    indicators = (*spec.indicators, *spec.derived)
    money = tuple(
        (i, (spec.indicators.get(i) or spec.derived[i]).unit not in SHARE_UNITS) for i in indicators
    )
    return indicators, money


@lru_cache(maxsize=32)
def _read_actuals(
    path: Path, stamp: int, indicators: tuple[str, ...], money: tuple[tuple[str, bool], ...]
) -> Actuals:
    del stamp  # part of the cache key only: an edited file is read again
    return load_actuals(path, indicators, dict(money))


@lru_cache(maxsize=32)
def _read_history(
    path: Path,
    stamp: int,
    indicators: tuple[str, ...],
    money: tuple[tuple[str, bool], ...],
    base_year: int,
) -> History:
    del stamp  # part of the cache key only: an edited file is read again
    return load_history(path, indicators, dict(money), base_year)
