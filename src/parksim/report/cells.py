"""The tables a planner reads, as text cells in the page's language: targets with their
traffic lights, tracking against 序时进度, scenarios side by side and their assumption
differences. One definition for the app's views and the briefing (``report.document``)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from parksim.inputs.diff import assumption_diff
from parksim.inputs.scenario import Scenario
from parksim.report.summary import RunSummary, target_basis
from parksim.text.labels import (
    PROGRESS_COLUMNS,
    TRACKING_COLUMNS,
    Lang,
    format_amount,
    format_percent,
    is_share,
)
from parksim.text.tracking import tracking_cells
from parksim.text.words import WORDS, headers, word

LIGHT = "●"  # coloured by ``styled``: a plain glyph every font has, unlike emoji
LIGHT_COLOURS = {  # text, background: green, amber, red
    "on_track": ("#1a7f37", "#dcf5e3"),
    "at_risk": ("#9a6700", "#fff4d1"),
    "off_track": ("#c62828", "#fde2e1"),
}
PROGRESS_CELLS = (1, 2, 3, 4, 5, 7, 8)  # of tracking_cells: period … gap, pace, percentile
PACE_LIGHTS = {"ahead": "on_track", "on_pace": "on_track", "behind": "off_track", "no_data": ""}
PERCENT_FIELDS = {
    "growth",
    "volatility",
    "growth_sd",
    "shocks",
    "correlation",
    "success_rate",
    "key_share",
}
TARGET_COLUMNS = (
    "col.target_name", "col.deadline", "col.value", "col.probability", "col.p50_deadline",
    "col.growth_needed_assumed", "col.status", "col.basis",
)  # fmt: skip


def status_text(status: str, lang: Lang) -> str:
    """A target's status behind its traffic light: ``"● 难以达成"``."""
    return f"{LIGHT} {word(f'status.{status}', lang)}"


def pace_text(status: str, lang: Lang) -> str:
    """A tracking row's pace behind its traffic light: ``"● 快于序时进度"``."""
    return f"{LIGHT} {word(f'pace.{status}', lang)}"


def basis_text(assumptions: int, total: int, lang: Lang) -> str:
    """✓ when every key input is quoted from a document, ⚠ with the count otherwise."""
    if assumptions == 0:
        return word("basis.sourced", lang)
    return word("basis.assumed", lang).format(n=assumptions, total=total)


def targets_view(summary: RunSummary, scenario: Scenario, lang: Lang) -> pd.DataFrame:
    """One row per target: name, deadline, target value, probability, P50 at the deadline,
    growth needed vs assumed, status light, and whether its inputs are sourced."""
    rows = []
    for row in summary.targets.to_dict(orient="records"):
        tid = str(row["target"])
        unit = scenario.unit_of(str(row["indicator"]))
        sign = "≥" if row["direction"] == ">=" else "≤"
        needed, assumed = row["required_growth"], row["assumed_growth"]
        growth = (
            "—" if math.isnan(needed) else f"{format_percent(needed)} / {format_percent(assumed)}"
        )
        rows.append(
            [
                scenario.target_name(tid, lang),
                str(row["year"]),
                f"{sign} {format_amount(row['value'], unit, lang)}",
                format_percent(row["probability"]),
                format_amount(row["p50"], unit, lang),
                growth,
                status_text(str(row["status"]), lang),
                basis_text(*target_basis(scenario, tid), lang),
            ]
        )
    return pd.DataFrame(rows, columns=headers(TARGET_COLUMNS, lang))


def tracking_view(summary: RunSummary, scenario: Scenario, lang: Lang) -> pd.DataFrame:
    """Rows with an actual figure: the latest one against the plan for its date; the columns
    and words of the CLI's tracking report (``parksim.text.labels.TRACKING_COLUMNS``)."""
    rows = [
        tracking_cells(row, scenario, lang, pace=pace_text)
        for row in summary.tracking.to_dict(orient="records")
        if row["status"] != "no_data"
    ]
    return pd.DataFrame(rows, columns=headers(TRACKING_COLUMNS, lang))


def progress_view(summary: RunSummary, scenario: Scenario, target: str, lang: Lang) -> pd.DataFrame:
    """One target's figures period by period against the plan to date (序时进度): the tracking
    table's cells of each figure, without the growth required and the probability."""
    table = summary.progress[summary.progress["target"] == target]
    rows = [
        [tracking_cells(row, scenario, lang, pace=pace_text)[i] for i in PROGRESS_CELLS]
        for row in table.to_dict(orient="records")
    ]
    return pd.DataFrame(rows, columns=headers(PROGRESS_COLUMNS, lang))


