"""Benchmark one backtest origin against a bare ``simulate`` of the same scenario.

The shipped baseline has too little history to score (one past level), so the script writes a
synthetic park into a temporary folder: the baseline's size (18 indicators, 2019–2030), each
with levels 2007–2019 whose yearly growth is drawn from N(8 %, 5 %²). The backtest reruns it at
``--origin`` (default 2014: calibrated on 2008–2014, five years scored per indicator).

After one warm-up the two alternate; the script prints the median and minimum of each and the
ratio of the medians (goal: one origin at 10,000 paths under 5 s). Tests never assert timings.

    PYTHONPATH=src python3 benchmarks/bench_backtest.py [--paths N] [--origin Y] [--repeats R]
    PYTHONPATH=src python3 benchmarks/bench_backtest.py --write DIR   # only the park's files
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from parksim import Scenario, backtest, load_scenario, simulate

INDICATORS, FIRST, BASE, HORIZON = 18, 2007, 2019, 2030
GOAL_SECONDS = 5.0


def write_park(folder: Path) -> Path:
    """The synthetic park's scenario and history files; the scenario's path."""
    rng = np.random.default_rng(2019)
    history = ["indicator,year,value,source"]
    toml = [
        '[scenario]\nid = "bench"\nname = "合成园区"\nname_en = "Synthetic park"\n'
        f"base_year = {BASE}\nhorizon = {HORIZON}\npaths = 10000\nseed = 1\n"
        'history = "history.csv"\n'
    ]
    for k in range(INDICATORS):
        level = float(rng.uniform(50, 5_000))
        for year in range(FIRST, BASE + 1):
            level *= 1.0 + (rng.normal(0.08, 0.05) if year > FIRST else 0.0)
            history.append(f"x{k},{year},{level!r},synthetic: drawn")
        toml.append(
            f'[indicators.x{k}]\nname = "x{k}"\nname_en = "x{k}"\nunit = "亿元"\n'
            f"base = {level!r}\ngrowth = 0.07\nvolatility = 0.04\ncorrelation = 0.5\n"
            'source = "assumption: benchmark"\n'
        )
    (folder / "history.csv").write_text("\n".join(history) + "\n", encoding="utf-8")
    path = folder / "bench.toml"
    path.write_text("\n".join(toml), encoding="utf-8")
    return path


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=10_000)
    parser.add_argument("--origin", type=int, default=2014)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--write", type=Path, help="only write the park's files into this folder")
    args = parser.parse_args()
    if args.write is not None:
        args.write.mkdir(parents=True, exist_ok=True)
        print(write_park(args.write))
        return
    with tempfile.TemporaryDirectory() as folder:
        scenario: Scenario = load_scenario(write_park(Path(folder)))
        result = backtest(scenario, args.origin, paths=args.paths)  # warm-up
        simulate(scenario, args.paths)
        runs: dict[str, list[float]] = {"backtest": [], "simulate": []}
        for _ in range(args.repeats):  # alternate, so both see the same machine load
            runs["backtest"] += timed(lambda: backtest(scenario, args.origin, paths=args.paths), 1)
            runs["simulate"] += timed(lambda: simulate(scenario, args.paths), 1)
    print(
        f"parksim backtest, synthetic park ({INDICATORS} indicators, {BASE}–{HORIZON}), "
        f"origin {args.origin}, {args.paths:,} paths; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {result.summary()['n']} figures scored"
    )
    print(f"{'':28}{'median s':>10}{'min s':>10}")
    for name, seconds in runs.items():
        label = "one backtest origin" if name == "backtest" else "bare simulate (same file)"
        print(f"{label:28}{statistics.median(seconds):10.3f}{min(seconds):10.3f}")
    backtest_median = statistics.median(runs["backtest"])
    ratio = backtest_median / statistics.median(runs["simulate"])
    verdict = "within" if backtest_median < GOAL_SECONDS else "OVER"
    print(f"ratio backtest / simulate: {ratio:.2f}×; goal < {GOAL_SECONDS:g} s: {verdict}")


if __name__ == "__main__":
    main()
