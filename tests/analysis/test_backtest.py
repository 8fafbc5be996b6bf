"""Backtests on synthetic histories drawn from known parameters: calibrated bands cover what
they claim (and an overconfident scenario is caught); PIT, band flags and CRPS agree with
closed forms; naive CRPS is the absolute log error; bad origins are one clear error."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scoringrules as sr
from scipy import integrate, stats

import parksim
from parksim.analysis.backtest import FIGURE_COLUMNS, backtest, parse_origins, score_ensemble
from tests.conftest import ROOT, WriteToml, indicator, scenario_table

MU, SIGMA = 0.08, 0.05  # the true yearly growth: N(MU, SIGMA²)
FIRST, BASE = 2007, 2019  # 13 years of levels, 12 yearly growths


def _histories(count: int, seed: int) -> dict[str, dict[int, float]]:
    """``count`` indicators' levels FIRST..BASE, growth drawn from N(MU, SIGMA²)."""
    rng = np.random.default_rng(seed)
    found = {}
    for k in range(count):
        levels, level = {}, float(rng.uniform(50, 5_000))
        for year in range(FIRST, BASE + 1):
            if year > FIRST:
                level *= 1.0 + rng.normal(MU, SIGMA)
            levels[year] = level
        found[f"x{k}"] = levels
    return found


def _history_csv(histories: dict[str, dict[int, float]], breaks: set[tuple[str, int]]) -> str:
    lines = ["indicator,year,value,source,basis,break"]
    for name, levels in histories.items():
        for year, level in levels.items():
            flag = "true" if (name, year) in breaks else ""
            lines.append(f"{name},{year},{level!r},synthetic: drawn,level,{flag}")
    return "\n".join(lines) + "\n"


def synthetic_scenario(
    write_toml: WriteToml,
    histories: dict[str, dict[int, float]],
    *,
    breaks: set[tuple[str, int]] = frozenset(),  # type: ignore[assignment]
    volatility: float = 0.03,
    paths: int = 2_000,
) -> parksim.Scenario:
    """Indicators with the given history, base = the BASE level, the scenario's own growth
    and ``volatility`` (what an origin with too little history falls back on)."""
    write_toml("history.csv", _history_csv(histories, breaks))
    text = scenario_table(
        "syn", "合成", "Synthetic", base_year=BASE, horizon=BASE + 3, paths=paths, seed=5,
        history="history.csv",
    )  # fmt: skip
    for name, levels in histories.items():
        text += indicator(
            name,
            name=name,
            name_en=name,
            base=levels[max(levels)],
            growth=0.02,
            volatility=volatility,
        )
    return parksim.load_scenario(write_toml("syn.toml", text))


def _held_out(write_toml: WriteToml, volatility: float, count: int = 80) -> parksim.Scenario:
    """Origin-at-base scenarios whose later years are actuals drawn from the truth: the
    scenario's own growth is the true MU, its volatility is ``volatility``."""
    rng = np.random.default_rng(11)
    rows = ["indicator,period,value,source"]
    text = scenario_table(
        "held", "留出", "Held out", base_year=BASE, horizon=BASE + 3, paths=2_000, seed=3,
        actuals="actuals.csv",
    )  # fmt: skip
    for k in range(count):
        level = 100.0
        text += indicator(f"x{k}", name=f"x{k}", name_en=f"x{k}", base=level, growth=MU,
                          volatility=volatility)  # fmt: skip
        for year in range(BASE + 1, BASE + 4):
            level *= 1.0 + rng.normal(MU, SIGMA)
            rows.append(f"x{k},{year},{level!r},synthetic: drawn")
    write_toml("actuals.csv", "\n".join(rows) + "\n")
    return parksim.load_scenario(write_toml("held.toml", text))


# ----------------------------------------------------------------------------- coverage


@pytest.mark.slow
def test_calibrated_bands_cover_what_they_claim(write_toml: WriteToml) -> None:
    """70 indicators × origins 2014–2016 × the years to 2019: ≥ 200 held-out figures (each
    origin calibrated on its own window of 7–9 growths)."""
    scenario = synthetic_scenario(write_toml, _histories(70, seed=1))
    result = backtest(scenario, range(2014, 2017))
    summary = result.summary()
    assert summary["n"] >= 200 * 2
    assert set(result.figures["basis"]) == {"calibrated"}
    assert 0.84 <= summary["coverage90"] <= 0.96
    assert 0.40 <= summary["coverage50"] <= 0.60
    assert summary["skill"] > 0  # the same trend as the naive forecast, and honest about its spread


