"""Discrete-event model of an industrial park's project pipeline.

Projects are signed, approved, given land, built and ramped up to full output; the
model answers how much output (亿元) the pipeline adds to an industry in each calendar
year, and where projects wait on the way. It is standalone: it depends on numpy and
simpy only, so the Monte Carlo engine can add its output to a projected industry.

Stages of one project (one SimPy process per project, one Environment per realisation):

1. signing: Poisson arrivals, ``arrivals_per_year[k]`` in recruitment year
   ``start_year + k``; a share ``success_rate`` go ahead, the others drop out at
   signing and never queue; a share ``key_share`` of projects are key projects;
2. approval: ``approval_staff`` parallel approvers (``simpy.PriorityResource``, key
   projects first, FIFO otherwise, non-preemptive);
3. land: one parcel from a ``simpy.Container`` refilled with ``land_per_year`` parcels on
   1 January of every simulated year (unused parcels carry over); waiting projects get
   parcels in priority order, key projects first (see ``PriorityContainer``);
   ``land_per_year=None`` means unlimited land and no land stage at all;
4. build: triangular duration ``build_years = (min, mode, max)``;
5. ramp-up and production: output rises linearly from 0 at completion to full output
   ``ramp_years`` later, then stays there until the end of the simulation. Full output
   is lognormal with median ``output_median`` 亿元/year and log-sigma ``output_spread``.
   Ramp and production are not simulated event by event: once a project's completion
   time is known its output is a closed-form function of time, integrated exactly over
   each calendar year after the run (annual output is a flow over the year).

Time: the unit is the DAY, a year has exactly 365 days, and t = 0 is 1 January of
``start_year`` (the first recruitment year, the first simulated year). Calendar year
``start_year + k`` is the interval [365 k, 365 (k + 1)). The simulation stops at the end
of the last requested output year; events at that instant or later do not happen, and
waits still open then are not reported (they have not ended).

Randomness: realisation r draws only from its own generator,
``realisation_rng(seed, r)``, so it gives the same numbers whatever the number of
realisations. All per-project random numbers are drawn in bulk, before the run, in a
fixed order (arrivals, then one uniform or normal base variate per project for each of
go-ahead, key, approval, build and output), and turned into durations by inverse
transforms. So changing staff, land, durations or shares keeps every project's base
variates: scenarios that differ only in those use common random numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeGuard

import numpy as np
import simpy
from numpy.typing import ArrayLike, NDArray
from simpy.resources.container import ContainerGet
from simpy.resources.resource import SortedQueue

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DAYS_PER_YEAR",
    "PipelineParams",
    "PipelineResources",
    "PipelineRuns",
    "PriorityContainer",
    "ProjectDraws",
    "Realisation",
    "draw_projects",
    "ramp_output_fraction",
    "realisation_rng",
    "run_realisation",
    "simulate_pipeline",
]

DAYS_PER_YEAR = 365.0
APPROVAL_DISTRIBUTIONS = ("exponential", "lognormal", "fixed")
KEY_PRIORITY = 0  # lower is served first, as in simpy.PriorityResource
NORMAL_PRIORITY = 1

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]
ArrivalDays = Sequence[float] | NDArray[np.floating[Any]]


# --------------------------------------------------------------------------- parameters


def _is_int(value: object) -> TypeGuard[int | np.integer[Any]]:
    """True for Python and numpy integers, but not for bools."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _is_real(value: object) -> TypeGuard[int | float | np.integer[Any] | np.floating[Any]]:
    """True for finite real numbers (bools excluded)."""
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _require_int(name: str, value: object, minimum: int | None = None) -> int:
    if not _is_int(value):
        bound = "" if minimum is None else f" >= {minimum}"
        raise ValueError(f"{name} = {value!r}: must be an integer{bound}")
    number = int(value)
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} = {value!r}: must be >= {minimum}")
    return number


def _require_real(name: str, value: object, minimum: float, *, strict: bool = False) -> float:
    relation = ">" if strict else ">="
    if not _is_real(value):
        raise ValueError(f"{name} = {value!r}: must be a finite number {relation} {minimum:g}")
    number = float(value)
    if number < minimum or (strict and number == minimum):
        raise ValueError(f"{name} = {value!r}: must be {relation} {minimum:g}")
    return number


