"""Target metrics, defined once for every kind of result: which paths meet a target, the growth
a target needs and the growth a scenario assumes, the status from a probability."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import Target

TARGET_COLUMNS = [
    "target",
    "name",
    "indicator",
    "year",
    "value",
    "direction",
    "probability",
    "p10",
    "p50",
    "p90",
    "required_growth",
    "assumed_growth",
    "status",
]


PIPELINE_COLUMNS = [
    "pipeline",
    "year",
    "signed",
    "approved",
    "landed",
    "completed",
    "producing",
    "approval_wait_mean_days",
    "approval_wait_p90_days",
    "land_wait_mean_days",
    "land_wait_p90_days",
    "staff_utilisation",
    "output_mean",
    "output_p10",
    "output_p90",
]


DEFAULT_QUANTILES = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)


def met_paths(scenario: Scenario, target: Target, series: np.ndarray) -> np.ndarray:
    """Boolean per row of ``series`` (paths, years) of the target's indicator: is the target
    met in its year (in every year from ``from`` on, for ``maintain``)?"""
    last = target.year - scenario.base_year
    first = last
    if target.maintain:
        first = (target.from_year or scenario.base_year + 1) - scenario.base_year
    window = series[:, first : last + 1]
    ok = window >= target.value if target.direction == ">=" else window <= target.value
    return np.asarray(ok.all(axis=1))


def checked_quantiles(qs: Sequence[float]) -> tuple[float, ...]:
    """Quantiles as floats, each within 0..1."""
    qs = tuple(float(q) for q in qs)
    if not all(0.0 <= q <= 1.0 for q in qs):
        raise ValueError(f"quantiles {qs}: each must be within 0..1")
    return qs


def path_quantiles(values: np.ndarray, qs: Sequence[float]) -> np.ndarray:
    """``numpy.quantile(values, qs, axis=1)`` of ``(indicators, paths, years)``, bit for bit,
    as ``(quantiles, indicators, years)``: one indicator at a time, its paths are copied into a
    contiguous row per year and sorted, and numpy reads the quantiles off the sorted rows (they
    depend on the order statistics only). numpy's partition for several quantiles along the
    strided paths axis took 2-4x as long as this sort (10,000-50,000 paths)."""
    table = np.empty((len(qs), values.shape[0], values.shape[2]))
    for i, series in enumerate(values):
        rows = np.ascontiguousarray(series.T)  # (years, paths)
        rows.sort(axis=1)
        table[:, i, :] = np.quantile(rows, qs, axis=1)
    return table


def growth_origin(scenario: Scenario, indicator_id: str, year: int) -> tuple[int, float] | None:
    """Where growth toward a deadline starts: the latest full-year actual before ``year``,
    else the base value; None for derived indicators."""
    indicator = scenario.indicators.get(indicator_id)
    if indicator is None:
        return None
    earlier = {y: v for y, v in scenario.annual_levels(indicator_id).items() if y < year}
    if earlier:
        latest = max(earlier)
        return latest, earlier[latest]
    return scenario.base_year, indicator.base


def required_growth(scenario: Scenario, target: Target) -> float:
    """Constant annual growth from the latest actual (or the base value) to the target;
    NaN for derived indicators."""
    origin = growth_origin(scenario, target.indicator, target.year)
    if origin is None:
        return float("nan")
    start, level = origin
    return float((target.value / level) ** (1.0 / (target.year - start)) - 1.0)


def assumed_growth(scenario: Scenario, indicator_id: str, year: int) -> float:
    """Geometric mean of ``1 + growth_t + shock_t`` over the same years as the required growth
    (from the latest actual or the base year up to ``year``), minus 1; NaN for derived."""
    compiled = scenario.compiled
    origin = growth_origin(scenario, indicator_id, year)
    if origin is None:
        return float("nan")
    i = compiled.indicator_ids.index(indicator_id)
    first, last = origin[0] - scenario.base_year, year - scenario.base_year
    factors = 1.0 + compiled.growth[i, first:last] + compiled.shocks[i, first:last]
    return float(np.prod(factors) ** (1.0 / (last - first)) - 1.0)


def status_of(scenario: Scenario, probability: float) -> str:
    """``on_track`` / ``at_risk`` / ``off_track`` by the scenario's thresholds."""
    thresholds = scenario.spec.status
    if probability >= thresholds.on_track:
        return "on_track"
    if probability >= thresholds.at_risk:
        return "at_risk"
    return "off_track"


def exact_means(sums_over_n: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Means where a column's paths all agree are that value exactly (a sum of 10,000 equal
    numbers over 10,000 is not, in floating point: 1150.2 became 1150.199999999894)."""
    constant = low == high
    return np.where(constant, low, sums_over_n)
