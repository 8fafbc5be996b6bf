"""Means of columns whose paths all agree (the base year, a year pinned by an actual) are that
value exactly, in memory and chunked: an export never shows 1150.199999999894 for 1150.2."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import parksim
from parksim.engine.random import BLOCK_PATHS

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.toml"


def test_the_base_year_mean_is_the_base_exactly() -> None:
    scenario = parksim.load_scenario(BASELINE)
    for result in (
        parksim.simulate(scenario, paths=10_000, seed=1),
        parksim.simulate(scenario, paths=BLOCK_PATHS + 7, seed=1, chunk_paths=BLOCK_PATHS),
    ):
        means = result.mean()
        base = means[means["year"] == scenario.base_year].set_index("indicator")["value"]
        for indicator, item in scenario.indicators.items():
            assert base[indicator] == item.base  # exactly, not approximately
        later = means[means["year"] == scenario.horizon]["value"].to_numpy()
        assert np.all(np.isfinite(later))


def test_means_of_varying_columns_are_numpys_mean() -> None:
    scenario = parksim.load_scenario(BASELINE)
    result = parksim.simulate(scenario, paths=3_000, seed=2)
    assert isinstance(result, parksim.PathResult)
    row = result.index_of("gdp")
    means = result.mean()
    gdp = means[means["indicator"] == "gdp"]["value"].to_numpy()
    np.testing.assert_array_equal(gdp[1:], result.values[row].mean(axis=0)[1:])
