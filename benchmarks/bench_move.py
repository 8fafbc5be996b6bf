"""One slider move along the app's path at 10,000 and 50,000 paths, as ratios (not a test).

The app's computation of a move, in one process, without Streamlit: ``app.runs.result`` (the
scenario with the slider position, ``simulate``, the DES of a moved pipeline), the summary of
the run (``summarize(bands_for=())``) and the bands of one chart (``app.runs.band``). Each move
goes one step further, so no cache has its result; the engine's own caches (the normals of the
first random-number blocks, the pipelines not moved) stay warm, as in the app. The two path
counts alternate, so load on a shared machine hits both alike; the goal of the speed issue
(#15) is a 50,000-path move within 3x the 10,000-path one.

    PYTHONPATH=src python3 benchmarks/bench_move.py [--moves 8] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser import scenarios_copy

from parksim.app import catalog, runs
from parksim.report.summary import summarize

GOAL = 3.0
PATHS = (10_000, 50_000)
# name: (slider, first value, step, the chart shown)
MOVES = {
    "growth slider": ("indicators.computing_power.growth", 0.111, 0.001, "computing_power"),
    "pipeline (health)": ("pipelines.health.arrivals_per_year", 36.0, 1.0, "big_health"),
}


def move(entry: catalog.Entry, key: str, value: float, paths: int, chart: str) -> float:
    """Seconds for one move: run, summary, one chart's bands."""
    position = ((key, round(value, 6)),)
    run = (str(entry.path), entry.stamp, position, paths, entry_seed(entry))
    start = time.perf_counter()
    summarize(runs.result(*run), bands_for=())
    runs.band(*run, chart)
    return time.perf_counter() - start


def entry_seed(entry: catalog.Entry) -> int:
    return catalog.load(entry).spec.scenario.seed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=8, help="moves per round (default 8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per path count (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = scenarios_copy(Path(tmp))
        entry = next(e for e in catalog.list_scenarios(folder) if e.id == "baseline")
        times: dict[tuple[str, int], list[float]] = {}
        for paths in PATHS:  # warm-up: the baseline at both sizes, the engine's caches
            move(entry, "indicators.computing_power.growth", 0.111, paths, "computing_power")
        step = 1
        for r in range(args.rounds):
            for name, (key, first, by, chart) in MOVES.items():
                for paths in PATHS[:: -1 if r % 2 else 1]:
                    for k in range(args.moves):
                        value = first + by * (step + k)
                        times.setdefault((name, paths), []).append(
                            move(entry, key, value, paths, chart)
                        )
                step += args.moves
    load = os.getloadavg()
    print(
        f"parksim, one move along the app's path (run, summary, one chart's bands); baseline;"
        f" Python {platform.python_version()}, {os.cpu_count()} CPUs; load {load[0]:.1f}"
        f" {load[1]:.1f} {load[2]:.1f} at the end\n"
    )
    print(f"{'':20} {'moves':>5} {'10,000 ms':>10} {'50,000 ms':>10} {'ratio':>6}  goal")
    for name in MOVES:
        small = statistics.median(times[(name, PATHS[0])])
        large = statistics.median(times[(name, PATHS[1])])
        verdict = "within" if large / small <= GOAL else "OVER"
        count = len(times[(name, PATHS[0])])
        print(
            f"{name:20} {count:5} {1e3 * small:10.0f} {1e3 * large:10.0f} {large / small:6.2f}"
            f"  ≤ {GOAL}x: {verdict}"
        )


if __name__ == "__main__":
    main()
