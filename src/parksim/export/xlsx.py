"""Writing sheets of planner tables to an Excel workbook (openpyxl).

A sheet is declared, not coded: ``Sheet(title, frame, columns)``, each ``Column`` naming its
key, Chinese and English header and number format. Two header rows (Chinese, English) are
frozen, with a filter on them; numbers keep full precision and are only *shown* rounded.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from parksim.inputs.plaintext import is_formula_like
from parksim.text.labels import is_share, text_width
from parksim.text.words import WORDS, both

Kind = Literal["text", "int", "amount", "percent", "number", "days", "by_unit", "status"]
FORMATS: dict[str, str] = {
    "int": "0",
    "amount": "#,##0.0",  # 亿元 with one decimal
    "percent": "0.0%",
    "number": "#,##0.0",
    "days": "#,##0",
}
STATUS_STYLE = {  # Excel's own "Good", "Neutral" and "Bad" cell styles
    "on_track": ("C6EFCE", "006100"),
    "at_risk": ("FFEB9C", "9C5700"),
    "off_track": ("FFC7CE", "9C0006"),
    "ahead": ("C6EFCE", "006100"),
    "on_pace": ("C6EFCE", "006100"),
    "behind": ("FFC7CE", "9C0006"),
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
MIN_WIDTH, MAX_WIDTH = 6, 60
LINE_HEIGHT = 15  # points per line of 11-point text


@dataclass(frozen=True)
class Column:
    """One column of a sheet: ``key`` in the frame, headers, how values are shown.

    ``by_unit`` shows a row as a percentage when its ``unit`` column is a share, else as an
    amount; ``status`` shows a status code in both languages on its traffic-light colour.
    """

    key: str
    kind: Kind = "text"
    header: str | None = None  # the word table's ``col.<header>``; defaults to ``key``
    width: int | None = None  # fixed width; long texts wrap
    labels: tuple[str, str] | None = None  # (zh, en) headers, instead of ``header``


@dataclass(frozen=True)
class Sheet:
    """A titled table; ``freeze_columns`` keeps the first columns in view when scrolling."""

    title: str
    frame: pd.DataFrame
    columns: Sequence[Column]
    freeze_columns: int = 0
    bilingual: bool = True  # False: one header row of column keys (for other tools to read)


def workbook_bytes(sheets: Sequence[Sheet], created_at: datetime) -> bytes:
    """The sheets as an .xlsx file; the workbook's created/modified dates are ``created_at``."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for sheet in sheets:
        _write_sheet(book.create_sheet(sheet.title), sheet)
    stamp = created_at.replace(tzinfo=None)  # openpyxl stores naive UTC
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "parksim"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    if sheet.bilingual:
        headers = [c.labels or _header(c.header or c.key) for c in sheet.columns]
        ws.append([zh for zh, _ in headers])
        ws.append([en for _, en in headers])
    else:
        headers = [(c.key, c.key) for c in sheet.columns]
        ws.append([int(c.key) if c.key.isdigit() else c.key for c in sheet.columns])
    top = ws.max_row  # header rows
    for row in ws.iter_rows(max_row=top):
        for cell in row:
            cell.font = Font(bold=cell.row == 1, italic=cell.row == 2)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    frame = sheet.frame
    units = frame["unit"].tolist() if "unit" in frame.columns else [""] * len(frame)
    lines = [1] * len(frame)  # text lines per data row, for the row heights
    for j, column in enumerate(sheet.columns, start=1):
        values = frame[column.key].tolist() if column.key in frame.columns else []
        shown = [
            _write_cell(ws, top + 1 + i, j, value, column.kind, units[i])
            for i, value in enumerate(values)
        ]
        widest = max([text_width(str(h)) for h in headers[j - 1]] + shown)
        width = column.width or min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(j)].width = width
        if widest + 2 > width:
            for i, (cell,) in enumerate(ws.iter_rows(min_row=top + 1, min_col=j, max_col=j)):
                cell.alignment = WRAP
                lines[i] = max(lines[i], math.ceil(shown[i] / (width - 2)))
    # Explicit heights: not every spreadsheet fits wrapped rows by itself.
    for i, count in enumerate(lines):
        if count > 1:
            ws.row_dimensions[top + 1 + i].height = LINE_HEIGHT * count
            for cell in ws[top + 1 + i]:
                if not cell.alignment.wrap_text:
                    cell.alignment = TOP
    ws.freeze_panes = f"{get_column_letter(sheet.freeze_columns + 1)}{top + 1}"
    if len(frame):
        last = get_column_letter(len(sheet.columns))
        ws.auto_filter.ref = f"A{top}:{last}{top + len(frame)}"
    # Printed (or saved as PDF) for a report: landscape, one page wide, headers on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"1:{top}"


def _write_cell(ws: Worksheet, row: int, col: int, value: Any, kind: Kind, unit: Any) -> int:
    """Write one value; return about how many characters it shows."""
    if kind == "status":
        fill, font = STATUS_STYLE.get(str(value), ("FFFFFF", "000000"))
        text = _status_text(str(value))
        cell = ws.cell(row=row, column=col, value=text)
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=font)
        return text_width(text)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0
    if isinstance(value, str):
        cell = ws.cell(row=row, column=col, value=value)
        if is_formula_like(value):
            # Stored as text with Excel's quote prefix, exactly as typing '=… in Excel does:
            # the cell shows the text and is never evaluated, even after editing.
            cell.data_type = "s"
            cell.quotePrefix = True
        return text_width(value)
    if kind == "by_unit":
        kind = "percent" if is_share(str(unit)) else "amount"
    cell = ws.cell(row=row, column=col, value=_plain(value))
    if kind in FORMATS:
        cell.number_format = FORMATS[kind]
    return 12 if kind != "int" else 5


def _header(name: str) -> tuple[str, str]:
    """The (zh, en) header of a column from the word table; its key when it has none."""
    return WORDS.get(f"col.{name}", (name, name))


def _status_text(code: str) -> str:
    """A target status or a tracking pace in both languages, ``"难以达成 off track"``."""
    for group in ("status", "pace"):
        if f"{group}.{code}" in WORDS:
            return both(f"{group}.{code}")
    return f"{code} {code}"


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers (openpyxl accepts both; this keeps types simple)."""
    return value.item() if hasattr(value, "item") else value
