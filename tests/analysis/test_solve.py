"""Goal seek against closed forms, integer levers, tornado tables and lever errors."""

from __future__ import annotations

import numpy as np
import pytest

import parksim
from parksim.analysis.levers import GROWTH_SCALE, feeding_indicators
from tests.conftest import WriteToml, derived, indicator, pipeline, scenario_table, target


def goal_toml(volatility: float) -> str:
    """Health (100 in 2019, growth 0.08, planner range 0.04..0.12) and GDP (400, 0.06,
    0.05..0.07), both with ``volatility``; targets: health reaches 180 by 2025 (reach), health's
    share of GDP reaches 0.3 by 2025 (share)."""
    return (
        scenario_table(
            "g", "求解", "Solve",
            base_year=2019, horizon=2025, paths=1500, seed=9, pipeline_runs=30,
        )
        + indicator(
            "health", name="健康", name_en="Health",
            base=100.0, growth=0.08, volatility=volatility, growth_range=[0.04, 0.12],
        )
        + indicator(
            "gdp", name="GDP", name_en="GDP",
            base=400.0, growth=0.06, volatility=volatility, growth_range=[0.05, 0.07],
        )
        + derived("health_share", "health / gdp", name="占比", name_en="Share", unit="share")
        + target("reach", "health", 180.0, 2025, name="达到", name_en="Reach")
        + target("share", "health_share", 0.3, 2025, name="占比", name_en="Share")
    )  # fmt: skip


PIPELINE = pipeline(
    "recruit", "health",
    arrivals_per_year=6, start_year=2020, end_year=2024, approval_staff=1, approval_days=60,
    approval_distribution="fixed", build_years=[0.5, 0.5, 0.5], ramp_years=0.0,
    output_per_project={"median": 2.0}, approval_staff_range=[1, 4], approval_days_range=[20, 90],
)  # fmt: skip


def load(write_toml: WriteToml, volatility: float = 0.0, extra: str = "") -> parksim.Scenario:
    return parksim.load_scenario(write_toml("g.toml", goal_toml(volatility) + extra))


def test_zero_volatility_recovers_the_required_growth(write_toml: WriteToml) -> None:
    solution = parksim.solve(load(write_toml), "reach", "indicators.health.growth")
    assert solution.reachable
    assert solution.value == pytest.approx((180 / 100) ** (1 / 6) - 1, abs=2e-9)
    assert solution.probability == 1.0
    assert solution.evaluations < 80


def test_answer_is_monotone_in_the_wanted_probability(write_toml: WriteToml) -> None:
    scenario = load(write_toml, volatility=0.05)
    values = [
        parksim.solve(scenario, "reach", "indicators.health.growth", p).value
        for p in (0.2, 0.5, 0.8, 0.95)
    ]
    assert all(v is not None for v in values)
    assert values == sorted(values) and len(set(values)) == 4
    check = parksim.simulate(scenario.with_overrides({"indicators.health.growth": values[2]}))
    assert check.probability("reach") >= 0.8
    below = scenario.with_overrides({"indicators.health.growth": values[2] - 1e-3})
    assert parksim.simulate(below).probability("reach") < 0.8


def test_unreachable_within_bounds_is_an_answer(write_toml: WriteToml) -> None:
    solution = parksim.solve(
        load(write_toml), "reach", "indicators.health.growth", bounds=(0.0, 0.05)
    )
    assert (solution.reachable, solution.value, solution.probability) == (False, None, 0.0)


def test_integer_lever_returns_the_smallest_integer(write_toml: WriteToml) -> None:
    scenario = load(write_toml, extra=PIPELINE).with_overrides({"targets.reach.value": 210.0})
    solution = parksim.solve(
        scenario, "reach", "pipelines.recruit.approval_staff", 0.5, bounds=(1, 8)
    )
    assert solution.reachable and solution.value is not None
    staff = int(solution.value)
    assert solution.value == staff
    assert staff > 1, "fixture should need more than one approver"
    at = {
        n: parksim.simulate(
            scenario.with_overrides({"pipelines.recruit.approval_staff": n})
        ).probability("reach")
        for n in (staff - 1, staff)
    }
    assert at[staff] >= 0.5 > at[staff - 1]


def test_joint_growth_scale_lever_for_a_share(write_toml: WriteToml) -> None:
    scenario = load(write_toml)
    assert feeding_indicators(scenario, "health_share") == ["gdp", "health"]
    solution = parksim.solve(scenario, "share", GROWTH_SCALE, bounds=(0.0, 5.0))
    # share_2025 = 100 (1+.08k)^6 / (400 (1+.06k)^6) = 0.3 has one root in k
    k = solution.value
    assert k is not None
    share = 100 * (1 + 0.08 * k) ** 6 / (400 * (1 + 0.06 * k) ** 6)
    assert share == pytest.approx(0.3, abs=1e-8)


def test_tornado_ranks_levers_by_swing(write_toml: WriteToml) -> None:
    scenario = load(write_toml, volatility=0.04, extra=PIPELINE)
    table = parksim.tornado(scenario, "reach")
    # gdp does not feed health: its lever cannot move the target and is left out
    assert set(table["lever"]) == {
        "indicators.health.growth",
        "pipelines.recruit.approval_staff",
        "pipelines.recruit.approval_days",
    }
    assert table["lever"].tolist()[0] == "indicators.health.growth"
    assert (np.diff(table["probability_swing"]) <= 0).all()
    health = table.set_index("lever").loc["indicators.health.growth"]
    assert health["probability_low"] < health["base_probability"] < health["probability_high"]
    low = parksim.simulate(scenario.with_overrides({"indicators.health.growth": 0.04}))
    assert health["probability_low"] == low.probability("reach")
    share = parksim.tornado(scenario, "share")
    assert "indicators.gdp.growth" in set(share["lever"])  # the share's denominator


@pytest.mark.parametrize(
    ("lever", "message"),
    [
        (
            "indicators.nope.growth",
            "indicators.nope.growth: no [indicators.nope]; known: health, gdp",
        ),
        (
            "indicators.health.base",
            "indicators.health.base: base is not a lever; allowed: correlation, growth, growth_sd, volatility",
        ),
        (
            "growth",
            "growth: not a lever; use indicators.<id>.<key>, pipelines.<id>.<key> or growth_scale",
        ),
    ],
)
def test_bad_levers_are_clear_errors(write_toml: WriteToml, lever: str, message: str) -> None:
    with pytest.raises(parksim.ArgumentError) as caught:
        parksim.solve(load(write_toml), "reach", lever)
    assert str(caught.value) == message


def test_bad_target_and_probability(write_toml: WriteToml) -> None:
    scenario = load(write_toml)
    with pytest.raises(
        parksim.ScenarioError, match=r"g\.toml: target = \"x\": no such target; known: reach, share"
    ):
        parksim.solve(scenario, "x", "indicators.health.growth")
    with pytest.raises(parksim.ArgumentError, match=r"probability = 1\.5: must be within"):
        parksim.solve(scenario, "reach", "indicators.health.growth", 1.5)
