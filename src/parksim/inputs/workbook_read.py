"""Reading the planners' workbook into a scenario document, its actual figures and its history.

The workbook is hostile territory: what Excel can hide is refused (merged cells, hidden rows
and columns, formulas without a saved value, dates typed into years, sheets added, missing or
renamed, a sheet too long to read), and every problem found is one line naming the sheet, the
row, the column and the value; all of them are listed together. Values, never formulas: a
formula's saved result is read (``data_only``); one Excel never calculated is refused. The
document is then validated exactly as a TOML file is (:mod:`parksim.inputs.workbook_import`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from parksim.errors import ScenarioError
from parksim.inputs.workbook_cells import cell_value
from parksim.inputs.workbook_layout import (
    HEADER_ROWS,
    MAX_ROWS,
    SHEETS,
    SheetLayout,
)
from parksim.inputs.workbook_sheets import (
    Headers,
    Problems,
    Where,
    Words,
    check_shape,
    open_sheets,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .xlsx holds
ENCRYPTED = (
    "is a password-protected (encrypted) workbook, an OLE file that cannot be read; remove "
    "the password (文件 → 信息 → 保护工作簿 → 用密码进行加密) and save again"
)
FIRST = ("unit", "indicator", "basis")  # read before the amounts they give a unit to
UNCALCULATED = (
    "is a formula Excel never calculated (no saved value); open the file in Excel and "
    "save it, or type the value"
)


@dataclass
class WorkbookContent:
    """What a workbook holds: the scenario document (TOML tables), the actuals and history
    rows (CSV columns to values), and where each dotted key and CSV line came from."""

    document: dict[str, Any] = field(default_factory=dict)
    actuals: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    cells: dict[str, Where] = field(default_factory=dict)
    rows: dict[str, list[Where]] = field(default_factory=dict)  # per CSV sheet, by data line
    headers: dict[str, Headers] = field(default_factory=dict)  # per sheet


def read_workbook(data: bytes, path: Path, words: Words) -> WorkbookContent:
    """The content of a workbook file's bytes; ``ScenarioError`` (with every problem found,
    up to ``ScenarioError.MAX_MORE`` more) when it cannot be imported as it is."""
    values, formulas = _open(data, path)
    problems = Problems(path)
    sheets = open_sheets(values, words, problems, path)
    problems.raise_any()
    content = WorkbookContent()
    units: dict[str, str] = {}
    for layout in SHEETS:
        ws, title = sheets[layout.key]
        headers = Headers.read(ws, layout, title, words, problems)
        content.headers[layout.key] = headers
        check_shape(ws, title, problems)
        _read_sheet(ws, formulas[ws.title], layout, headers, content, units, problems)
    if "scenario" not in content.document and "scenario" in sheets:
        where = content.headers["scenario"].where(HEADER_ROWS + 1, "id")
        problems.add(where, None, "the scenario row is empty: give at least id, names and years")
    problems.raise_any()
    return content


def _open(data: bytes, path: Path) -> tuple[Workbook, Workbook]:
    """The workbook twice: saved values, and formulas (to tell a formula from a blank)."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            problem = ENCRYPTED
        else:
            problem = "is an old Excel 97–2003 file (.xls); save it as an Excel workbook (.xlsx)"
        raise ScenarioError(path, None, problem)
    if not data.startswith(b"PK"):
        raise ScenarioError(path, None, "is not an Excel workbook (.xlsx)")
    _check_size(data, path)
    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise ScenarioError(
            path, None, "is not an Excel workbook (.xlsx) that can be read"
        ) from None
    return values, formulas


