"""Dask: a real two-worker ``dask.distributed`` cluster on this machine gives the same numbers,
bit for bit, as one worker in this process."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pandas as pd
import pytest
from distributed import Client, LocalCluster

import parksim
from parksim.analysis.sobol import sobol
from parksim.analysis.sweep import sweep
from parksim.engine.parallel import run_tasks
from parksim.engine.random import BLOCK_PATHS
from tests.conftest import WriteToml, run_cli, scale_scenario, small_scenario, small_toml


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_sobol_on_two_workers_equals_one(
    cluster: LocalCluster, write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = small_scenario(write_toml, volatility=0.1, pipelines=True)
    one = sobol(scenario, "a", samples=16, scheduler="sync")
    two = sobol(scenario, "a", samples=16, scheduler=cluster.scheduler_address, progress=True)
    pd.testing.assert_frame_equal(two.evaluations, one.evaluations, check_exact=True)
    pd.testing.assert_frame_equal(two.indices, one.indices, check_exact=True)
    assert "100% Completed" in capsys.readouterr().err  # distributed's bar, on stderr


def test_work_is_spread_over_both_workers(cluster: LocalCluster) -> None:
    with Client(cluster) as client:
        pids = run_tasks(_slow_pid, None, list(range(16)), scheduler=client)
    assert len(set(pids)) == 2


def test_chunked_run_on_two_workers_equals_one(
    cluster: LocalCluster, write_toml: WriteToml
) -> None:
    scenario = scale_scenario(write_toml)
    settings = {"paths": 3 * BLOCK_PATHS + 17, "chunk_paths": BLOCK_PATHS}
    one = parksim.simulate(scenario, **settings)  # type: ignore[arg-type]
    two = parksim.simulate(scenario, scheduler=cluster.scheduler_address, **settings)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(two.targets(), one.targets(), check_exact=True)
    pd.testing.assert_frame_equal(two.projections(), one.projections(), check_exact=True)


def test_sweep_on_local_processes_equals_one(write_toml: WriteToml) -> None:
    scenario = small_scenario(write_toml, volatility=0.1)
    grid = {"indicators.a.growth": [0.05, 0.1, 0.15]}
    one = sweep(scenario, "a", grid, scheduler="sync")
    two = sweep(scenario, "a", grid, scheduler="processes", workers=2)
    pd.testing.assert_frame_equal(two, one, check_exact=True)


def test_bad_scheduler_is_a_one_line_error(write_toml: WriteToml) -> None:
    with pytest.raises(parksim.ArgumentError) as caught:
        sweep(small_scenario(write_toml), "a", {"indicators.a.growth": [0.1]}, scheduler="cluster")
    assert str(caught.value) == (
        "scheduler = 'cluster': must be sync, threads, processes or a Dask scheduler address "
        "such as tcp://127.0.0.1:8786"
    )


def test_an_error_in_a_worker_arrives_as_one_line(
    cluster: LocalCluster, write_toml: WriteToml
) -> None:
    scenario = small_scenario(write_toml, volatility=0.1, pipelines=True)
    grid = {"pipelines.p.approval_staff": [2, 0]}
    for scheduler in (cluster.scheduler_address, "processes"):
        with pytest.raises(parksim.ScenarioError) as caught:
            sweep(scenario, "a", grid, scheduler=scheduler, workers=None)
        assert str(caught.value) == ("pipelines.p.approval_staff = 0: must be >= 1")


def test_cli_study_on_default_local_processes(write_toml: WriteToml) -> None:
    """``python -m parksim``: the default scheduler spawns worker processes, which import the
    entry module again; they must not run the command themselves."""
    path = write_toml("s.toml", small_toml(volatility=0.1))
    args = ["sensitivity", str(path), "--target", "total", "--method", "sobol", "--samples", "4"]
    done = run_cli(*args, "--workers", "2", "--format", "csv")
    assert done.returncode == 0, done.stderr
    printed = pd.read_csv(io.StringIO(done.stdout))
    study = sobol(parksim.load_scenario(path), "total", samples=4, scheduler="sync")
    pd.testing.assert_frame_equal(printed, study.indices, check_exact=False, rtol=1e-15)


def _slow_pid(shared: None, item: int) -> int:
    import os
    import time

    time.sleep(0.05)
    return os.getpid()
