"""The tracking table's cells and surprise lines, as the CLI prints them and the app shows
them: one layout (``labels.TRACKING_COLUMNS``), one set of words."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from parksim.inputs.scenario import Scenario
from parksim.text.labels import format_amount, format_percent
from parksim.text.words import Lang, word

PaceWords = Callable[[str, Lang], str]


def pace_word(status: str, lang: Lang) -> str:
    """``"ahead"`` → 快于序时进度 / ahead of plan."""
    return word(f"pace.{status}", lang)


def tracking_cells(
    row: Mapping[Hashable, Any],
    scenario: Scenario,
    lang: Lang,
    *,
    pace: PaceWords = pace_word,
) -> list[str]:
    """One row of :meth:`parksim.Result.tracking` as the table's cells."""
    unit = scenario.unit_of(str(row["indicator"]))
    target = row["target"]
    named = (
        scenario.target_name(target, lang)
        if isinstance(target, str)
        else word("tracking.against_median", lang).format(
            name=scenario.indicator_name(str(row["indicator"]), lang)
        )
    )
    return [
        named,
        row["latest_period"] if isinstance(row["latest_period"], str) else "—",
        format_amount(row["latest_actual"], unit, lang),
        format_amount(row["plan_value"], unit, lang),
        format_percent(row["progress_ratio"]),
        "—" if math.isnan(row["gap_pp"]) else f"{row['gap_pp']:+.1f}",
        format_percent(row["required_growth"]),
        pace(str(row["status"]), lang),
        percentile_text(row["forecast_percentile"], bool(row["surprise"])),
        format_percent(row["probability"]),
    ]


def percentile_text(share: float, surprise: bool) -> str:
    """``0.997`` → ``"P99.7 ⚠"`` (⚠ outside P5–P95); NaN → ``"—"``."""
    if math.isnan(share):
        return "—"
    return f"P{share * 100:.1f}" + (" ⚠" if surprise else "")


def surprise_lines(
    rows: Iterable[Mapping[Hashable, Any]], scenario: Scenario, lang: Lang
) -> list[str]:
    """One warning per figure outside its forecast's P5–P95 (rows of
    :meth:`parksim.Result.surprises`)."""
    return [
        word("tracking.surprise", lang).format(
            name=scenario.indicator_name(str(row["indicator"]), lang),
            period=row["period"],
            pct=f"{row['forecast_percentile'] * 100:.1f}",
        )
        for row in rows
        if row["surprise"]
    ]
