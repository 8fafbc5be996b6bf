"""Year-to-date figures as noisy observations of their year (nowcasts).

A cumulative figure for ``2021Q1`` (Jan–Mar), ``2021Q2`` (Jan–Jun) or ``2021Q3`` estimates the
year as ``value ÷ share``, the share of a year's flow that the months elapsed hold
(``seasonal_shares``, or 1/4, 2/4, 3/4). The estimate has a relative error ``ytd_error =
[Q1, H1, Q3]``: an indicator key, by default :data:`DEFAULT_YTD_ERROR` (an assumption, said
wherever it is used). A Q4 figure is the year, error 0. Shares and ratios are levels, not
flows, and derived indicators are formulas: their quarters are tracked, not nowcast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parksim.inputs.actuals import Actual, Actuals
from parksim.inputs.schema import SHARE_UNITS, Indicator

# Relative errors of the year estimated from Q1, H1 and Q1–Q3: the planners' rule of thumb
# that a first quarter says little (2020's Q1 was no guide to its year) and Q3 says much.
DEFAULT_YTD_ERROR = (0.20, 0.10, 0.05)
DEFAULT_YTD_ERROR_SOURCE = (
    "assumption: default year-to-date errors 20 % (Q1), 10 % (H1), 5 % (Q1–Q3) of the year"
)


@dataclass(frozen=True)
class Nowcast:
    """What a year-to-date figure says about its year (column ``column`` of the run)."""

    column: int
    figure: Actual
    estimate: float | None  # the year's level implied: value ÷ year-to-date share
    error: float  # the estimate's relative error (0 for a Q4 figure)


def year_share(indicator: Indicator | None, quarter: int | None) -> float:
    """The share of a year's flow held by the year to date after ``quarter`` (None: 1.0)."""
    if quarter is None:
        return 1.0
    if indicator is not None and indicator.seasonal_shares is not None:
        return indicator.seasonal_shares[quarter - 1]
    return quarter / 4.0


def ytd_errors(indicator: Indicator) -> tuple[float, float, float, float]:
    """The relative errors of the year estimated after Q1, H1, Q3 and Q4 (the year)."""
    q1, h1, q3 = indicator.ytd_error or DEFAULT_YTD_ERROR
    return (q1, h1, q3, 0.0)


def nowcasts_of(
    indicators: Mapping[str, Indicator],
    ids: Sequence[str],
    actuals: Actuals | None,
    years: range,
) -> dict[int, tuple[Nowcast, ...]]:
    """Per plain flow indicator (index): its latest year-to-date figure of each projected year
    (``years[1:]``) that has no full-year figure."""
    if actuals is None:
        return {}
    found: dict[int, tuple[Nowcast, ...]] = {}
    for i, indicator_id in enumerate(ids):
        indicator = indicators[indicator_id]
        if indicator.unit in SHARE_UNITS:
            continue
        latest: dict[int, Actual] = {}
        for figure in actuals.of(indicator_id):
            latest[figure.year] = figure  # oldest first: the last one is the newest
        chosen = [
            _nowcast(indicator, figure, figure.year - years[0])
            for year, figure in sorted(latest.items())
            if figure.quarter is not None and year in years[1:]
        ]
        if chosen:
            found[i] = tuple(chosen)
    return found


def _nowcast(indicator: Indicator, figure: Actual, column: int) -> Nowcast:
    assert figure.quarter is not None
    share = year_share(indicator, figure.quarter)
    estimate = None if figure.value is None else figure.value / share
    return Nowcast(column, figure, estimate, ytd_errors(indicator)[figure.quarter - 1])
