"""``parksim backtest`` as text for the terminal: how each indicator was rerun, every scored
figure, the coverage of the 50 % and 90 % bands against nominal, and the skill line."""

from __future__ import annotations

import math

from parksim.analysis.backtest import Backtest
from parksim.cli.report import paths_seed
from parksim.text.labels import Lang, align_columns, format_amount, format_percent
from parksim.text.words import headers, word

NOTE_COLUMNS = ("col.bt_origin", "col.indicator_name", "col.bt_basis", "col.bt_note")
FIGURE_COLUMNS = (
    "col.indicator_name", "col.bt_origin", "col.year", "col.bt_horizon", "col.bt_actual",
    "col.p05", "col.p50", "col.p95", "col.bt_pit", "col.bt_in50", "col.bt_in90", "col.bt_crps",
    "col.bt_naive", "col.bt_naive_crps",
)  # fmt: skip
AMOUNTS = ("actual", "p05", "p50", "p95")
COVERAGE_COLUMNS = ("col.bt_band", "col.bt_nominal", "col.bt_observed", "col.bt_inside", "col.bt_n")


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
    notes = [headers(NOTE_COLUMNS, lang)]
    for row in result.notes.to_dict(orient="records"):
        indicator = scenario.indicator_name(str(row["indicator"]), lang)
        basis = word(f"bt.basis.{row['basis']}", lang)
        notes.append([str(row["origin"]), indicator, basis, str(row["note"])])
    parts = [title, align_columns(notes), align_columns(figure_rows(result, lang))]
    parts.append(align_columns(coverage_rows(result, lang)))
    parts.append(summary_line(result, lang))
    return "\n\n".join(parts)


def figure_rows(result: Backtest, lang: Lang) -> list[list[str]]:
    """The header and one row per scored figure, amounts in the indicator's unit."""
    scenario = result.scenario
    rows = [headers(FIGURE_COLUMNS, lang)]
    for row in result.figures.to_dict(orient="records"):
        indicator = str(row["indicator"])
        unit = scenario.unit_of(indicator)
        rows.append([
            scenario.indicator_name(indicator, lang), str(row["origin"]), str(row["year"]),
            str(row["horizon"]),
            *(format_amount(row[c], unit, with_unit=False) for c in AMOUNTS),
            format_percent(row["pit"], 0), _yes(row["in50"], lang), _yes(row["in90"], lang),
            f"{row['crps']:.4f}", format_amount(row["naive"], unit, with_unit=False),
            f"{row['naive_crps']:.4f}",
        ])  # fmt: skip
    return rows


def coverage_rows(result: Backtest, lang: Lang) -> list[list[str]]:
    """Header and one row per band: nominal against observed coverage."""
    rows = [headers(COVERAGE_COLUMNS, lang)]
    for row in result.coverage().to_dict(orient="records"):
        rows.append([
            str(row["band"]), format_percent(row["nominal"], 0), format_percent(row["observed"]),
            str(row["inside"]), str(row["n"]),
        ])  # fmt: skip
    return rows


def summary_line(result: Backtest, lang: Lang) -> str:
    summary = result.summary()
    skill = summary["skill"]
    return word("bt.summary", lang).format(
        n=int(summary["n"]),
        crps=summary["crps"],
        naive=summary["naive_crps"],
        skill="—" if math.isnan(skill) else f"{skill:+.2f}",
    )


def _yes(flag: object, lang: Lang) -> str:
    return word("bt.yes" if flag else "bt.no", lang)
