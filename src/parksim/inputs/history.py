"""Past figures: a CSV of ``indicator, year, value, source`` (optional ``basis``, ``break``).

History is what happened up to the base year, kept to calibrate forecasts. A row gives a
year's level (``basis`` = ``level``, the default) or, where a bulletin published only a rate,
the year's growth (``basis`` = ``growth``, a fraction: 0.074 for 7.4 %). ``break`` = ``true``
marks a level not comparable with the year before (a boundary change: the zone's 2016
enlargement, Laiwu's merger into Jinan in 2019); no growth is computed across it.

The growth of a year is the published rate when the file gives one, else the change between
two consecutive comparable levels: a bulletin's rate compares like with like (same boundary,
revised base) where two levels taken from two bulletins may not.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from parksim.inputs.sources import source_problem
from parksim.inputs.tablefile import cell_error, number, read_text, table_rows

COLUMNS = ("indicator", "year", "value", "source")
OPTIONAL_COLUMNS = ("basis", "break")
BASES = ("level", "growth")
MAX_RATE = 1.0  # +100 %: a figure that more than doubled is given as two levels
_YEAR = re.compile(r"^\d{4}$")

Basis = Literal["level", "growth"]


@dataclass(frozen=True)
class PastFigure:
    """One row of a history file: a level, or a published growth rate (a fraction)."""

    indicator: str
    year: int
    basis: Basis
    value: float
    source: str
    line: int
    is_break: bool = False  # a level not comparable with the year before


@dataclass(frozen=True)
class History:
    """The figures of one history file; ``encoding`` is the one it was read with."""

    file: Path
    figures: tuple[PastFigure, ...]
    encoding: str = "utf-8"
    _by_indicator: dict[str, list[PastFigure]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_indicator: dict[str, list[PastFigure]] = {}
        for figure in sorted(self.figures, key=lambda f: (f.year, f.basis)):
            by_indicator.setdefault(figure.indicator, []).append(figure)
        object.__setattr__(self, "_by_indicator", by_indicator)

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicators with at least one figure, sorted."""
        return tuple(sorted(self._by_indicator))

    def of(self, indicator: str) -> list[PastFigure]:
        """An indicator's figures, oldest year first (a level before a rate)."""
        return list(self._by_indicator.get(indicator, []))

    def levels(self, indicator: str) -> dict[int, float]:
        """``{year: level}`` as given in the file, oldest first."""
        return {f.year: f.value for f in self.of(indicator) if f.basis == "level"}

    def breaks(self, indicator: str) -> tuple[int, ...]:
        """Years whose level is not comparable with the year before."""
        return tuple(f.year for f in self.of(indicator) if f.is_break)

    def published_growths(self, indicator: str) -> dict[int, float]:
        """``{year: rate}`` of the ``growth`` rows."""
        return {f.year: f.value for f in self.of(indicator) if f.basis == "growth"}

    def computed_growths(self, indicator: str) -> dict[int, float]:
        """``{year: level / level of the year before - 1}``, only where both years have a
        level, the year is not a break and the earlier level is > 0."""
        levels = self.levels(indicator)
        breaks = set(self.breaks(indicator))
        return {
            year: level / levels[year - 1] - 1.0
            for year, level in levels.items()
            if year not in breaks and levels.get(year - 1, 0.0) > 0
        }

    def growths(self, indicator: str) -> dict[int, float]:
        """Yearly growth for calibration, oldest first: the published rate where there is one,
        else the computed one."""
        merged = {**self.computed_growths(indicator), **self.published_growths(indicator)}
        return dict(sorted(merged.items()))

    def table(self) -> pd.DataFrame:
        """Every figure as written, by indicator, year and basis."""
        columns = ["indicator", "year", "basis", "value", "break", "source", "line"]
        rows = [
            [f.indicator, f.year, f.basis, f.value, f.is_break, f.source, f.line]
            for f in sorted(self.figures, key=lambda f: (f.indicator, f.year, f.basis))
        ]
        return pd.DataFrame(rows, columns=columns)

    def growth_table(self) -> pd.DataFrame:
        """Per indicator and year: the published and computed rates and which one is used."""
        columns = ["indicator", "year", "growth", "published", "computed", "used"]
        rows: list[list[object]] = []
        for indicator in self.indicators:
            published = self.published_growths(indicator)
            computed = self.computed_growths(indicator)
            for year, rate in self.growths(indicator).items():
                used = "published" if year in published else "computed"
                rows.append([indicator, year, rate, published.get(year), computed.get(year), used])
        return pd.DataFrame(rows, columns=columns)


