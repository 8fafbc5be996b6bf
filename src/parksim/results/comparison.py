"""Several results side by side (:class:`Comparison`): targets, projections and assumption
differences read from the first scenario."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import pandas as pd

from parksim._version import __version__
from parksim.inputs.diff import assumption_diff
from parksim.inputs.digest import scenario_sha256
from parksim.inputs.overrides import overrides_of, toml_value
from parksim.inputs.scenario import Scenario
from parksim.results.protocol import Result
from parksim.results.tables import MetaItem, projection_table, target_table


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


def default_years(scenario: Scenario) -> tuple[int, ...]:
    """The target deadlines and the horizon."""
    return tuple(sorted({t.year for t in scenario.targets.values()} | {scenario.horizon}))


def _add_differences(wide: pd.DataFrame, labels: Sequence[str], stats: Sequence[str]) -> None:
    for label in labels[1:]:
        for stat in stats:
            wide[f"d_{stat}:{label}"] = wide[f"{stat}:{label}"] - wide[f"{stat}:{labels[0]}"]
