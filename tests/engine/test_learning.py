"""Forecasts that learn: the trend shift's posterior from observed years, year-to-date
nowcasts, and each figure's percentile in the forecast made before it.

Oracles: the conjugate normal update of a trend (one indicator); an explicit batch Gaussian
conditioning of all latents (two indicators sharing a trend factor), against the engine's
year-by-year filter; the precision-weighted mean of a prior and a noisy estimate; normal
quantiles for the percentiles."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import norm

import parksim

PATHS = 40_000
MU, SIGMA = 0.06, 0.04


def _scenario(
    tmp_path: Path,
    figures: str,
    *,
    spread_a: float = 0.0,
    spread_b: float = 0.0,
    rho_a: float = 0.0,
    rho_b: float = 0.0,
    ytd_error: str = "",
) -> parksim.Scenario:
    (tmp_path / "figures.csv").write_text(
        "indicator,period,value,yoy,source\n" + figures, encoding="utf-8"
    )
    ytd = f"ytd_error = {ytd_error}\n" if ytd_error else ""
    text = textwrap.dedent(f"""
    [scenario]
    id = "learn"
    name = "学习"
    name_en = "Learning"
    base_year = 2019
    horizon = 2025
    seed = 3
    actuals = "figures.csv"

    [indicators.a]
    name = "甲"
    name_en = "A"
    unit = "亿元"
    base = 100.0
    growth = {MU}
    volatility = {SIGMA}
    growth_sd = {spread_a}
    correlation = {rho_a}
    source = "assumption: test"

    [indicators.b]
    name = "乙"
    name_en = "B"
    unit = "亿元"
    base = 50.0
    growth = {MU}
    volatility = {SIGMA}
    growth_sd = {spread_b}
    correlation = {rho_b}
    source = "assumption: test"
    """)
    path = tmp_path / "learn.toml"
    text = text.replace("correlation", ytd + "correlation", 1)  # A's year-to-date errors
    path.write_text(text, encoding="utf-8")
    return parksim.load_scenario(path)


def _growth(result: parksim.Result, indicator: str, year: int) -> np.ndarray:
    paths = result.paths(indicator)
    column = year - result.scenario.base_year
    return np.asarray(paths[:, column] / paths[:, column - 1] - 1.0)


def _annual(levels: dict[int, float]) -> str:
    return "".join(f'a,{year},{value},,"统计公报: {year}"\n' for year, value in levels.items())


STRONG = {2020: 110.0, 2021: 121.5, 2022: 133.0}  # three strong years after a base of 100


def _residuals() -> np.ndarray:
    levels = [100.0, *STRONG.values()]
    return np.array([b / a - 1.0 - MU for a, b in itertools.pairwise(levels)])


def test_a_run_of_strong_years_raises_the_trend_by_the_conjugate_formula(
    tmp_path: Path,
) -> None:
    tau = 0.03
    result = parksim.simulate(_scenario(tmp_path, _annual(STRONG), spread_a=tau), paths=PATHS)
    r = _residuals()
    variance = 1.0 / (1.0 / tau**2 + len(r) / SIGMA**2)  # conjugate normal: precisions add
    mean = variance * r.sum() / SIGMA**2
    later = _growth(result, "a", 2024)  # a year no figure speaks of: trend + that year's noise
    spread = np.sqrt(SIGMA**2 + variance)
    assert later.mean() == pytest.approx(MU + mean, abs=4 * spread / np.sqrt(PATHS))
    assert later.var() == pytest.approx(SIGMA**2 + variance, rel=0.04)
    prior = parksim.simulate(_scenario(tmp_path, "", spread_a=tau), paths=PATHS)
    assert later.mean() > _growth(prior, "a", 2024).mean() + 0.5 * mean


def test_without_trend_uncertainty_the_later_years_learn_nothing(tmp_path: Path) -> None:
    news = parksim.simulate(_scenario(tmp_path, _annual(STRONG)), paths=5_000)
    plain = parksim.simulate(_scenario(tmp_path, ""), paths=5_000)
    # the same growth (up to the rounding of levels that start from the pinned 2022)
    np.testing.assert_allclose(_growth(news, "a", 2024), _growth(plain, "a", 2024), atol=1e-13)


def _batch_trend_posterior(
    tau: tuple[float, float], rho: tuple[float, float]
) -> tuple[float, float]:
    """E and Var of δ_B given A's residuals, by conditioning the joint normal of every latent
    (W, u_A, u_B, Z_1..3, e_A1..3) at once: independent of the engine's year-by-year filter."""
    r = _residuals()
    n = len(r)
    s_a, s_b = (np.sqrt(1 - x**2) for x in rho)
    h = np.zeros((n, 3 + 2 * n))  # residual_t = h_t · latents
    h[:, 0], h[:, 1] = tau[0] * rho[0], tau[0] * s_a
    h[np.arange(n), 3 + np.arange(n)] = SIGMA * rho[0]
    h[np.arange(n), 3 + n + np.arange(n)] = SIGMA * s_a
    delta_b = np.zeros(3 + 2 * n)
    delta_b[0], delta_b[2] = tau[1] * rho[1], tau[1] * s_b
    cov_y = h @ h.T
    cross = delta_b @ h.T
    mean = float(cross @ np.linalg.solve(cov_y, r))
    variance = float(delta_b @ delta_b - cross @ np.linalg.solve(cov_y, cross))
    return mean, variance


