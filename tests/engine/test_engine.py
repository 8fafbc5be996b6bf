"""The growth model against closed-form results and direct counts."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import parksim
from parksim.engine.random import BLOCK_PATHS
from tests.conftest import derived, scenario_table, target

HEADER = scenario_table("t", "测试", "Test", base_year=2019, horizon=2025, paths=200, seed=7)


def indicator(ind_id: str, body: str) -> str:
    return textwrap.dedent(f"""
    [indicators.{ind_id}]
    name = "{ind_id}"
    name_en = "{ind_id}"
    unit = "亿元"
    source = "assumption: test"
    """) + textwrap.dedent(body)


def load(tmp_path: Path, *parts: str) -> parksim.Scenario:
    file = tmp_path / "s.toml"
    file.write_text(HEADER + "".join(parts), encoding="utf-8")
    return parksim.load_scenario(file)


GROWTH_TABLE = '{ "2020" = 0.02, "2021-2023" = 0.14, "2024-2025" = 0.08 }'
SHOCKS = '{ "2020" = -0.06, "2021" = -0.01 }'
RATES = [0.02 - 0.06, 0.14 - 0.01, 0.14, 0.14, 0.08, 0.08]


def test_zero_volatility_is_compound_growth_by_hand(tmp_path: Path) -> None:
    scenario = load(
        tmp_path, indicator("a", f"base = 100.0\ngrowth = {GROWTH_TABLE}\nshocks = {SHOCKS}\n")
    )
    paths = parksim.simulate(scenario, paths=5).paths("a")
    by_hand = [100.0]
    for rate in RATES:
        by_hand.append(by_hand[-1] * (1 + rate))
    assert paths.shape == (5, 7)
    for row in paths:
        np.testing.assert_array_equal(row, by_hand)


def stock_and_flow(base: float, rates: list[float], cap: float = np.inf) -> list[float]:
    """The same equations as a stock with one inflow, integrated with a one-year step."""
    stock, dt, history = base, 1.0, [base]
    for rate in rates:
        inflow = rate * stock * (1.0 - stock / cap)
        stock = stock + inflow * dt
        history.append(stock)
    return history


@pytest.mark.parametrize("cap", [np.inf, 180.0])
def test_zero_volatility_matches_stock_and_flow_model(tmp_path: Path, cap: float) -> None:
    cap_line = "" if np.isinf(cap) else f"cap = {cap}\n"
    scenario = load(
        tmp_path,
        indicator("a", f"base = 100.0\ngrowth = {GROWTH_TABLE}\nshocks = {SHOCKS}\n{cap_line}"),
    )
    row = parksim.simulate(scenario, paths=3).paths("a")[0]
    np.testing.assert_allclose(row, stock_and_flow(100.0, RATES, cap), rtol=1e-13, atol=0)


def test_capped_growth_by_hand_and_below_cap(tmp_path: Path) -> None:
    scenario = load(tmp_path, indicator("a", "base = 50.0\ngrowth = 0.5\ncap = 100.0\n"))
    row = parksim.simulate(scenario, paths=1).paths("a")[0]
    value = 50.0
    for t in range(1, 7):
        value = value * (1 + 0.5 * (1 - value / 100.0))
        assert row[t] == value
    assert np.all(np.diff(row) > 0) and row[-1] < 100.0


def test_ensemble_mean_matches_product_of_expected_growth(tmp_path: Path) -> None:
    scenario = load(
        tmp_path,
        indicator(
            "a", f"base = 100.0\ngrowth = {GROWTH_TABLE}\nshocks = {SHOCKS}\nvolatility = 0.06\n"
        ),
    )
    final = parksim.simulate(scenario, paths=20_000, seed=3).paths("a")[:, -1]
    expected = 100.0 * np.prod([1 + r for r in RATES])
    standard_error = final.std(ddof=1) / np.sqrt(final.size)
    assert abs(final.mean() - expected) < 4 * standard_error


def test_growth_floor_at_minus_95_percent(tmp_path: Path) -> None:
    scenario = load(
        tmp_path, indicator("a", 'base = 100.0\ngrowth = -0.5\nshocks = { "2020" = -1.0 }\n')
    )
    row = parksim.simulate(scenario, paths=2).paths("a")[0]
    assert row[1] == pytest.approx(100.0 * 0.05, rel=1e-15)


def growth_rates(values: np.ndarray) -> np.ndarray:
    return values[:, 1:] / values[:, :-1] - 1.0


def test_correlation_loading_shows_in_sample_correlation(tmp_path: Path) -> None:
    scenario = load(
        tmp_path,
        indicator("a", "base = 10.0\ngrowth = 0.05\nvolatility = 0.04\ncorrelation = 0.8\n"),
        indicator("b", "base = 10.0\ngrowth = 0.05\nvolatility = 0.03\ncorrelation = 0.5\n"),
        indicator("c", "base = 10.0\ngrowth = 0.05\nvolatility = 0.03\n"),
    )
    result = parksim.simulate(scenario, paths=20_000, seed=11)
    a, b, c = (growth_rates(result.paths(i)).ravel() for i in "abc")
    n = a.size
    for x, y, rho in ((a, b, 0.8 * 0.5), (a, c, 0.0)):
        sample = np.corrcoef(x, y)[0, 1]
        assert abs(sample - rho) < 4 * (1 - rho**2) / np.sqrt(n)
    assert np.std(a) == pytest.approx(0.04, rel=0.02)


TARGETS = (
    derived("ratio", "a / (a + b)", name="比", name_en="ratio", unit="share")
    + target("reach", "a", 130.0, 2024, name="达到", name_en="reach")
    + target("stay_below", "b", 160.0, 2025, direction="<=", name="不超过", name_en="stay below")
    + target(
        "hold_share", "ratio", 0.45, 2025, maintain=True, from_=2021, name="保持", name_en="hold"
    )
)


@pytest.fixture
def two_noisy(tmp_path: Path) -> parksim.Scenario:
    return load(
        tmp_path,
        indicator("a", "base = 100.0\ngrowth = 0.06\nvolatility = 0.05\ncorrelation = 0.3\n"),
        indicator("b", "base = 100.0\ngrowth = 0.07\nvolatility = 0.06\n"),
        TARGETS,
    )


def test_probabilities_are_shares_of_paths(two_noisy: parksim.Scenario) -> None:
    result = parksim.simulate(two_noisy, paths=5_000, seed=2)
    table = result.targets().set_index("target")
    a, b, ratio = result.paths("a"), result.paths("b"), result.paths("ratio")
    assert table.loc["reach", "probability"] == np.mean(a[:, 5] >= 130.0)
    assert table.loc["stay_below", "probability"] == np.mean(b[:, 6] <= 160.0)
    assert table.loc["hold_share", "probability"] == np.mean((ratio[:, 2:7] >= 0.45).all(axis=1))
    assert 0.0 < table.loc["hold_share", "probability"] < 1.0
    p10, p50, p90 = np.quantile(a[:, 5], (0.1, 0.5, 0.9))
    assert (table.loc["reach", ["p10", "p50", "p90"]].tolist()) == [p10, p50, p90]


def test_derived_indicator_is_computed_path_by_path(two_noisy: parksim.Scenario) -> None:
    result = parksim.simulate(two_noisy, paths=300)
    a, b = result.paths("a"), result.paths("b")
    np.testing.assert_array_equal(result.paths("ratio"), a / (a + b))


def test_required_and_assumed_growth_closed_form(two_noisy: parksim.Scenario) -> None:
    table = parksim.simulate(two_noisy, paths=10).targets().set_index("target")
    assert table.loc["reach", "required_growth"] == pytest.approx(1.3 ** (1 / 5) - 1, abs=1e-15)
    assert table.loc["reach", "assumed_growth"] == pytest.approx(0.06, abs=1e-15)
    assert np.isnan(table.loc["hold_share", "required_growth"])


def test_assumed_growth_is_geometric_mean_with_shocks(tmp_path: Path) -> None:
    deadline = target("t", "a", 200.0, 2024, name="t", name_en="t")
    body = f"base = 100.0\ngrowth = {GROWTH_TABLE}\nshocks = {SHOCKS}\n"
    row = parksim.simulate(load(tmp_path, indicator("a", body), deadline), paths=1).targets()
    expected = np.prod([1 + r for r in RATES[:5]]) ** (1 / 5) - 1
    assert row["assumed_growth"].item() == pytest.approx(expected, abs=1e-15)
    assert row["required_growth"].item() == pytest.approx(2 ** (1 / 5) - 1, abs=1e-15)


@pytest.mark.parametrize(
    ("on_track", "at_risk", "status"),
    [(0.5, 0.2, "on_track"), (0.9, 0.2, "at_risk"), (0.95, 0.9, "off_track")],
)
def test_status_uses_thresholds(
    two_noisy: parksim.Scenario, on_track: float, at_risk: float, status: str
) -> None:
    scenario = two_noisy.with_overrides({"status.on_track": on_track, "status.at_risk": at_risk})
    result = parksim.simulate(scenario, paths=4_000, seed=5)
    probability = result.probability("reach")
    assert 0.3 < probability < 0.85, "fixture drifted: pick thresholds around it again"
    assert result.targets().set_index("target").loc["reach", "status"] == status


def test_quantiles_and_mean_tables_match_paths(two_noisy: parksim.Scenario) -> None:
    result = parksim.simulate(two_noisy, paths=1_000)
    table = result.quantiles((0.1, 0.5))
    row = table[(table.indicator == "b") & (table.year == 2023) & (table["quantile"] == 0.5)]
    assert row["value"].item() == np.quantile(result.paths("b")[:, 4], 0.5)
    assert len(table) == 2 * 3 * 7
    means = result.mean()
    mean = means[(means.indicator == "a") & (means.year == 2025)]["value"].item()
    assert mean == pytest.approx(result.paths("a")[:, -1].mean(), rel=1e-12)


def test_same_seed_same_numbers_other_seed_other_numbers(two_noisy: parksim.Scenario) -> None:
    first = parksim.simulate(two_noisy, paths=500, seed=9)
    again = parksim.simulate(two_noisy, paths=500, seed=9)
    other = parksim.simulate(two_noisy, paths=500, seed=10)
    np.testing.assert_array_equal(first.values, again.values)
    assert not np.array_equal(first.values, other.values)


def test_paths_do_not_depend_on_path_count(two_noisy: parksim.Scenario) -> None:
    small = parksim.simulate(two_noisy, paths=100, seed=4)
    large = parksim.simulate(two_noisy, paths=BLOCK_PATHS + 50, seed=4)
    np.testing.assert_array_equal(small.values, large.values[:, :100])


def test_adding_an_indicator_keeps_the_others_draws(tmp_path: Path) -> None:
    a = indicator("a", "base = 10.0\ngrowth = 0.05\nvolatility = 0.04\ncorrelation = 0.5\n")
    z = indicator("z", "base = 5.0\ngrowth = 0.02\nvolatility = 0.09\ncorrelation = 0.2\n")
    alone = parksim.simulate(load(tmp_path, a), paths=300, seed=1).paths("a")
    (tmp_path / "s.toml").unlink()
    with_z = parksim.simulate(load(tmp_path, z, a), paths=300, seed=1).paths("a")
    np.testing.assert_array_equal(alone, with_z)


def test_identical_numbers_in_another_process() -> None:
    code = textwrap.dedent("""
        import hashlib, parksim
        s = parksim.load_scenario("scenarios/baseline.toml")
        r = parksim.simulate(s, paths=2000, seed=42)
        print(hashlib.sha256(r.values.tobytes()).hexdigest())
    """)
    root = Path(__file__).resolve().parents[2]
    digests = {
        subprocess.run(
            [sys.executable, "-c", code], cwd=root, check=True, capture_output=True, text=True
        ).stdout.strip()
        for _ in range(2)
    }
    here = parksim.simulate(
        parksim.load_scenario(root / "scenarios/baseline.toml"), paths=2000, seed=42
    )
    assert digests == {hashlib.sha256(here.values.tobytes()).hexdigest()}


def test_result_arrays_are_read_only(two_noisy: parksim.Scenario) -> None:
    result = parksim.simulate(two_noisy, paths=10)
    with pytest.raises(ValueError):
        result.paths("a")[0, 0] = 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"paths": 0}, "paths = 0: must be within 1..10,000,000"),
        ({"paths": 10_000_001}, "paths = 10000001: must be within 1..10,000,000"),
        ({"seed": -1}, "seed = -1: must be >= 0"),
        ({"paths": 2.5}, "paths = 2.5: must be an integer"),
    ],
)
def test_simulate_rejects_bad_paths_and_seed(
    two_noisy: parksim.Scenario, kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises(parksim.ArgumentError) as caught:
        parksim.simulate(two_noisy, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == message
