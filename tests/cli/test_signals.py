"""A terminated command leaves no worker processes behind (a real Sobol' study on two local
worker processes, a real SIGTERM)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> set[int]:
    """Every live descendant of ``pid``, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.slow
def test_sigterm_ends_the_worker_processes_too() -> None:
    command = [
        sys.executable, "-m", "parksim", "sensitivity", str(ROOT / "scenarios/baseline.toml"),
        "--target", "computing_power", "--method", "sobol", "--samples", "256",
        "--paths", "2000", "--workers", "2",
    ]  # fmt: skip
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while len(children(run.pid)) < 2 and time.monotonic() < deadline:
            assert run.poll() is None, run.stderr.read() if run.stderr else ""
            time.sleep(0.2)
        workers = children(run.pid)
        assert len(workers) >= 2, "the study never started its worker processes"
        time.sleep(2)  # the workers are busy now
        os.kill(run.pid, signal.SIGTERM)
        assert run.wait(30) == 128 + signal.SIGTERM
        deadline = time.monotonic() + 20
        while any(Path(f"/proc/{p}").exists() and _alive(p) for p in workers):
            assert time.monotonic() < deadline, "worker processes outlived the command"
            time.sleep(0.2)
    finally:
        if run.poll() is None:
            run.kill()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
