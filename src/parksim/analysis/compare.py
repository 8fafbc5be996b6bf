"""Scenarios side by side: targets, the assumptions that differ, projections at chosen years.

All scenarios run with the same paths, seed and pipeline realisations (the first scenario's
unless given). The engine keys its random streams by indicator, so the scenarios share their
random numbers and the differences come from the assumptions, not from noise.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

import pandas as pd

from parksim._version import __version__
from parksim.engine.run import simulate
from parksim.errors import ParksimError
from parksim.export.meta import (
    MetaItem,
    overrides_of,
    scenario_sha256,
    toml_value,
)
from parksim.export.tables import (
    assumption_records,
    projection_table,
    target_table,
)
from parksim.inputs.scenario import Scenario
from parksim.results.result import Result

# Every file names and describes itself: these always differ and are not assumptions.
IDENTITY_KEYS = frozenset(
    {"scenario.id", "scenario.name", "scenario.name_en", "scenario.description"}
)


@dataclass(frozen=True)
class Comparison:
    """Results of several scenarios on the same paths and seed, and the years to show."""

    results: tuple[Result, ...]
    years: tuple[int, ...]

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        return tuple(r.scenario for r in self.results)

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """Scenario ids, made unique (``baseline``, ``baseline (2)``) for column headers."""
        seen: dict[str, int] = {}
        labels = []
        for scenario in self.scenarios:
            seen[scenario.id] = seen.get(scenario.id, 0) + 1
            count = seen[scenario.id]
            labels.append(scenario.id if count == 1 else f"{scenario.id} ({count})")
        return tuple(labels)

    @cached_property
    def _targets(self) -> list[pd.DataFrame]:
        return [target_table(r).set_index("target") for r in self.results]

    def targets(self) -> pd.DataFrame:
        """One row per target (of any scenario): its definition in the first scenario that has
        it, then per scenario ``probability:<id>``, ``p50:<id>`` and, after the first,
        ``d_probability:<id>``, ``d_p50:<id>`` (difference to the first)."""
        order = list(dict.fromkeys(t for table in self._targets for t in table.index))
        definition = pd.concat(self._targets)
        definition = definition[~definition.index.duplicated()].reindex(order)
        wide = definition[["name", "name_en", "indicator", "unit", "year", "direction", "value"]]
        wide = wide.reset_index()
        for label, table in zip(self.labels, self._targets, strict=True):
            for stat in ("probability", "p50"):
                wide[f"{stat}:{label}"] = table[stat].reindex(order).to_numpy()
        _add_differences(wide, self.labels, ("probability", "p50"))
        return wide

    def projections(self) -> pd.DataFrame:
        """One row per indicator (of the first scenario) and chosen year: ``p50:<id>`` per
        scenario and ``d_p50:<id>`` (difference to the first)."""
        tables = [projection_table(r).set_index(["indicator", "year"]) for r in self.results]
        first = tables[0]
        rows = first.index[first.index.get_level_values("year").isin(self.years)]
        wide = first.loc[rows, ["name", "name_en", "unit"]].reset_index()
        for label, table in zip(self.labels, tables, strict=True):
            wide[f"p50:{label}"] = table["p50"].reindex(rows).to_numpy()
        _add_differences(wide, self.labels, ("p50",))
        return wide

    def assumptions(self) -> pd.DataFrame:
        """Every input (after inheritance) whose value is not the same in all scenarios: one
        row per key and scenario, with the value, its source and the file that set it."""
        return assumption_diff(self.scenarios, self.labels)

    def metadata(self, created_at: datetime) -> list[MetaItem]:
        """How the comparison was produced: version, run settings, command, per-scenario hash."""
        first = self.results[0]
        items = [
            MetaItem("parksim_version", "parksim 版本", "parksim version", __version__),
            MetaItem("paths", "模拟路径数", "Monte Carlo paths", first.n_paths),
            MetaItem("seed", "随机种子", "Seed", first.seed),
            MetaItem("years", "对比年份", "Years compared", ", ".join(map(str, self.years))),
            MetaItem("created_at", "生成时间(UTC)", "Created at (UTC)", created_at.isoformat()),
            MetaItem("command", "复现命令", "Command that reproduces these numbers", self.command),
        ]
        for label, scenario in zip(self.labels, self.scenarios, strict=True):
            files = " → ".join(str(f) for f in scenario.files)
            items.append(MetaItem(f"files:{label}", "情景文件", "Scenario files", files))
            sha = scenario_sha256(scenario)
            items.append(MetaItem(f"sha256:{label}", "情景 SHA-256", "Scenario SHA-256", sha))
            for key, value in overrides_of(scenario).items():
                text = f"{key}={toml_value(value)}"
                items.append(MetaItem(f"override:{label}", "覆盖值", "Override", text))
        return items

    @property
    def command(self) -> str:
        """``parksim compare`` with the files, paths, seed and years of this comparison."""
        first = self.results[0]
        argv = ["parksim", "compare", *(str(s.path) for s in self.scenarios)]
        argv += ["--paths", str(first.n_paths), "--seed", str(first.seed)]
        argv += ["--years", ",".join(map(str, self.years))]
        return shlex.join(argv)


def compare(
    scenarios: Sequence[Scenario],
    *,
    paths: int | None = None,
    seed: int | None = None,
    pipeline_runs: int | None = None,
    years: Sequence[int] | None = None,
) -> Comparison:
    """Simulate every scenario with the same paths, seed and pipeline realisations (default:
    the first scenario's); ``years`` for projections default to the target years and the
    horizon of the first scenario."""
    if not scenarios:
        raise ParksimError("compare: give at least one scenario")
    meta = scenarios[0].spec.scenario
    settings = {
        "paths": meta.paths if paths is None else paths,
        "seed": meta.seed if seed is None else seed,
        "pipeline_runs": meta.pipeline_runs if pipeline_runs is None else pipeline_runs,
    }
    chosen = tuple(sorted(set(years))) if years else default_years(scenarios[0])
    for scenario in scenarios:
        outside = [y for y in chosen if y not in scenario.years]
        if outside:
            raise ParksimError(
                f"{scenario.path}: year {outside[0]} is outside the scenario's "
                f"{scenario.base_year}-{scenario.horizon}; choose years within it"
            )
    results = tuple(
        simulate(s, settings["paths"], settings["seed"], pipeline_runs=settings["pipeline_runs"])
        for s in scenarios
    )
    return Comparison(results=results, years=chosen)


def default_years(scenario: Scenario) -> tuple[int, ...]:
    """The target deadlines and the horizon."""
    return tuple(sorted({t.year for t in scenario.targets.values()} | {scenario.horizon}))


def assumption_diff(
    scenarios: Sequence[Scenario], labels: Sequence[str] | None = None
) -> pd.DataFrame:
    """Inputs whose values differ between scenarios (identity keys aside): one row per key and
    scenario with ``value`` (native, ``None`` where a scenario lacks the key), ``source``,
    ``basis`` and ``set_by``. Empty when all scenarios agree."""
    labels = list(labels or [s.id for s in scenarios])
    records = [{r["key"]: r for r in assumption_records(s)} for s in scenarios]
    keys = list(dict.fromkeys(k for rec in records for k in rec))
    # A key only a later scenario has goes beside its item's other keys, not at the end.
    items = list(dict.fromkeys(k.rsplit(".", 1)[0] for k in keys))
    keys.sort(key=lambda k: items.index(k.rsplit(".", 1)[0]))
    rows = []
    for key in keys:
        if key in IDENTITY_KEYS:
            continue
        found = [rec.get(key) for rec in records]
        values = [None if r is None else r["value"] for r in found]
        if all(_same(values[0], v) for v in values[1:]):
            continue
        named = next(r for r in found if r is not None)
        for label, record, value in zip(labels, found, values, strict=True):
            rows.append(
                {
                    "key": key,
                    "name": named["name"],
                    "name_en": named["name_en"],
                    "scenario": label,
                    "value": value,
                    "same_as_first": _same(values[0], value),
                    "source": "" if record is None else record["source"],
                    "basis": "" if record is None else record["basis"],
                    "set_by": "" if record is None else record["set_by"],
                }
            )
    columns = ["key", "name", "name_en", "scenario", "value", "same_as_first"]
    return pd.DataFrame(rows, columns=[*columns, "source", "basis", "set_by"])


# ----------------------------------------------------------------------------- helpers


def _add_differences(wide: pd.DataFrame, labels: Sequence[str], stats: Sequence[str]) -> None:
    for label in labels[1:]:
        for stat in stats:
            wide[f"d_{stat}:{label}"] = wide[f"{stat}:{label}"] - wide[f"{stat}:{labels[0]}"]


def _same(a: Any, b: Any) -> bool:
    """Equal values: ``25`` and ``25.0`` are the same number, ``1`` and ``true`` are not."""
    if is_number(a) and is_number(b):
        return bool(a == b) or (math.isnan(a) and math.isnan(b))
    return type(a) is type(b) and bool(a == b)


def is_number(value: Any) -> bool:
    """A number, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)
