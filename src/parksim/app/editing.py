"""编辑情景: the scenario's indicators, targets and pipelines as tables a planner edits, read
back as changes (each with its source) and applied like an override.

The tables are the planners' workbook sheets (:mod:`parksim.inputs.workbook_layout`): the
same columns, the same cell reader (``3000亿``, ``12%``, year tables ``2021-2025: 8%``), the
same source column beside every number. A change is a dotted key, its value and its source;
the changes apply through :meth:`Scenario.with_overrides` (validated as a file would be) and
are saved as the child file's own values. No Streamlit here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from parksim.errors import ScenarioError
from parksim.inputs.plaintext import cut_text
from parksim.inputs.scenario import Scenario
from parksim.inputs.workbook_cells import cell_text, cell_value, sheet_records
from parksim.inputs.workbook_layout import INDICATORS, PIPELINES, TARGETS, Field, SheetLayout
from parksim.inputs.workbook_sheets import header_of
from parksim.text.words import WORDS, Lang, word

LAYOUTS: dict[str, SheetLayout] = {s.key: s for s in (INDICATORS, TARGETS, PIPELINES)}
SHOWN = {  # the columns a planner edits most; the others on request
    "indicators": ("name", "unit", "base", "growth", "volatility", "growth_sd", "cap"),
    "targets": ("indicator", "name", "value", "year", "direction"),
    "pipelines": (
        "arrivals_per_year", "success_rate", "approval_staff", "approval_days",
        "land_per_year", "build_years", "ramp_years", "output_per_project.median",
    ),
}  # fmt: skip
WIDTHS = {"id": 120, "text": 150, "source": 260, "longtext": 260}  # px; numbers: NUMBER_WIDTH
NUMBER_WIDTH = 110
NESTED = "output_per_project"  # a pipeline's one table-valued field: median and spread
ASSUMPTION = "assumption: edited in the app by {author}"


@dataclass(frozen=True)
class Change:
    """One edited value: ``section.item.field``, the value as JSON (hashable), its source."""

    key: str
    value_json: str
    source: str

    @property
    def value(self) -> Any:
        return json.loads(self.value_json)


Changes = tuple[Change, ...]


@dataclass(frozen=True)
class Problem:
    """A cell that cannot be read or a value the scenario's rules refuse."""

    section: str
    row: int  # 1-based, as the table shows it
    column: str  # a column key of the layout ("" for the row)
    value: str
    rule: str  # a word key ``edit.…``, or the reader's own text (English)

    def text(self, lang: Lang) -> str:
        """``指标 · 第 3 行 · 基期值: '12x' must be a number``, in one line."""
        where = word(f"wb.sheet.{self.section}", lang)
        column = header_of(self.section, self.column, WORDS)[lang == "en"] if self.column else ""
        row = word("edit.row", lang).format(n=self.row) if self.row else ""
        place = " · ".join(p for p in (where, row, column) if p)
        shown = f" {cut_text(self.value)!r}" if self.value else ""
        rule = word(self.rule, lang) if self.rule.startswith("edit.") else self.rule
        return f"{place}:{shown} {rule}"


def columns(section: str, everything: bool = False) -> tuple[tuple[str, Field], ...]:
    """The table's columns (key, field): the id, then the fields shown, each number's source
    beside it."""
    layout = LAYOUTS[section]
    wanted = {"id", *SHOWN[section]}
    out = []
    for key, field in layout.columns():
        source_of = key.removeprefix("source.") if key.startswith("source.") else None
        cited = source_of is not None and _cited_by(layout, source_of) in wanted
        if everything or key in wanted or cited:
            out.append((key, field))
    return tuple(out)


def _cited_by(layout: SheetLayout, sourced: str) -> str:
    """The column whose number a ``source.<sourced>`` column cites."""
    return next((f.key for f in layout.fields if f.source == sourced), sourced)


def width(field: Field) -> int:
    """A column's width in pixels: ids and names readable, sources wide, numbers narrow."""
    return WIDTHS.get(field.kind, NUMBER_WIDTH)


def table(scenario: Scenario, section: str, everything: bool = False) -> pd.DataFrame:
    """The section's items as text cells, one row each, in the file's order."""
    fields = dict(columns(section, everything))
    rows = [
        {k: _cell(record.get(k), field) for k, field in fields.items()}
        for record in sheet_records(LAYOUTS[section], scenario.raw)
    ]
    return pd.DataFrame(rows, columns=list(fields), dtype=object)


def _cell(value: Any, field: Field) -> str:
    return "" if value is None else cell_text(value, field)


def unit_of(scenario: Scenario, section: str, row: Mapping[str, Any]) -> str | None:
    """The unit of a row's amounts: its own (an indicator's) or its indicator's."""
    if section == "indicators":
        return str(row.get("unit") or "") or None
    indicator = str(row.get("indicator") or "")
    known = indicator in scenario.all_indicator_ids
    return scenario.unit_of(indicator) if known else None


