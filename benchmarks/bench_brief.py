"""Benchmark the briefing (``parksim brief``) of the baseline at 10,000 paths, step by step.

The steps are the ones ``parksim.report.brief.make`` runs, timed apart: simulate (the run and
its summary), solve ("what it takes" for every target not on track), charts (each fan chart as
PNG through vl-convert) and docx (the Word document). The first briefing in a process is the
cold one a ``parksim brief`` command pays (the DES pipelines and vl-convert's renderer start
up); later ones run warm, as in the app. With ``--pdf`` the LibreOffice conversion is timed
too (not part of the goal: it runs only for ``-o x.pdf``). Goal: a briefing under 10 s on this
2-core machine. Tests never assert timings.

    PYTHONPATH=src python3 benchmarks/bench_brief.py [--paths N] [--repeats R] [--pdf]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from parksim import load_scenario, simulate
from parksim.export.meta import resolve_created_at
from parksim.inputs.scenario import Scenario
from parksim.report.document import document_bytes
from parksim.report.gather import Numbers, run, what_it_takes
from parksim.report.images import fan_images
from parksim.report.pdf import pdf_bytes, soffice

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 10.0
STEPS = ("simulate", "solve", "charts", "docx")
T = TypeVar("T")


def timed(step: str, seconds: dict[str, float], function: Callable[[], T]) -> T:
    start = time.perf_counter()
    value = function()
    seconds[step] = time.perf_counter() - start
    return value


def one_briefing(scenario: Scenario, paths: int) -> tuple[dict[str, float], bytes]:
    """One briefing, as ``brief.make`` builds it; the seconds of each step, and the .docx."""
    seconds: dict[str, float] = {}
    summary, options = timed("simulate", seconds, lambda: run(scenario, paths=paths))
    takes = timed("solve", seconds, lambda: what_it_takes(scenario, summary))
    images = timed("charts", seconds, lambda: fan_images(summary, scenario, "zh"))
    numbers = Numbers(scenario, summary, (), takes, options, resolve_created_at())
    data = timed("docx", seconds, lambda: document_bytes(numbers, images, "brief.docx", "zh"))
    return seconds, data


def bare_simulate(scenario: Scenario, paths: int) -> float:
    start = time.perf_counter()
    simulate(scenario, paths=paths)
    return time.perf_counter() - start


def line(label: str, seconds: dict[str, float]) -> str:
    total = sum(seconds.values())
    shares = "  ".join(f"{step} {seconds[step] / total:5.1%}" for step in STEPS)
    verdict = "within" if total < GOAL_SECONDS else "OVER"
    return f"{label:<16}{total:7.2f} s   {shares}   goal < {GOAL_SECONDS:.0f} s: {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="time the LibreOffice conversion")
    args = parser.parse_args()
    scenario = load_scenario(ROOT / "scenarios" / "baseline.toml")
    print(
        f"parksim brief, baseline at {args.paths:,} paths; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
    )
    cold, data = one_briefing(scenario, args.paths)
    print(line("cold (CLI)", cold))
    warm = [one_briefing(scenario, args.paths)[0] for _ in range(args.repeats)]
    median = {step: statistics.median(w[step] for w in warm) for step in STEPS}
    print(line(f"warm (median {args.repeats})", median))
    baseline = statistics.median(bare_simulate(scenario, args.paths) for _ in range(args.repeats))
    total = sum(median.values())
    print(f"a bare simulate: {baseline:.2f} s; a warm briefing is {total / baseline:.0f}× that")
    print("per step (s): " + "  ".join(f"{s} {median[s]:.2f} (cold {cold[s]:.2f})" for s in STEPS))
    print(f"document: {len(data) / 1024:,.0f} KB")
    program = soffice()
    if args.pdf and program is not None:
        start = time.perf_counter()
        pdf = pdf_bytes(data, program)
        print(f"PDF (LibreOffice): {time.perf_counter() - start:.2f} s, {len(pdf) / 1024:,.0f} KB")
    elif args.pdf:
        print("PDF: no LibreOffice (soffice) on this machine")


if __name__ == "__main__":
    main()