def test_the_scenario_own_bands_cover_when_they_are_right(write_toml: WriteToml) -> None:
    """Origin = base year: the scenario as it is, scored against actuals after it."""
    summary = backtest(_held_out(write_toml, volatility=SIGMA), BASE).summary()
    assert summary["n"] == 240
    assert 0.84 <= summary["coverage90"] <= 0.96
    assert 0.40 <= summary["coverage50"] <= 0.60


def test_an_overconfident_scenario_fails_the_coverage_check(write_toml: WriteToml) -> None:
    summary = backtest(_held_out(write_toml, volatility=SIGMA / 10), BASE).summary()
    assert summary["coverage90"] < 0.84
    assert summary["coverage50"] < 0.40


def test_same_inputs_same_backtest(write_toml: WriteToml) -> None:
    scenario = synthetic_scenario(write_toml, _histories(5, seed=2), paths=500)
    first = backtest(scenario, 2015, seed=9).figures
    again = backtest(scenario, 2015, seed=9).figures
    pd_equal = first.equals(again)
    assert pd_equal and list(first.columns) == FIGURE_COLUMNS


# ----------------------------------------------------------------------------- closed forms


def test_pit_and_bands_match_the_normal_of_a_one_year_rerun(write_toml: WriteToml) -> None:
    """One year ahead, a rerun's level is base · (1 + g), g ~ N(mean, s²) exactly (no trend
    uncertainty when the scenario's own inputs are used): PIT = Φ(z) within MC error."""
    histories = {f"x{k}": {2017: 100.0, 2018: 100.0 * (1 + 0.02 * k)} for k in range(-4, 8)}
    names = {name.replace("-", "m"): levels for name, levels in histories.items()}
    scenario = synthetic_scenario(write_toml, names, volatility=0.05, paths=20_000)
    figures = backtest(scenario, 2017, paths=20_000).figures
    z = (figures["actual"] / 100.0 - 1.0 - 0.02) / 0.05
    np.testing.assert_allclose(figures["pit"], stats.norm.cdf(z), atol=0.015)
    inside90 = np.abs(z) <= stats.norm.ppf(0.95)
    inside50 = np.abs(z) <= stats.norm.ppf(0.75)
    clear = np.abs(np.abs(z) - stats.norm.ppf(0.95)) > 0.1
    assert (figures["in90"][clear] == inside90[clear]).all()
    clear = np.abs(np.abs(z) - stats.norm.ppf(0.75)) > 0.1
    assert (figures["in50"][clear] == inside50[clear]).all()
    assert set(figures["basis"]) == {"scenario"}  # one growth: too little to calibrate on

    # CRPS on log levels: log(base · (1 + g)) has F(x) = Φ((eˣ/base − 1 − μ)/σ); integrate.
    for row in figures.itertuples():
        y = math.log(row.actual)

        def cdf(x: float) -> float:
            return float(stats.norm.cdf((math.exp(x) / 100.0 - 1.02) / 0.05))

        low, high = math.log(100 * 0.7), math.log(100 * 1.35)
        below = integrate.quad(lambda x: cdf(x) ** 2, low, y)[0]
        above = integrate.quad(lambda x: (1 - cdf(x)) ** 2, y, high)[0]
        assert row.crps == pytest.approx(below + above, rel=0.03, abs=5e-4)


def test_ensemble_crps_matches_the_normal_closed_form() -> None:
    rng = np.random.default_rng(4)
    mu, sigma, n = 0.3, 0.2, 40_000
    actual = np.exp(np.array([-0.1, 0.2, 0.3, 0.7, 1.2]))
    values = np.exp(rng.normal(mu, sigma, (len(actual), n)))
    scores = score_ensemble(values, actual)
    expected = sr.crps_normal(np.log(actual), mu, sigma)
    np.testing.assert_allclose(scores["crps"], expected, rtol=0.02, atol=1e-3)
    np.testing.assert_allclose(scores["pit"], stats.norm.cdf(np.log(actual), mu, sigma), atol=0.01)


