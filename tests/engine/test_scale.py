"""Runs in chunks: the same numbers whatever the chunking, exact against paths held in memory,
memory bounded, and the quantile search exact on awkward data.

The scenario is ``scale_scenario`` (tests/conftest.py): plain, capped, constant (no volatility)
and unrelated indicators a-d; a derived sum with sub-targets (consistency), a share held every
year (maintain), a "<=" target, a pipeline and a full-year actual (a = 118 in 2021) that pins
every path (re-forecast, per chunk)."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pandas as pd
import pytest

import parksim
from parksim.engine import run
from parksim.engine.chunked import ChunkedResult
from parksim.engine.orderstats import quantiles_of_chunks
from parksim.engine.random import BLOCK_PATHS
from parksim.errors import PathsNotKept
from parksim.results.metrics import DEFAULT_QUANTILES
from parksim.results.result import PathResult
from tests.conftest import WriteToml, scale_scenario, toml_writer

PATHS = 5 * BLOCK_PATHS + 1_000  # six chunks of one block, three of two, two of five


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> parksim.Scenario:
    return scale_scenario(toml_writer(tmp_path_factory.mktemp("scale")))


@pytest.fixture(scope="module")
def in_memory(scenario: parksim.Scenario) -> parksim.Result:
    return parksim.simulate(scenario, paths=PATHS)


@pytest.fixture(scope="module")
def chunked(scenario: parksim.Scenario) -> dict[int, ChunkedResult]:
    runs = {}
    for blocks in (1, 2, 5):
        result = parksim.simulate(scenario, paths=PATHS, chunk_paths=blocks * BLOCK_PATHS)
        assert isinstance(result, ChunkedResult)
        runs[blocks] = result
    return runs


def test_every_chunk_size_gives_the_same_bits(chunked: dict[int, ChunkedResult]) -> None:
    first, *others = chunked.values()
    for other in others:
        pd.testing.assert_frame_equal(other.targets(), first.targets())
        pd.testing.assert_frame_equal(other.projections(), first.projections())
        pd.testing.assert_frame_equal(other.tracking(), first.tracking())
        pd.testing.assert_frame_equal(other.consistency(), first.consistency())


def test_chunked_equals_paths_in_memory(
    in_memory: parksim.Result, chunked: dict[int, ChunkedResult]
) -> None:
    assert isinstance(in_memory, PathResult)
    result = chunked[2]
    # Probabilities (maintain and <= targets included) and quantiles: exact, bit for bit.
    pd.testing.assert_frame_equal(result.targets(), in_memory.targets(), check_exact=True)
    pd.testing.assert_frame_equal(result.quantiles(), in_memory.quantiles(), check_exact=True)
    odd = (0.0, 0.013, 1 / 3, 0.999, 1.0)  # not among the defaults: one more pass
    pd.testing.assert_frame_equal(result.quantiles(odd), in_memory.quantiles(odd), check_exact=True)
    pd.testing.assert_frame_equal(result.tracking(), in_memory.tracking(), check_exact=True)
    pd.testing.assert_frame_equal(result.consistency(), in_memory.consistency(), check_exact=True)
    pd.testing.assert_frame_equal(result.pipeline_stats(), in_memory.pipeline_stats())
    for target in result.scenario.targets:
        assert result.probability(target) == in_memory.probability(target)
    assert result.n_paths == in_memory.n_paths == PATHS


def test_means_are_exact_up_to_summation_order(
    in_memory: parksim.Result, chunked: dict[int, ChunkedResult]
) -> None:
    """Chunked means add per-block sums in block order: within 1e-14 of the correctly
    rounded mean (math.fsum) and the same bits for every chunk size; numpy's mean over the
    paths axis adds naively, so it may be off by up to paths × 1.1e-16 (here 9e-12)."""
    values = in_memory.values
    exact = np.array(
        [[math.fsum(values[i, :, t]) / PATHS for t in range(values.shape[2])]
         for i in range(values.shape[0])]
    )  # fmt: skip
    means = {blocks: r.mean()["value"].to_numpy() for blocks, r in chunked.items()}
    np.testing.assert_allclose(means[1], exact.ravel(), rtol=1e-14)
    assert all(np.array_equal(m, means[1]) for m in means.values())
    np.testing.assert_allclose(in_memory.mean()["value"], exact.ravel(), rtol=PATHS * 1.2e-16)


def test_anchored_and_constant_columns_stay_exact(chunked: dict[int, ChunkedResult]) -> None:
    table = chunked[1].projections().set_index(["indicator", "year"])
    assert (table.loc[("a", 2021)].drop("mean") == 118.0).all()  # pinned by the actual
    constant = table.loc["c"].drop(columns="mean")
    np.testing.assert_array_equal(constant.to_numpy().T, np.tile(constant["p50"], (7, 1)))


def test_chunked_result_refuses_paths_and_says_how_to_get_them(
    chunked: dict[int, ChunkedResult],
) -> None:
    result = chunked[5]
    message = (
        "paths are not kept: 82,920 paths were simulated in chunks of 81,920 to bound memory "
        "(the summaries are exact); for paths, simulate at most 699,050 paths: the first n "
        "paths of a run are the same paths"
    )
    with pytest.raises(PathsNotKept) as caught:
        result.paths("a")
    assert str(caught.value) == message
    with pytest.raises(PathsNotKept):
        result.met("a")
    assert not hasattr(result, "values")
    assert isinstance(caught.value, parksim.ParksimError)


def test_large_runs_switch_to_chunks_by_themselves(
    write_toml: WriteToml, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = scale_scenario(write_toml)
    monkeypatch.setattr(run, "IN_MEMORY_BYTES", 20_000 * run.path_bytes(scenario))
    assert isinstance(parksim.simulate(scenario, paths=20_000), PathResult)
    large = parksim.simulate(scenario, paths=20_001)
    assert isinstance(large, ChunkedResult)
    assert large.chunk_paths == run.default_chunk_paths(scenario)
    small = parksim.simulate(scenario, paths=20_001, chunk_paths=BLOCK_PATHS)
    pd.testing.assert_frame_equal(large.targets(), small.targets())


def test_memory_stays_bounded_by_the_chunk(write_toml: WriteToml) -> None:
    """Everything allocated at once (tracemalloc's peak) while simulating in chunks of one
    block, with targets and projections: the same for 8 or 24 blocks of paths, a few chunks,
    and a fraction of what 24 blocks take (6 indicators × 8 years × 8 B × 393,216 = 151 MB)."""
    scenario = scale_scenario(write_toml)
    parksim.simulate(scenario, paths=1_000)  # DES runs cached: measure the paths only

    def peak(blocks: int) -> int:
        tracemalloc.start()
        try:
            result = parksim.simulate(scenario, paths=blocks * BLOCK_PATHS, chunk_paths=BLOCK_PATHS)
            result.targets()
            result.projections()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(8), peak(24)
    whole = run.path_bytes(scenario) * 24 * BLOCK_PATHS
    chunk = run.path_bytes(scenario) * BLOCK_PATHS
    assert large < 1.1 * small, f"peak grows with paths: {small:,} B → {large:,} B"
    assert large < 4 * chunk, f"peak {large:,} B; a chunk is {chunk:,} B"
    assert large < whole / 5


def test_chunk_paths_must_be_whole_blocks(scenario: parksim.Scenario) -> None:
    with pytest.raises(parksim.ArgumentError) as caught:
        parksim.simulate(scenario, paths=50_000, chunk_paths=20_000)
    assert str(caught.value) == (
        "chunk_paths = 20000: must be a multiple of 16,384 (the engine's random-number "
        "block), e.g. 32,768"
    )
    with pytest.raises(ValueError, match="start must be a multiple of 16,384"):
        run.simulate_paths(scenario, 1, {}, 100, 200)


def test_a_chunk_is_exactly_those_paths_of_the_whole_run(
    scenario: parksim.Scenario, in_memory: parksim.Result
) -> None:
    outputs = run.outputs_of(in_memory.pipelines)
    start, stop = 3 * BLOCK_PATHS, 4 * BLOCK_PATHS + 10
    part = run.simulate_paths(scenario, in_memory.seed, outputs, start, stop)
    np.testing.assert_array_equal(part, in_memory.values[:, start:stop])


# The quantile search alone, on awkward columns: heavy tails, a constant, few distinct values,
# a point mass, NaN, infinities, subnormal steps, a mass the pilot never saw.
def awkward(n: int) -> np.ndarray:
    rng = np.random.default_rng(3)
    unseen = np.r_[rng.random(3_000), np.full(n - 3_000, 0.5) + rng.random(n - 3_000) * 1e-12]
    return np.array([
        rng.standard_normal(n),
        np.exp(4.0 * rng.standard_normal(n)),
        np.full(n, 3.0),
        rng.integers(0, 5, n).astype(float),
        np.where(rng.random(n) < 0.5, 0.0, rng.random(n)),
        np.r_[rng.random(n - 1), np.nan],
        np.r_[rng.random(n - 2), np.inf, -np.inf],
        np.r_[np.zeros(n - 3), 5e-324, 1e-323, 3e-300],
        unseen[::-1],  # the pilot (first chunk) holds none of the mass at 0.5
    ])  # fmt: skip


@pytest.mark.parametrize("chunk", [97, 1_000, 30_000])
@pytest.mark.parametrize("budget", [10, 1 << 23])
def test_quantile_search_is_exact(chunk: int, budget: int) -> None:
    whole = awkward(30_000)
    qs = (*DEFAULT_QUANTILES, 0.0, 1.0, 1 / 3, 0.5 + 1e-9)
    chunks = [whole[:, i : i + chunk] for i in range(0, whole.shape[1], chunk)]
    got, passes = quantiles_of_chunks(chunks, qs, budget=budget)
    with np.errstate(invalid="ignore"):
        want = np.quantile(whole, qs, axis=1)
    np.testing.assert_array_equal(got, want)
    assert passes >= (3 if budget == 10 else 2)  # a tight budget splits bins: more passes


def test_both_kinds_of_result_honour_the_whole_result_protocol(
    chunked: dict[int, ChunkedResult], write_toml: WriteToml
) -> None:
    """Every member of the protocol answers on both kinds, and the shared tables agree."""
    in_memory = parksim.simulate(scale_scenario(write_toml), paths=2_000, seed=3)
    members = [m for m in vars(parksim.Result) if not m.startswith("_")]
    assert {"paths", "quantile_table", "tracking", "keeps_paths"} <= set(members)
    for result in (in_memory, chunked[5]):
        assert isinstance(result, parksim.Result)
        assert all(hasattr(result, m) for m in members)
    assert in_memory.keeps_paths and not chunked[5].keeps_paths
    median = in_memory.quantile_table((0.5,))
    np.testing.assert_array_equal(median, np.quantile(in_memory.values, [0.5], axis=1))