def _check_size(data: bytes, path: Path) -> None:
    """Refuse a sheet of more than ``MAX_ROWS`` rows before loading it whole: streamed
    (read-only), so a 50,000-row sheet costs only the first rows' time and memory."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise ScenarioError(
            path, None, "is not an Excel workbook (.xlsx) that can be read"
        ) from None
    try:
        for ws in book.worksheets:
            for count, _ in enumerate(ws.iter_rows(values_only=True), start=1):
                if count > MAX_ROWS + HEADER_ROWS:
                    raise ScenarioError(
                        path,
                        None,
                        f"sheet {ws.title}: more than {MAX_ROWS:,} rows below the headers; a "
                        f"workbook sheet holds at most {MAX_ROWS:,} (delete the empty rows "
                        f"below the table, or split the figures)",
                    )
    finally:
        book.close()


def _read_sheet(
    ws: Worksheet,
    formulas: Worksheet,
    layout: SheetLayout,
    headers: Headers,
    content: WorkbookContent,
    units: dict[str, str],
    problems: Problems,
) -> None:
    """Every non-blank data row of one sheet into the content."""
    for number in range(HEADER_ROWS + 1, ws.max_row + 1):
        cells = list(headers.cells(ws, formulas, number, problems))
        if all(cell.value is None and formula.value is None for _, cell, formula in cells):
            continue
        record: dict[str, Any] = {}
        for key, cell, formula in sorted(cells, key=lambda c: c[0] not in FIRST):
            where = headers.where(number, key)
            if formula.data_type == "f" and cell.value is None:
                problems.add(where, formula.value, UNCALCULATED)
            elif cell.data_type == "e":  # #DIV/0!, #REF!, … saved as the formula's result
                problems.add(where, cell.value, "is an Excel error value; fix the formula")
            elif cell.value is not None:
                unit = _unit(layout, key, record, units)
                try:
                    record[key] = cell_value(cell.value, headers.field(key), unit)
                except ValueError as exc:
                    problems.add(where, cell.value, str(exc))
        record = {key: record[key] for key, _, _ in cells if key in record}  # sheet order
        _store(layout, record, number, headers, content, units, problems)


def _unit(
    layout: SheetLayout, key: str, record: Mapping[str, Any], units: Mapping[str, str]
) -> str | None:
    """The unit of this row's amounts: its own (indicators) or its indicator's; a history
    ``growth`` row's value is a rate."""
    if layout.key == "history" and key == "value" and record.get("basis") == "growth":
        return "share"
    unit = record.get("unit")
    if isinstance(unit, str):
        return unit
    return units.get(str(record.get("indicator")))


def _store(
    layout: SheetLayout,
    record: dict[str, Any],
    number: int,
    headers: Headers,
    content: WorkbookContent,
    units: dict[str, str],
    problems: Problems,
) -> None:
    """One row's values into the document (or the actuals/history rows)."""
    if not record:
        return
    if layout.key in ("actuals", "history"):
        getattr(content, layout.key).append(record)
        content.rows.setdefault(layout.key, []).append(headers.where(number, "indicator"))
        return
    if layout.key == "scenario":
        if "scenario" in content.document:
            problems.add(
                headers.where(number, "id"),
                record.get("id"),
                "the scenario sheet holds one row (one scenario per workbook)",
            )
            return
        _store_scenario(record, number, headers, content)
        return
    item_id = record.pop("id", None)
    if item_id is None:
        problems.add(headers.where(number, "id"), None, "id is empty; every row needs an id")
        return
    section = content.document.setdefault(layout.key, {})
    if item_id in section:
        problems.add(headers.where(number, "id"), item_id, "appears twice in this sheet")
        return
    if "unit" in record:
        units[item_id] = record["unit"]
    item: dict[str, Any] = {}
    prefix = f"{layout.key}.{item_id}"
    content.cells[prefix] = headers.where(number, "id")
    for key, value in record.items():
        _nest(item, key, value)
        content.cells[f"{prefix}.{key}"] = headers.where(number, key)
    section[item_id] = item


def _store_scenario(
    record: dict[str, Any], number: int, headers: Headers, content: WorkbookContent
) -> None:
    for key in headers.shown:  # every column, so that a missing key finds its empty cell
        content.cells[key if "." in key else f"scenario.{key}"] = headers.where(number, key)
    for key, value in record.items():
        section, _, name = key.rpartition(".")
        table = content.document.setdefault(section or "scenario", {})
        table[name] = value
        content.cells[key if section else f"scenario.{key}"] = headers.where(number, key)
    content.document.setdefault("scenario", {})
    content.document["scenario"] = content.document.pop("scenario")  # first in the file
    status = content.document.pop("status", None)
    if status is not None:
        content.document["status"] = status


def _nest(item: dict[str, Any], key: str, value: Any) -> None:
    """``source.base`` and ``output_per_project.median`` as nested tables."""
    head, dot, rest = key.partition(".")
    if not dot:
        item[key] = value
        return
    _nest(item.setdefault(head, {}), rest, value)
