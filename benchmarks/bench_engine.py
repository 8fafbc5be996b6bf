"""Benchmark parksim's engine against the bare-numpy floor for the same array shape.

Both are measured in one process on ``scenarios/baseline.toml`` with its ``[pipelines.*]``
sections stripped: this benchmark is GROWTH-ONLY (the vectorised Monte Carlo). The project
pipelines (SimPy DES) and what they add are measured by ``benchmarks/bench_pipeline.py``.

(a) parksim: ``simulate(scenario, paths, seed=1)``, then ``Result.quantiles()`` and
    ``Result.targets()``. This is the whole job a planner's slider move triggers.
(b) the floor: the least numpy work on the same float64 array (indicators, paths, years).
    One Generator draws standard normals, they are scaled and shifted into growth factors,
    and a cumulative product starts from the base. Each derived indicator is one division,
    ``np.percentile`` takes the same 7 quantiles over paths, and each target gets one
    ``>=`` comparison and a mean.

After one warm-up the runs alternate between a and b. The script prints the median and
minimum of each, the ratio of the medians (goal: 1.5× or less) and a breakdown of parksim's
time. Timings are for reading only; tests never assert them.

    PYTHONPATH=src python3 benchmarks/bench_engine.py [--paths N] [--repeats R] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from parksim import Scenario, load_scenario, simulate
from parksim.engine.random import _block_normals
from parksim.results.metrics import DEFAULT_QUANTILES

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml"
GOAL = 1.5
SEED = 1


@dataclass(frozen=True)
class FloorInputs:
    """The scenario reduced to what the floor needs."""

    base: np.ndarray  # (n,)
    factor: np.ndarray  # (n, steps): 1 + growth + shock
    volatility: np.ndarray  # (n,)
    ratios: tuple[tuple[int, int], ...]  # derived: (numerator row, denominator row)
    targets: tuple[tuple[int, int, float], ...]  # (row, year column, value)


def growth_only(scenario: Scenario) -> Scenario:
    """The same scenario without its ``[pipelines.*]`` sections (validated again)."""
    raw = {key: value for key, value in scenario.raw.items() if key != "pipelines"}
    return Scenario.from_raw(raw, scenario.origins, scenario.files)


def floor_inputs(scenario: Scenario) -> FloorInputs:
    compiled = scenario.compiled
    row = {ind_id: i for i, ind_id in enumerate(scenario.all_indicator_ids)}
    ratios = []
    for der_id, formula in compiled.derived:
        parts = [part.strip() for part in formula.text.split("/")]
        if len(parts) != 2 or not all(part in row for part in parts):
            raise SystemExit(f"derived {der_id} = {formula.text!r}: the floor handles a / b only")
        ratios.append((row[parts[0]], row[parts[1]]))
    targets = tuple(
        (row[t.indicator], t.year - scenario.base_year, float(t.value))
        for t in scenario.targets.values()
    )
    return FloorInputs(
        base=compiled.base,
        factor=1.0 + compiled.growth + compiled.shocks,
        volatility=compiled.volatility,
        ratios=tuple(ratios),
        targets=targets,
    )


def run_floor(inputs: FloorInputs, paths: int, seed: int) -> tuple[np.ndarray, list[float]]:
    """Projection, quantile table ``(quantiles, indicators, years)`` and target probabilities."""
    n, steps = inputs.factor.shape
    values = np.empty((n + len(inputs.ratios), paths, steps + 1))
    plain = values[:n]
    noise = np.random.default_rng(seed).standard_normal((n, paths, steps))
    np.multiply(noise, inputs.volatility[:, None, None], out=plain[:, :, 1:])
    plain[:, :, 1:] += inputs.factor[:, None, :]
    plain[:, :, 0] = inputs.base[:, None]
    np.cumprod(plain, axis=2, out=plain)
    for k, (num, den) in enumerate(inputs.ratios, start=n):
        np.divide(values[num], values[den], out=values[k])
    table = np.percentile(values, [100.0 * q for q in DEFAULT_QUANTILES], axis=1)
    probabilities = [float((values[r, :, c] >= v).mean()) for r, c, v in inputs.targets]
    return table, probabilities


def run_parksim(scenario: Scenario, paths: int) -> tuple[float, float, float]:
    """Seconds spent in simulate, quantiles and targets, drawing every normal afresh (the
    engine caches them for slider moves; the floor has no such cache, so neither does this)."""
    _block_normals.cache_clear()
    t0 = time.perf_counter()
    result = simulate(scenario, paths=paths, seed=SEED)
    t1 = time.perf_counter()
    result.quantiles()
    t2 = time.perf_counter()
    result.targets()
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2


def timed(job: Callable[[], object]) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def measure(scenario: Scenario, paths: int, repeats: int) -> dict[str, object]:
    stripped = sorted(scenario.pipelines)
    scenario = growth_only(scenario)
    if scenario.pipelines:
        raise SystemExit("growth_only() left pipelines in the scenario")
    inputs = floor_inputs(scenario)
    run_parksim(scenario, paths)  # warm-up: imports, caches, first-touch page faults
    run_floor(inputs, paths, SEED)
    parts: list[tuple[float, float, float]] = []
    floor: list[float] = []
    for i in range(repeats):  # alternate the order so drift hits both sides alike
        if i % 2:
            floor.append(timed(lambda: run_floor(inputs, paths, SEED)))
            parts.append(run_parksim(scenario, paths))
        else:
            parts.append(run_parksim(scenario, paths))
            floor.append(timed(lambda: run_floor(inputs, paths, SEED)))
    total = [sum(p) for p in parts]

    def ms(xs: list[float]) -> float:
        return round(1e3 * statistics.median(xs), 2)

    compiled = scenario.compiled
    return {
        "scenario": SCENARIO.name,
        "plain": len(compiled.indicator_ids),
        "derived": len(compiled.derived),
        "paths": paths,
        "years": len(compiled.years),
        "targets": len(scenario.targets),
        "pipelines_stripped": stripped,
        "repeats": repeats,
        "parksim_median_ms": ms(total),
        "parksim_min_ms": round(1e3 * min(total), 2),
        "floor_median_ms": ms(floor),
        "floor_min_ms": round(1e3 * min(floor), 2),
        "ratio": round(statistics.median(total) / statistics.median(floor), 2),
        "goal": GOAL,
        "simulate_median_ms": ms([p[0] for p in parts]),
        "quantiles_median_ms": ms([p[1] for p in parts]),
        "targets_median_ms": ms([p[2] for p in parts]),
        "numpy": np.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }


def print_table(r: dict[str, object]) -> None:
    verdict = "within goal" if float(str(r["ratio"])) <= GOAL else "ABOVE GOAL"
    print(
        f"{r['scenario']}: {r['plain']} plain + {r['derived']} derived indicators × "
        f"{r['paths']:,} paths × {r['years']} years, float64; {r['targets']} targets; "
        f"{r['repeats']} repeats after 1 warm-up\n"
        f"growth only: [pipelines.*] stripped before measuring "
        f"({', '.join(map(str, r['pipelines_stripped'])) or 'none in the file'}); "
        f"see bench_pipeline.py\n"
        f"numpy {r['numpy']}, Python {r['python']}, {r['cpus']} CPUs\n"
    )
    print(f"{'':42}{'median ms':>11}{'min ms':>10}")
    print(
        f"{'(a) parksim: simulate+quantiles+targets':42}"
        f"{r['parksim_median_ms']:>11.2f}{r['parksim_min_ms']:>10.2f}"
    )
    for name in ("simulate", "quantiles", "targets"):
        print(f"{'      ' + name + ' only':42}{r[f'{name}_median_ms']:>11.2f}")
    print(f"{'(b) bare-numpy floor':42}{r['floor_median_ms']:>11.2f}{r['floor_min_ms']:>10.2f}")
    print(f"\nratio a/b of the medians: {r['ratio']:.2f}×  (goal ≤ {GOAL}×: {verdict})")
    print(
        "The floor uses np.cumprod of 1 + g (as the engine does), the derived ratios (one\n"
        "division each) and one >= test per target at its deadline year. It leaves out the macro\n"
        "factor, the −0.95 growth floor, pandas tables, per-target P10/P50/P90 and the every-year\n"
        "check of 'maintain' targets."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=10_000, help="paths (default 10,000)")
    parser.add_argument("--repeats", type=int, default=15, help="timed runs (default 15)")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    if args.paths < 1 or args.repeats < 1:
        parser.error("--paths and --repeats must be >= 1")
    report = measure(load_scenario(SCENARIO), args.paths, args.repeats)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