def read_changes(
    scenario: Scenario,
    section: str,
    before: pd.DataFrame,
    after: pd.DataFrame,
    author: str,
    kept: Iterable[Change] = (),
) -> tuple[list[Change], list[Problem]]:
    """The changes an edited table holds against ``before``, or the cells that cannot be
    read. A changed number without a changed source gets the source it was given before
    (``kept``), else ``"assumption: edited in the app by <author>"``."""
    fields = dict(LAYOUTS[section].columns())
    earlier = {c.key: c.source for c in kept}
    changes: list[Change] = []
    problems: list[Problem] = []
    old_rows = [{str(k): v for k, v in r.items()} for r in before.to_dict("records")]
    for n, raw in enumerate(after.to_dict("records")):
        row = {str(k): v for k, v in raw.items()}
        old = old_rows[n] if n < len(old_rows) else {}
        found, wrong = _row_changes(scenario, section, row, old, fields, n + 1)
        problems += wrong
        for key, (value, typed_source) in found.items():
            default = earlier.get(key) or ASSUMPTION.format(author=author.strip() or "?")
            changes.append(Change(key, json.dumps(value), typed_source or default))
    return changes, problems


def _row_changes(
    scenario: Scenario,
    section: str,
    row: Mapping[str, Any],
    old: Mapping[str, Any],
    fields: Mapping[str, Field],
    number: int,
) -> tuple[dict[str, tuple[Any, str]], list[Problem]]:
    """One row's changed values (by dotted key) with the source typed beside each, if any."""
    text = {k: _text(v) for k, v in row.items()}
    before = {k: _text(v) for k, v in old.items()}
    item = text.get("id", "")
    if not any(text.values()):
        return {}, []
    if not item or (before and item != before.get("id")):
        return {}, [Problem(section, number, "id", item or before.get("id", ""), "edit.id_rule")]
    unit = unit_of(scenario, section, text)
    found: dict[str, tuple[Any, str]] = {}
    problems: list[Problem] = []
    for key, cell in text.items():
        if key == "id" or key.startswith("source.") or cell == before.get(key, ""):
            continue
        field = fields[key]
        if not cell:
            problems.append(Problem(section, number, key, "", "edit.no_blank"))
            continue
        try:
            value = cell_value(cell, field, unit)
        except ValueError as exc:
            problems.append(Problem(section, number, key, cell, str(exc)))
            continue
        dotted = _dotted(section, item, key)
        if key.startswith(f"{NESTED}."):  # one part of the table: laid over the current one
            table = dict(found.get(dotted, (_current(scenario, dotted) or {}, ""))[0])
            value = {**table, key.split(".", 1)[1]: value}
        found[dotted] = (value, "")
    for key, cell in text.items():  # a source typed (or changed) for a number of this row
        if key.startswith("source.") and cell and cell != before.get(key, ""):
            cited = _cited_by(LAYOUTS[section], key.removeprefix("source."))
            dotted = _dotted(section, item, cited)
            value = found.get(dotted, (_current(scenario, dotted), ""))[0]
            found[dotted] = (value, cell)
    return found, problems


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _dotted(section: str, item: str, key: str) -> str:
    """``pipelines.x.output_per_project.median`` → ``pipelines.x.output_per_project``."""
    field = key.split(".")[0]
    return f"{section}.{item}.{field}" if field == NESTED else f"{section}.{item}.{key}"


def _current(scenario: Scenario, key: str) -> Any:
    section, item, field = key.split(".", 2)
    return scenario.raw.get(section, {}).get(item, {}).get(field)


def applied(scenario: Scenario, changes: Sequence[Change]) -> Scenario:
    """The scenario with the changes, validated as a file would be (``ScenarioError``)."""
    if not changes:
        return scenario
    values = {c.key: c.value for c in changes}
    return scenario.with_overrides(values, sources={c.key: c.source for c in changes}, adding=True)


def merged(kept: Iterable[Change], section: str, new: Iterable[Change]) -> Changes:
    """The changes of the other sections kept, this section's replaced, sorted by key."""
    others = [c for c in kept if not c.key.startswith(f"{section}.")]
    return tuple(sorted([*others, *new], key=lambda c: c.key))


def problem_of(error: ScenarioError, tables: Mapping[str, pd.DataFrame]) -> Problem:
    """A rule the scenario refuses, placed at the row and column of its key when it has one."""
    key = error.key or ""
    section, _, rest = key.partition(".")
    item, _, field = rest.partition(".")
    rule = str(error).split(": ", 1)[-1] if ": " in str(error) else str(error)
    frame = tables.get(section)
    if frame is None or "id" not in frame:
        return Problem(next(iter(tables), "indicators"), 0, "", "", str(error))
    ids = [str(i) for i in frame["id"]]
    row = ids.index(item) + 1 if item in ids else 0
    column = field if field in frame.columns else ""
    value = str(frame.iloc[row - 1][column]) if row and column else ""
    return Problem(section, row, column, value, rule)
