"""Actual figures: a CSV of ``indicator, period, value, source`` (and optional ``yoy``).

``period`` is a year (``2020``, the full year) or a year-to-date quarter (``2020Q1`` = Jan–Mar
cumulative, ``2020Q2`` = Jan–Jun, …), as Chinese statistics are published. A later row for the
same indicator and period is a revision when it cites another source (a newer publication); the
same period cited twice from one source is a duplicate and an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from parksim.errors import ScenarioError
from parksim.inputs.sources import check_source_text
from parksim.inputs.tablefile import cell_error, number, read_text, table_rows

COLUMNS = ("indicator", "period", "value", "source")
OPTIONAL_COLUMNS = ("yoy",)
_PERIOD = re.compile(r"([0-9]{4})(?:Q([1-4]))?")
FIRST_YEAR, LAST_YEAR = 1949, 2100  # the periods a planner's figures can have


@dataclass(frozen=True)
class Actual:
    """One figure after revisions; ``quarter`` is None for a full year."""

    indicator: str
    period: str
    year: int
    quarter: int | None
    value: float | None
    yoy: float | None
    source: str
    line: int
    revised: tuple[float | None, ...] = ()  # earlier values of this period, oldest first

    @property
    def elapsed(self) -> float:
        """Order of periods within a year: Q1 < Q2 < Q3 < Q4 = full year."""
        return 4.0 if self.quarter is None else float(self.quarter)


@dataclass(frozen=True)
class Actuals:
    """The figures of one actuals file, revisions applied."""

    file: Path
    figures: tuple[Actual, ...]
    _by_indicator: dict[str, list[Actual]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_indicator: dict[str, list[Actual]] = {}
        for figure in sorted(self.figures, key=lambda f: (f.year, f.elapsed)):
            by_indicator.setdefault(figure.indicator, []).append(figure)
        object.__setattr__(self, "_by_indicator", by_indicator)

    def of(self, indicator: str) -> list[Actual]:
        """An indicator's figures, oldest period first."""
        return list(self._by_indicator.get(indicator, []))

    def annual_levels(self, indicator: str) -> dict[int, float]:
        """``{year: value}`` of the full-year figures that give a level."""
        return {
            f.year: f.value for f in self.of(indicator) if f.quarter is None and f.value is not None
        }

    def latest(self, indicator: str) -> Actual | None:
        """The most recent figure with a level (a full year counts as Q4)."""
        levels = [f for f in self.of(indicator) if f.value is not None]
        return levels[-1] if levels else None

    def table(self) -> pd.DataFrame:
        """Every figure, with the values it revised."""
        rows = [
            {
                "indicator": f.indicator,
                "period": f.period,
                "value": f.value,
                "yoy": f.yoy,
                "source": f.source,
                "line": f.line,
                "revisions": len(f.revised),
                "previous_value": f.revised[-1] if f.revised else None,
            }
            for f in sorted(self.figures, key=lambda f: (f.indicator, f.year, f.elapsed))
        ]
        columns = [
            "indicator",
            "period",
            "value",
            "yoy",
            "source",
            "line",
            "revisions",
            "previous_value",
        ]
        return pd.DataFrame(rows, columns=columns)


def load_actuals(
    path: Path, indicators: Collection[str], money_units: Mapping[str, bool]
) -> Actuals:
    """Read and check an actuals file against the scenario's indicator ids.

    ``money_units`` says per indicator whether a level must be >= 0 (amounts); every error
    names the file, the line and the column. Revisions are gathered in one pass (linear in
    the rows, however many revise one period).
    """
    text, _ = read_text(path, "an actuals")
    rows: dict[tuple[str, str], list[Actual]] = {}
    sources: dict[tuple[str, str], dict[str, int]] = {}
    for line, cells in table_rows(path, text, COLUMNS, OPTIONAL_COLUMNS):
        figure = _parse_row(path, line, cells, indicators, money_units)
        key = (figure.indicator, figure.period)
        cited = sources.setdefault(key, {})
        if figure.source in cited:
            raise cell_error(
                path,
                line,
                "period",
                figure.period,
                f"duplicate of line {cited[figure.source]} for {figure.indicator}; "
                f"a revision must cite its own (newer) source",
            )
        cited[figure.source] = line
        rows.setdefault(key, []).append(figure)
    figures = [
        replace(versions[-1], revised=tuple(v.value for v in versions[:-1]))
        for versions in rows.values()
    ]
    return Actuals(file=path, figures=tuple(figures))


def _parse_row(
    path: Path,
    line: int,
    cells: Mapping[str, str],
    indicators: Collection[str],
    money_units: Mapping[str, bool],
) -> Actual:
    indicator = cells["indicator"]
    if indicator not in indicators:
        raise cell_error(
            path, line, "indicator", indicator, f"no such indicator; known: {', '.join(indicators)}"
        )
    period = unicodedata.normalize("NFKC", cells["period"]).upper()  # ２０２０ｑ１ = 2020Q1
    match = _PERIOD.fullmatch(period)
    if match is None or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        raise cell_error(
            path,
            line,
            "period",
            cells["period"],
            f"must be a year like 2020 or a year-to-date quarter like 2020Q1, "
            f"years {FIRST_YEAR}–{LAST_YEAR}",
        )
    value = number(path, line, "value", cells["value"])
    yoy = number(path, line, "yoy", cells.get("yoy", ""))
    if value is None and yoy is None:
        raise cell_error(path, line, "value", "", "give a value, or a yoy growth rate")
    if value is not None and value < 0 and money_units.get(indicator, True):
        raise cell_error(path, line, "value", cells["value"], "must be >= 0")
    if yoy is not None and yoy <= -1:
        raise cell_error(path, line, "yoy", cells["yoy"], "must be > -1 (a rate: 0.1 = +10 %)")
    try:
        check_source_text(path, "source", cells["source"])
    except ScenarioError:
        raise cell_error(
            path,
            line,
            "source",
            cells["source"],
            'must read "<document-id>: <quote>" or "assumption: <why>"',
        ) from None
    quarter = match.group(2)
    return Actual(
        indicator=indicator,
        period=period,
        year=int(match.group(1)),
        quarter=None if quarter is None else int(quarter),
        value=value,
        yoy=yoy,
        source=cells["source"],
        line=line,
    )
