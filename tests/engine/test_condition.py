"""Actuals that inform every indicator: an annual actual on A conditions the year's common
factor path by path, so correlated indicators and derived shares move with the news.

Oracles (the Gaussian one-factor model): loading 1 on both and equal parameters → B grows as A
did, path by path; loading 0 → B's paths keep every bit; general loadings → B's mean shift
is ρ_A ρ_B σ_B ε_A within sampling error."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest

import parksim
from parksim.engine import condition

PATHS = 40_000


def _scenario(
    tmp_path: Path, rho_a: float, rho_b: float, actual: float | None, vol_b: float = 0.05
) -> parksim.Scenario:
    figures = "indicator,period,value,source\n"
    if actual is not None:
        figures += f"a,2020,{actual},济南市统计局 统计公报: 2020\n"
    (tmp_path / "figures.csv").write_text(figures, encoding="utf-8")
    text = f"""
    [scenario]
    id = "news"
    name = "新数据"
    name_en = "News"
    base_year = 2019
    horizon = 2023
    seed = 9
    actuals = "figures.csv"

    [indicators.a]
    name = "甲"
    name_en = "A"
    unit = "亿元"
    base = 100.0
    growth = 0.06
    volatility = 0.05
    correlation = {rho_a}
    source = "assumption: test"

    [indicators.b]
    name = "乙"
    name_en = "B"
    unit = "亿元"
    base = 40.0
    growth = 0.06
    volatility = {vol_b}
    correlation = {rho_b}
    source = "assumption: test"

    [derived.share]
    name = "占比"
    name_en = "Share"
    unit = "share"
    formula = "b / a"
    """
    path = tmp_path / "news.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return parksim.load_scenario(path)


def _growth(result: parksim.Result, indicator: str, year: int) -> np.ndarray:
    paths = result.paths(indicator)
    column = year - result.scenario.base_year
    return np.asarray(paths[:, column] / paths[:, column - 1] - 1.0)


def test_with_loading_1_b_grows_exactly_as_a_did(tmp_path: Path) -> None:
    result = parksim.simulate(_scenario(tmp_path, 1.0, 1.0, 110.0), paths=2_000)
    np.testing.assert_allclose(_growth(result, "b", 2020), 0.10, rtol=1e-12)
    plain = parksim.simulate(_scenario(tmp_path, 1.0, 1.0, None), paths=2_000)
    assert not np.allclose(_growth(plain, "b", 2020), 0.10)


def test_with_loading_0_b_keeps_every_bit(tmp_path: Path) -> None:
    news = parksim.simulate(_scenario(tmp_path, 0.7, 0.0, 110.0), paths=3_000)
    plain = parksim.simulate(_scenario(tmp_path, 0.7, 0.0, None), paths=3_000)
    assert np.array_equal(news.paths("b"), plain.paths("b"))
    assert np.all(news.paths("a")[:, 1] == 110.0)


@pytest.mark.parametrize(("rho_a", "rho_b"), [(0.8, 0.6), (0.5, 0.9), (0.3, 0.3)])
def test_bs_mean_shift_is_the_one_factor_posterior(
    tmp_path: Path, rho_a: float, rho_b: float
) -> None:
    actual, vol = 112.0, 0.05
    epsilon = (actual / 100.0 - 1.0 - 0.06) / vol  # the first year: the same on every path
    news = parksim.simulate(_scenario(tmp_path, rho_a, rho_b, actual, vol), paths=PATHS)
    plain = parksim.simulate(_scenario(tmp_path, rho_a, rho_b, None, vol), paths=PATHS)
    shift = _growth(news, "b", 2020) - _growth(plain, "b", 2020)
    expected = rho_a * rho_b * vol * epsilon
    # Matheron's rule: the shift is ρ_B σ_B ρ_A (ε − ρ_A Z − √(1 − ρ_A²) e_A), whose random
    # part has s.d. ρ_B σ_B ρ_A: that gives the error bound of its mean
    error = rho_b * vol * rho_a / np.sqrt(PATHS)
    assert abs(shift.mean() - expected) < 4 * error + 1e-12
    # the posterior's spread: B's growth keeps the variance the factor did not explain
    unexplained = vol**2 * (1 - rho_b**2 * rho_a**2)
    assert _growth(news, "b", 2020).var() == pytest.approx(unexplained, rel=0.05)


def test_a_derived_share_moves_with_the_news(tmp_path: Path) -> None:
    """A strong year for A (the share's denominator) with B correlated: the share's median
    falls less than if B ignored the news."""
    strong = 115.0
    news = parksim.simulate(_scenario(tmp_path, 0.9, 0.9, strong), paths=10_000)
    deaf = parksim.simulate(_scenario(tmp_path, 0.9, 0.0, strong), paths=10_000)
    share_news = float(news.quantiles_at("share", 2020, (0.5,))[0])
    share_deaf = float(deaf.quantiles_at("share", 2020, (0.5,))[0])
    b_news = float(news.quantiles_at("b", 2020, (0.5,))[0])
    b_deaf = float(deaf.quantiles_at("b", 2020, (0.5,))[0])
    assert b_news > b_deaf  # B learnt that the year was strong
    assert share_news > share_deaf


def test_chunked_runs_condition_the_same_way(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, 0.8, 0.6, 112.0)
    whole = parksim.simulate(scenario, paths=20_000)
    chunked = parksim.simulate(scenario, paths=20_000, chunk_paths=16_384)
    np.testing.assert_array_equal(
        whole.quantile_table((0.1, 0.5, 0.9)), chunked.quantile_table((0.1, 0.5, 0.9))
    )


def test_a_strong_gdp_year_no_longer_collapses_the_baselines_share_targets(
    tmp_path: Path,
) -> None:
    """The issue's case: an annual zone-GDP actual above the baseline's expectation used to
    pin GDP alone, so the 'four new' share's probability fell from 88 % to 0.2 %; now the
    numerators learn the year was strong too, and the share does not collapse. (It still
    falls some: GDP's own trend learns from its own figure, which its parts' own trends do
    not share — the model's loadings below 1 say so.)"""
    root = Path(__file__).resolve().parents[2] / "scenarios"
    folder = tmp_path / "scenarios"
    shutil.copytree(root, folder)
    figures = (root / "actuals" / "baseline.csv").read_text(encoding="utf-8")
    figures += 'gdp,2020,1265.2,,"济南高新区 统计: a strong year, for the test"\n'
    (folder / "actuals" / "baseline.csv").write_text(figures, encoding="utf-8")
    before = parksim.simulate(parksim.load_scenario(root / "baseline.toml"), paths=5_000)
    after = parksim.simulate(parksim.load_scenario(folder / "baseline.toml"), paths=5_000)
    for target in ("four_new_share", "digital_economy_share"):
        assert after.probability(target) > before.probability(target) / 2, target
    for numerator in ("four_new_value_added", "digital_economy_value_added"):
        rose = after.quantiles_at(numerator, 2020, (0.5,)) > before.quantiles_at(
            numerator, 2020, (0.5,)
        )
        assert rose.all(), numerator


def test_products_by_blocks_of_paths_give_the_numbers_of_one_product(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The filter's matrix products run PRODUCT_PATHS paths at a time (no BLAS threads):
    the baseline, conditioned on its actual figures, is the same bit for bit as with one
    product over all paths, and the products were split."""
    scenario = parksim.load_scenario(
        Path(__file__).resolve().parents[2] / "scenarios/baseline.toml"
    )
    blocks: list[int] = []
    real = condition._path_blocks

    def counted(paths: int) -> list[slice]:
        blocks.append(len(real(paths)))
        return real(paths)

    monkeypatch.setattr(condition, "_path_blocks", counted)
    split = parksim.simulate(scenario, paths=3_000, seed=4).values
    assert blocks and min(blocks) == 6  # 3,000 paths in blocks of 512
    monkeypatch.setattr(condition, "PRODUCT_PATHS", 10**6)
    blocks.clear()
    whole = parksim.simulate(scenario, paths=3_000, seed=4).values
    assert set(blocks) == {1}
    np.testing.assert_array_equal(split, whole)
