"""The app's memory over many distinct slider positions: does it level off?

Runs ``app.py`` in Streamlit's own AppTest (the same caches a server process keeps: the
summaries, the kept runs, the bands, the scenarios, the engine's normals and pipelines) and
moves growth sliders to ``--moves`` states that no cache has seen, printing the process's
resident memory every ``--every`` moves. The floor is the RSS after the first page.

    python3 benchmarks/bench_app_memory.py [--moves 500] [--every 50]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
SLIDERS = (
    "indicators.computing_power.growth",
    "indicators.big_health.growth",
    "indicators.human_capital.growth",
)


def rss_mb() -> float:
    """This process's resident memory (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def slider(at: AppTest, key: str):  # type: ignore[no-untyped-def]
    return next(s for s in at.slider if s.key and s.key.endswith(f":{key}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=500)
    parser.add_argument("--every", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scenarios"
        shutil.copytree(ROOT / "scenarios", folder)
        os.environ["PARKSIM_SCENARIOS"] = str(folder)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
        floor, start = rss_mb(), time.perf_counter()
        print(f"app.py in AppTest, baseline, 10,000 paths; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        print(f"{'moves':>6} {'RSS MB':>8} {'over floor':>11} {'s/move':>7}")
        print(f"{0:>6} {floor:>8.0f} {0:>11.0f} {'':>7}")
        for move in range(1, args.moves + 1):
            # a new state every time: one slider steps, the others keep their positions, and
            # the stepping slider walks its range one 0.1-point step at a time
            control = slider(at, SLIDERS[move % len(SLIDERS)])
            low, high = control.min, control.max
            span = round((high - low) * 10)
            control.set_value(round(low + (move // len(SLIDERS)) % span / 10, 1)).run()
            if at.exception:
                raise SystemExit(at.exception[0].value)
            if move % args.every == 0:
                took = (time.perf_counter() - start) / move
                print(f"{move:>6} {rss_mb():>8.0f} {rss_mb() - floor:>11.0f} {took:>7.2f}")


if __name__ == "__main__":
    main()
