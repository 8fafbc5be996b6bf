"""The SimPy model of one realisation: approvers, land, build, ramp-up; yearly output and waits."""

from __future__ import annotations

import bisect
import math
import operator
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from numpy.typing import ArrayLike
from simpy.resources.container import ContainerGet
from simpy.resources.resource import SortedQueue

from parksim.des.direct import Project, StageTimes, signed_projects, stage_times
from parksim.des.draws import ProjectDraws, draw_projects
from parksim.des.params import (
    DAYS_PER_YEAR,
    NORMAL_PRIORITY,
    ArrivalDays,
    BoolArray,
    FloatArray,
    IntArray,
    PipelineParams,
    is_int,
)

_request_key = operator.attrgetter("key")


class _KeyedQueue(SortedQueue):
    """``simpy``'s ``SortedQueue`` (requests in the order of their ``key``), inserting by
    bisection: the order its sort of the whole list after each append gives (``insort_right``
    puts an equal key after the others, as the stable sort does), in O(log n) comparisons
    instead of a key call per waiting request (a long land queue made the sort a fifth of a
    realisation's time)."""

    def append(self, item: Any) -> None:
        if self.maxlen is not None and len(self) >= self.maxlen:
            raise RuntimeError("Cannot append event. Queue is full.")
        bisect.insort_right(self, item, key=_request_key)


class _Approvers(simpy.PriorityResource):
    """``simpy.PriorityResource`` with the bisecting queue (the same order)."""

    PutQueue = _KeyedQueue


class _ParcelGet(ContainerGet):
    """A request for ``amount`` parcels that queues by (priority, request time)."""

    def __init__(self, container: PriorityContainer, amount: int = 1, priority: int = 1) -> None:
        # Same sort key shape as simpy's PriorityRequest; ties (same priority, same instant)
        # keep their request order.
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

    GetQueue = _KeyedQueue

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
) -> StageTimes:
    """When projects pass each stage: the SimPy model's times, by the direct event loop of
    :mod:`parksim.des.direct` where that gives the same (no ``observe`` hook, no two events at
    one instant), else by SimPy."""
    projects = signed_projects(draws, horizon_days)
    if observe is None:
        staff, land = params.approval_staff, params.land_per_year
        direct = stage_times(projects, draws, staff, land, horizon_days)
        if direct is not None:
            return direct
    return _simpy_stage_times(params, draws, projects, horizon_days, observe)


def _simpy_stage_times(
    params: PipelineParams,
    draws: ProjectDraws,
    projects: Sequence[Project],
    horizon_days: float,
    observe: Callable[[PipelineResources], None] | None,
) -> StageTimes:
    """Run the SimPy model of one realisation and record when projects pass each stage."""
    env = simpy.Environment()
    staff = _Approvers(env, capacity=params.approval_staff)
    land = _make_land(env, params.land_per_year)
    n = draws.signed_days.size
    approval_start, approved, landed = ([math.nan] * n for _ in range(3))
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

    process = env.process
    for i, signed, priority, approval in projects:
        process(project(i, signed, priority, approval))
    if observe is not None:
        observe(PipelineResources(env=env, staff=staff, land=land))
    if horizon_days > 0:
        env.run(until=horizon_days)
    times = (np.array(approval_start), np.array(approved), np.array(landed))
    return StageTimes.of(*times, draws.build_days, horizon_days, _processed_events(env))


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


def validated_years(years: range | Sequence[int]) -> IntArray:
    values = list(years)
    if not values or not all(is_int(y) for y in values):
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
    year_array = validated_years(years)
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
