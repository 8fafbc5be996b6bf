"""Benchmark the team server's store on SQLite and on PostgreSQL, in one process.

Each save of a scenario loads the whole stored folder with the new text in it (the loader's
checks): that load is the floor a save cannot go below. The script measures, per database,
first start (schema migrations), importing the shipped scenarios, a save of a child scenario
(each from the latest revision), the floor (the same folder checked out and loaded, no
database write), their ratio, and reading a history; then a sign-in (one Argon2id
verification) and the throwaway PostgreSQL cluster's start and stop, as the tests use it.
Timings are for reading only; tests never assert them.

    PYTHONPATH=src python3 benchmarks/bench_store.py [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from parksim.store import Actor, add_account, history, import_folder, open_store, save_scenario
from parksim.store.accounts import sign_in
from parksim.store.tree import checkout, load_all

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.store.pgcluster import start_cluster  # noqa: E402

PASSWORD = "correct horse battery"


def _child(growth: float) -> str:
    return (
        '[scenario]\nid = "bench"\nname = "测"\nname_en = "Bench"\nextends = "baseline"\n\n'
        f'[indicators.big_health]\ngrowth = {growth}\nsource.growth = "assumption: bench"\n'
    )


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _measure(url: str, repeats: int) -> dict[str, float]:
    opened: list[object] = []
    first = _timed(lambda: opened.append(open_store(url)))
    store = open_store(url)
    operator = Actor.operator()
    imported = _timed(lambda: import_folder(store, operator, ROOT / "scenarios", seed=True))
    add_account(store, operator, "pat", "planner", PASSWORD)
    pat = sign_in(store, "pat", PASSWORD)
    saves, floors = [], []
    save_scenario(store, pat, _child(0.1), parent=None)
    for i in range(repeats):  # alternate: a save, then the floor on the same folder
        saves.append(
            _timed(
                lambda i=i: save_scenario(store, pat, _child(0.1 + (i + 1) / 1000), parent=i + 1)
            )
        )
        with store.transaction() as session:
            floors.append(_timed(lambda s=session: _floor(s)))
    read = statistics.median(_timed(lambda: history(store, "bench")) for _ in range(repeats))
    signs = [_timed(lambda: sign_in(store, "pat", PASSWORD)) for _ in range(5)]
    store.engine.dispose()
    return {
        "first": first,
        "import": imported,
        "save": statistics.median(saves),
        "floor": statistics.median(floors),
        "history": read,
        "sign_in": statistics.median(signs),
    }


def _floor(session: object) -> None:
    with checkout(session) as folder:  # type: ignore[arg-type]
        load_all(folder, sorted(folder.glob("*.toml")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    repeats = parser.parse_args().repeats
    load = os.getloadavg()[0]
    started = time.perf_counter()
    cluster = start_cluster()
    start_s = time.perf_counter() - started
    rows = []
    try:
        with psycopg.connect(cluster.url.replace("+psycopg", ""), autocommit=True) as c:
            c.execute("CREATE DATABASE bench")
        with tempfile.TemporaryDirectory() as folder:
            rows.append(("SQLite", _measure(f"sqlite:///{folder}/parksim.sqlite3", repeats)))
            rows.append(
                ("PostgreSQL", _measure(cluster.url.replace("/postgres?", "/bench?"), repeats))
            )
    finally:
        stop_s = _timed(cluster.stop)
    print(
        f"parksim store · Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"load average before: {load:.2f}; {repeats} saves each (median)"
    )
    header = "database     first start s  import s  save ms  floor ms  save/floor  history ms"
    print(header + "  sign-in ms")
    for name, m in rows:
        ratio = m["save"] / m["floor"]
        print(
            f"{name:<12} {m['first']:>13.2f} {m['import']:>9.2f} {m['save'] * 1e3:>8.0f} "
            f"{m['floor'] * 1e3:>9.0f} {ratio:>10.2f}× {m['history'] * 1e3:>11.1f} "
            f"{m['sign_in'] * 1e3:>11.0f}"
        )
    print(f"throwaway PostgreSQL cluster: initdb + start {start_s:.2f} s, stop {stop_s:.2f} s")
    print("(first start: SQLite's includes importing Alembic, measured first)")


if __name__ == "__main__":
    main()