def _require_share(name: str, value: object) -> float:
    if not _is_real(value) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} = {value!r}: must be between 0 and 1")
    return float(value)


@dataclass(frozen=True)
class PipelineParams:
    """Inputs of the pipeline model; validated and normalised on construction.

    Durations are in the units their names say (days or years); output in 亿元/year.
    """

    start_year: int
    end_year: int
    arrivals_per_year: tuple[float, ...]  # one rate per recruitment year start_year..end_year
    success_rate: float = 1.0
    key_share: float = 0.0
    approval_staff: int = 1
    approval_days: float = 30.0
    approval_distribution: Literal["exponential", "lognormal", "fixed"] = "exponential"
    approval_cv: float = 1.0  # used only by "lognormal"
    land_per_year: int | None = None  # None = unlimited
    build_years: tuple[float, float, float] = (1.0, 1.5, 2.0)
    ramp_years: float = 1.0
    output_median: float = 1.0  # 亿元/year at full output
    output_spread: float = 0.0  # sigma of log output

    def __post_init__(self) -> None:
        self._set("start_year", _require_int("start_year", self.start_year))
        self._set("end_year", self._validated_end_year())
        self._set("arrivals_per_year", self._validated_arrivals())
        self._set("success_rate", _require_share("success_rate", self.success_rate))
        self._set("key_share", _require_share("key_share", self.key_share))
        self._set("approval_staff", _require_int("approval_staff", self.approval_staff, 1))
        self._set(
            "approval_days", _require_real("approval_days", self.approval_days, 0.0, strict=True)
        )
        self._set("approval_distribution", self._validated_distribution())
        self._set("approval_cv", _require_real("approval_cv", self.approval_cv, 0.0))
        if self.land_per_year is not None:
            self._set("land_per_year", _require_int("land_per_year", self.land_per_year, 0))
        self._set("build_years", self._validated_build_years())
        self._set("ramp_years", _require_real("ramp_years", self.ramp_years, 0.0))
        self._set(
            "output_median", _require_real("output_median", self.output_median, 0.0, strict=True)
        )
        self._set("output_spread", _require_real("output_spread", self.output_spread, 0.0))

    def _set(self, name: str, value: object) -> None:
        # Frozen dataclass: normalise (e.g. list -> tuple of floats) through object.__setattr__.
        object.__setattr__(self, name, value)

    def _validated_end_year(self) -> int:
        if not _is_int(self.end_year) or int(self.end_year) < self.start_year:
            rule = f"must be an integer >= start_year ({self.start_year})"
            raise ValueError(f"end_year = {self.end_year!r}: {rule}")
        return int(self.end_year)

    def _validated_arrivals(self) -> tuple[float, ...]:
        expected = self.end_year - self.start_year + 1
        try:
            rates = tuple(self.arrivals_per_year)
        except TypeError:
            raise ValueError(
                f"arrivals_per_year = {self.arrivals_per_year!r}: must be a sequence of "
                f"{expected} rates, one per year {self.start_year}..{self.end_year}"
            ) from None
        if len(rates) != expected:
            raise ValueError(
                f"arrivals_per_year has {len(rates)} rates: must have {expected}, "
                f"one per year {self.start_year}..{self.end_year}"
            )
        for index, rate in enumerate(rates):
            if not _is_real(rate) or float(rate) < 0:
                raise ValueError(
                    f"arrivals_per_year[{index}] = {rate!r}: must be a finite number >= 0"
                )
        return tuple(float(rate) for rate in rates)

    def _validated_distribution(self) -> str:
        if self.approval_distribution not in APPROVAL_DISTRIBUTIONS:
            allowed = ", ".join(repr(name) for name in APPROVAL_DISTRIBUTIONS)
            raise ValueError(
                f"approval_distribution = {self.approval_distribution!r}: must be one of {allowed}"
            )
        return self.approval_distribution

    def _validated_build_years(self) -> tuple[float, float, float]:
        values = tuple(self.build_years) if isinstance(self.build_years, Sequence) else ()
        if len(values) != 3 or not all(_is_real(v) for v in values):
            raise ValueError(
                f"build_years = {self.build_years!r}: must be three finite numbers (min, mode, max)"
            )
        low, mode, high = (float(v) for v in values)
        if not 0.0 <= low <= mode <= high:
            raise ValueError(
                f"build_years = {self.build_years!r}: must satisfy 0 <= min <= mode <= max"
            )
        return (low, mode, high)


