"""Surprise: each actual figure's percentile in the forecast made without it.

A figure that informs the run (a full-year figure of a plain indicator, or the latest
year-to-date figure of a flow) is placed in the forecast the filter made just before it, from
every earlier year's figures (:mod:`parksim.engine.condition`). A full-year figure the run
does not condition on (a derived indicator's, a share's) is placed among the run's own paths
of its year; a share's year-to-date figure is a level part-way through the year, which no
forecast of the year's end speaks of, so it gets none. Counts ``(paths below, paths
counted)`` add up over chunks, so the percentile is the same for any chunking; a tie counts
half.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SHARE_UNITS

Tally = dict[tuple[str, str], np.ndarray]  # (indicator, period) → [below, counted]


def tally_figures(
    scenario: Scenario, values: np.ndarray, counts: Mapping[tuple[int, int], np.ndarray]
) -> Tally:
    """The percentile counts of every actual figure in a projected year, for these paths."""
    if scenario.actuals is None:
        return {}
    tally: Tally = {}
    ids, years = scenario.compiled.indicator_ids, values.shape[2]
    for (i, column), count in counts.items():
        tally[(ids[i], _period_of(scenario, i, column))] = np.asarray(count, dtype=np.float64)
    for index, indicator in enumerate(scenario.all_indicator_ids):
        if indicator in scenario.indicators and scenario.unit_of(indicator) not in SHARE_UNITS:
            continue  # flows: placed by the filter above, or superseded by a later figure
        for figure in scenario.actuals.of(indicator):
            column = figure.year - scenario.base_year
            if figure.quarter is None and figure.value is not None and 0 < column < years:
                paths = values[index, :, column]
                below = (paths < figure.value).sum() + 0.5 * (paths == figure.value).sum()
                tally[(indicator, figure.period)] = np.array([below, np.isfinite(paths).sum()])
    return tally


def add_tallies(parts: Sequence[Tally]) -> Tally:
    """The counts of several chunks of one run."""
    total: Tally = {}
    for part in parts:
        for key, count in part.items():
            total[key] = total[key] + count if key in total else count.copy()
    return total


def percentiles(tally: Tally) -> dict[tuple[str, str], float]:
    """``(indicator, period)`` → the share of the forecast's paths below the figure."""
    return {key: float(c[0] / c[1]) if c[1] else float("nan") for key, c in tally.items()}


def _period_of(scenario: Scenario, i: int, column: int) -> str:
    for cast in scenario.nowcasts.get(i, ()):
        if cast.column == column:
            return cast.figure.period
    return str(scenario.base_year + column)
