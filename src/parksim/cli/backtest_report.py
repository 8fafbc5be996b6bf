"""``parksim backtest`` as text for the terminal: how each indicator was rerun, every scored
figure, the coverage of the 50 % and 90 % bands against nominal, and the skill line."""

from __future__ import annotations

from parksim.analysis.backtest import Backtest
from parksim.cli.report import paths_seed
from parksim.text.backtest import (
    COVERAGE_COLUMNS,
    FIGURE_COLUMNS,
    NOTE_COLUMNS,
    coverage_cells,
    figure_cells,
    note_cells,
    summary_sentence,
)
from parksim.text.labels import Lang, align_columns
from parksim.text.words import headers, word


def origins_text(origins: tuple[int, ...]) -> str:
    """``2019`` or ``2014–2018``."""
    return str(origins[0]) if len(origins) == 1 else f"{origins[0]}–{origins[-1]}"


def render_backtest(result: Backtest, lang: Lang = "zh") -> str:
    """Title, notes, figures, coverage and the summary line, as aligned text."""
    scenario = result.scenario
    name = scenario.name if lang == "zh" else scenario.name_en
    title = word("bt.title", lang).format(
        name=name,
        origins=origins_text(result.origins),
        paths_seed=paths_seed(result.paths, result.seed, lang),
    )
    notes = [headers(NOTE_COLUMNS, lang), *note_cells(result.notes, scenario, lang)]
    parts = [title, align_columns(notes), align_columns(figure_rows(result, lang))]
    parts.append(
        align_columns([headers(COVERAGE_COLUMNS, lang), *coverage_cells(result.coverage())])
    )
    parts.append(summary_sentence(result.summary(), lang))
    return "\n\n".join(parts)


def figure_rows(result: Backtest, lang: Lang) -> list[list[str]]:
    """The header and one row per scored figure, amounts in the indicator's unit."""
    cells = figure_cells(result.figures, result.scenario, lang, with_unit=False)
    return [headers(FIGURE_COLUMNS, lang), *([row[k] for k in FIGURE_COLUMNS] for row in cells)]
