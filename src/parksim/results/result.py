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
from parksim.results.metrics import (
    DEFAULT_QUANTILES,
    PIPELINE_COLUMNS,
    TARGET_COLUMNS,
    assumed_growth,
    checked_quantiles,
    met_paths,
    path_quantiles,
    required_growth,
    status_of,
)
from parksim.results.subtargets import consistency_table
from parksim.results.tracking import progress_history, surprise_table, tracking_table


class BaseResult(ABC):
    """The tables every :class:`~parksim.results.protocol.Result` shares, written once over a
    few primitives that each kind of result provides: :class:`PathResult` holds every path in
    memory; :class:`parksim.engine.chunked.ChunkedResult` was simulated in chunks to bound
    memory and holds exact summaries only.
    """

    scenario: Scenario
    seed: int
    pipelines: Mapping[str, PipelineRuns]
    percentiles: Mapping[tuple[str, str], float]  # (indicator, period) → forecast percentile

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
    def quantile_table(self, qs: Sequence[float]) -> np.ndarray:
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

    @property
    @abstractmethod
    def keeps_paths(self) -> bool:
        """Whether :meth:`paths` and :meth:`met` answer (a chunked run keeps no paths)."""

    @abstractmethod
    def paths(self, indicator: str) -> np.ndarray:
        """``(paths, years)`` values of one indicator (read-only); column 0 is the base."""

    def quantiles(self, qs: Sequence[float] = DEFAULT_QUANTILES) -> pd.DataFrame:
        """Long table ``indicator, year, quantile, value`` (numpy's linear interpolation)."""
        qs = checked_quantiles(qs)
        table = self.quantile_table(qs)  # (quantiles, indicators, years)
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
        return tracking_table(self)

    def progress(self) -> pd.DataFrame:
        """Each figure of a target's indicator against the plan for its period
        (``results.tracking.progress_history``): the tracking table's rows, period by period."""
        return progress_history(self)

    def forecast_percentile(self, indicator: str, period: str) -> float:
        """The share of the forecast made without the figure of ``period`` that lay below it
        (NaN: no such figure in a projected year)."""
        return self.percentiles.get((indicator, period), float("nan"))

    def surprises(self) -> pd.DataFrame:
        """Every actual figure in a projected year, its forecast percentile, and whether it
        fell outside the forecast's P5–P95 band."""
        return surprise_table(self)

    @abstractmethod
    def non_finite_counts(self) -> np.ndarray:
        """Per indicator and year (``(indicators, years)``), the paths whose value is not a
        finite number (a formula dividing by a value that reached 0, say). Only derived
        indicators are looked at: a plain one is a product of floored, finite factors."""

    def non_finite(self) -> pd.DataFrame:
        """``indicator, year, paths`` where some paths are not finite: the quantiles there
        are not numbers, and every output says so (``text.warnings``)."""
        counts = self.non_finite_counts()
        ids, years = self.scenario.all_indicator_ids, self.years
        rows = [
            {"indicator": ids[i], "year": int(years[t]), "paths": int(counts[i, t])}
            for i, t in zip(*np.nonzero(counts), strict=True)
        ]
        return pd.DataFrame(rows, columns=["indicator", "year", "paths"])

    def consistency(self) -> pd.DataFrame:
        """Headline targets on a sum of indicators that have their own sub-targets: the joint
        probability of meeting all of them, and whether the sub-targets can add up."""
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
class PathResult(BaseResult):
    """A result that holds every path: ``values`` has shape ``(indicators, paths, years)``."""

    scenario: Scenario
    values: np.ndarray = field(repr=False)
    seed: int
    pipelines: Mapping[str, PipelineRuns] = field(default_factory=dict, repr=False)
    percentiles: Mapping[tuple[str, str], float] = field(default_factory=dict, repr=False)

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

    @property
    def keeps_paths(self) -> bool:
        return True

    def non_finite_counts(self) -> np.ndarray:
        counts = np.zeros((self.values.shape[0], self.values.shape[2]), dtype=np.int64)
        derived = len(self.scenario.compiled.indicator_ids)  # the first rows are plain
        counts[derived:] = (~np.isfinite(self.values[derived:])).sum(axis=1)
        return counts

    def paths(self, indicator: str) -> np.ndarray:
        series: np.ndarray = self.values[self.index_of(indicator)]
        return series

    def quantile_table(self, qs: Sequence[float]) -> np.ndarray:
        """``(quantiles, indicators, years)``, numpy's linear interpolation."""
        return path_quantiles(self.values, checked_quantiles(qs))

    def _mean_table(self) -> np.ndarray:
        values = self.values
        means = np.asarray(values.mean(axis=1))
        first = values[:, 0, :]
        # Only columns whose mean is within rounding of the first path can be constant: check
        # those exactly (a full min/max pass would cost 4x the mean itself).
        near = np.isclose(means, first, rtol=1e-12, atol=0.0)
        constant = np.zeros_like(near)
        for i, year in zip(*np.nonzero(near), strict=True):
            constant[i, year] = bool(np.all(values[i, :, year] == first[i, year]))
        return np.where(constant, first, means)  # as ``exact_means``, without the full pass
