"""The app's kept runs (parksim.app.runs): the DES work a slider move does, counted."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from parksim.app import catalog, runs
from parksim.des import stats
from parksim.engine import pipelines
from parksim.report.summary import summarize

ROOT = Path(__file__).resolve().parents[2]


def test_one_lever_reruns_one_pipelines_realisations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipeline lever reruns that pipeline's realisations, as many as the file asks, and
    no other pipeline's; a growth move reruns none."""
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    entry = next(e for e in catalog.list_scenarios(folder) if e.id == "baseline")
    base = catalog.load(entry)
    # the four pipelines' projects differ in median output: it names the one that runs
    by_output = {p.output_per_project.median: pid for pid, p in base.pipelines.items()}
    assert len(by_output) == len(base.pipelines)
    ran: Counter[str] = Counter()
    real = stats.run_realisation

    def counted(params: object, *args: object, **kwargs: object) -> object:
        ran[by_output[params.output_median]] += 1  # type: ignore[attr-defined]
        return real(params, *args, **kwargs)  # type: ignore[arg-type]

    pipelines._cached_runs.cache_clear()
    monkeypatch.setattr(stats, "run_realisation", counted)
    run = (str(entry.path), entry.stamp)
    paths, seed = base.spec.scenario.paths, base.spec.scenario.seed
    first = runs.result(*run, (), paths, seed)
    assert ran == {pid: base.spec.scenario.pipeline_runs for pid in base.pipelines}
    ran.clear()
    runs.result(*run, (("indicators.computing_power.growth", 0.13),), paths, seed)
    assert ran == {}
    moved = runs.result(*run, (("pipelines.nuclear.approval_days", 40.0),), paths, seed)
    assert ran == {"nuclear": base.spec.scenario.pipeline_runs}
    assert moved.pipelines["health"] is first.pipelines["health"]
    assert not np.array_equal(moved.pipelines["nuclear"].output, first.pipelines["nuclear"].output)


def test_pipeline_stats_are_computed_once_per_set_of_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A growth move reuses the pipelines' table whole; a lever computes its pipeline's."""
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    entry = next(e for e in catalog.list_scenarios(folder) if e.id == "baseline")
    base = catalog.load(entry)
    computed: list[object] = []
    real = stats.PipelineRuns.stats

    def counted(self: stats.PipelineRuns, approval_staff: int | None = None) -> object:
        computed.append(self)
        return real(self, approval_staff)

    monkeypatch.setattr(stats.PipelineRuns, "stats", counted)
    run = (str(entry.path), entry.stamp)
    paths, seed = 2_000, 77  # runs no other test made: nothing cached
    first = summarize(runs.result(*run, (), paths, seed), bands_for=())
    assert len(computed) == len(base.pipelines)
    grown = runs.result(*run, (("indicators.computing_power.growth", 0.13),), paths, seed)
    assert summarize(grown, bands_for=()).pipelines is first.pipelines
    assert len(computed) == len(base.pipelines)
    lever = runs.result(*run, (("pipelines.health.approval_days", 30.0),), paths, seed)
    table = summarize(lever, bands_for=()).pipelines
    assert computed[-1] is lever.pipelines["health"] and len(computed) == len(base.pipelines) + 1
    assert list(table["pipeline"].unique()) == list(base.pipelines)
