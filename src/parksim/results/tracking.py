"""Tracking a plan against actual figures: 序时进度 (time-proportional progress).

For a target, the plan runs from the base value to the target at constant growth (a
``maintain`` target's plan is the level itself). A year-to-date figure of a flow (revenue,
output) is compared with the plan's value for that year times the share of the year elapsed
(Q1 = 0.25 … unless the indicator gives ``seasonal_shares``); a share or ratio is a level and is
compared with the plan directly. An indicator with actual figures but no target is tracked
against the scenario's own median projection (``basis = "assumptions"``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parksim.inputs.actuals import Actual
from parksim.inputs.observations import year_share
from parksim.inputs.schema import SHARE_UNITS, Target
from parksim.results.metrics import required_growth
from parksim.results.protocol import Result

TRACKING_COLUMNS = [
    "target", "indicator", "basis", "latest_period", "latest_actual", "plan_value",
    "time_share", "progress_ratio", "gap_pp", "required_growth", "probability", "status",
    "forecast_percentile", "surprise",
]  # fmt: skip
SURPRISE_COLUMNS = ["indicator", "period", "value", "forecast_percentile", "surprise"]
NO_DATA = "no_data"
SURPRISE_BAND = (0.05, 0.95)  # a figure outside the forecast's P5–P95 is flagged


def tracking_table(result: Result) -> pd.DataFrame:
    """One row per target, then one per other indicator that has actual figures."""
    scenario = result.scenario
    rows = [_target_row(result, tid, target) for tid, target in scenario.targets.items()]
    targeted = {target.indicator for target in scenario.targets.values()}
    if scenario.actuals is not None:
        for indicator in scenario.all_indicator_ids:
            latest = scenario.actuals.latest(indicator)
            if indicator not in targeted and latest is not None:
                rows.append(_assumption_row(result, indicator, latest))
    return pd.DataFrame(rows, columns=TRACKING_COLUMNS)


def progress_history(result: Result) -> pd.DataFrame:
    """Every figure of a target's indicator against the plan for its own period (序时进度 period
    by period, not only the latest): the tracking table's rows, one per target and figure,
    oldest first."""
    scenario = result.scenario
    rows = []
    for target_id, target in scenario.targets.items():
        figures = scenario.actuals.of(target.indicator) if scenario.actuals else []
        for figure in (f for f in figures if f.value is not None):
            if figure.year <= scenario.base_year:
                continue  # the plan starts at the base value: nothing to compare before it
            planned = plan_value(result, target, figure.year)
            rows.append(
                {
                    "target": target_id, "indicator": target.indicator, "basis": "target",
                    "required_growth": float("nan"), "probability": float("nan"),
                    **_progress(result, target.indicator, figure, planned, target.direction),
                }
            )  # fmt: skip
    return pd.DataFrame(rows, columns=TRACKING_COLUMNS)


def surprise_table(result: Result) -> pd.DataFrame:
    """Every actual figure in a projected year with its forecast percentile (the share of
    the forecast made without it that lay below) and whether it is outside P5–P95."""
    scenario = result.scenario
    rows = []
    if scenario.actuals is not None:
        for figure in sorted(scenario.actuals.figures, key=lambda f: (f.year, f.elapsed)):
            share = result.forecast_percentile(figure.indicator, figure.period)
            if not np.isnan(share):
                rows.append(
                    {
                        "indicator": figure.indicator, "period": figure.period,
                        "value": figure.value, "forecast_percentile": share,
                        "surprise": is_surprise(share),
                    }
                )  # fmt: skip
    return pd.DataFrame(rows, columns=SURPRISE_COLUMNS)


def is_surprise(percentile: float) -> bool:
    """Outside the forecast's P5–P95 band (False for NaN)."""
    low, high = SURPRISE_BAND
    return bool(percentile < low or percentile > high)


def plan_value(result: Result, target: Target, year: int) -> float:
    """The plan's full-year value in ``year``: constant growth from base to target."""
    if target.maintain:
        return target.value
    base = result.base_value(target.indicator)
    span = target.year - result.scenario.base_year
    rate = (target.value / base) ** (1.0 / span)
    return float(base * rate ** (year - result.scenario.base_year))


def time_share(result: Result, indicator: str, figure: Actual) -> float:
    """Share of the year's flow that a year-to-date figure should hold (1.0 for a year)."""
    return year_share(result.scenario.indicators.get(indicator), figure.quarter)


def _target_row(result: Result, target_id: str, target: Target) -> dict[str, object]:
    scenario = result.scenario
    row: dict[str, object] = {
        "target": target_id, "indicator": target.indicator, "basis": "target",
        "required_growth": required_growth(scenario, target),
        "probability": result.probability(target_id),
    }  # fmt: skip
    latest = scenario.actuals.latest(target.indicator) if scenario.actuals else None
    if latest is None:
        return {**row, "status": NO_DATA}
    planned = plan_value(result, target, latest.year)
    return {**row, **_progress(result, target.indicator, latest, planned, target.direction)}


def _assumption_row(result: Result, indicator: str, latest: Actual) -> dict[str, object]:
    inside = result.scenario.base_year <= latest.year <= result.scenario.horizon
    planned = (
        float(result.quantiles_at(indicator, latest.year, (0.5,))[0]) if inside else float("nan")
    )
    return {
        "target": None, "indicator": indicator, "basis": "assumptions",
        "required_growth": float("nan"), "probability": float("nan"),
        **_progress(result, indicator, latest, planned, ">="),
    }  # fmt: skip


def _progress(
    result: Result, indicator: str, latest: Actual, planned: float, direction: str
) -> dict[str, object]:
    """Latest figure vs the plan for its period, as ratio, gap and status."""
    value = float("nan") if latest.value is None else latest.value
    scenario = result.scenario
    unit = scenario.unit_of(indicator)
    share = time_share(result, indicator, latest)
    level = unit in SHARE_UNITS
    expected = planned if level else planned * share
    ratio = value / expected if expected else float("nan")
    gap = (value - planned) * 100 if level else (value / planned - share) * 100
    percentile = result.forecast_percentile(indicator, latest.period)
    return {
        "latest_period": latest.period, "latest_actual": value,
        "plan_value": expected, "time_share": share, "progress_ratio": ratio,
        "gap_pp": gap, "status": _pace(result, ratio, direction),
        "forecast_percentile": percentile, "surprise": is_surprise(percentile),
    }  # fmt: skip


def _pace(result: Result, ratio: float, direction: str) -> str:
    """``ahead`` / ``on_pace`` / ``behind`` by the ``[status]`` thresholds."""
    if np.isnan(ratio):
        return NO_DATA
    status = result.scenario.spec.status
    better = ratio - 1.0 if direction == ">=" else 1.0 - ratio
    if better < -status.behind:
        return "behind"
    if better > status.ahead:
        return "ahead"
    return "on_pace"
