"""A scenario written as the planners' workbook (``parksim export --format workbook``), and
the empty-but-for-an-example template (``parksim template``).

The sheets and columns are :mod:`parksim.inputs.workbook_layout`'s, so that what is written
here reads back through :mod:`parksim.inputs.workbook_read` into the same scenario: numbers
keep every digit, year tables and ranges are written as the reader parses them, and text
that looks like a formula is stored as text (it never becomes one).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parksim.export.xlsx import HEADER_FILL
from parksim.inputs.actuals import COLUMNS as ACTUAL_COLUMNS
from parksim.inputs.actuals import OPTIONAL_COLUMNS as ACTUAL_OPTIONAL
from parksim.inputs.history import COLUMNS as HISTORY_COLUMNS
from parksim.inputs.history import OPTIONAL_COLUMNS as HISTORY_OPTIONAL
from parksim.inputs.loader import load_scenario, read_toml
from parksim.inputs.plaintext import is_formula_like
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SOURCED_FIELDS
from parksim.inputs.tablefile import number, read_text, table_rows
from parksim.inputs.workbook_cells import cell_text, sheet_records
from parksim.inputs.workbook_layout import HEADER_ROWS, MAX_ROWS, SHEETS, Field, SheetLayout
from parksim.inputs.workbook_sheets import header_of, title_of
from parksim.text.words import WORDS

EXAMPLE = "example/park.toml"  # the template's example rows: a small scenario that loads
HELP_KEYS = tuple(k for k in WORDS if k.startswith("wb.help."))
PERCENT = "0.0##%"  # shown as a percentage; stored as the fraction, every digit kept
Rows = list[dict[str, Any]]
CSV_COLUMNS = {
    "actuals": (ACTUAL_COLUMNS, ACTUAL_OPTIONAL),
    "history": (HISTORY_COLUMNS, HISTORY_OPTIONAL),
}


def scenario_workbook(scenario: Scenario, *, own: bool = False) -> bytes:
    """``scenario`` as a workbook: after inheritance, or with ``own`` only what its own file
    sets (a child's changes, its ``extends`` kept)."""
    if own:
        document = _spread_sources(read_toml(scenario.path))
        meta = document.get("scenario", {})
        folder = scenario.path.parent
        actuals = _csv_rows(folder, meta.get("actuals"), "actuals")
        history = _csv_rows(folder, meta.get("history"), "history")
    else:
        document = copy.deepcopy(dict(scenario.raw))
        actuals = [] if scenario.actuals is None else _rows(scenario.actuals.file, "actuals")
        history = [] if scenario.history is None else _rows(scenario.history.file, "history")
    return workbook_bytes(document, actuals, history)


def template_workbook() -> bytes:
    """The template: every sheet with its headers, validations and one example row each."""
    example = Path(str(files("parksim.export").joinpath(EXAMPLE)))
    return scenario_workbook(load_scenario(example))


def workbook_bytes(document: Mapping[str, Any], actuals: Rows, history: Rows) -> bytes:
    """A scenario document and its CSV rows as the workbook's bytes."""
    book = Workbook()
    _instructions(book.active)  # type: ignore[arg-type]
    for layout in SHEETS:
        ws = book.create_sheet(title_of(layout.key, WORDS))
        rows = {"actuals": actuals, "history": history}.get(layout.key)
        _write_sheet(ws, layout, sheet_records(layout, document) if rows is None else rows)
    stamp = datetime(2020, 1, 1)  # a fixed date: the same scenario gives the same bytes
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "parksim"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(ws: Worksheet) -> None:
    ws.title = title_of("instructions", WORDS)
    for key in HELP_KEYS:
        ws.append(list(WORDS[key]))
    ws["A1"].font = ws["B1"].font = Font(bold=True)
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 90
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_sheet(ws: Worksheet, layout: SheetLayout, rows: Rows) -> None:
    columns = layout.columns()
    for r, language in enumerate((0, 1), start=1):
        for j, (key, _) in enumerate(columns, start=1):
            cell = ws.cell(row=r, column=j, value=header_of(layout.key, key, WORDS)[language])
            cell.font = Font(bold=r == 1, italic=r == 2)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, record in enumerate(rows, start=HEADER_ROWS + 1):
        for j, (key, field) in enumerate(columns, start=1):
            if record.get(key) is not None:
                _write_cell(ws, i, j, record[key], field)
    for j, (_, field) in enumerate(columns, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = 40 if field.kind in ("source", "longtext") else 16
        _validate(ws, letter, field)
    ws.freeze_panes = f"{'B' if layout.keyed else 'A'}{HEADER_ROWS + 1}"


def _write_cell(ws: Worksheet, row: int, column: int, value: Any, field: Field) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Mapping | list):
        value = cell_text(value, field)
    if isinstance(value, str):
        cell.value = value
        if is_formula_like(value):
            # Text with Excel's quote prefix, as typing '=… does: shown, never evaluated.
            cell.data_type = "s"
            cell.quotePrefix = True
        if field.kind in ("source", "longtext"):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return
    cell.value = value
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        # openpyxl writes 16 digits; a number that needs 17 is written as its exact repr.
        cell.value = repr(value)
        cell.data_type = "n"
    if field.rate and not isinstance(value, bool):
        cell.number_format = PERCENT


def _validate(ws: Worksheet, letter: str, field: Field) -> None:
    """Excel's own checks, where the rule is simple: lists and number ranges."""
    cells = f"{letter}{HEADER_ROWS + 1}:{letter}{MAX_ROWS + HEADER_ROWS}"
    rule: DataValidation | None = None
    if field.choices:
        strict = field.kind == "choice"  # units and scopes may be others: a warning only
        rule = DataValidation(
            type="list",
            formula1='"' + ",".join(field.choices) + '"',
            allow_blank=True,
            errorStyle="stop" if strict else "warning",
        )
    elif field.kind in ("int", "amount", "rate", "number") and field.low is not None:
        kind: Literal["whole", "decimal"] = "whole" if field.kind == "int" else "decimal"
        between = field.high is not None
        rule = DataValidation(
            type=kind,
            operator="between" if between else "greaterThanOrEqual",
            formula1=f"{field.low:g}",
            formula2=f"{field.high:g}" if between else None,
            allow_blank=True,
        )
    if rule is not None:
        rule.error = f"{field.key}: {_rule_text(field)}"
        rule.showErrorMessage = True
        ws.add_data_validation(rule)
        rule.add(cells)


def _rule_text(field: Field) -> str:
    if field.choices:
        return " / ".join(field.choices)
    high = f"..{field.high:g}" if field.high is not None else " or more"
    return f"{field.low:g}{high}"


def _spread_sources(document: Mapping[str, Any]) -> dict[str, Any]:
    """A file's own document, each table's one ``source`` spread over the numbers it cites."""
    spread = copy.deepcopy(dict(document))
    for section, fields in SOURCED_FIELDS.items():
        for item in spread.get(section, {}).values():
            source = item.get("source")
            if isinstance(source, str):
                item["source"] = {f: source for f in fields if f in item or f == "formula"}
    return spread


def _csv_rows(folder: Path, name: Any, sheet: str) -> Rows:
    return _rows(folder / name, sheet) if isinstance(name, str) else []


def _rows(path: Path, sheet: str) -> Rows:
    """The rows of an actuals or history CSV as written (revisions and all), numbers as
    numbers: the sheet holds what the file holds."""
    columns, optional = CSV_COLUMNS[sheet]
    text, _ = read_text(path, f"a {sheet}")
    rows: Rows = []
    for line, cells in table_rows(path, text, tuple(columns), optional):
        row: dict[str, Any] = dict(cells)
        for key in ("value", "yoy"):
            if key in row:
                row[key] = number(path, line, key, row[key])
        if "year" in row:
            row["year"] = int(row["year"])
        if "break" in row:
            row["break"] = row["break"].lower() == "true" if row["break"] else None
        rows.append({k: (None if v == "" else v) for k, v in row.items()})
    return rows
