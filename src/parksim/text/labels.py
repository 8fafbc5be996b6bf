"""Number formats and table layouts shown to planners; the words themselves are in
:mod:`parksim.text.words`."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from parksim.inputs.schema import SHARE_UNITS
from parksim.text.words import Lang, word

__all__ = [
    "PROGRESS_COLUMNS",
    "TRACKING_COLUMNS",
    "Lang",
    "Scale",
    "align_columns",
    "basis_word",
    "format_amount",
    "format_percent",
    "is_share",
    "shown_scale",
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
PROGRESS_COLUMNS = (  # one target's figures period by period: the tracking table's columns
    "col.period", "col.actual", "col.plan_value", "col.progress_ratio", "col.gap_pp",
    "col.pace", "col.forecast_percentile",
)  # fmt: skip
# Units the table has words for; a scenario's other units are shown as written.
UNIT_WORDS = {"亿元": "unit.yi_yuan", "万亿元": "unit.wan_yi_yuan"}


@dataclass(frozen=True)
class Scale:
    """How a unit's values are shown: ``factor`` times the stored value, in ``unit``."""

    factor: float
    unit: str


def shown_scale(unit: str, lang: Lang) -> Scale:
    """The one unit every table, chart and report line shows a stored unit in: shares in %,
    亿元 as 亿元 in Chinese and as billion yuan in English (the unit the English target names
    use: "above 300 billion yuan"), other units as written. Exports keep the stored unit."""
    if unit in SHARE_UNITS:
        return Scale(100.0, "%")
    if unit == "亿元" and lang == "en":
        return Scale(0.1, word("unit.billion_yuan", lang))
    return Scale(1.0, unit_label(unit, lang))


def format_amount(value: float, unit: str, lang: Lang, *, with_unit: bool = True) -> str:
    """A value in the shown unit of :func:`shown_scale`, one decimal: ``"3,169.8 亿元"``,
    ``"317.0 billion yuan"``, ``"54.9%"``; NaN → ``"—"``."""
    if math.isnan(value):
        return "—"
    if unit in SHARE_UNITS:
        return format_percent(value)
    scale = shown_scale(unit, lang)
    number = f"{value * scale.factor:,.1f}"
    return f"{number} {scale.unit}".rstrip() if with_unit else number


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
