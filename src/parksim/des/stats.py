"""Many realisations of one pipeline and their statistics (:class:`PipelineRuns`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from parksim.des.draws import as_seed_sequence, realisation_rng
from parksim.des.model import run_realisation, validated_years
from parksim.des.params import DAYS_PER_YEAR, FloatArray, IntArray, PipelineParams, require_int


def _nan_stat(values: FloatArray, statistic: Callable[[FloatArray], float]) -> float:
    return float(statistic(values)) if values.size else math.nan


@dataclass(frozen=True, eq=False)
class PipelineRuns:
    """Results of many realisations, per output year.

    Per-year matrices have shape (realisations, n_years); waits are pooled over
    realisations, one array per output year, holding the waits that ended in that year.
    """

    years: IntArray
    output: FloatArray  # 亿元 added in each calendar year
    signed: IntArray
    approved: IntArray
    landed: IntArray
    completed: IntArray
    producing: IntArray  # projects with output > 0 in the year
    approval_waits: list[FloatArray]
    land_waits: list[FloatArray]
    staff_busy_days: FloatArray
    events: int
    params: PipelineParams | None = None

    @property
    def realisations(self) -> int:
        return int(self.output.shape[0])

    def stats(self, approval_staff: int | None = None) -> pd.DataFrame:
        """One row per output year: mean counts, wait mean/p90, utilisation, output bands.

        ``approval_staff`` defaults to the one in ``params``; waits are NaN in years in
        which no wait ended.
        """
        import pandas as pd

        staff = self._staff_for_stats(approval_staff)
        capacity_days = staff * DAYS_PER_YEAR
        return pd.DataFrame(
            {
                "year": self.years,
                "signed": self.signed.mean(axis=0),
                "approved": self.approved.mean(axis=0),
                "landed": self.landed.mean(axis=0),
                "completed": self.completed.mean(axis=0),
                "producing": self.producing.mean(axis=0),
                "approval_wait_mean_days": [_nan_stat(w, np.mean) for w in self.approval_waits],
                "approval_wait_p90_days": [_nan_stat(w, _p90) for w in self.approval_waits],
                "land_wait_mean_days": [_nan_stat(w, np.mean) for w in self.land_waits],
                "land_wait_p90_days": [_nan_stat(w, _p90) for w in self.land_waits],
                "staff_utilisation": self.staff_busy_days.mean(axis=0) / capacity_days,
                "output_mean": self.output.mean(axis=0),
                "output_p10": np.percentile(self.output, 10, axis=0),
                "output_p90": np.percentile(self.output, 90, axis=0),
            }
        )

    def _staff_for_stats(self, approval_staff: int | None) -> int:
        if approval_staff is None:
            if self.params is None:
                raise ValueError("approval_staff = None: must be given when params is unknown")
            return self.params.approval_staff
        return require_int("approval_staff", approval_staff, 1)


def _p90(values: FloatArray) -> float:
    return float(np.percentile(values, 90))


def _pooled_waits(per_realisation: list[list[FloatArray]], n_years: int) -> list[FloatArray]:
    return [np.concatenate([waits[k] for waits in per_realisation]) for k in range(n_years)]


def simulate_pipeline(
    params: PipelineParams,
    years: range | Sequence[int],
    realisations: int,
    seed: int | np.random.SeedSequence,
) -> PipelineRuns:
    """Run independent realisations; realisation r draws from ``realisation_rng(seed, r)``."""
    count = require_int("realisations", realisations, 1)
    year_array = validated_years(years)
    seed_sequence = as_seed_sequence(seed)
    runs = [
        run_realisation(params, year_array.tolist(), realisation_rng(seed_sequence, r))
        for r in range(count)
    ]
    return PipelineRuns(
        years=year_array,
        output=np.stack([run.output for run in runs]),
        signed=np.stack([run.signed for run in runs]),
        approved=np.stack([run.approved for run in runs]),
        landed=np.stack([run.landed for run in runs]),
        completed=np.stack([run.completed for run in runs]),
        producing=np.stack([run.producing for run in runs]),
        approval_waits=_pooled_waits([run.approval_waits for run in runs], year_array.size),
        land_waits=_pooled_waits([run.land_waits for run in runs], year_array.size),
        staff_busy_days=np.stack([run.staff_busy_days for run in runs]),
        events=sum(run.events for run in runs),
        params=params,
    )