# ------------------------------------------------------------------------- random draws


def _as_seed_sequence(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if not _is_int(seed) or int(seed) < 0:
        raise ValueError(f"seed = {seed!r}: must be an integer >= 0 or a numpy SeedSequence")
    return np.random.SeedSequence(int(seed))


def realisation_rng(seed: int | np.random.SeedSequence, realisation: int) -> np.random.Generator:
    """The generator of realisation ``realisation``: child ``(realisation,)`` of ``seed``.

    Built from entropy and spawn key directly (not ``SeedSequence.spawn``), so it does not
    depend on how many realisations are run or on any earlier spawning.
    """
    ss = _as_seed_sequence(seed)
    index = _require_int("realisation", realisation, 0)
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


class _ParcelGet(ContainerGet):
    """A request for ``amount`` parcels that queues by (priority, request time)."""

    def __init__(self, container: PriorityContainer, amount: int = 1, priority: int = 1) -> None:
        # Same sort key shape as simpy's PriorityRequest; list.sort is stable, so ties
        # (same priority, same instant) keep their request order.
        self.priority = priority
        self.key = (priority, container._env.now)
        super().__init__(container, amount)


class PriorityContainer(simpy.Container):
    """A ``simpy.Container`` whose waiting gets are served key projects first.

    ``get(amount, priority)``: lower priority values are served first, FIFO within a
    priority. Waiting is strict: when parcels arrive they go to the best waiting
    requests, and a request that arrives later with a better priority overtakes earlier
    waiting ones (nothing is preempted once taken).
    """

    GetQueue = SortedQueue

    # Narrows `amount` to whole parcels and adds `priority`, hence the override ignore.
    def get(  # type: ignore[override]
        self, amount: int = 1, priority: int = NORMAL_PRIORITY
    ) -> _ParcelGet:
        return _ParcelGet(self, amount, priority)


@dataclass(frozen=True)
class PipelineResources:
    """The SimPy objects of one realisation, handed to an ``observe`` hook."""

    env: simpy.Environment
    staff: simpy.PriorityResource
    land: PriorityContainer | None


@dataclass(frozen=True, eq=False)
class _StageTimes:
    """When each project reached each stage (days; NaN = not reached by the horizon)."""

    approval_start: FloatArray
    approved: FloatArray
    landed: FloatArray
    completed: FloatArray
    events: int


def _refill_land(
    env: simpy.Environment, land: PriorityContainer, per_year: int
) -> Generator[simpy.Event, Any, None]:
    """Add ``per_year`` parcels on every 1 January after the first (the first is ``init``)."""
    while True:
        yield env.timeout(DAYS_PER_YEAR)
        land.put(per_year)  # unbounded capacity: succeeds at once, no need to wait


def _make_land(env: simpy.Environment, per_year: int | None) -> PriorityContainer | None:
    if per_year is None:
        return None
    land = PriorityContainer(env, init=per_year)
    if per_year > 0:
        env.process(_refill_land(env, land, per_year))
    return land


def _processed_events(env: simpy.Environment) -> int:
    """Events processed so far: ids handed out minus events still queued.

    Reads SimPy internals (event id counter and heap) because counting in ``step`` would
    slow every event down; used only for the events-per-second figure.
    """
    scheduled: int = next(env._eid)
    return scheduled - len(env._queue)


def _run_projects(
    params: PipelineParams,
    draws: ProjectDraws,
    horizon_days: float,
    observe: Callable[[PipelineResources], None] | None,
) -> _StageTimes:
    """Run the SimPy model of one realisation and record when projects pass each stage."""
    env = simpy.Environment()
    staff = simpy.PriorityResource(env, capacity=params.approval_staff)
    land = _make_land(env, params.land_per_year)
    n = draws.signed_days.size
    nan = math.nan
    approval_start, approved, landed = ([nan] * n for _ in range(3))
    # Bound methods as locals: the per-event path is the hot loop of the whole model.
    timeout, request, release = env.timeout, staff.request, staff.release
    get_parcel = land.get if land is not None else None

    def project(
        i: int, signed: float, priority: int, approval: float
    ) -> Generator[simpy.Event, Any, None]:
        # Started at t = 0 so that 0 + signed is exactly the signing time.
        yield timeout(signed)
        req = request(priority)
        yield req
        approval_start[i] = env.now
        yield timeout(approval)
        release(req)
        approved[i] = now = env.now
        if get_parcel is not None:
            yield get_parcel(1, priority)
            now = env.now
        landed[i] = now
        # Building needs no shared resource: its end is computed after the run, not simulated.

    active = np.flatnonzero(draws.goes_ahead & (draws.signed_days < horizon_days))
    priorities = np.where(draws.key, KEY_PRIORITY, NORMAL_PRIORITY)
    process = env.process
    for i, signed, priority, approval in zip(
        active.tolist(),
        draws.signed_days[active].tolist(),
        priorities[active].tolist(),
        draws.approval_service_days[active].tolist(),
        strict=True,
    ):
        process(project(i, signed, priority, approval))
    if observe is not None:
        observe(PipelineResources(env=env, staff=staff, land=land))
    if horizon_days > 0:
        env.run(until=horizon_days)
    landed_days = np.array(landed)
    finished = landed_days + draws.build_days
    return _StageTimes(
        approval_start=np.array(approval_start),
        approved=np.array(approved),
        landed=landed_days,
        completed=np.where(finished < horizon_days, finished, nan),
        events=_processed_events(env),
    )


# ------------------------------------------------------------------ yearly aggregation


def ramp_output_fraction(
    completed_days: ArrayLike, ramp_days: float, window_starts: ArrayLike
) -> FloatArray:
    """Average output fraction of each project over each year-long window.

    The fraction is 0 before completion c, (t - c) / ramp_days during the ramp and 1
    after it; its integral F has the closed form below, so the yearly average is
    (F(end) - F(start)) / 365 exactly. Shape: (projects, windows).
    """
    completed = np.asarray(completed_days, dtype=np.float64)[:, None]
    edges = np.asarray(window_starts, dtype=np.float64)
    since_start = np.maximum(edges[None, :] - completed, 0.0)
    since_end = np.maximum(edges[None, :] + DAYS_PER_YEAR - completed, 0.0)
    return (_ramp_integral(since_end, ramp_days) - _ramp_integral(since_start, ramp_days)) / (
        DAYS_PER_YEAR
    )


def _ramp_integral(elapsed: FloatArray, ramp_days: float) -> FloatArray:
    """Integral of the output fraction from completion to ``elapsed`` days after it."""
    if ramp_days == 0:
        return elapsed
    during = np.minimum(elapsed, ramp_days)
    return during**2 / (2 * ramp_days) + (elapsed - during)


def _year_columns(
    times: FloatArray, start_year: int, years: IntArray
) -> tuple[IntArray, BoolArray]:
    """Output-year column of each time, and which times fall in an output year."""
    finite = np.isfinite(times)
    calendar = start_year + np.floor(np.where(finite, times, 0.0) / DAYS_PER_YEAR).astype(np.int64)
    column = np.minimum(np.searchsorted(years, calendar), years.size - 1)
    return column, finite & (years[column] == calendar)


def _count_per_year(times: FloatArray, start_year: int, years: IntArray) -> IntArray:
    column, valid = _year_columns(times, start_year, years)
    return np.bincount(column[valid], minlength=years.size).astype(np.int64)


def _waits_per_year(
    waits: FloatArray, ended: FloatArray, start_year: int, years: IntArray
) -> list[FloatArray]:
    """Split waits by the output year in which they ended (NaN end = not ended)."""
    column, valid = _year_columns(ended, start_year, years)
    order = np.argsort(column[valid], kind="stable")
    sorted_waits = waits[valid][order]
    bounds = np.searchsorted(column[valid][order], np.arange(years.size + 1))
    return [sorted_waits[bounds[k] : bounds[k + 1]] for k in range(years.size)]


def _busy_days_per_year(
    starts: FloatArray, durations: FloatArray, window_starts: FloatArray, horizon_days: float
) -> FloatArray:
    """Staff-days of approval work inside each year window (work cut at the horizon)."""
    ends = np.minimum(starts + durations, horizon_days)
    lo = np.maximum(starts[:, None], window_starts[None, :])
    hi = np.minimum(ends[:, None], window_starts[None, :] + DAYS_PER_YEAR)
    busy: FloatArray = np.maximum(hi - lo, 0.0).sum(axis=0)
    return busy


@dataclass(frozen=True, eq=False)
class Realisation:
    """One realisation: per-project stage times and per-output-year totals.

    Per-project arrays are aligned with ``draws`` (all signed projects, in signing
    order); stage times are in days, NaN when the stage was not reached by the horizon.
    Per-year arrays have one entry per output year.
    """

    years: IntArray
    draws: ProjectDraws
    approval_start_days: FloatArray
    approved_days: FloatArray
    landed_days: FloatArray
    completed_days: FloatArray
    output: FloatArray
    signed: IntArray
    approved: IntArray
    landed: IntArray
    completed: IntArray
    producing: IntArray
    approval_waits: list[FloatArray]
    land_waits: list[FloatArray]
    staff_busy_days: FloatArray
    events: int


def _validated_years(years: range | Sequence[int]) -> IntArray:
    values = list(years)
    if not values or not all(_is_int(y) for y in values):
        raise ValueError(f"years = {years!r}: must be a non-empty sequence of integers")
    array = np.asarray(values, dtype=np.int64)
    if np.any(np.diff(array) <= 0):
        raise ValueError(f"years = {years!r}: must be strictly increasing")
    return array


def _yearly_output(
    params: PipelineParams, completed: FloatArray, full_output: FloatArray, starts: FloatArray
) -> tuple[FloatArray, IntArray]:
    """Output per year (亿元) and number of producing projects per year."""
    done = np.isfinite(completed)
    fraction = ramp_output_fraction(completed[done], params.ramp_years * DAYS_PER_YEAR, starts)
    output = full_output[done] @ fraction
    producing = np.count_nonzero(fraction > 0, axis=0).astype(np.int64)
    return output, producing


def run_realisation(
    params: PipelineParams,
    years: range | Sequence[int],
    rng: np.random.Generator,
    *,
    arrival_days: ArrivalDays | None = None,
    observe: Callable[[PipelineResources], None] | None = None,
) -> Realisation:
    """Simulate one realisation and sum it up per output year.

    ``arrival_days`` gives explicit signing times (days) instead of Poisson arrivals.
    ``observe`` is called with the SimPy objects before the run, e.g. to add a monitor
    process; its own events count in ``events`` but it cannot change any random draw.
    """
    year_array = _validated_years(years)
    horizon = float(year_array[-1] - params.start_year + 1) * DAYS_PER_YEAR
    window_starts = (year_array - params.start_year).astype(np.float64) * DAYS_PER_YEAR
    draws = draw_projects(params, rng, arrival_days=arrival_days)
    times = _run_projects(params, draws, max(horizon, 0.0), observe)
    output, producing = _yearly_output(params, times.completed, draws.full_output, window_starts)
    started = np.isfinite(times.approval_start)
    start = params.start_year
    return Realisation(
        years=year_array,
        draws=draws,
        approval_start_days=times.approval_start,
        approved_days=times.approved,
        landed_days=times.landed,
        completed_days=times.completed,
        output=output,
        signed=_count_per_year(draws.signed_days, start, year_array),
        approved=_count_per_year(times.approved, start, year_array),
        landed=_count_per_year(times.landed, start, year_array),
        completed=_count_per_year(times.completed, start, year_array),
        producing=producing,
        approval_waits=_waits_per_year(
            times.approval_start - draws.signed_days, times.approval_start, start, year_array
        ),
        land_waits=_waits_per_year(times.landed - times.approved, times.landed, start, year_array),
        staff_busy_days=_busy_days_per_year(
            times.approval_start[started],
            draws.approval_service_days[started],
            window_starts,
            horizon,
        ),
        events=times.events,
    )


# ----------------------------------------------------------------------- many realisations


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
        return _require_int("approval_staff", approval_staff, 1)


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
    count = _require_int("realisations", realisations, 1)
    year_array = _validated_years(years)
    seed_sequence = _as_seed_sequence(seed)
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
