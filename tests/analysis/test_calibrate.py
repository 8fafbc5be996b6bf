"""Calibration on synthetic histories drawn from known parameters: the fitted trend,
volatility, trend uncertainty and loadings recover them; short series are shrunk as
documented; too little history is an answer per indicator, not an exception."""

from __future__ import annotations

import math

import numpy as np
import pytest

from parksim.analysis.calibrate import (
    MIN_GROWTHS,
    PRIOR_VOLATILITY,
    PRIOR_YEARS,
    factor_loadings,
    fit_all,
    fit_indicator,
)


def _series(values: np.ndarray, first: int = 1980) -> dict[int, float]:
    return {first + k: float(v) for k, v in enumerate(values)}


def test_a_long_series_recovers_its_mean_and_sd() -> None:
    rng = np.random.default_rng(1)
    n, mu, sigma = 4_000, 0.08, 0.03
    fit = fit_indicator("a", _series(rng.normal(mu, sigma, n)))
    assert fit.growth is not None and fit.volatility is not None and fit.growth_sd is not None
    assert abs(fit.growth - mu) < 4 * sigma / math.sqrt(n)
    assert abs(fit.volatility - sigma) < 4 * sigma / math.sqrt(2 * n)
    assert fit.growth_sd == pytest.approx(fit.volatility / math.sqrt(n))


def test_a_short_series_is_shrunk_toward_the_prior_as_documented() -> None:
    growths = {2016: 0.10, 2017: 0.11, 2018: 0.12, 2019: 0.13}  # mean 0.115, s² = 1/600 · 1e-2
    fit = fit_indicator("a", growths)
    raw = np.var(list(growths.values()), ddof=1)
    n = 4
    expected = math.sqrt(
        ((n - 1) * raw + PRIOR_YEARS * PRIOR_VOLATILITY**2) / (n - 1 + PRIOR_YEARS)
    )
    assert fit.growth == pytest.approx(0.115)
    assert fit.volatility == pytest.approx(expected)
    assert fit.growth_sd == pytest.approx(expected / 2)
    assert raw**0.5 < fit.volatility < PRIOR_VOLATILITY  # pulled up, not all the way


def test_too_little_history_is_an_answer_not_an_error() -> None:
    fit = fit_indicator("a", {2018: 0.1, 2019: 0.2})
    assert MIN_GROWTHS == 3
    assert (fit.growth, fit.volatility, fit.growth_sd, fit.n) == (None, None, None, 2)


def test_one_factor_loadings_are_recovered() -> None:
    rng = np.random.default_rng(7)
    years, truth = 20_000, np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    common = rng.standard_normal(years)
    own = rng.standard_normal((len(truth), years))
    series = truth[:, None] * common + np.sqrt(1 - truth[:, None] ** 2) * own
    names = "abcdef"
    growths = {name: _series(0.05 + 0.02 * s) for name, s in zip(names, series, strict=True)}
    loadings = fit_all(growths)
    found = np.array([loadings[n].correlation for n in names])
    np.testing.assert_allclose(found, truth, atol=0.03)


def test_two_indicators_share_the_square_root_of_their_correlation() -> None:
    rng = np.random.default_rng(3)
    common, own = rng.standard_normal((2, 20_000))
    rho = 0.8
    a = _series(rho * common + math.sqrt(1 - rho**2) * own)
    b = _series(common)
    fits = {"a": fit_indicator("a", a), "b": fit_indicator("b", b)}
    loadings = factor_loadings({"a": a, "b": b}, fits)
    assert loadings["a"] == pytest.approx(math.sqrt(rho), abs=0.02)
    assert loadings["b"] == pytest.approx(loadings["a"], abs=1e-9)


def test_negative_or_unshared_correlation_gives_no_or_zero_loading() -> None:
    rng = np.random.default_rng(5)
    x = rng.standard_normal(500)
    apart = {"a": _series(x, 1000), "b": _series(x, 2000)}  # no shared year
    fits = {k: fit_indicator(k, v) for k, v in apart.items()}
    assert factor_loadings(apart, fits) == {}
    opposite = {"a": _series(x), "b": _series(-x), "c": _series(x + 0.1 * rng.standard_normal(500))}
    result = fit_all(opposite)
    assert all(0.0 <= (result[k].correlation or 0.0) <= 1.0 for k in opposite)
