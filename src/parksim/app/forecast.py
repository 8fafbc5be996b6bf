"""The forecast check view (预测检验): which origins can be checked, and a backtest's figures
and notes as text cells in the planner's language (the CLI's columns and words).

Pure: takes the small tables of :func:`parksim.analysis.backtest.backtest` (its ``figures``
and ``notes``), which :mod:`parksim.app.state` caches.
"""

from __future__ import annotations

import pandas as pd

from parksim.analysis.backtest import coverage_of, summarise
from parksim.analysis.rewind import origin_bounds
from parksim.inputs.scenario import Scenario
from parksim.text.backtest import (
    COVERAGE_COLUMNS,
    FIGURE_COLUMNS,
    NOTE_COLUMNS,
    coverage_cells,
    figure_cells,
    note_cells,
    summary_sentence,
)
from parksim.text.labels import Lang
from parksim.text.words import headers, word

FEW = 20  # fewer scored figures than this: coverage is a rough guide, and the view says so
SHOWN_FIGURE_COLUMNS = tuple(c for c in FIGURE_COLUMNS if c != "col.bt_naive")  # no room
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
    return pd.DataFrame(
        coverage_cells(coverage_of(figures)), columns=headers(COVERAGE_COLUMNS, lang)
    )


def summary_text(figures: pd.DataFrame, lang: Lang) -> str:
    """Mean CRPS, the naive forecast's and the skill, in one sentence."""
    return summary_sentence(summarise(figures), lang)


def notes_view(notes: pd.DataFrame, scenario: Scenario, lang: Lang) -> pd.DataFrame:
    """Per origin and indicator: what its rerun rests on, or why it is not scored."""
    return pd.DataFrame(note_cells(notes, scenario, lang), columns=headers(NOTE_COLUMNS, lang))


def figures_view(figures: pd.DataFrame, scenario: Scenario, lang: Lang) -> pd.DataFrame:
    """One row per scored figure: actual, P5/P50/P95 in the indicator's unit, PIT, bands,
    CRPS and the naive forecast's."""
    cells = figure_cells(figures, scenario, lang, with_unit=True)
    rows = [[row[k] for k in SHOWN_FIGURE_COLUMNS] for row in cells]
    return pd.DataFrame(rows, columns=headers(SHOWN_FIGURE_COLUMNS, lang))


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
