"""Every random number of a realisation, drawn in bulk before the run (common random numbers)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from parksim.des.params import (
    DAYS_PER_YEAR,
    ArrivalDays,
    BoolArray,
    FloatArray,
    PipelineParams,
    is_int,
    require_int,
)


def as_seed_sequence(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if not is_int(seed) or int(seed) < 0:
        raise ValueError(f"seed = {seed!r}: must be an integer >= 0 or a numpy SeedSequence")
    return np.random.SeedSequence(int(seed))


def realisation_rng(seed: int | np.random.SeedSequence, realisation: int) -> np.random.Generator:
    """The generator of realisation ``realisation``: child ``(realisation,)`` of ``seed``.

    Built from entropy and spawn key directly (not ``SeedSequence.spawn``), so it does not
    depend on how many realisations are run or on any earlier spawning.
    """
    ss = as_seed_sequence(seed)
    index = require_int("realisation", realisation, 0)
    child = np.random.SeedSequence(entropy=ss.entropy, spawn_key=(*ss.spawn_key, index))
    return np.random.default_rng(child)


@dataclass(frozen=True, eq=False)
class ProjectDraws:
    """Everything random about one realisation's projects, drawn before the run."""

    signed_days: FloatArray  # sorted signing times
    goes_ahead: BoolArray
    key: BoolArray
    approval_service_days: FloatArray
    build_days: FloatArray
    full_output: FloatArray  # 亿元/year


def _draw_arrival_days(params: PipelineParams, rng: np.random.Generator) -> FloatArray:
    """Poisson count per recruitment year, then uniform times within the year, sorted."""
    counts = rng.poisson(np.asarray(params.arrivals_per_year))
    year_index = np.repeat(np.arange(len(counts)), counts)
    offsets = rng.random(year_index.size)
    # Each year's times lie in their own interval, so a global sort sorts within years.
    return np.sort((year_index + offsets) * DAYS_PER_YEAR)


def _explicit_arrival_days(arrival_days: ArrivalDays) -> FloatArray:
    days = np.asarray(arrival_days, dtype=np.float64).reshape(-1)
    bad = np.flatnonzero(~(np.isfinite(days) & (days >= 0)))
    if bad.size:
        first = int(bad[0])
        raise ValueError(
            f"arrival_days[{first}] = {float(days[first])!r}: must be a finite number >= 0"
        )
    return np.sort(days)


def _approval_days_from(params: PipelineParams, u: FloatArray, z: FloatArray) -> FloatArray:
    """Approval durations from base variates u ~ U[0, 1) and z ~ N(0, 1)."""
    mean = params.approval_days
    if params.approval_distribution == "exponential":
        return -mean * np.log1p(-u)
    if params.approval_distribution == "lognormal":
        sigma = math.sqrt(math.log1p(params.approval_cv**2))
        return np.exp(math.log(mean) - sigma**2 / 2 + sigma * z)  # mean exactly `mean`
    return np.full(u.size, mean)


def _triangular_from(build_years: tuple[float, float, float], u: FloatArray) -> FloatArray:
    """Inverse CDF of the triangular distribution (min, mode, max) at u."""
    low, mode, high = build_years
    width = high - low
    if width == 0:
        return np.full(u.size, low)
    mode_cdf = (mode - low) / width
    rising = low + np.sqrt(u * width * (mode - low))
    falling = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < mode_cdf, rising, falling)


def draw_projects(
    params: PipelineParams,
    rng: np.random.Generator,
    *,
    arrival_days: ArrivalDays | None = None,
) -> ProjectDraws:
    """Draw all per-project random numbers of one realisation in bulk.

    ``arrival_days`` replaces the Poisson arrivals by given signing times (for tests and
    what-if runs); everything else is still drawn from ``rng``.
    """
    if arrival_days is None:
        signed = _draw_arrival_days(params, rng)
    else:
        signed = _explicit_arrival_days(arrival_days)
    n = signed.size
    go_u, key_u, approval_u, build_u = rng.random((4, n))
    approval_z, output_z = rng.standard_normal((2, n))
    return ProjectDraws(
        signed_days=signed,
        goes_ahead=go_u < params.success_rate,
        key=key_u < params.key_share,
        approval_service_days=_approval_days_from(params, approval_u, approval_z),
        build_days=_triangular_from(params.build_years, build_u) * DAYS_PER_YEAR,
        full_output=params.output_median * np.exp(params.output_spread * output_z),
    )


# ------------------------------------------------------------------------ SimPy model
