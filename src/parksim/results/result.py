"""What a simulation returns: tidy quantile tables, the target table and (for runs held in
memory) the paths."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from parksim.des import PipelineRuns
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


class Result(ABC):
    """What a simulation returns: the summary tables of every indicator of a scenario.

    Two kinds share these summaries: :class:`PathResult` holds every path in memory
    (``values``, ``paths()``); :class:`parksim.engine.chunked.ChunkedResult` was simulated in chunks
    to bound memory and holds exact summaries only. Years run from ``base_year`` to
    ``horizon`` inclusive; plain indicators come in file order, then derived ones.
    """

    scenario: Scenario
    seed: int
    pipelines: Mapping[str, PipelineRuns]
    values: np.ndarray  # (indicators, paths, years); PathResult only

    @property
    @abstractmethod
    def n_paths(self) -> int:
        """Paths simulated."""

    @abstractmethod
    def probability(self, target_id: str) -> float:
        """Share of paths that meet the target."""

    @abstractmethod
    def joint_probability(self, target_ids: Sequence[str]) -> float:
        """Share of paths that meet every one of the targets."""

    @abstractmethod
    def quantiles_at(self, indicator: str, year: int, qs: Sequence[float]) -> np.ndarray:
        """Quantiles (numpy's linear interpolation) of one indicator in one year."""

    @abstractmethod
    def base_value(self, indicator: str) -> float:
        """The indicator's value in the base year (the same on every path)."""

    @abstractmethod
    def _quantile_table(self, qs: tuple[float, ...]) -> np.ndarray:
        """``(quantiles, indicators, years)``."""

    @abstractmethod
    def _mean_table(self) -> np.ndarray:
        """``(indicators, years)`` ensemble means."""

    @property
    def years(self) -> np.ndarray:
        return self.scenario.compiled.years

    @cached_property
    def _index(self) -> dict[str, int]:
        return {ind_id: i for i, ind_id in enumerate(self.scenario.all_indicator_ids)}

    def index_of(self, indicator: str) -> int:
        """Row of an indicator in ``values`` and in the tables; KeyError naming the known."""
        if indicator not in self._index:
            raise KeyError(f"no indicator {indicator!r}; known: {', '.join(self._index)}")
        return self._index[indicator]

    def paths(self, indicator: str) -> np.ndarray:
        """``(paths, years)`` values of one indicator (read-only); column 0 is the base."""
        series: np.ndarray = self.values[self.index_of(indicator)]
        return series

    def quantiles(self, qs: Sequence[float] = DEFAULT_QUANTILES) -> pd.DataFrame:
        """Long table ``indicator, year, quantile, value`` (numpy's linear interpolation)."""
        qs = checked_quantiles(qs)
        table = self._quantile_table(qs)  # (quantiles, indicators, years)
        ids = self.scenario.all_indicator_ids
        return pd.DataFrame(
            {
                "indicator": np.tile(np.repeat(ids, len(self.years)), len(qs)),
                "year": np.tile(self.years, len(qs) * len(ids)),
                "quantile": np.repeat(qs, len(ids) * len(self.years)),
                "value": table.ravel(),
            }
        )

    def projections(self, qs: Sequence[float] = DEFAULT_QUANTILES) -> pd.DataFrame:
        """Wide table ``indicator, year, mean, p05, p10, …`` : one row per indicator and year."""
        long = self.quantiles(qs)
        table = self.mean().rename(columns={"value": "mean"})
        for q in sorted(set(long["quantile"])):
            table[f"p{round(q * 100):02d}"] = long.loc[long["quantile"] == q, "value"].to_numpy()
        return table

    def mean(self) -> pd.DataFrame:
        """Long table ``indicator, year, value`` of the ensemble mean."""
        ids = self.scenario.all_indicator_ids
        return pd.DataFrame(
            {
                "indicator": np.repeat(ids, len(self.years)),
                "year": np.tile(self.years, len(ids)),
                "value": self._mean_table().ravel(),
            }
        )

    def pipeline_stats(self) -> pd.DataFrame:
        """One row per pipeline and year: mean counts over DES realisations, approval and land
        waits (mean, P90, days; counted in the year the wait ends), staff utilisation and the
        output added (mean, P10, P90, 亿元)."""
        frames = [
            runs.stats().assign(pipeline=pid).loc[:, PIPELINE_COLUMNS]
            for pid, runs in self.pipelines.items()
        ]
        if not frames:
            return pd.DataFrame(columns=PIPELINE_COLUMNS)
        return pd.concat(frames, ignore_index=True)

    def tracking(self) -> pd.DataFrame:
        """Per target (then per other indicator with actual figures): the latest actual and
        period, the plan's value for that period (序时进度), progress ratio, gap in percentage
        points, growth still required, probability and ``ahead`` / ``on_pace`` / ``behind``."""
        from parksim.results.tracking import tracking_table  # tracking builds on this module

        return tracking_table(self)

    def consistency(self) -> pd.DataFrame:
        """Headline targets on a sum of indicators that have their own sub-targets: the joint
        probability of meeting all of them, and whether the sub-targets can add up."""
        from parksim.results.subtargets import consistency_table  # builds on this module

        return consistency_table(self)

    def met(self, target_id: str) -> np.ndarray:
        """Boolean per path: does the path meet the target (every year, for ``maintain``)?"""
        target = self.scenario.targets[target_id]
        return met_paths(self.scenario, target, self.paths(target.indicator))

    def targets(self) -> pd.DataFrame:
        """One row per target: probability, P10/P50/P90 at the deadline, growth needed vs
        assumed, and status (``on_track`` / ``at_risk`` / ``off_track``)."""
        rows = [self._target_row(tid, target) for tid, target in self.scenario.targets.items()]
        return pd.DataFrame(rows, columns=TARGET_COLUMNS)

    def _target_row(self, target_id: str, target: Target) -> dict[str, object]:
        p10, p50, p90 = self.quantiles_at(target.indicator, target.year, (0.1, 0.5, 0.9))
        probability = self.probability(target_id)
        return {
            "target": target_id,
            "name": target.name,
            "indicator": target.indicator,
            "year": target.year,
            "value": target.value,
            "direction": target.direction,
            "probability": probability,
            "p10": p10,
            "p50": p50,
            "p90": p90,
            "required_growth": required_growth(self.scenario, target),
            "assumed_growth": assumed_growth(self.scenario, target.indicator, target.year),
            "status": status_of(self.scenario, probability),
        }


@dataclass(frozen=True, eq=False)
class PathResult(Result):
    """A result that holds every path: ``values`` has shape ``(indicators, paths, years)``."""

    scenario: Scenario
    values: np.ndarray = field(repr=False)
    seed: int
    pipelines: Mapping[str, PipelineRuns] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.values.flags.writeable = False

    @property
    def n_paths(self) -> int:
        return int(self.values.shape[1])

    def probability(self, target_id: str) -> float:
        return float(self.met(target_id).mean())

    def joint_probability(self, target_ids: Sequence[str]) -> float:
        return float(np.logical_and.reduce([self.met(t) for t in target_ids]).mean())

    def quantiles_at(self, indicator: str, year: int, qs: Sequence[float]) -> np.ndarray:
        column = self.paths(indicator)[:, year - self.scenario.base_year]
        return np.asarray(np.quantile(column, checked_quantiles(qs)))

    def base_value(self, indicator: str) -> float:
        return float(self.values[self.index_of(indicator), 0, 0])

    def _quantile_table(self, qs: tuple[float, ...]) -> np.ndarray:
        return np.asarray(np.quantile(self.values, qs, axis=1))

    def _mean_table(self) -> np.ndarray:
        return np.asarray(self.values.mean(axis=1))


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