def test_naive_crps_is_the_absolute_log_error(write_toml: WriteToml) -> None:
    scenario = synthetic_scenario(write_toml, _histories(6, seed=3), paths=300)
    figures = backtest(scenario, 2012).figures
    error = np.abs(np.log(figures["naive"]) - np.log(figures["actual"]))
    np.testing.assert_allclose(figures["naive_crps"], error, rtol=1e-12)
    history = scenario.history
    assert history is not None
    row = figures.iloc[0]
    growths = [g for y, g in history.growths(row["indicator"]).items() if y <= 2012]
    level = history.levels(row["indicator"])[2012]
    expected = level * (1 + np.mean(growths)) ** (row["year"] - 2012)
    assert row["naive"] == pytest.approx(expected, rel=1e-12)


# ----------------------------------------------------------------------------- breaks, errors


def test_levels_after_a_break_are_not_scored(write_toml: WriteToml) -> None:
    histories = _histories(2, seed=6)
    scenario = synthetic_scenario(write_toml, histories, breaks={("x0", 2017)}, paths=200)
    result = backtest(scenario, 2014)
    x0 = result.figures[result.figures["indicator"] == "x0"]
    assert list(x0["year"]) == [2015, 2016]
    assert list(result.figures[result.figures["indicator"] == "x1"]["year"]) == list(
        range(2015, 2020)
    )
    skipped = result.notes[result.notes["basis"] == "skipped"]
    assert "2017" in skipped["note"].iloc[0]


def test_an_origin_outside_the_history_is_one_clear_error(write_toml: WriteToml) -> None:
    scenario = synthetic_scenario(write_toml, _histories(2, seed=6), paths=200)
    with pytest.raises(
        parksim.ArgumentError,
        match=r"origin = 2001: outside the history of syn.toml; give a year within 2007–2019",
    ):
        backtest(scenario, 2001)
    with pytest.raises(parksim.ArgumentError, match=r"origin = 2019: nothing to score in syn.toml"):
        backtest(scenario, BASE)


def test_parse_origins() -> None:
    assert parse_origins("2014-2016") == (2014, 2015, 2016)
    assert parse_origins("2014") == (2014,)
    for bad in ("2016-2014", "x-2014", "2014-20x"):
        with pytest.raises(parksim.ArgumentError, match="--origins"):
            parse_origins(bad)


def test_the_baseline_scores_its_one_later_full_year_figure() -> None:
    """From 2019 the baseline has one full-year figure to score (big health's cited 2023);
    its percentile is the share of the rerun's 2023 paths below it."""
    scenario = parksim.load_scenario(ROOT / "scenarios" / "baseline.toml")
    result = backtest(scenario, 2019, paths=2_000)
    figures = result.figures
    assert list(zip(figures["indicator"], figures["year"], strict=True)) == [("big_health", 2023)]
    assert scenario.actuals is not None
    assert float(figures["actual"].iloc[0]) == scenario.actuals.annual_levels("big_health")[2023]


def test_a_scenario_with_nothing_after_its_origin_says_so(write_toml: WriteToml) -> None:
    scenario = synthetic_scenario(write_toml, _histories(2, seed=6), paths=200)
    last = (
        max(scenario.history.levels(scenario.compiled.indicator_ids[0])) if scenario.history else 0
    )
    with pytest.raises(parksim.ArgumentError, match=r"nothing to score|outside the history"):
        backtest(scenario, last, paths=100)


def test_origins_must_be_whole_years(write_toml: WriteToml) -> None:
    scenario = synthetic_scenario(write_toml, _histories(2, seed=6), paths=200)
    assert backtest(scenario, np.int64(2016)).origins == (2016,)
    assert backtest(scenario, np.arange(2015, 2017)).origins == (2015, 2016)
    for bad in (True, 2014.5, "2014"):
        with pytest.raises(parksim.ArgumentError, match=r"must be a year, e.g. 2016"):
            backtest(scenario, bad)  # type: ignore[arg-type]
    with pytest.raises(parksim.ArgumentError, match="at least one year"):
        backtest(scenario, [])
