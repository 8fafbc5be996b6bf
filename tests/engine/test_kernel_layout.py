"""The growth kernel works along paths ((steps, paths) rows): the numbers of the path-by-path
layout it replaced, bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import parksim
from parksim.engine import paths as kernel
from parksim.engine.random import (
    BLOCK_PATHS,
    STREAM_GROWTH,
    STREAM_MACRO,
    normals_by_step,
    standard_normal,
    stream_key,
)
from parksim.inputs.compile import Compiled

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.toml"


def _factors_path_by_path(c: Compiled, paths: int, seed: int) -> np.ndarray:
    """The growth factors as the kernel computed them before, on rows of one path's steps."""
    steps = c.growth.shape[1]
    expected = c.growth + c.shocks
    own = c.volatility * np.sqrt(1.0 - c.correlation**2)
    common = c.volatility * c.correlation
    macro = np.empty((paths, steps))
    standard_normal(macro, seed, (STREAM_MACRO,), 0)
    trends = kernel._trend_shifts(c, paths, seed, 0)
    out = np.empty((len(c.indicator_ids), paths, steps))
    for i, indicator in enumerate(c.indicator_ids):
        rates = out[i]
        if own[i] > 0:
            standard_normal(rates, seed, (STREAM_GROWTH, stream_key(indicator)), 0)
            rates *= own[i]
        else:
            rates[...] = 0.0
        if common[i] > 0:
            rates += macro * common[i]
        rates += expected[i]
        if i in trends:
            rates += trends[i]
        np.maximum(rates, kernel.GROWTH_FLOOR, out=rates)
        rates += 1.0
    return out


def test_factors_along_paths_equal_the_path_by_path_ones() -> None:
    scenario = parksim.load_scenario(BASELINE)
    compiled = scenario.compiled
    paths, seed = BLOCK_PATHS + 3_000, 11  # a whole block and part of the next
    out = np.empty((len(compiled.indicator_ids), paths, compiled.growth.shape[1]))
    lows = np.empty(len(compiled.indicator_ids))
    kernel._growth_factors(compiled, paths, seed, out, 0, lows)
    expected = _factors_path_by_path(compiled, paths, seed)
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(lows, expected.min(axis=(1, 2)))


def test_normals_by_step_are_the_transposed_normals() -> None:
    by_path, by_step = np.empty((BLOCK_PATHS + 5, 11)), np.empty((11, BLOCK_PATHS + 5))
    standard_normal(by_path, 3, (STREAM_GROWTH, 7), 1)
    normals_by_step(by_step, 3, (STREAM_GROWTH, 7), 1)
    np.testing.assert_array_equal(by_step, by_path.T)
    first = np.random.default_rng(np.random.SeedSequence(3, spawn_key=(STREAM_GROWTH, 7, 1)))
    np.testing.assert_array_equal(by_path[:BLOCK_PATHS], first.standard_normal((BLOCK_PATHS, 11)))
