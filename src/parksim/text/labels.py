"""Number formats and table layouts shown to planners; the words themselves are in
:mod:`parksim.text.words`."""

from __future__ import annotations

import math
import unicodedata

from parksim.inputs.schema import SHARE_UNITS
from parksim.text.words import Lang, word

__all__ = [
    "TRACKING_COLUMNS",
    "Lang",
    "align_columns",
    "basis_word",
    "format_amount",
    "format_percent",
    "is_share",
    "text_width",
    "unit_label",
]

# The tracking table as the CLI prints it and the app shows it: one layout, one set of words.
TRACKING_COLUMNS = (
    "col.target_or_indicator",
    "col.latest_period",
    "col.latest_actual",
    "col.plan_value",
    "col.progress_ratio",
    "col.gap_pp",
    "col.required_growth",
    "col.pace",
    "col.forecast_percentile",
    "col.probability",
)
# Units the table has words for; a scenario's other units are shown as written.
UNIT_WORDS = {"亿元": "unit.yi_yuan", "万亿元": "unit.wan_yi_yuan"}


def format_amount(value: float, unit: str, *, with_unit: bool = True, wan: bool = False) -> str:
    """A value in the planners' unit: shares as %, money with one decimal; ``wan`` shows
    亿元 amounts of 10,000 or more in 万亿元."""
    if math.isnan(value):
        return "—"
    if unit in SHARE_UNITS:
        return format_percent(value)
    if wan and unit == "亿元" and abs(value) >= 10_000:
        value, unit = value / 10_000, "万亿元"
    return f"{value:,.1f} {unit}".rstrip() if with_unit else f"{value:,.1f}"


def format_percent(value: float, digits: int = 1) -> str:
    """``0.1234`` → ``"12.3%"``; NaN → ``"—"``."""
    return "—" if math.isnan(value) else f"{value * 100:.{digits}f}%"


def basis_word(basis: str, lang: Lang) -> str:
    """``"document"`` → 文献 / document, ``"assumption"`` → 假设 / assumption; ``""`` (no
    source) stays empty."""
    return word(f"basis.{basis}", lang) if basis else ""


def unit_label(unit: str, lang: Lang = "zh") -> str:
    """A unit beside a number or on an axis: shares as ``"%"``, 亿元 as "100 million yuan" in
    English; units without words are shown as written in the scenario."""
    if unit in SHARE_UNITS:
        return "%"
    return word(UNIT_WORDS[unit], lang) if unit in UNIT_WORDS else unit


def text_width(text: str) -> int:
    """Columns a text takes in a terminal or a spreadsheet: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def align_columns(rows: list[list[str]]) -> str:
    """Rows of cells as aligned text: the first column left-aligned, the others right."""
    widths = [max(text_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell + " " * (width - text_width(cell))
            if i == 0
            else " " * (width - text_width(cell)) + cell
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def is_share(unit: str) -> bool:
    """Is this unit a share (a fraction shown as %)?"""
    return unit in SHARE_UNITS
