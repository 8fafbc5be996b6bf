"""The app's tables, in the planner's language and units: text cells, ready to show.

Amounts in the table's one shown unit (亿元, or billion yuan in English), shares and growth in
%, status as a traffic light. The tables the briefing shows too live in
:mod:`parksim.report.cells` and are named here again; every function takes the small summaries
of :mod:`parksim.report.summary`; the words are those the CLI prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from parksim.app.controls import Control
from parksim.inputs.scenario import Scenario
from parksim.report.cells import LIGHT as LIGHT
from parksim.report.cells import LIGHT_COLOURS
from parksim.report.cells import assumptions_view as assumptions_view
from parksim.report.cells import basis_text as basis_text
from parksim.report.cells import compare_targets_view as compare_targets_view
from parksim.report.cells import field_name as field_name
from parksim.report.cells import show_value as show_value
from parksim.report.cells import targets_view as targets_view
from parksim.report.cells import tracking_lights as tracking_lights
from parksim.report.cells import tracking_view as tracking_view
from parksim.report.summary import RunSummary
from parksim.text.labels import (
    Lang,
    format_percent,
    shown_scale,
)
from parksim.text.words import word

# Each table's columns, as keys of the word table.
PIPELINE_COLUMNS = (
    "year", "signed", "approved", "landed", "producing", "approval_wait_mean_days",
    "land_wait_mean_days", "staff_utilisation", "output_mean",
)  # fmt: skip


def styled(table: pd.DataFrame, lights: Sequence[str], column: int) -> Any:
    """The table with column ``column`` coloured as traffic lights (``on_track`` …), and no
    index: what ``st.table`` shows."""

    def colour(cells: pd.Series) -> list[str]:
        styles = []
        for status in lights:
            text, background = LIGHT_COLOURS.get(status, ("", ""))
            styles.append(f"color: {text}; background-color: {background}" if text else "")
        return styles

    name = table.columns[column]
    return table.style.apply(colour, subset=[name]).hide(axis="index")


def right_aligned(table: pd.DataFrame | Any, columns: Sequence[str] | pd.Index) -> Any:
    """A table (or its Styler) with ``columns`` right-aligned, as numbers read, and no index."""
    styler = table.style if isinstance(table, pd.DataFrame) else table
    return styler.set_properties(subset=list(columns), **{"text-align": "right"}).hide(axis="index")


def changed_badge(moved: int, lang: Lang) -> str:
    """The run line's badge: how many inputs the sliders changed ("1 input changed")."""
    if moved == 0:
        return word("unchanged", lang)
    return word("changed_one", lang) if moved == 1 else word("changed", lang).format(n=moved)


def has_view(scenario: Scenario, page: str) -> bool:
    """Does the scenario have anything for this view? Pipelines and tracking need their data."""
    if page == "pipelines":
        return bool(scenario.pipelines)
    return scenario.actuals is not None if page == "tracking" else True


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


AUTOLINK = re.compile(r"(?i)(://|www\.|@)")  # what GitHub-flavoured Markdown links on sight
ZERO_WIDTH = "\u200b"


def literal(text: str) -> str:
    """Text shown through Streamlit's Markdown as written: never a link, an image or markup.
    Every ASCII punctuation mark Markdown could read is escaped, and a zero-width space
    breaks what the autolink extension would link even so (``http://…``, ``www.``, mail)."""
    unlinked = AUTOLINK.sub(lambda m: m.group()[0] + ZERO_WIDTH + m.group()[1:], text)
    return MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


def untracked_targets(summary: RunSummary, scenario: Scenario, lang: Lang) -> list[str]:
    """Names of the targets that have no actual figure yet."""
    table = summary.tracking
    missing = table[(table["status"] == "no_data") & table["target"].notna()]
    return [scenario.target_name(str(t), lang) for t in missing["target"]]


def pipeline_view(summary: RunSummary, pipeline: str, lang: Lang) -> pd.DataFrame:
    """One pipeline, one row per year: projects, waits, staff utilisation, output added."""
    table = summary.pipelines[summary.pipelines["pipeline"] == pipeline]
    shown = pd.DataFrame({"year": table["year"].astype(str)})
    for column in PIPELINE_COLUMNS[1:]:
        values = table[column].to_numpy(dtype=float)
        if column == "staff_utilisation":
            shown[column] = [format_percent(v) for v in values]
        else:
            shown[column] = [f"{v:,.1f}" for v in values]
    names = {column: word(f"col.{column}", lang) for column in PIPELINE_COLUMNS}
    return shown.rename(columns=names).reset_index(drop=True)


def most_different(runs: Sequence[tuple[str, RunSummary]], indicators: Sequence[str]) -> str:
    """The indicator whose final-year median differs most (relatively) between the runs:
    the compare view opens on it. Ties keep the order given (targets first)."""

    def spread(indicator: str) -> float:
        medians = [float(s.band_values[indicator][-1, 2]) for _, s in runs]
        scale = max(abs(m) for m in medians) or 1.0
        return (max(medians) - min(medians)) / scale

    present = [i for i in indicators if all(i in s.band_values for _, s in runs)]
    return max(present, key=spread) if present else indicators[0]


TORNADO_MEASURES = {  # measure: the tornado table's columns (low end, high end, base, swing)
    "probability": ("probability_low", "probability_high", "base_probability", "probability_swing"),
    "p50": ("p50_low", "p50_high", "base_p50", "p50_swing"),
}
STUCK_SWING = 0.02  # below two points of probability at every lever, show the P50 instead


def tornado_measure(table: pd.DataFrame) -> str:
    """``"probability"``, or ``"p50"`` when no lever moves the probability by two points
    (a target far out of reach or safely met): the median's swing still says what matters."""
    if len(table) and float(table["probability_swing"].max()) >= STUCK_SWING:
        return "probability"
    return "p50" if len(table) else "probability"


def tornado_rows(
    table: pd.DataFrame,
    controls: Mapping[str, Control],
    scenario: Scenario,
    lang: Lang,
    measure: str = "probability",
    unit: str = "",
) -> pd.DataFrame:
    """``parksim.tornado``'s table with readable lever names and range ends, in ``measure``
    (``TORNADO_MEASURES``; a P50 in the shown unit of ``unit``), largest swing first."""
    low_key, high_key, base_key, swing_key = TORNADO_MEASURES[measure]
    factor = 1.0 if measure == "probability" else shown_scale(unit, lang).factor
    rows = []
    for row in table.sort_values(swing_key, ascending=False).to_dict(orient="records"):
        control = controls.get(str(row["lever"]))
        if control is None:
            label, low, high = str(row["lever"]), f"{row['low']:g}", f"{row['high']:g}"
        else:
            label = control.label(scenario, lang)
            low, high = control.format(row["low"], lang), control.format(row["high"], lang)
        rows.append(
            {
                "lever": f"{label} ({low}–{high})",
                "low": row[low_key] * factor,
                "high": row[high_key] * factor,
                "base": row[base_key] * factor,
                "swing": row[swing_key] * factor,
            }
        )
    return pd.DataFrame(rows, columns=["lever", "low", "high", "base", "swing"])