def progress_lights(summary: RunSummary, target: str) -> list[str]:
    """The traffic light of each row of ``progress_view``."""
    statuses = summary.progress.loc[summary.progress["target"] == target, "status"]
    return [PACE_LIGHTS[str(s)] for s in statuses]


def tracking_lights(summary: RunSummary) -> list[str]:
    """The traffic light (``on_track`` …) of each row of ``tracking_view``."""
    statuses = summary.tracking["status"]
    return [PACE_LIGHTS[str(s)] for s in statuses if s != "no_data"]


def compare_targets_view(
    runs: Sequence[tuple[str, RunSummary]], scenario: Scenario, lang: Lang
) -> pd.DataFrame:
    """Targets of the first scenario side by side: probability and P50 per scenario, the
    later ones with their difference to the first in brackets."""
    first = runs[0][1].targets.set_index("target")
    tables = [summary.targets.set_index("target").to_dict(orient="index") for _, summary in runs]
    prob_header, p50_header = headers(("col.probability", "col.p50"), lang)
    rows = []
    for tid, row in first.iterrows():
        unit = scenario.unit_of(str(row["indicator"]))
        sign = "≥" if row["direction"] == ">=" else "≤"
        cells: list[str] = [
            scenario.target_name(str(tid), lang),
            str(row["year"]),
            f"{sign} {format_amount(row['value'], unit, lang)}",
        ]
        for i, table in enumerate(tables):
            if tid not in table:
                cells += ["—", "—"]
                continue
            prob, median = (float(table[tid][c]) for c in ("probability", "p50"))
            p, m = format_percent(prob), format_amount(median, unit, lang)
            if i > 0:
                p += f" ({(prob - row['probability']) * 100:+.1f})"
                m += f" ({_signed_amount(median - row['p50'], unit, lang, with_unit=False)})"
            cells += [p, m]
        rows.append(cells)
    columns = headers(TARGET_COLUMNS[:3], lang)
    for label, _ in runs:
        columns += [f"{prob_header} · {label}", f"{p50_header} · {label}"]
    return pd.DataFrame(rows, columns=columns)


def assumptions_view(
    scenarios: Sequence[Scenario], labels: Sequence[str], lang: Lang
) -> pd.DataFrame:
    """Inputs that differ between the scenarios: one row per input, one column per scenario
    (values in planners' units), and the source of the value where it differs from the first."""
    return difference_view(assumption_diff(scenarios, labels), labels, lang)


def difference_view(diff: pd.DataFrame, labels: Sequence[str], lang: Lang) -> pd.DataFrame:
    """An ``assumption_diff`` table (the compare view's, a revision diff, a conflict's) in
    words: one row per input, one column per version labelled ``labels``."""
    name_column = "name" if lang == "zh" else "name_en"  # the scenario's names: data
    rows = []
    for key, group in diff.groupby("key", sort=False) if "key" in diff else ():
        field = str(key).rsplit(".", 1)[-1]
        values = [show_value(v, field) for v in group["value"]]
        sources = [
            f"{r['scenario']}: {r['source']}"
            for r in group.to_dict(orient="records")
            if not r["same_as_first"] and r["source"]
        ]
        item = f"{group.iloc[0][name_column]} · {field_name(field, lang)}"
        rows.append([item, *values, "; ".join(sources)])
    columns = [word("col.item_name", lang), *labels, word("col.source_if_different", lang)]
    return pd.DataFrame(rows, columns=columns)


def field_name(field: str, lang: Lang) -> str:
    """An input's field in words (``arrivals_per_year`` → 每年签约项目); unknown fields as
    written in the file."""
    key = f"lever.{field}"
    return word(key, lang) if key in WORDS else field


def show_value(value: Any, field: str) -> str:
    """An input value for a table: rates in %, year tables as ``2020-2025: 8.0%``."""
    if value is None:
        return "—"
    percent = field in PERCENT_FIELDS
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {show_value(v, field)}" for k, v in value.items()) or "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value * 100:.1f}%" if percent else f"{value:,.4g}"


def _signed_amount(value: float, unit: str, lang: Lang, *, with_unit: bool = True) -> str:
    if math.isnan(value):
        return "—"
    text = format_amount(abs(value), unit, lang, with_unit=with_unit)
    if is_share(unit):
        text = f"{abs(value) * 100:.1f}"  # points, not percent
    return ("+" if value >= 0 else "−") + text
