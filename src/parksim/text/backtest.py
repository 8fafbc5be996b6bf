"""A backtest's tables as cells in the planner's language, for the CLI's report and the app's
forecast check view alike: one set of columns and words (:mod:`parksim.analysis.backtest`
makes the numbers)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from parksim.inputs.scenario import Scenario
from parksim.text.labels import Lang, format_amount, format_percent
from parksim.text.words import word

COVERAGE_COLUMNS = ("col.bt_band", "col.bt_nominal", "col.bt_observed", "col.bt_inside", "col.bt_n")
NOTE_COLUMNS = ("col.bt_origin", "col.indicator_name", "col.bt_basis", "col.bt_note")
FIGURE_COLUMNS = (
    "col.indicator_name", "col.bt_origin", "col.year", "col.bt_horizon", "col.bt_actual",
    "col.p05", "col.p50", "col.p95", "col.bt_pit", "col.bt_in50", "col.bt_in90", "col.bt_crps",
    "col.bt_naive", "col.bt_naive_crps",
)  # fmt: skip
AMOUNTS = ("actual", "p05", "p50", "p95", "naive")


def coverage_cells(coverage: pd.DataFrame) -> list[list[str]]:
    """Per band (rows of ``Backtest.coverage()``): nominal and observed coverage, inside, n."""
    return [
        [
            str(row["band"]), format_percent(row["nominal"], 0), format_percent(row["observed"]),
            str(row["inside"]), str(row["n"]),
        ]
        for row in coverage.to_dict(orient="records")
    ]  # fmt: skip


def note_cells(notes: pd.DataFrame, scenario: Scenario, lang: Lang) -> list[list[str]]:
    """Per origin and indicator: what its rerun rests on, or why it is not scored."""
    return [
        [
            str(row["origin"]),
            scenario.indicator_name(str(row["indicator"]), lang),
            word(f"bt.basis.{row['basis']}", lang),
            str(row["note"]),
        ]
        for row in notes.to_dict(orient="records")
    ]


def figure_cells(
    figures: pd.DataFrame, scenario: Scenario, lang: Lang, *, with_unit: bool
) -> list[dict[str, str]]:
    """Per scored figure, ``{column key: cell}`` for every ``FIGURE_COLUMNS`` key (a view
    shows the columns it wants); amounts in the indicator's unit."""
    rows = []
    for row in figures.to_dict(orient="records"):
        indicator = str(row["indicator"])
        unit = scenario.unit_of(indicator)
        amounts = [format_amount(row[c], unit, lang, with_unit=with_unit) for c in AMOUNTS]
        cells = [
            scenario.indicator_name(indicator, lang), str(row["origin"]), str(row["year"]),
            str(row["horizon"]), *amounts[:4], format_percent(row["pit"], 0),
            word("bt.yes" if row["in50"] else "bt.no", lang),
            word("bt.yes" if row["in90"] else "bt.no", lang),
            f"{row['crps']:.4f}", amounts[4], f"{row['naive_crps']:.4f}",
        ]  # fmt: skip
        rows.append(dict(zip(FIGURE_COLUMNS, cells, strict=True)))
    return rows


def summary_sentence(summary: Mapping[str, float], lang: Lang) -> str:
    """Mean CRPS, the naive forecast's and the skill (``Backtest.summary()``), one sentence."""
    skill = summary["skill"]
    return word("bt.summary", lang).format(
        n=int(summary["n"]),
        crps=summary["crps"],
        naive=summary["naive_crps"],
        skill="—" if math.isnan(skill) else f"{skill:+.2f}",
    )
