"""Benchmark of parksim.des: SimPy events per second against a bare SimPy loop.

The bare loop is the floor cost of SimPy itself: projects that wait, hold a resource for a
while, release it and wait again, with no bookkeeping. The pipeline model does the same
kind of work plus random draws, priorities, land and the yearly aggregation; its events per
second (end to end, everything included) divided by the bare loop's shows what the model
costs on top of SimPy. Goal: a ratio of at least 0.5.

Run: PYTHONPATH=src python3 benchmarks/bench_pipeline.py
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from typing import Any

import numpy as np
import simpy

from parksim.des import PipelineParams, simulate_pipeline

REPEATS = 3
BARE_ENVIRONMENTS = 400
BARE_PROCESSES = 240  # about the number of go-ahead projects per pipeline realisation
BARE_STAFF = 3

REALISTIC = PipelineParams(
    start_year=2021,
    end_year=2030,
    arrivals_per_year=(30.0,) * 10,
    success_rate=0.8,
    key_share=0.2,
    approval_staff=3,
    approval_days=30.0,
    approval_distribution="lognormal",
    approval_cv=0.8,
    land_per_year=22,
    build_years=(1.0, 1.5, 2.5),
    ramp_years=2.0,
    output_median=3.0,
    output_spread=0.6,
)
OUTPUT_YEARS = range(2021, 2036)


def processed_events(env: simpy.Environment) -> int:
    """Events processed: ids handed out minus events still queued (as parksim.des counts)."""
    scheduled: int = next(env._eid)
    return scheduled - len(env._queue)


def bare_project(
    env: simpy.Environment, staff: simpy.Resource, arrival: float, service: float, build: float
) -> Generator[simpy.Event, Any, None]:
    yield env.timeout(arrival)
    request = staff.request()
    yield request
    yield env.timeout(service)
    staff.release(request)
    yield env.timeout(build)


def bare_simpy_loop(seed: int) -> int:
    """Run the bare loop; return the number of SimPy events processed."""
    rng = np.random.default_rng(seed)
    events = 0
    for _ in range(BARE_ENVIRONMENTS):
        env = simpy.Environment()
        staff = simpy.Resource(env, capacity=BARE_STAFF)
        arrivals = np.sort(rng.uniform(0, 3650, BARE_PROCESSES)).tolist()
        services = rng.exponential(30.0, BARE_PROCESSES).tolist()
        builds = rng.uniform(365, 900, BARE_PROCESSES).tolist()
        for arrival, service, build in zip(arrivals, services, builds, strict=True):
            env.process(bare_project(env, staff, arrival, service, build))
        env.run()
        events += processed_events(env)
    return events


def best_time(run: Callable[[], int]) -> tuple[float, int]:
    """Best wall time of REPEATS runs, and the events of the last one."""
    best, events = float("inf"), 0
    for _ in range(REPEATS):
        start = time.perf_counter()
        events = run()
        best = min(best, time.perf_counter() - start)
    return best, events


def main() -> None:
    bare_seconds, bare_events = best_time(lambda: bare_simpy_loop(1))
    pipe_seconds, pipe_events = best_time(
        lambda: simulate_pipeline(REALISTIC, OUTPUT_YEARS, 400, seed=1).events
    )
    bare_rate, pipe_rate = bare_events / bare_seconds, pipe_events / pipe_seconds
    print(f"SimPy throughput (best of {REPEATS})")
    print(f"{'run':<30}{'events':>10}{'seconds':>10}{'events/s':>12}")
    for name, events, seconds, rate in [
        ("bare SimPy loop", bare_events, bare_seconds, bare_rate),
        ("pipeline, 400 realisations", pipe_events, pipe_seconds, pipe_rate),
    ]:
        print(f"{name:<30}{events:>10}{seconds:>10.3f}{rate:>12,.0f}")
    print(f"ratio pipeline / bare: {pipe_rate / bare_rate:.2f} (goal >= 0.5)")
    print()
    print("simulate_pipeline: 30 signed/year for 10 years, 3 staff, 22 parcels/year, 15 years out")
    print(f"{'realisations':>12}{'seconds':>10}{'ms/realisation':>16}{'events':>12}")
    for count in (200, 1000):
        start = time.perf_counter()
        runs = simulate_pipeline(REALISTIC, OUTPUT_YEARS, count, seed=2)
        seconds = time.perf_counter() - start
        print(f"{count:>12}{seconds:>10.3f}{1000 * seconds / count:>16.2f}{runs.events:>12}")


if __name__ == "__main__":
    main()
