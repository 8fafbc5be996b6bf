"""The forecast check view (预测检验): which origins can be checked, and a backtest's figures
and notes as text cells in the planner's language (the CLI's columns and words).

Pure: takes the small tables of :func:`parksim.analysis.backtest.backtest` (its ``figures``
and ``notes``), which :mod:`parksim.app.state` caches.
"""

from __future__ import annotations

import math

import pandas as pd

from parksim.analysis.backtest import coverage_of, summarise
from parksim.analysis.rewind import origin_bounds
from parksim.inputs.scenario import Scenario
from parksim.text.labels import Lang, format_amount, format_percent
from parksim.text.words import headers, word

FEW = 20  # fewer scored figures than this: coverage is a rough guide, and the view says so
COVERAGE_COLUMNS = ("col.bt_band", "col.bt_nominal", "col.bt_observed", "col.bt_inside", "col.bt_n")
NOTE_COLUMNS = ("col.bt_origin", "col.indicator_name", "col.bt_basis", "col.bt_note")
FIGURE_COLUMNS = (
    "col.indicator_name", "col.bt_origin", "col.year", "col.bt_horizon", "col.bt_actual",
    "col.p05", "col.p50", "col.p95", "col.bt_pit", "col.bt_in50", "col.bt_in90", "col.bt_crps",
    "col.bt_naive_crps",
)  # fmt: skip
POOLED = 0  # the origin choice that pools every origin


def origin_choices(origins: tuple[int, ...]) -> list[int]:
    """The origin select's options: all pooled first (with two or more: the most figures),
    then each origin."""
    return [POOLED, *origins] if len(origins) > 1 else list(origins)


def nothing_text(scenario: Scenario, lang: Lang) -> str:
    """What the view says instead of empty tables when no origin has a figure to score."""
    first, last = origin_bounds(scenario)
    years = str(first) if first == last else f"{first}–{last}"
    return word("bt_nothing", lang).format(years=years)


def origin_label(choice: int, origins: tuple[int, ...], lang: Lang) -> str:
    if choice == POOLED:
        return word("bt_pooled", lang).format(first=origins[0], last=origins[-1])
    return str(choice)


def chosen_origins(choice: int, origins: tuple[int, ...]) -> tuple[int, ...]:
    return origins if choice == POOLED else (choice,)


def coverage_view(figures: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Per band: nominal against observed coverage, figures inside, n."""
    rows = [
        [
            str(row["band"]),
            format_percent(row["nominal"], 0),
            format_percent(row["observed"]),
            str(row["inside"]),
            str(row["n"]),
        ]
        for row in coverage_of(figures).to_dict(orient="records")
    ]
    return pd.DataFrame(rows, columns=headers(COVERAGE_COLUMNS, lang))


def summary_text(figures: pd.DataFrame, lang: Lang) -> str:
    """Mean CRPS, the naive forecast's and the skill, in one sentence."""
    summary = summarise(figures)
    skill = summary["skill"]
    return word("bt.summary", lang).format(
        n=int(summary["n"]),
        crps=summary["crps"],
        naive=summary["naive_crps"],
        skill="—" if math.isnan(skill) else f"{skill:+.2f}",
    )


def notes_view(notes: pd.DataFrame, scenario: Scenario, lang: Lang) -> pd.DataFrame:
    """Per origin and indicator: what its rerun rests on, or why it is not scored."""
    rows = [
        [
            str(row["origin"]),
            scenario.indicator_name(str(row["indicator"]), lang),
            word(f"bt.basis.{row['basis']}", lang),
            str(row["note"]),
        ]
        for row in notes.to_dict(orient="records")
    ]
    return pd.DataFrame(rows, columns=headers(NOTE_COLUMNS, lang))


def figures_view(figures: pd.DataFrame, scenario: Scenario, lang: Lang) -> pd.DataFrame:
    """One row per scored figure: actual, P5/P50/P95 in the indicator's unit, PIT, bands,
    CRPS and the naive forecast's."""
    rows = []
    for row in figures.to_dict(orient="records"):
        indicator = str(row["indicator"])
        unit = scenario.unit_of(indicator)
        amounts = [format_amount(row[c], unit) for c in ("actual", "p05", "p50", "p95")]
        rows.append(
            [
                scenario.indicator_name(indicator, lang),
                str(row["origin"]),
                str(row["year"]),
                str(row["horizon"]),
                *amounts,
                format_percent(row["pit"], 0),
                word("bt.yes" if row["in50"] else "bt.no", lang),
                word("bt.yes" if row["in90"] else "bt.no", lang),
                f"{row['crps']:.4f}",
                f"{row['naive_crps']:.4f}",
            ]
        )
    return pd.DataFrame(rows, columns=headers(FIGURE_COLUMNS, lang))


def pit_bins(figures: pd.DataFrame, bins: int = 10) -> pd.DataFrame:
    """``start, end, count``: the PIT histogram's bars (a PIT of 1 falls in the last)."""
    index = (figures["pit"].to_numpy() * bins).astype(int).clip(0, bins - 1)
    counts = pd.Series(index).value_counts().reindex(range(bins), fill_value=0)
    return pd.DataFrame(
        {
            "start": [k / bins for k in range(bins)],
            "end": [(k + 1) / bins for k in range(bins)],
            "count": counts.to_numpy(),
        }
    )
