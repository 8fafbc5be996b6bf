"""Trend uncertainty (``growth_sd``): each path draws one trend shift δ ~ N(0, growth_sd²), held
for the whole horizon, so bands widen with the horizon as planning uncertainty does.

Oracles: with ``volatility = 0`` every path is exactly ``base · Π(1 + g_t + s_t + δ)``, and the
deadline quantiles are that product at δ = z_p · growth_sd (z_p the normal quantile)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import norm

import parksim

PATHS = 100_000


def _scenario(tmp_path: Path, a: str, b: str = "", name: str = "trend") -> parksim.Scenario:
    text = f"""
    [scenario]
    id = "{name}"
    name = "趋势"
    name_en = "Trend"
    base_year = 2019
    horizon = 2030
    seed = 3

    [indicators.a]
    name = "甲"
    name_en = "A"
    unit = "亿元"
    base = 100.0
    growth = {{ "2020-2025" = 0.08, "2026-2030" = 0.06 }}
    shocks = {{ "2020" = -0.05 }}
    {a}
    source = "assumption: test"

    [indicators.b]
    name = "乙"
    name_en = "B"
    unit = "亿元"
    base = 50.0
    growth = 0.05
    {b}
    source = "assumption: test"
    """
    path = tmp_path / f"{name}.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return parksim.load_scenario(path)


def _rates(scenario: parksim.Scenario) -> np.ndarray:
    row = scenario.compiled.indicator_ids.index("a")
    return scenario.compiled.growth[row] + scenario.compiled.shocks[row]


def test_every_path_is_the_compound_product_at_its_own_trend_shift(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, "growth_sd = 0.02")
    paths = parksim.simulate(scenario, paths=5_000).paths("a")
    rates = _rates(scenario)
    delta = paths[:, 1] / 100.0 - 1.0 - rates[0]  # the shift, read off the first year
    expected = 100.0 * np.cumprod(1.0 + rates[None, :] + delta[:, None], axis=1)
    np.testing.assert_allclose(paths[:, 1:], expected, rtol=1e-12)
    assert abs(delta.std() / 0.02 - 1.0) < 0.05 and abs(delta.mean()) < 4 * 0.02 / 5_000**0.5


@pytest.mark.parametrize("p", [0.05, 0.25, 0.5, 0.75, 0.95])
def test_deadline_quantiles_equal_the_closed_form(tmp_path: Path, p: float) -> None:
    sd = 0.02
    scenario = _scenario(tmp_path, f"growth_sd = {sd}")
    result = parksim.simulate(scenario, paths=PATHS)
    rates = _rates(scenario)[:6]  # 2020 .. 2025
    z = norm.ppf(p)

    def at(shift: float) -> float:
        return float(100.0 * np.prod(1.0 + rates + shift))

    quantile = float(result.quantiles_at("a", 2025, (p,))[0])
    # sampling error of a quantile of δ, carried through the (increasing) product
    se_delta = sd * np.sqrt(p * (1 - p)) / (norm.pdf(z) * np.sqrt(PATHS))
    slope = (at(z * sd + 1e-6) - at(z * sd - 1e-6)) / 2e-6
    assert abs(quantile - at(z * sd)) < 4 * slope * se_delta


def test_bands_widen_with_the_horizon_as_the_trend_compounds(tmp_path: Path) -> None:
    """With trend uncertainty alone, log(P95/P5) grows about linearly in the horizon; with
    year-to-year noise alone it grows like its square root."""
    trend = parksim.simulate(_scenario(tmp_path, "growth_sd = 0.02", name="t"), paths=20_000)
    noise = parksim.simulate(_scenario(tmp_path, "volatility = 0.02", name="n"), paths=20_000)

    def width(result: parksim.Result, year: int) -> float:
        p5, p95 = result.quantiles_at("a", year, (0.05, 0.95))
        return float(np.log(p95 / p5))

    steps = 2030 - 2019  # against one step, 2020
    assert width(trend, 2030) / width(trend, 2020) == pytest.approx(steps, rel=0.1)
    assert width(noise, 2030) / width(noise, 2020) == pytest.approx(steps**0.5, rel=0.1)


def test_a_common_trend_factor_moves_correlated_indicators_together(tmp_path: Path) -> None:
    both = "growth_sd = 0.03\n    correlation = 1.0"
    result = parksim.simulate(_scenario(tmp_path, both, both), paths=4_000)
    a, b = result.paths("a"), result.paths("b")
    shift_a = a[:, 1] / 100.0 - 1.0 - _rates(result.scenario)[0]
    shift_b = b[:, 1] / 50.0 - 1.0 - 0.05
    np.testing.assert_allclose(shift_a, shift_b, atol=1e-12)


def test_no_trend_uncertainty_changes_nothing_else(tmp_path: Path) -> None:
    """``growth_sd = 0`` draws nothing (the same bits as without the key), and a trend on A
    leaves B's paths untouched (every stream is keyed by its indicator)."""
    plain = parksim.simulate(_scenario(tmp_path, "volatility = 0.1", name="p"), paths=3_000)
    zero = _scenario(tmp_path, "volatility = 0.1\n    growth_sd = 0.0", name="z")
    assert np.array_equal(parksim.simulate(zero, paths=3_000).values, plain.values)
    shifted = _scenario(tmp_path, "volatility = 0.1\n    growth_sd = 0.05", name="s")
    result = parksim.simulate(shifted, paths=3_000)
    assert np.array_equal(result.paths("b"), plain.paths("b"))
    assert not np.array_equal(result.paths("a"), plain.paths("a"))


def test_growth_sd_must_be_a_share_between_0_and_1(tmp_path: Path) -> None:
    with pytest.raises(
        parksim.ScenarioError, match=r"indicators\.a\.growth_sd = -0\.01: must be >= 0"
    ):
        _scenario(tmp_path, "growth_sd = -0.01")
