"""What forecasts that learn cost: conditioning on actual figures against the same run without
them, and calibrating the baseline.

Measured in one process on ``scenarios/baseline.toml``, 10,000 paths (the app's size), with its
pipelines run once beforehand (the DES does not depend on actual figures):

(a) the baseline with its actual figures (two 2020Q1 nowcasts);
(b) the same with a trend uncertainty (growth_sd = 0.02) on every indicator, so that the
    nowcasts also move every trend;
(c) a heavier set on (b): full-year figures for five indicators in 2020 and 2021 as well —
    every part of the filter, in two years;

each against its floor, the same scenario without any actual figures. Runs alternate after a
warm-up; the script prints medians and each ratio to its floor (goal: at most 1.2×), then the
time of ``parksim.calibrate`` on the baseline (goal: under 1 s).
Timings are for reading only; tests never assert them.

    PYTHONPATH=src python3 benchmarks/bench_learning.py [--paths N] [--repeats R]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import statistics
import time
from pathlib import Path

from parksim import Scenario, calibrate, load_scenario
from parksim.engine.paths import outputs_of, simulate_paths
from parksim.engine.pipelines import run_pipelines
from parksim.inputs.actuals import Actual, Actuals

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml"
GOAL = 1.2
HEAVY = ("gdp", "industrial_value_added", "budget_revenue", "biomedicine", "computing_power")


def trended(scenario: Scenario) -> Scenario:
    """growth_sd = 0.02 on every indicator, the actual figures kept."""
    keys = {f"indicators.{i}.growth_sd": 0.02 for i in scenario.indicators}
    return dataclasses.replace(scenario.with_overrides(keys), actuals=scenario.actuals)


def heavier(scenario: Scenario) -> Scenario:
    """:func:`trended`, and full-year figures 6 % and 12 % above base for five indicators."""
    assert scenario.actuals is not None
    figures = list(scenario.actuals.figures)
    for line, indicator in enumerate(HEAVY, start=100):
        base = scenario.indicators[indicator].base
        for year, factor in ((2020, 1.06), (2021, 1.12)):
            figures.append(
                Actual(indicator, str(year), year, None, base * factor, None, "bench: x", line)
            )
    actuals = Actuals(scenario.actuals.file, tuple(figures))
    return dataclasses.replace(trended(scenario), actuals=actuals)


def median_ms(job: object, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=31)
    args = parser.parse_args()
    baseline = load_scenario(SCENARIO)
    outputs = outputs_of(
        run_pipelines(baseline, 1, min(baseline.spec.scenario.pipeline_runs, args.paths))
    )
    runs = {
        "(a) baseline, its actual figures": baseline,
        "(b) baseline + growth_sd, its figures": trended(baseline),
        "(c) (b) + 10 full-year figures": heavier(baseline),
    }
    cases = {**runs}
    for name, scenario in runs.items():
        cases[f"{name[:3]} floor: no figures"] = dataclasses.replace(scenario, actuals=None)
    jobs = {
        name: (lambda s=s: simulate_paths(s, 1, outputs, 0, args.paths, {}))
        for name, s in cases.items()
    }
    for job in jobs.values():
        job()  # warm-up: caches of normals, first-touch pages
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(args.repeats):
        for name, job in jobs.items():
            times[name] += median_ms(job, 1)
    medians = {name: statistics.median(t) for name, t in times.items()}
    machine = platform.processor() or platform.machine()
    print(f"{machine}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"{args.paths:,} paths, median of {args.repeats} alternating runs (simulate_paths only)")
    for name, value in medians.items():
        print(f"  {name:48}{value:8.1f} ms")
    for run in runs:
        ratio = medians[run] / medians[f"{run[:3]} floor: no figures"]
        verdict = "met" if ratio <= GOAL else "NOT met"
        print(f"ratio {run[:3]} to its floor: {ratio:.2f}×  (goal ≤ {GOAL}×: {verdict})")
    calibration = median_ms(lambda: calibrate(baseline), 7)
    print(f"calibrate(baseline): median {statistics.median(calibration):.1f} ms (goal < 1,000 ms)")


if __name__ == "__main__":
    main()