def test_a_shared_trend_factor_carries_as_news_to_b_as_the_batch_posterior(
    tmp_path: Path,
) -> None:
    tau, rho = (0.03, 0.02), (0.8, 0.7)
    scenario = _scenario(
        tmp_path, _annual(STRONG), spread_a=tau[0], spread_b=tau[1], rho_a=rho[0], rho_b=rho[1]
    )
    later = _growth(parksim.simulate(scenario, paths=PATHS), "b", 2024)
    mean, variance = _batch_trend_posterior(tau, rho)
    spread = np.sqrt(SIGMA**2 + variance)
    assert mean > 0.002  # the news is large enough for the test to mean something
    assert later.mean() == pytest.approx(MU + mean, abs=4 * spread / np.sqrt(PATHS))
    assert later.var() == pytest.approx(SIGMA**2 + variance, rel=0.04)


H1 = 57.0  # Jan–Jun: estimates the year at 114 (share 1/2), against an expected 106


def test_a_nowcast_with_no_error_equals_pinning_the_year_to_ytd_over_share(
    tmp_path: Path,
) -> None:
    exact = _scenario(tmp_path, f'a,2020Q2,{H1},,"统计公报: H1"\n', ytd_error="[0, 0, 0]")
    result = parksim.simulate(exact, paths=4_000)
    np.testing.assert_allclose(result.paths("a")[:, 1], 2 * H1, rtol=1e-12)


def test_a_nowcast_with_a_huge_error_leaves_the_forecast_unchanged(tmp_path: Path) -> None:
    vague = _scenario(tmp_path, f'a,2020Q2,{H1},,"统计公报: H1"\n', ytd_error="[10, 10, 10]")
    news = parksim.simulate(vague, paths=4_000).paths("a")[:, 1]
    plain = parksim.simulate(_scenario(tmp_path, ""), paths=4_000).paths("a")[:, 1]
    np.testing.assert_allclose(news, plain, atol=0.1)  # of ≈ 106 ± 4: the weight is 1e-5


