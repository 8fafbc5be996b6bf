"""Benchmark of the planners' workbook: writing the baseline as a workbook, importing it back
(reading, validating as TOML, writing the files), and refusing a 50,000-row sheet, each as a
ratio to loading the baseline's TOML in the same run.

The refusal is the bound that matters: the sheet is streamed (openpyxl read-only) and
refused after ``MAX_ROWS`` rows, so its time and memory do not grow with the rows beyond.
Peak memory is ``tracemalloc``'s (Python allocations), measured in a separate pass from
the times. Timings are for reading only; tests never assert them.

    python3 benchmarks/bench_workbook.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import openpyxl

from parksim import load_scenario
from parksim.errors import ScenarioError
from parksim.export.workbook import scenario_workbook
from parksim.inputs.workbook_import import import_workbook
from parksim.text.words import WORDS

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def _rows(data: bytes, count: int) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for year in range(count):
        book["实际值 Actuals"].append(["gdp", str(2020 + year % 80), 1.0, None, "assumption: x"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refuse(folder: Path, data: bytes) -> Callable[[], object]:
    (folder / "big.xlsx").write_bytes(data)

    def run() -> object:
        try:
            import_workbook(folder / "big.xlsx", folder / "big.toml", WORDS)
        except ScenarioError as exc:
            return exc
        raise AssertionError("a 50,000-row sheet was imported")

    return run


def _measure(step: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds over ``repeat`` runs, and the peak of one run in MB."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    step()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scenario = load_scenario(BASELINE)
    data = scenario_workbook(scenario)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "baseline.xlsx").write_bytes(data)
        steps = {
            "load baseline.toml (the unit)": lambda: load_scenario(BASELINE),
            "export baseline as a workbook": lambda: scenario_workbook(scenario),
            "import it back (read, check, write)": lambda: import_workbook(
                folder / "baseline.xlsx", folder / "baseline.toml", WORDS
            ),
            "refuse a 50,000-row sheet": _refuse(folder, _rows(data, 50_000)),
            "refuse a 10,001-row sheet": _refuse(folder, _rows(data, 10_001)),
        }
        results = {name: _measure(step, args.repeat) for name, step in steps.items()}
    unit = results["load baseline.toml (the unit)"][0]
    print(f"parksim workbook, Python {platform.python_version()}, median of {args.repeat} runs")
    print(f"{'step':40} {'ms':>8} {'× TOML load':>12} {'peak MB':>8}")
    for name, (seconds, peak) in results.items():
        print(f"{name:40} {seconds * 1000:8.1f} {seconds / unit:12.1f} {peak:8.1f}")


if __name__ == "__main__":
    main()