def load_history(
    path: Path, indicators: Collection[str], money_units: Mapping[str, bool], base_year: int
) -> History:
    """Read and check a history file against the scenario's indicators and base year.

    ``money_units`` says per indicator whether a level must be >= 0 (amounts, as for
    actuals); every error names the file, the line and the column, the value and the rule.
    """
    text, encoding = read_text(path, "a history")
    figures: dict[tuple[str, int, str], PastFigure] = {}
    break_cells: dict[int, str] = {}
    for line, row in table_rows(path, text, COLUMNS, OPTIONAL_COLUMNS):
        figure = _parse_row(path, line, row, indicators, money_units, base_year)
        key = (figure.indicator, figure.year, figure.basis)
        previous = figures.get(key)
        if previous is not None:
            raise cell_error(
                path,
                line,
                "year",
                row["year"],
                f"duplicate of line {previous.line} for {figure.indicator} "
                f"(basis {figure.basis}); give each indicator, year and basis once",
            )
        figures[key] = figure
        if figure.is_break:
            break_cells[line] = row["break"]
    history = History(file=path, figures=tuple(figures.values()), encoding=encoding)
    _check_breaks(history, break_cells)
    return history


def _parse_row(
    path: Path,
    line: int,
    row: Mapping[str, str],
    indicators: Collection[str],
    money_units: Mapping[str, bool],
    base_year: int,
) -> PastFigure:
    indicator = row["indicator"]
    if indicator not in indicators:
        known = ", ".join(indicators)
        raise cell_error(path, line, "indicator", indicator, f"no such indicator; known: {known}")
    year = _year(path, line, row["year"], base_year)
    basis = _basis(path, line, row["basis"])
    is_break = _flag(path, line, row["break"])
    if basis == "growth":
        value = _rate(path, line, row, is_break)
    else:
        value = _level(path, line, row["value"], money_units.get(indicator, True))
    problem = source_problem(row["source"])
    if problem is not None:
        raise cell_error(path, line, "source", row["source"], problem)
    return PastFigure(indicator, year, basis, value, row["source"], line, is_break)


def _year(path: Path, line: int, text: str, base_year: int) -> int:
    if not _YEAR.match(text):
        raise cell_error(path, line, "year", text, "must be a year like 2019")
    year = int(text)
    if year > base_year:
        raise cell_error(
            path,
            line,
            "year",
            text,
            f"must be <= {base_year}, the scenario's base_year: history is the past "
            f"(later figures go in the actuals file)",
        )
    return year


def _basis(path: Path, line: int, text: str) -> Basis:
    if text in ("", "level"):
        return "level"
    if text == "growth":
        return "growth"
    raise cell_error(path, line, "basis", text, "must be level or growth (empty = level)")


def _flag(path: Path, line: int, text: str) -> bool:
    """``break``: true or false in any case (Excel writes TRUE), empty = false."""
    if text.lower() in ("", "false"):
        return False
    if text.lower() == "true":
        return True
    raise cell_error(path, line, "break", text, "must be true, false or empty (= false)")


def _level(path: Path, line: int, text: str, money: bool) -> float:
    """A ``level`` row's value: a number, >= 0 for amounts (money, not shares)."""
    level = number(path, line, "value", text)
    if level is None:
        raise cell_error(
            path, line, "value", "", "give the level (or basis = growth and a growth rate)"
        )
    if level < 0 and money:
        raise cell_error(path, line, "value", text, "must be >= 0")
    return level


def _rate(path: Path, line: int, row: Mapping[str, str], is_break: bool) -> float:
    """A ``growth`` row's value: a rate given as a fraction; and no break on it."""
    rate = number(path, line, "value", row["value"])
    if rate is None:
        raise cell_error(
            path, line, "value", "", "give the year's growth rate as a fraction (0.074 for 7.4 %)"
        )
    if not -1.0 < rate <= MAX_RATE:
        raise cell_error(
            path,
            line,
            "value",
            row["value"],
            "a growth rate must be a fraction > -1 and <= 1 (0.074 for 7.4 %); "
            "for a figure that more than doubled give the two levels",
        )
    if is_break:
        raise cell_error(
            path,
            line,
            "break",
            row["break"],
            "a published growth rate compares like with like; mark the break on the level row",
        )
    return rate


def _check_breaks(history: History, break_cells: Mapping[int, str]) -> None:
    """A break needs a year before it: none on an indicator's first year in the file."""
    for indicator in history.indicators:
        figures = history.of(indicator)
        first = figures[0].year
        for figure in figures:
            if figure.is_break and figure.year == first:
                raise cell_error(
                    history.file,
                    figure.line,
                    "break",
                    break_cells[figure.line],
                    f"{first} is the first year of {indicator} in this file; nothing to break from",
                )
