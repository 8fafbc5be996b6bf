"""Calibration on synthetic histories drawn from known parameters: the fitted trend,
volatility, trend uncertainty and loadings recover them; short series are shrunk as
documented; too little history is an answer per indicator, not an exception."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import parksim
from parksim.analysis.calibrate import (
    PRIOR_VOLATILITY,
    PRIOR_YEARS,
    calibrate,
    factor_loadings,
    fit_all,
    fit_indicator,
)
from parksim.cli.main import main


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
    # a loading cannot be negative: the series that moves against the others loads nothing
    assert result["b"].correlation == pytest.approx(0.0, abs=1e-6)
    assert result["a"].correlation == pytest.approx(1.0, abs=0.01)
    assert result["c"].correlation == pytest.approx(1.0, abs=0.01)


# ----------------------------------------------------------------------------- end to end

PARENT = """
[scenario]
id = "park"
name = "园区"
name_en = "Park"
base_year = 2019
horizon = 2025
history = "history.csv"

[indicators.a]
name = "甲"
name_en = "A"
unit = "亿元"
base = 100.0
growth = 0.05
volatility = 0.02
source = "assumption: test"

[indicators.b]
name = "乙"
name_en = "B"
unit = "亿元"
base = 50.0
growth = 0.05
source = "assumption: test"
"""


def _park(tmp_path: Path, years: int = 9) -> Path:
    rng = np.random.default_rng(11)
    rows = ["indicator,year,value,source"]
    level = 60.0
    for k in range(years + 1):
        rows.append(f"a,{2019 - years + k},{level:.6f},济南市统计局 统计公报: 第{k}年")
        level *= 1.0 + rng.normal(0.09, 0.03)
    rows += ["b,2018,45.0,济南市统计局 统计公报: 2018", "b,2019,50.0,济南市统计局 统计公报: 2019"]
    (tmp_path / "history.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "park.toml").write_text(PARENT, encoding="utf-8")
    return tmp_path / "park.toml"


def test_calibrate_fits_the_history_and_says_when_an_indicator_has_too_little(
    tmp_path: Path,
) -> None:
    scenario = parksim.load_scenario(_park(tmp_path))
    table = calibrate(scenario)
    a = table[table["indicator"] == "a"].set_index("key")
    growths = scenario.history.growths("a") if scenario.history else {}
    assert a.loc["growth", "fitted"] == pytest.approx(np.mean(list(growths.values())))
    assert a.loc["growth", "n"] == 9 and a.loc["growth", "years"] == "2011–2019"
    assert a.loc["volatility", "current"] == 0.02
    b = table[table["indicator"] == "b"]
    assert list(b["note"]) == ["too little history: n = 1 < 3 yearly growths"]
    assert list(b["note_zh"]) == ["历史数据不足:仅 1 个年增速(至少需要 3 个)"]
    assert math.isnan(float(b["fitted"].iloc[0]))
    window = calibrate(scenario, (2014, 2019), exclude={2016})
    assert window[window["indicator"] == "a"]["n"].iloc[0] == 5


def test_the_cli_writes_a_child_that_sets_exactly_the_fitted_keys(tmp_path: Path) -> None:
    parent = _park(tmp_path)
    out = tmp_path / "park_calibrated.toml"
    assert main(["calibrate", str(parent), "-o", str(out), "--lang", "en"]) == 0
    child = parksim.load_scenario(out)
    assert child.files == (parent, out)
    table = calibrate(parksim.load_scenario(parent))
    fitted = table.dropna(subset=["fitted"]).set_index(["indicator", "key"])["fitted"]
    for (indicator, key), value in fitted.items():
        assert getattr(child.indicators[indicator], key) == pytest.approx(round(value, 6))
    text = out.read_text(encoding="utf-8")
    assert "calibrated: history.csv 2011–2019, n = 9, mean of yearly growth" in text
    assert "[indicators.b]" not in text  # too little history: left as the parent has it
    assert child.indicators["b"].growth == 0.05


def test_the_cli_never_writes_over_a_file_a_person_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = _park(tmp_path)
    assert main(["calibrate", str(parent), "-o", str(parent)]) == 2
    assert "exists and was not written by parksim calibrate" in capsys.readouterr().err
    assert parent.read_text(encoding="utf-8") == PARENT


def test_calibrate_without_a_history_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = _park(tmp_path)
    parent.write_text(PARENT.replace('history = "history.csv"\n', ""), encoding="utf-8")
    assert main(["calibrate", str(parent)]) == 2
    assert capsys.readouterr().err.strip().endswith("no [scenario] history file to calibrate on")
