"""Benchmark of large studies: many paths in bounded memory, and a Sobol' study on 1 vs 2
workers.

(a) ``scenarios/baseline.toml`` (growth and its four project pipelines, the file's seed and
    100 DES realisations per pipeline) at 10,000, 100,000 and 1,000,000 paths: simulate, then
    the target table and the projection table (mean, P5 … P95 of every indicator and year):
    what ``parksim run`` and ``parksim export`` need. Each size runs in a fresh process under
    ``/usr/bin/time -v``, whose "Maximum resident set size" is the peak memory of the whole
    process (Python, numpy, pandas, the DES included). Goal: under 1.5 × 10⁹ bytes at 1M.
(b) a Sobol' study of one target over every ranged lever feeding it (Saltelli scheme, N base
    samples, N · (D + 2) runs at modest paths): on 1 worker (``scheduler="sync"``, this
    process) and on 2 (a ``dask.distributed`` LocalCluster of two one-thread worker
    processes, started before the clock starts; its start-up is shown apart), each in a fresh
    process so that no DES cache is shared; the two index tables must be equal bit for bit.

Timings are for reading only; tests never assert them. The machine should be otherwise idle.

    python3 benchmarks/bench_scale.py [--sizes 10000,100000,1000000] [--samples 64]
        [--target computing_power] [--sobol-paths 2000] [--sobol-runs 25]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import parksim
from parksim.engine.chunked import ChunkedResult

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "baseline.toml"
TIME = "/usr/bin/time"
GOAL_BYTES = 1.5e9


def one_size(paths: int) -> dict[str, object]:
    """(a) in this process: simulate, targets, projections; times and how it ran."""
    scenario = parksim.load_scenario(SCENARIO)
    start = time.perf_counter()
    result = parksim.simulate(scenario, paths=paths)
    simulated = time.perf_counter()
    result.targets()
    result.projections()
    done = time.perf_counter()
    chunked = isinstance(result, ChunkedResult)
    return {
        "paths": paths,
        "mode": f"chunks of {result.chunk_paths:,}" if chunked else "in memory",
        "passes": result.passes if chunked else 1,
        "simulate_s": simulated - start,
        "summaries_s": done - simulated,
        "total_s": done - start,
        "pipeline_runs": max(r.realisations for r in result.pipelines.values()),
    }


def one_study(
    scheduler: str, target: str, samples: int, paths: int, runs: int, out: str
) -> dict[str, object]:
    """(b) in this process: one Sobol' study, its index table saved to ``out``."""
    scenario = parksim.load_scenario(SCENARIO)
    startup = 0.0
    cluster = None
    if scheduler == "cluster":
        from distributed import LocalCluster

        begin = time.perf_counter()
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        startup = time.perf_counter() - begin
        address: str = cluster.scheduler_address
    else:
        address = scheduler
    try:
        start = time.perf_counter()
        study = parksim.sobol(
            scenario, target, samples=samples, paths=paths, pipeline_runs=runs, scheduler=address
        )
        elapsed = time.perf_counter() - start
    finally:
        if cluster is not None:
            cluster.close()
    study.indices.to_pickle(out)
    return {
        "seconds": elapsed,
        "startup_s": startup,
        "runs": len(study.evaluations),
        "levers": len(study.levers),
    }


def measured(args: list[str]) -> tuple[dict[str, object], int]:
    """Run this script with ``args`` under /usr/bin/time -v: its JSON line and peak RSS."""
    done = subprocess.run(
        [TIME, "-v", sys.executable, __file__, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))  # type: ignore[union-attr]
    return json.loads(done.stdout.strip().splitlines()[-1]), peak_kb * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--samples", type=int, default=64)
    parser.add_argument("--target", default="computing_power")
    parser.add_argument("--sobol-paths", type=int, default=2000)
    parser.add_argument("--sobol-runs", type=int, default=25, help="DES realisations per run")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--study", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one_size(args.one)))
        return
    if args.study is not None:
        study = one_study(
            args.study, args.target, args.samples, args.sobol_paths, args.sobol_runs, args.out
        )
        print(json.dumps(study))
        return
    if shutil.which(TIME) is None:
        sys.exit(f"{TIME} is missing: apt-get install time (Debian's GNU time)")

    from importlib.metadata import version

    print(
        f"baseline.toml · seed from the file · numpy {version('numpy')}, dask {version('dask')}, "
        f"SALib {version('SALib')}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"load average before: {os.getloadavg()[0]:.2f}"
    )
    print(
        "\n(a) paths vs time and peak memory: simulate + targets() + projections(), "
        "a fresh process each"
    )
    rows = [
        ["paths", "how", "passes", "simulate s", "summaries s", "total s", "peak RSS", "paths/s"]
    ]
    for paths in (int(p) for p in args.sizes.split(",")):
        info, peak = measured(["--one", str(paths)])
        total = float(info["total_s"])  # type: ignore[arg-type]
        rows.append([
            f"{paths:,}", str(info["mode"]), str(info["passes"]),
            f"{info['simulate_s']:.1f}", f"{info['summaries_s']:.1f}", f"{total:.1f}",
            f"{peak / 1e6:,.0f} MB", f"{paths / total:,.0f}",
        ])  # fmt: skip
        verdict = "within" if peak < GOAL_BYTES else "OVER"
        last = (paths, peak, verdict, info["pipeline_runs"])
    print(_table(rows))
    paths, peak, verdict, runs = last
    print(
        f"peak at {paths:,} paths: {peak:,} B (goal < {GOAL_BYTES:,.0f} B: {verdict} goal); "
        f"DES realisations: {runs} per pipeline at every size (path p takes p mod {runs})"
    )

    print(
        f"\n(b) Sobol' study of {args.target}: N = {args.samples} base samples, "
        f"{args.sobol_paths:,} paths and {args.sobol_runs} DES realisations per run"
    )
    rows = [["workers", "scheduler", "runs", "seconds", "runs/s", "speed-up"]]
    tables = {}
    first = None
    with tempfile.TemporaryDirectory() as folder:
        for workers, scheduler in ((1, "sync"), (2, "cluster")):
            out = str(Path(folder) / f"{scheduler}.pkl")
            info, _ = measured([
                "--study", scheduler, "--target", args.target, "--samples", str(args.samples),
                "--sobol-paths", str(args.sobol_paths), "--sobol-runs", str(args.sobol_runs),
                "--out", out,
            ])  # fmt: skip
            seconds = float(info["seconds"])  # type: ignore[arg-type]
            first = first or seconds
            shown = (
                "this process"
                if scheduler == "sync"
                else (f"LocalCluster (start-up {info['startup_s']:.1f} s, not counted)")
            )
            rows.append([
                str(workers), shown, f"{info['runs']:,}", f"{seconds:.1f}",
                f"{int(info['runs']) / seconds:.1f}", f"{first / seconds:.2f}×",  # type: ignore[call-overload]
            ])  # fmt: skip
            tables[workers] = pd.read_pickle(out)
    print(_table(rows))
    same = tables[1].equals(tables[2])
    print(f"index tables on 1 and 2 workers identical: {'yes' if same else 'NO'}")


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 1 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )


if __name__ == "__main__":
    main()
