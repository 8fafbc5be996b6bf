"""A throwaway PostgreSQL cluster of Debian's ``postgresql``: ``initdb`` in a temporary folder,
``pg_ctl`` on a Unix socket in that folder (no TCP port), fsync off, stopped with ``-m
immediate`` and removed. As root it runs as the ``postgres`` user (PostgreSQL refuses root).
The store's tests and ``benchmarks/bench_store.py`` start it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ClusterError(RuntimeError):
    """The cluster did not start; the message says which step and why."""


@dataclass(frozen=True)
class Cluster:
    """A running cluster: ``url`` reaches its ``postgres`` database as user ``parksim``."""

    folder: Path
    bindir: Path
    run_as: tuple[str, ...]
    url: str

    def stop(self) -> None:
        """Stop at once (nothing to keep) and remove the folder."""
        stop = [str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate"]
        subprocess.run([*self.run_as, *stop, "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin``, else where ``initdb`` is on the PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return None if initdb is None else Path(initdb).resolve().parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_cluster() -> Cluster:
    """Start a cluster; ``ClusterError`` when PostgreSQL is missing or does not start."""
    where = bindir()
    if where is None:
        raise ClusterError("initdb not found")
    folder = Path(tempfile.mkdtemp(prefix="parksim-pg-"))  # short: a socket path has a limit
    run_as: tuple[str, ...] = ()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        run_as = ("runuser", "-u", "postgres", "--")
    data, port = folder / "data", _free_port()
    settings = f"-k {folder} -p {port} -c listen_addresses='' -F -c full_page_writes=off"
    initdb = ("-A", "trust", "-U", "parksim", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    wait = ("-w", "-t", "30", "-o", settings)
    commands = [
        [str(where / "initdb"), "-D", str(data), *initdb, "--no-instructions"],
        [str(where / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), *wait, "start"],
    ]
    for command in commands:
        done = subprocess.run([*run_as, *command], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            why = (done.stderr or done.stdout).strip()[-300:]
            raise ClusterError(f"{Path(command[0]).name}: {why}")
    url = f"postgresql+psycopg://parksim@/postgres?host={folder}&port={port}"
    return Cluster(folder, where, run_as, url)
