"""Project pipelines in the Monte Carlo: scenario → ``des`` model → output added to paths.

The discrete-event model is far slower per realisation than a growth path, so the number of
DES realisations ``R`` (``[scenario] pipeline_runs``, default 50) is decoupled from the number
of paths: path ``p`` takes realisation ``p mod R``. Realisation ``r`` draws only from its own
stream, ``SeedSequence(seed, spawn_key=(PIPELINE, crc32(pipeline id), r))``, so the pairing is
deterministic, the first paths of a large run equal a small run, and a pipeline's runs are
reused (cached) until one of its own inputs changes: moving a growth slider never reruns it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np

from parksim.des import PipelineParams, PipelineRuns, simulate_pipeline
from parksim.engine.random import STREAM_PIPELINE, stream_key
from parksim.inputs.scenario import Scenario

CACHE_SIZE = 64


def pipeline_params(scenario: Scenario, pipeline_id: str) -> PipelineParams:
    """The DES inputs of one pipeline of a validated scenario."""
    pipeline = scenario.pipelines[pipeline_id]
    return PipelineParams(
        start_year=pipeline.start_year,
        end_year=pipeline.end_year,
        arrivals_per_year=scenario.compiled.arrivals[pipeline_id],
        success_rate=pipeline.success_rate,
        key_share=pipeline.key_share,
        approval_staff=pipeline.approval_staff,
        approval_days=pipeline.approval_days,
        approval_distribution=pipeline.approval_distribution,
        approval_cv=pipeline.approval_cv,
        land_per_year=pipeline.land_per_year,
        build_years=(pipeline.build_years[0], pipeline.build_years[1], pipeline.build_years[2]),
        ramp_years=pipeline.ramp_years,
        output_median=pipeline.output_per_project.median,
        output_spread=pipeline.output_per_project.spread,
    )


def run_pipelines(scenario: Scenario, seed: int, runs: int) -> dict[str, PipelineRuns]:
    """Every pipeline's realisations over ``base_year+1 .. horizon`` (cached)."""
    years = tuple(range(scenario.base_year + 1, scenario.horizon + 1))
    return {
        pid: _cached_runs(pipeline_params(scenario, pid), years, runs, seed, stream_key(pid))
        for pid in scenario.pipelines
    }


def output_by_indicator(
    scenario: Scenario, outputs: Mapping[str, np.ndarray], n_paths: int, start: int = 0
) -> dict[int, np.ndarray]:
    """Pipeline output per plain indicator (index), ``(paths, years after the base year)``
    for paths ``start .. start + n_paths - 1``, from each pipeline's output per realisation
    (``PipelineRuns.output``): path ``p`` takes realisation ``p mod R``."""
    ids = scenario.compiled.indicator_ids
    added: dict[int, np.ndarray] = {}
    for pid, output_by_run in outputs.items():
        pairing = np.arange(start, start + n_paths) % output_by_run.shape[0]
        index = ids.index(scenario.pipelines[pid].indicator)
        output = output_by_run[pairing]
        added[index] = added[index] + output if index in added else output
    return added


@lru_cache(maxsize=CACHE_SIZE)
def _cached_runs(
    params: PipelineParams, years: tuple[int, ...], runs: int, seed: int, key: int
) -> PipelineRuns:
    sequence = np.random.SeedSequence(seed, spawn_key=(STREAM_PIPELINE, key))
    result = simulate_pipeline(params, years, runs, sequence)
    result.output.flags.writeable = False  # shared by every Result that hits the cache
    return result
