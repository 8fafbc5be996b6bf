"""A workbook's sheets and headers found by name, what Excel can hide refused, and the
problems gathered so that a planner sees them all at once (up to ``ScenarioError.MAX_MORE``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from parksim.errors import ScenarioError
from parksim.inputs.schema import format_value
from parksim.inputs.workbook_cells import date_text
from parksim.inputs.workbook_layout import HEADER_ROWS, INSTRUCTIONS, SHEETS, Field, SheetLayout

Words = Mapping[str, tuple[str, str]]
HIDDEN_SHEET = "the sheet is hidden; unhide it (右键 → 取消隐藏)"
RENAMED = "rename the sheet back to {!r}: sheets are found by their names"
EXTRA = (
    "is not a sheet of a parksim workbook (its sheets: {}); delete it or move its rows "
    "into one of them"
)
MISSING = "sheet {!r} is missing (start from `parksim template`)"
MERGED = "cells {} are merged; unmerge them (取消单元格合并) and fill every cell"
HIDDEN_ROW = (
    "the row is hidden (or filtered out); unhide it or delete it, so that what is imported "
    "is what you see"
)
HIDDEN_COLUMN = "column {} is hidden; unhide it or delete it"
UNKNOWN = "unknown column header; the headers of this sheet are: {}"
UNNAMED = "a value in a column without a header; give the column its header or clear it"


@dataclass(frozen=True)
class Where:
    """A cell as a planner finds it: the sheet's title, the row number, the column header."""

    sheet: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [f"sheet {self.sheet}"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass
class Problems:
    """The problems found so far, each a one-line ``ScenarioError`` naming the workbook."""

    path: Path
    found: list[ScenarioError] = field(default_factory=list)

    def add(self, where: Where | None, value: Any, rule: str) -> None:
        shown = "" if value is None else f" = {format_value(_plain(value))}"
        place = f"{where}{shown}: " if where is not None else ""
        self.found.append(ScenarioError(self.path, None, f"{place}{rule}"))

    def raise_any(self) -> None:
        if self.found:
            first, *more = self.found
            raise ScenarioError(
                first.path, None, first.problem, tuple(more[: ScenarioError.MAX_MORE])
            )


def title_of(key: str, words: Words) -> str:
    """A sheet's title, ``指标 Indicators``: Chinese, then English."""
    zh, en = words[f"wb.sheet.{key}"]
    return f"{zh} {en}"


def header_of(sheet: str, column: str, words: Words) -> tuple[str, str]:
    """A column's two header rows: ``wb.col.<sheet>.<key>`` if the sheet has its own word,
    else ``wb.col.<key>``; a source column is ``wb.source`` around its number's header."""
    if column.startswith("source."):
        zh, en = header_of(sheet, column.removeprefix("source."), words)
        zh_of, en_of = words["wb.source"]
        return zh_of.format(zh), en_of.format(en)
    return words.get(f"wb.col.{sheet}.{column}") or words[f"wb.col.{column}"]


def open_sheets(
    book: Workbook, words: Words, problems: Problems, path: Path
) -> dict[str, tuple[Worksheet, str]]:
    """``{sheet key: (worksheet, title)}``: every sheet found by its title. A missing,
    renamed, added or hidden sheet is a problem."""
    wanted = {_norm(title_of(s.key, words)): s.key for s in SHEETS}
    halves = {_norm(w): s.key for s in SHEETS for w in words[f"wb.sheet.{s.key}"]}
    found: dict[str, tuple[Worksheet, str]] = {}
    renamed: set[str] = set()
    for ws in book.worksheets:
        name = _norm(ws.title)
        if name == _norm(title_of(INSTRUCTIONS, words)):
            continue
        if name in wanted:
            found[wanted[name]] = (ws, ws.title)
            if ws.sheet_state != "visible":
                problems.add(Where(ws.title), None, HIDDEN_SHEET)
        elif name in halves:
            renamed.add(halves[name])
            expected = title_of(halves[name], words)
            problems.add(Where(ws.title), None, RENAMED.format(expected))
        else:
            names = ", ".join(title_of(s.key, words) for s in SHEETS)
            problems.add(Where(ws.title), None, EXTRA.format(names))
    for layout in SHEETS:
        if layout.key not in found and layout.key not in renamed:
            problems.add(None, None, MISSING.format(title_of(layout.key, words)))
    return found


def check_shape(ws: Worksheet, title: str, problems: Problems) -> None:
    """Merged cells, hidden rows and hidden columns: Excel shows other than what is read."""
    for merged in ws.merged_cells.ranges:
        problems.add(Where(title), None, MERGED.format(merged.coord))
    for number, row in sorted(ws.row_dimensions.items()):
        if row.hidden and number <= ws.max_row:
            problems.add(Where(title, number), None, HIDDEN_ROW)
    for letter, column in sorted(ws.column_dimensions.items()):
        if column.hidden:
            problems.add(Where(title), None, HIDDEN_COLUMN.format(letter))


@dataclass
class Headers:
    """Which column holds which key: found by the Chinese or the English header."""

    title: str
    layout: SheetLayout
    index: dict[str, int]
    shown: dict[str, str]

    @classmethod
    def read(
        cls, ws: Worksheet, layout: SheetLayout, title: str, words: Words, problems: Problems
    ) -> Headers:
        expected = {key: header_of(layout.key, key, words) for key, _ in layout.columns()}
        shown = {key: f"{zh} {en}" for key, (zh, en) in expected.items()}
        by_text = {_norm(w): key for key, pair in expected.items() for w in pair}
        index: dict[str, int] = {}
        for j in range(1, ws.max_column + 1):
            texts = [ws.cell(row=r, column=j).value for r in range(1, HEADER_ROWS + 1)]
            keys = {by_text.get(_norm(t)) for t in texts if t is not None}
            if not keys - {None} and any(t is not None for t in texts):
                where = Where(title, 1, get_column_letter(j))
                problems.add(where, texts[0] or texts[1], UNKNOWN.format(", ".join(shown.values())))
            for key in keys - {None}:
                assert key is not None
                if key in index:
                    problems.add(Where(title, 1, shown[key]), None, "this column appears twice")
                index[key] = j
        first = layout.columns()[0][0]
        if first not in index:
            problems.add(Where(title, 1), None, f"the column {shown[first]} is missing")
        return cls(title, layout, index, shown)

    def where(self, row: int, key: str) -> Where:
        return Where(self.title, row, self.shown.get(key, key))

    def field(self, key: str) -> Field:
        return dict(self.layout.columns())[key]

    def cells(
        self, ws: Worksheet, formulas: Worksheet, row: int, problems: Problems
    ) -> Iterator[tuple[str, Cell | MergedCell, Cell | MergedCell]]:
        """``(key, value cell, formula cell)`` of one row; a value outside every named
        column is a problem."""
        mapped = set(self.index.values())
        for j in range(1, ws.max_column + 1):
            value = ws.cell(row=row, column=j).value if j not in mapped else None
            if value is not None:
                problems.add(Where(self.title, row, get_column_letter(j)), value, UNNAMED)
        for key, j in self.index.items():
            yield key, ws.cell(row=row, column=j), formulas.cell(row=row, column=j)


def _norm(text: Any) -> str:
    """A header or sheet title as compared: NFKC, spaces collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def _plain(value: Any) -> Any:
    """A cell value as an error message shows it (dates as ISO text)."""
    if isinstance(value, date | time):
        return date_text(value)
    return value if isinstance(value, str | int | float | bool) else str(value)
