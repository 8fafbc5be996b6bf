"""Small summaries of a run, for the app to cache and draw: no path arrays leave this module.

A ``Result`` holds every path (21 indicators × 10,000 paths × 12 years ≈ 20 MB); the app
keeps only what it shows: the target table, quantile bands, plan paths, pipeline statistics and
tracking rows, a few kilobytes that pickle quickly into Streamlit's cache.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from parksim.analysis.levers import feeding_indicators
from parksim.des import PipelineRuns
from parksim.engine.run import simulate
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SHARE_UNITS
from parksim.inputs.sources import is_assumption
from parksim.report.cache import memo, quantile_pool
from parksim.results.metrics import PIPELINE_COLUMNS, path_quantiles
from parksim.results.protocol import Result
from parksim.results.result import PathResult
from parksim.results.tracking import plan_value

BANDS = (0.05, 0.25, 0.5, 0.75, 0.95)
BAND_COLUMNS = ["p05", "p25", "p50", "p75", "p95"]


@dataclass(frozen=True)
class RunSummary:
    """What the app shows of one run."""

    scenario: str
    paths: int
    seed: int
    years: tuple[int, ...]
    band_values: dict[str, np.ndarray]  # per indicator, (years, 5): P5, P25, P50, P75, P95
    targets: pd.DataFrame  # Result.targets()
    plans: pd.DataFrame  # target, indicator, year, value: constant required growth to the target
    pipelines: pd.DataFrame  # Result.pipeline_stats()
    tracking: pd.DataFrame  # Result.tracking()
    surprises: pd.DataFrame  # Result.surprises()
    pipeline_runs: int
    actuals: pd.DataFrame  # actual_points(scenario)
    non_finite: pd.DataFrame  # Result.non_finite(): indicator, year, paths not finite
    progress: pd.DataFrame  # Result.progress(): each target's figures against 序时进度

    @property
    def bands(self) -> pd.DataFrame:
        """Long table ``indicator, year, p05, p25, p50, p75, p95``."""
        ids = list(self.band_values)
        stacked = np.concatenate([self.band_values[i] for i in ids]) if ids else np.empty((0, 5))
        table = pd.DataFrame(stacked, columns=BAND_COLUMNS)
        table.insert(0, "indicator", np.repeat(ids, len(self.years)))
        table.insert(1, "year", np.tile(self.years, len(ids)))
        return table


def run_summary(scenario: Scenario, paths: int, seed: int) -> RunSummary:
    """Simulate and summarise."""
    return summarize(simulate(scenario, paths=paths, seed=seed))


def summarize(result: Result, bands_for: Collection[str] | None = None) -> RunSummary:
    """The tables the app shows of ``result``; quantile bands of the indicators in
    ``bands_for`` only (None: all), as the app draws only the charts picked."""
    runs = {r.realisations for r in result.pipelines.values()}
    return RunSummary(
        scenario=result.scenario.id,
        paths=result.n_paths,
        seed=result.seed,
        years=tuple(int(y) for y in result.years),
        band_values=band_values(result, bands_for),
        targets=result.targets(),
        plans=plan_paths(result),
        pipelines=pipeline_stats(result),
        tracking=result.tracking(),
        surprises=result.surprises(),
        pipeline_runs=max(runs, default=0),
        actuals=actual_points(result.scenario),
        non_finite=result.non_finite(),
        progress=result.progress(),
    )


def band_values(result: Result, indicators: Collection[str] | None = None) -> dict[str, np.ndarray]:
    """P5 … P95 per year of each of ``indicators`` (None: all), as ``Result.quantiles``
    computes them (numpy's linear interpolation, bit for bit), on two threads: numpy's sort
    releases the GIL."""
    every = result.scenario.all_indicator_ids
    ids = [i for i in every if indicators is None or i in indicators]
    if not ids:
        return {}
    if not isinstance(result, PathResult):  # a chunked run has its quantiles ready
        table = result.quantile_table(BANDS)[:, [every.index(i) for i in ids], :]
    else:
        values = result.values[[every.index(i) for i in ids]]
        half = values.shape[0] // 2
        parts = quantile_pool().map(
            lambda rows: path_quantiles(values[rows], BANDS),
            (slice(0, half), slice(half, values.shape[0])),
        )
        table = np.concatenate(list(parts), axis=1)  # (quantiles, indicators, years)
    return {ind: np.ascontiguousarray(table[:, i, :].T) for i, ind in enumerate(ids)}


def pipeline_stats(result: Result) -> pd.DataFrame:
    """``Result.pipeline_stats()``, computed once per set of DES runs (the runs are cached by
    parksim: a growth slider never changes them, so its move reuses the whole table)."""
    return _stats_table(tuple(result.pipelines.items()))


@memo("pipeline_table")
def _stats_table(pipelines: tuple[tuple[str, PipelineRuns], ...]) -> pd.DataFrame:
    frames = [
        _runs_stats(runs).assign(pipeline=pid).loc[:, PIPELINE_COLUMNS] for pid, runs in pipelines
    ]
    if not frames:
        return pd.DataFrame(columns=PIPELINE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


@memo("pipeline_stats")
def _runs_stats(runs: PipelineRuns) -> pd.DataFrame:
    return runs.stats()


def probability(scenario: Scenario, target: str, paths: int, seed: int) -> float:
    """One target's probability (what goal seek evaluates)."""
    return simulate(scenario, paths=paths, seed=seed).probability(target)


def plan_paths(result: Result) -> pd.DataFrame:
    """Per target, the plan from the base year to the deadline (序时进度's path)."""
    scenario = result.scenario
    rows = [
        {
            "target": tid,
            "indicator": t.indicator,
            "year": year,
            "value": plan_value(result, t, year),
        }
        for tid, t in scenario.targets.items()
        for year in range(scenario.base_year, t.year + 1)
    ]
    return pd.DataFrame(rows, columns=["target", "indicator", "year", "value"])


def actual_points(scenario: Scenario) -> pd.DataFrame:
    """Actual figures to plot on a year axis: full-year levels of every indicator, and for
    shares (levels, not flows) year-to-date figures too, at their year (a share after Q1
    is an early reading of the year's share; the tooltip names the period)."""
    rows: list[dict[str, object]] = []
    if scenario.actuals is None:
        return pd.DataFrame(columns=["indicator", "x", "value", "period"])
    for indicator in scenario.all_indicator_ids:
        share = scenario.unit_of(indicator) in SHARE_UNITS
        for figure in scenario.actuals.of(indicator):
            if figure.value is None or (figure.quarter is not None and not share):
                continue
            rows.append(
                {
                    "indicator": indicator,
                    "x": figure.year,
                    "value": figure.value,
                    "period": figure.period,
                }
            )
    return pd.DataFrame(rows, columns=["indicator", "x", "value", "period"])


def key_inputs(scenario: Scenario, target: str) -> list[str]:
    """The numbers a target rests on: its value and deadline (and ``from``), and the base and
    growth of every plain indicator it is computed from."""
    spec = scenario.targets[target]
    keys = [f"targets.{target}.value", f"targets.{target}.year"]
    if spec.maintain and spec.from_year is not None:
        keys.append(f"targets.{target}.from")
    for indicator in feeding_indicators(scenario, spec.indicator):
        keys += [f"indicators.{indicator}.base", f"indicators.{indicator}.growth"]
    return keys


def target_basis(scenario: Scenario, target: str) -> tuple[int, int]:
    """``(assumptions, key inputs)``: how many of the target's key inputs are assumptions
    (``"assumption: …"`` or no source; an app override counts as an assumption)."""
    keys = key_inputs(scenario, target)
    return sum(is_assumption(scenario.source_of(k)) for k in keys), len(keys)
