"""Quantiles over paths (results.metrics.path_quantiles) are numpy's, bit for bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from parksim.results.metrics import DEFAULT_QUANTILES, path_quantiles

VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from([0.0, -0.0, 1.0, 1.0 + 2**-52, 3169.8]),  # ties and neighbours
)


@settings(max_examples=200, deadline=None)
@given(
    values=hnp.arrays(
        np.float64, hnp.array_shapes(min_dims=3, max_dims=3, max_side=40), elements=VALUES
    ),
    qs=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=7),
)
def test_path_quantiles_are_numpys_bit_for_bit(values: np.ndarray, qs: list[float]) -> None:
    with np.errstate(invalid="ignore"):  # inf - inf in numpy's interpolation, both ways
        expected = np.quantile(values, qs, axis=1)
        np.testing.assert_array_equal(path_quantiles(values, qs), expected)


def test_a_run_sized_table_is_numpys_bit_for_bit() -> None:
    values = np.random.default_rng(7).lognormal(7.0, 0.3, size=(3, 10_000, 12))
    values[1, ::97, 4] = np.inf  # a formula dividing by zero
    values[2, 5, 3] = np.nan
    with np.errstate(invalid="ignore"):
        table = path_quantiles(values, DEFAULT_QUANTILES)
        np.testing.assert_array_equal(table, np.quantile(values, DEFAULT_QUANTILES, axis=1))
    assert table.shape == (7, 3, 12)