@pytest.mark.parametrize("error", [0.02, 0.04, 0.08])
def test_a_nowcast_moves_the_year_by_the_precision_weighted_formula(
    tmp_path: Path, error: float
) -> None:
    figure = f'a,2020Q2,{H1},,"统计公报: H1"\n'
    scenario = _scenario(tmp_path, figure, ytd_error=f"[0.3, {error}, 0.01]")
    growth = _growth(parksim.simulate(scenario, paths=PATHS), "a", 2020)
    omega = error * (1 + MU)  # the estimate's error in growth points
    weight = SIGMA**2 / (SIGMA**2 + omega**2)
    estimate = 2 * H1 / 100.0 - 1.0
    posterior_var = SIGMA**2 * omega**2 / (SIGMA**2 + omega**2)
    mean = MU + weight * (estimate - MU)
    assert growth.mean() == pytest.approx(mean, abs=4 * np.sqrt(posterior_var / PATHS))
    assert growth.var() == pytest.approx(posterior_var, rel=0.04)


def test_a_yoy_only_quarter_estimates_the_years_growth(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, 'a,2020Q3,,0.14,"统计公报: Q1–Q3"\n', ytd_error="[0.3, 0.2, 0]")
    np.testing.assert_allclose(_growth(parksim.simulate(scenario, paths=500), "a", 2020), 0.14)


def test_a_full_year_figure_supersedes_that_years_quarters(tmp_path: Path) -> None:
    both = f'a,2020Q2,{H1},,"统计公报: H1"\na,2020,104,,"统计公报: 2020"\n'
    annual = 'a,2020,104,,"统计公报: 2020"\n'
    one = parksim.simulate(_scenario(tmp_path, both), paths=3_000)
    two = parksim.simulate(_scenario(tmp_path, annual), paths=3_000)
    np.testing.assert_array_equal(one.values, two.values)


@pytest.mark.parametrize("z", [-2.0, 0.0, 1.645])
def test_a_figures_percentile_is_its_normal_quantile_in_the_forecast_before_it(
    tmp_path: Path, z: float
) -> None:
    level = 100.0 * (1 + MU + SIGMA * z)
    result = parksim.simulate(_scenario(tmp_path, _annual({2020: level})), paths=PATHS)
    share = result.forecast_percentile("a", "2020")
    assert share == pytest.approx(norm.cdf(z), abs=4 * np.sqrt(0.25 / PATHS))
    table = result.surprises().set_index("period")
    assert bool(table.loc["2020", "surprise"]) == (abs(z) > 1.645)


def test_the_percentile_is_the_same_for_any_chunking(tmp_path: Path) -> None:
    figures = _annual({2020: 112.0}) + f'a,2021Q2,{H1 + 5},,"统计公报: H1"\n'
    scenario = _scenario(tmp_path, figures, rho_a=0.6, rho_b=0.5, spread_a=0.02)
    whole = parksim.simulate(scenario, paths=40_000)
    chunked = parksim.simulate(scenario, paths=40_000, chunk_paths=16_384)
    assert whole.percentiles == chunked.percentiles
    assert set(whole.percentiles) == {("a", "2020"), ("a", "2021Q2")}


def test_a_figure_after_unobserved_years_speaks_for_all_of_them(tmp_path: Path) -> None:
    """Only 2022 is known, three years after the base. Its growth since the base is a sum of
    three years' δ + σ ε_t, and that sum is all that three yearly figures would tell about δ
    (it is sufficient): the trend learns what 2020, 2021 and 2022 known one by one teach
    (the conjugate update), up to the levels' curvature — not three years' news crammed into
    2022 alone, as reading it as one year's growth would."""
    tau, excess = 0.02, 0.03
    strong = {year: 100.0 * (1 + MU + excess) ** (year - 2019) for year in (2020, 2021, 2022)}
    gap = parksim.simulate(_scenario(tmp_path, _annual({2022: strong[2022]}), spread_a=tau))
    each = parksim.simulate(_scenario(tmp_path, _annual(strong), spread_a=tau))
    learnt_gap = _growth(gap, "a", 2024).mean() - MU
    learnt_each = _growth(each, "a", 2024).mean() - MU
    one_year = tau**2 / (tau**2 + SIGMA**2) * (3 * excess)  # all of it read as 2022's growth
    assert learnt_gap == pytest.approx(learnt_each, rel=0.15)
    assert abs(learnt_gap - learnt_each) < abs(one_year - learnt_each) / 2
