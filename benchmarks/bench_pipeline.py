"""Benchmark of parksim's project pipelines (parksim.des inside the Monte Carlo).

Measured in one process:

(a) SimPy throughput: the pipeline model's simulated events per second (end to end,
    everything included) against a bare SimPy loop. The bare loop is the floor cost of SimPy
    itself: projects that wait, hold a resource for a while, release it and wait again, with
    no bookkeeping. The pipeline model does the same kind of work plus random draws,
    priorities, land and the yearly aggregation. Goal: a ratio of at least 0.5. Since #15 a
    realisation without ties runs as ``parksim.des.direct``'s event loop, which counts the
    events SimPy would process without SimPy, so the ratio is well above 1.
(b) ``scenarios/baseline.toml`` at 10,000 paths (simulate + quantiles + targets, the whole job
    of a slider move), with the file's ``pipeline_runs`` and seed:
      - without pipelines (``[pipelines.*]`` stripped: growth only, as bench_engine.py);
      - with pipelines, cold cache (``parksim.engine.pipelines._cached_runs.cache_clear()`` first);
      - with pipelines, warm cache: after ``indicators.big_health.growth = 0.12`` (a growth
        slider), which reuses every pipeline's cached runs. Goal: about the growth-only time.
(c) one pipeline lever: ``pipelines.health.approval_days = 10`` (``with_overrides`` + the same
    job), on a cache holding the baseline's runs, so only that pipeline reruns and the others
    hit the cache. Goal: under 1 s.

Times are medians over repeats (cold runs take fewer). Timings are for reading only; tests
never assert them.

    PYTHONPATH=src python3 benchmarks/bench_pipeline.py [--paths N] [--repeats R]
        [--cold-repeats C] [--json] [--scaling]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import numpy as np
import simpy

import parksim.engine.pipelines
import parksim.engine.random
from parksim import Scenario, load_scenario, simulate
from parksim.des import PipelineParams, simulate_pipeline

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml"
SLIDER = {"indicators.big_health.growth": 0.12}
LEVER = {"pipelines.health.approval_days": 10}
LEVER_PIPELINE = "health"
GOAL_RATIO = 0.5  # (a) pipeline events/s over bare SimPy events/s, at least
GOAL_LEVER_S = 1.0  # (c) one pipeline lever change, under
GOAL_WARM = 1.2  # (b) warm / growth-only, at most: "about the same" (noise allowance)

THROUGHPUT_REPEATS = 3
BARE_ENVIRONMENTS = 400
BARE_PROCESSES = 240  # about the number of go-ahead projects per pipeline realisation
BARE_STAFF = 3
PIPE_REALISATIONS = 400

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


# --------------------------------------------------------------------- (a) SimPy throughput


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


def pipeline_loop(seed: int) -> int:
    return simulate_pipeline(REALISTIC, OUTPUT_YEARS, PIPE_REALISATIONS, seed=seed).events


def throughput(repeats: int) -> dict[str, Any]:
    """Median events/s of the bare loop and the pipeline model, alternating their order."""
    bare: list[tuple[float, int]] = []
    pipe: list[tuple[float, int]] = []

    def run(into: list[tuple[float, int]], loop: Callable[[int], int]) -> None:
        start = time.perf_counter()
        events = loop(1)
        into.append((time.perf_counter() - start, events))

    for i in range(repeats):
        first, second = ((bare, bare_simpy_loop), (pipe, pipeline_loop))[:: -1 if i % 2 else 1]
        run(*first)
        run(*second)
    bare_s, pipe_s = statistics.median(s for s, _ in bare), statistics.median(s for s, _ in pipe)
    bare_rate, pipe_rate = bare[-1][1] / bare_s, pipe[-1][1] / pipe_s
    return {
        "repeats": repeats,
        "bare_events": bare[-1][1],
        "bare_s": round(bare_s, 3),
        "bare_events_per_s": round(bare_rate),
        "pipeline_realisations": PIPE_REALISATIONS,
        "pipeline_events": pipe[-1][1],
        "pipeline_s": round(pipe_s, 3),
        "pipeline_events_per_s": round(pipe_rate),
        "pipeline_ms_per_realisation": round(1e3 * pipe_s / PIPE_REALISATIONS, 2),
        "ratio": round(pipe_rate / bare_rate, 2),
        "goal": GOAL_RATIO,
    }


# --------------------------------------------------------- (b), (c) the scenario at 10,000 paths


def growth_only(scenario: Scenario) -> Scenario:
    """The same scenario without its ``[pipelines.*]`` sections (validated again)."""
    raw = {key: value for key, value in scenario.raw.items() if key != "pipelines"}
    return Scenario.from_raw(raw, scenario.origins, scenario.files)


def job(scenario: Scenario, paths: int) -> float:
    """Seconds for simulate + quantiles + targets (the file's seed and pipeline_runs)."""
    start = time.perf_counter()
    result = simulate(scenario, paths=paths)
    result.quantiles()
    result.targets()
    return time.perf_counter() - start


def cache_delta(before: Any) -> tuple[int, int]:
    """(hits, misses) of the pipeline cache since ``before`` (a cache_info())."""
    after = parksim.engine.pipelines._cached_runs.cache_info()
    return after.hits - before.hits, after.misses - before.misses


def des_cost(scenario: Scenario, paths: int) -> dict[str, dict[str, float | int]]:
    """One uncached DES call per pipeline, as simulate makes it (seconds, events)."""
    runs = min(scenario.spec.scenario.pipeline_runs, paths)
    years = tuple(range(scenario.base_year + 1, scenario.horizon + 1))
    uncached = parksim.engine.pipelines._cached_runs.__wrapped__
    costs: dict[str, dict[str, float | int]] = {}
    for pid in scenario.pipelines:
        params = parksim.engine.pipelines.pipeline_params(scenario, pid)
        key = parksim.engine.random.stream_key(pid)
        start = time.perf_counter()
        result = uncached(params, years, runs, scenario.spec.scenario.seed, key)
        seconds = time.perf_counter() - start
        costs[pid] = {"s": round(seconds, 3), "runs": runs, "events": result.events}
    return costs


def scenario_times(paths: int, repeats: int, cold_repeats: int) -> dict[str, Any]:
    cache = parksim.engine.pipelines._cached_runs
    base = load_scenario(SCENARIO)
    growth = growth_only(base)
    slider = base.with_overrides(SLIDER)
    job(growth, paths)  # warm-up: imports, first-touch page faults, pandas
    job(base, paths)

    # (b) cold: every pipeline reruns.
    cold: list[float] = []
    for _ in range(cold_repeats):
        cache.cache_clear()
        info = cache.cache_info()
        cold.append(job(base, paths))
    cold_cache = cache_delta(info)

    # (b) growth only against warm (growth slider moved, every pipeline from the cache),
    # alternating their order so that drift hits both alike.
    job(base, paths)  # the baseline's runs are in the cache
    info = cache.cache_info()
    bare: list[float] = []
    warm: list[float] = []
    for i in range(repeats):
        pair = ((bare, growth), (warm, slider))[:: -1 if i % 2 else 1]
        for into, scenario in pair:
            into.append(job(scenario, paths))
    warm_hits, warm_misses = cache_delta(info)
    warm_cache = (warm_hits // repeats, warm_misses // repeats)  # per warm run (growth: none)
    overrides: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        base.with_overrides(SLIDER)
        overrides.append(time.perf_counter() - start)

    # (c) one pipeline lever, on a cache that holds the baseline's runs.
    lever_total: list[float] = []
    lever_override: list[float] = []
    lever_cache = (0, 0)
    for _ in range(cold_repeats):
        cache.cache_clear()
        job(base, paths)  # untimed: the state before the lever moves
        info = cache.cache_info()
        start = time.perf_counter()
        lever = base.with_overrides(LEVER)
        lever_override.append(time.perf_counter() - start)
        lever_total.append(lever_override[-1] + job(lever, paths))
        lever_cache = cache_delta(info)

    def ms(xs: list[float]) -> float:
        return round(1e3 * statistics.median(xs), 1)

    meta = base.spec.scenario
    return {
        "scenario": SCENARIO.name,
        "paths": paths,
        "seed": meta.seed,
        "pipeline_runs": min(meta.pipeline_runs, paths),
        "pipelines": sorted(base.pipelines),
        "repeats": repeats,
        "cold_repeats": cold_repeats,
        "growth_only_ms": ms(bare),
        "growth_only_min_ms": round(1e3 * min(bare), 1),
        "cold_ms": ms(cold),
        "cold_min_ms": round(1e3 * min(cold), 1),
        "cold_cache_hits_misses": cold_cache,
        "warm_ms": ms(warm),
        "warm_min_ms": round(1e3 * min(warm), 1),
        "warm_cache_hits_misses": warm_cache,
        "warm_over_growth_only": round(statistics.median(warm) / statistics.median(bare), 2),
        "warm_goal": GOAL_WARM,
        "with_overrides_ms": ms(overrides),
        "lever": LEVER,
        "lever_ms": ms(lever_total),
        "lever_min_ms": round(1e3 * min(lever_total), 1),
        "lever_with_overrides_ms": ms(lever_override),
        "lever_cache_hits_misses": lever_cache,
        "lever_goal_ms": 1e3 * GOAL_LEVER_S,
        "des_cold_per_pipeline": des_cost(base, paths),
        "des_cold_lever_pipeline": des_cost(base.with_overrides(LEVER), paths)[LEVER_PIPELINE],
    }


def scaling() -> list[dict[str, float | int]]:
    """simulate_pipeline alone on REALISTIC at 200 and 1,000 realisations."""
    rows: list[dict[str, float | int]] = []
    for count in (200, 1000):
        start = time.perf_counter()
        runs = simulate_pipeline(REALISTIC, OUTPUT_YEARS, count, seed=2)
        seconds = time.perf_counter() - start
        rows.append({"realisations": count, "s": round(seconds, 3), "events": runs.events})
    return rows


# ----------------------------------------------------------------------------------- output


def verdict(ok: bool) -> str:
    return "within goal" if ok else "MISSES GOAL"


def print_table(r: dict[str, Any]) -> None:
    a, s = r["throughput"], r["scenario"]
    print(
        f"{s['scenario']} · {s['paths']:,} paths · seed {s['seed']} · pipeline_runs "
        f"{s['pipeline_runs']} (from the file) · pipelines: {', '.join(s['pipelines'])}\n"
        f"numpy {r['numpy']}, simpy {r['simpy']}, Python {r['python']}, {r['cpus']} CPUs\n"
    )
    print(f"(a) SimPy throughput, median of {a['repeats']}")
    print(f"{'':44}{'events':>10}{'seconds':>10}{'events/s':>12}")
    print(
        f"{'    bare SimPy loop':44}{a['bare_events']:>10,}{a['bare_s']:>10.3f}"
        f"{a['bare_events_per_s']:>12,}"
    )
    name = f"    pipeline, {a['pipeline_realisations']} realisations"
    print(
        f"{name:44}{a['pipeline_events']:>10,}{a['pipeline_s']:>10.3f}"
        f"{a['pipeline_events_per_s']:>12,}"
    )
    print(
        f"    ratio pipeline / bare: {a['ratio']:.2f}  (goal ≥ {a['goal']}: "
        f"{verdict(a['ratio'] >= a['goal'])}); {a['pipeline_ms_per_realisation']:.2f} ms "
        f"per realisation\n"
    )

    print(
        f"(b, c) simulate+quantiles+targets at {s['paths']:,} paths; medians of "
        f"{s['repeats']} (warm) / {s['cold_repeats']} (cold) runs"
    )
    print(f"{'':44}{'median ms':>11}{'min ms':>10}{'cache hit/miss':>16}   goal")
    rows = [
        ("(b) without pipelines (growth only)", "growth_only", None, "reference"),
        ("(b) with pipelines, cold cache", "cold", "cold_cache_hits_misses", "—"),
        (
            "(b) with pipelines, warm (growth slider)",
            "warm",
            "warm_cache_hits_misses",
            f"≈ growth only (≤ {s['warm_goal']}×): {s['warm_over_growth_only']:.2f}×, "
            f"{verdict(s['warm_over_growth_only'] <= s['warm_goal'])}",
        ),
        (
            "(c) health.approval_days = 10",
            "lever",
            "lever_cache_hits_misses",
            f"< {s['lever_goal_ms']:,.0f} ms, {verdict(s['lever_ms'] < s['lever_goal_ms'])}",
        ),
    ]
    for label, key, cache_key, goal in rows:
        hits = "" if cache_key is None else "{}/{}".format(*s[cache_key])
        print(
            f"{'    ' + label:44}{s[key + '_ms']:>11.1f}{s[key + '_min_ms']:>10.1f}"
            f"{hits:>16}   {goal}"
        )
    print(
        f"    (c) includes with_overrides: {s['lever_with_overrides_ms']:.1f} ms; (b) warm "
        f"excludes it ({s['with_overrides_ms']:.1f} ms per slider move)"
    )
    des = s["des_cold_per_pipeline"]
    parts = ", ".join(f"{pid} {c['s']:.2f} s" for pid, c in des.items())
    lever = s["des_cold_lever_pipeline"]
    print(
        f"    DES alone, uncached, {s['pipeline_runs']} realisations each: {parts};\n"
        f"    health at approval_days = 10: {lever['s']:.2f} s ({lever['events']:,} events)"
    )
    if "scaling" in r:
        print("\nsimulate_pipeline alone: 30 signed/year for 10 years, 3 staff, 22 parcels/year")
        print(f"{'realisations':>12}{'seconds':>10}{'ms/realisation':>16}{'events':>12}")
        for row in r["scaling"]:
            per = 1e3 * row["s"] / row["realisations"]
            print(f"{row['realisations']:>12}{row['s']:>10.3f}{per:>16.2f}{row['events']:>12,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=10_000, help="paths (default 10,000)")
    parser.add_argument("--repeats", type=int, default=11, help="warm runs (default 11)")
    parser.add_argument("--cold-repeats", type=int, default=3, help="cold runs (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument(
        "--scaling", action="store_true", help="also time simulate_pipeline at 200 and 1,000"
    )
    args = parser.parse_args()
    if min(args.paths, args.repeats, args.cold_repeats) < 1:
        parser.error("--paths, --repeats and --cold-repeats must be >= 1")
    report: dict[str, Any] = {
        "throughput": throughput(THROUGHPUT_REPEATS),
        "scenario": scenario_times(args.paths, args.repeats, args.cold_repeats),
        "numpy": np.__version__,
        "simpy": simpy.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    if args.scaling:
        report["scaling"] = scaling()
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
