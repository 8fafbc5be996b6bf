"""Actual figures: re-forecasting, 序时进度 progress, revisions and actuals errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import parksim
from parksim.cli.report import render_tracking
from parksim.results.metrics import PIPELINE_COLUMNS
from tests.conftest import (
    WriteToml,
    derived,
    indicator,
    pipeline,
    scenario_table,
    target,
    toml_table,
)


def tracking_toml(
    *, seasonal_shares: list[float] | None = None, behind: float | None = None
) -> str:
    """Revenue (100 in 2019, growth 0.10) and other (100, 0.05), with noise; actual figures in
    actuals/figures.csv. Targets: revenue doubles by 2025 (double); revenue's share held at
    0.5 from 2020 (hold). Optionally revenue's ``seasonal_shares`` and ``[status] behind``."""
    seasonal = {} if seasonal_shares is None else {"seasonal_shares": seasonal_shares}
    return (
        scenario_table(
            "t", "跟踪", "Tracking",
            base_year=2019, horizon=2025, paths=2000, seed=5, actuals="actuals/figures.csv",
        )
        + ("" if behind is None else toml_table("status", behind=behind))
        + indicator(
            "revenue", name="收入", name_en="Revenue",
            base=100.0, growth=0.10, **seasonal, volatility=0.05,
        )
        + indicator("other", name="其他", name_en="Other", base=100.0, growth=0.05, volatility=0.03)
        + derived(
            "revenue_share", "revenue / (revenue + other)", name="占比", name_en="Share",
            unit="share",
        )
        + target("double", "revenue", 200.0, 2025, name="翻番", name_en="Double")
        + target(
            "hold", "revenue_share", 0.5, 2025, maintain=True, from_=2020,
            name="保持", name_en="Hold",
        )
    )  # fmt: skip


SCENARIO = tracking_toml()
HEADER = "indicator,period,value,source\n"


def scenario_with(
    write_toml: WriteToml, rows: str, text: str = SCENARIO, header: str = HEADER
) -> parksim.Scenario:
    write_toml("actuals/figures.csv", header + rows)
    return parksim.load_scenario(write_toml("s.toml", text))


def test_paths_equal_the_actual_in_its_year_and_grow_from_there(write_toml: WriteToml) -> None:
    scenario = scenario_with(write_toml, 'revenue,2021,130.5,"stats: 2021 bulletin"\n')
    result = parksim.simulate(scenario)
    revenue = result.paths("revenue")
    assert (revenue[:, 2] == 130.5).all()
    assert revenue[:, 3].std() > 0  # noise resumes after the actual
    growth_after = revenue[:, 3:] / revenue[:, 2:-1] - 1
    assert growth_after.mean() == pytest.approx(0.10, abs=0.005)
    other = result.paths("other")
    np.testing.assert_array_equal(
        result.paths("revenue_share")[:, 2], 130.5 / (130.5 + other[:, 2])
    )


def test_required_growth_and_probability_update_from_the_latest_actual(
    write_toml: WriteToml,
) -> None:
    before = parksim.simulate(scenario_with(write_toml, ""))
    after = parksim.simulate(scenario_with(write_toml, 'revenue,2022,150,"stats: 2022"\n'))
    row = after.targets().set_index("target").loc["double"]
    assert row["required_growth"] == pytest.approx((200 / 150) ** (1 / 3) - 1, abs=1e-12)
    assert row["assumed_growth"] == pytest.approx(0.10, abs=1e-12)
    assert row["probability"] == np.mean(after.paths("revenue")[:, -1] >= 200)
    assert before.targets().set_index("target").loc["double", "required_growth"] == pytest.approx(
        2 ** (1 / 6) - 1
    )
    assert row["probability"] > before.probability("double")


def test_yoy_only_year_becomes_a_level(write_toml: WriteToml) -> None:
    scenario = scenario_with(
        write_toml,
        'revenue,2020,,0.2,"stats: 2020"\nrevenue,2021,,0.1,"stats: 2021"\n',
        header="indicator,period,value,yoy,source\n",
    )
    assert scenario.annual_levels("revenue") == pytest.approx({2020: 120.0, 2021: 132.0})
    assert (parksim.simulate(scenario, paths=50).paths("revenue")[:, 2] == 132.0).all()


def test_quarterly_figures_inform_the_year_without_pinning_it(write_toml: WriteToml) -> None:
    """H1 = 70 estimates the year at 140 (share 1/2), above the plain forecast (121): the year's
    paths move up, but still spread (a nowcast is an estimate, not the year)."""
    quarterly = parksim.simulate(scenario_with(write_toml, 'revenue,2021Q2,70,"stats: H1"\n'))
    plain = parksim.simulate(scenario_with(write_toml, ""))
    column = 2021 - quarterly.scenario.base_year
    year = quarterly.paths("revenue")[:, column]
    assert year.std() > 0
    assert year.mean() > plain.paths("revenue")[:, column].mean()
    np.testing.assert_array_equal(quarterly.values[:, :, :column], plain.values[:, :, :column])


def test_anchor_with_a_pipeline_keeps_the_actual_and_adds_later_output(
    write_toml: WriteToml,
) -> None:
    p = pipeline(
        "p", "revenue",
        arrivals_per_year=20, start_year=2020, end_year=2024, approval_staff=3, approval_days=10,
        build_years=[0.5, 0.5, 0.5], ramp_years=0.0, output_per_project={"median": 1.0},
    )  # fmt: skip
    scenario = scenario_with(write_toml, 'revenue,2022,170,"stats: 2022"\n', text=SCENARIO + p)
    result = parksim.simulate(scenario, paths=300)
    assert (result.paths("revenue")[:, 3] == 170.0).all()
    output = result.pipelines["p"].output
    organic_2022 = 170.0 - output[np.arange(300) % output.shape[0], 2]
    assert list(result.pipeline_stats().columns) == PIPELINE_COLUMNS
    # next year: organic part grows from (actual - pipeline), pipeline adds its own output
    no_noise = scenario.with_overrides({"indicators.revenue.volatility": 0.0})
    quiet = parksim.simulate(no_noise, paths=300).paths("revenue")
    pairing = np.arange(300) % output.shape[0]
    np.testing.assert_allclose(quiet[:, 4], organic_2022 * 1.10 + output[pairing, 3])


def tracking_row(result: parksim.Result, target: str) -> dict[str, object]:
    table = result.tracking().set_index("target")
    return dict(table.loc[target])


@pytest.mark.parametrize(
    ("h1_value", "status"), [(49.0, "behind"), (56.0, "on_pace"), (62.0, "ahead")]
)
def test_progress_against_time_proportional_plan(
    write_toml: WriteToml, h1_value: float, status: str
) -> None:
    result = parksim.simulate(
        scenario_with(write_toml, f'revenue,2020Q2,{h1_value},"s: H1"\n'), paths=100
    )
    plan_2020 = 100.0 * 2 ** (1 / 6)  # constant growth from 100 (2019) to 200 (2025)
    row = tracking_row(result, "double")
    assert row["latest_period"] == "2020Q2"
    assert row["time_share"] == 0.5
    assert row["plan_value"] == pytest.approx(plan_2020 * 0.5)
    assert row["progress_ratio"] == pytest.approx(h1_value / (plan_2020 * 0.5))
    assert row["gap_pp"] == pytest.approx((h1_value / plan_2020 - 0.5) * 100)
    assert row["status"] == status


def test_seasonal_shares_and_thresholds_are_configurable(write_toml: WriteToml) -> None:
    shares = [0.2, 0.4, 0.7, 1.0]
    text = tracking_toml(seasonal_shares=shares, behind=0.05)
    result = parksim.simulate(
        scenario_with(write_toml, 'revenue,2020Q1,22,"s: Q1"\n', text=text), paths=100
    )
    row = tracking_row(result, "double")
    assert row["time_share"] == 0.2
    assert row["progress_ratio"] == pytest.approx(22 / (100 * 2 ** (1 / 6) * 0.2))
    assert row["status"] == "on_pace"  # 22 vs 22.45: 2 % short, within 5 %
    text = tracking_toml(seasonal_shares=shares, behind=0.01)
    result = parksim.simulate(
        scenario_with(write_toml, 'revenue,2020Q1,22,"s: Q1"\n', text=text), paths=100
    )
    assert tracking_row(result, "double")["status"] == "behind"


def test_shares_are_levels_and_maintain_plans_hold_the_level(write_toml: WriteToml) -> None:
    result = parksim.simulate(
        scenario_with(write_toml, 'revenue_share,2020Q1,0.44,"s: Q1"\n'), paths=100
    )
    row = tracking_row(result, "hold")
    assert row["plan_value"] == 0.5
    assert row["gap_pp"] == pytest.approx(-6.0)  # 12 % short of the level to hold
    assert row["status"] == "behind"


def test_targets_without_figures_and_other_indicators(write_toml: WriteToml) -> None:
    result = parksim.simulate(scenario_with(write_toml, 'other,2020Q1,26,"s: Q1"\n'), paths=500)
    table = result.tracking()
    assert table.set_index("target").loc["double", "status"] == "no_data"
    other = table[table.indicator == "other"].iloc[0]
    assert other["basis"] == "assumptions"
    assert other["plan_value"] == pytest.approx(np.median(result.paths("other")[:, 1]) * 0.25)


def test_revisions_replace_earlier_values_and_are_recorded(write_toml: WriteToml) -> None:
    rows = (
        'revenue,2020,111,"stats: preliminary 2020"\n'
        'revenue,2020,113,"stats: revised 2020"\n'
        'revenue,2020,112.5,"stats: final 2020"\n'
    )
    scenario = scenario_with(write_toml, rows)
    assert scenario.annual_levels("revenue") == {2020: 112.5}
    table = scenario.actuals.table()
    row = table.iloc[0]
    assert (row["value"], row["revisions"], row["previous_value"], row["line"]) == (
        112.5,
        2,
        113.0,
        4,
    )
    assert (parksim.simulate(scenario, paths=20).paths("revenue")[:, 1] == 112.5).all()


def test_baseline_tracks_the_2020_q1_figures() -> None:
    root = Path(__file__).resolve().parents[2]
    result = parksim.simulate(parksim.load_scenario(root / "scenarios/baseline.toml"), paths=500)
    table = result.tracking().set_index("indicator")
    assert table.loc["import_export", "latest_actual"] == 147.2
    assert table.loc["online_sales", "latest_period"] == "2020Q1"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            'wealth,2020,1,"s: x"\n',
            'line 2, column indicator = "wealth": no such indicator; known: revenue, other, revenue_share',
        ),
        (
            'revenue,2020Q5,1,"s: x"\n',
            'line 2, column period = "2020Q5": must be a year like 2020 or a year-to-date quarter like 2020Q1, years 1949–2100',
        ),
        (
            'revenue,20-21,1,"s: x"\n',
            'line 2, column period = "20-21": must be a year like 2020 or a year-to-date quarter like 2020Q1, years 1949–2100',
        ),
        ('revenue,2020,-5,"s: x"\n', 'line 2, column value = "-5": must be >= 0'),
        (
            'revenue,1850,1,"s: x"\n',
            'line 2, column period = "1850": must be a year like 2020 or a year-to-date quarter like 2020Q1, years 1949–2100',
        ),
        (
            'revenue,2020,1,"s: x",extra\n',
            "line 2: 5 cells but line 1 names 4 columns (indicator, period, value, source); quote a value that holds a comma",
        ),
        (
            'revenue,2020,1,"s: x\nrevenue,2021,2,"s: y"\n',
            "line 2, column source: a quoted cell runs on to line 3; close its quote (a cell may not span lines)",
        ),
        (
            'revenue,2020,1,"s: ' + "x" * 200_000 + '"\n',
            "line 2: cannot be read as CSV (field larger than field limit (131072)); an unclosed quote?",
        ),
        (
            'revenue,2020,"1,0,5","s: x"\n',
            'line 2, column value = "1,0,5": must be a number; commas may only group thousands (1,234.5)',
        ),
        ('revenue,2020,abc,"s: x"\n', 'line 2, column value = "abc": must be a number'),
        ('revenue,2020,nan,"s: x"\n', 'line 2, column value = "nan": must be a finite number'),
        ('revenue,2020,,"s: x"\n', 'line 2, column value = "": give a value, or a yoy growth rate'),
        (
            'revenue,2020,1,"s: x"\nother,2020,1,"s: x"\nrevenue,2020,2,"s: x"\n',
            'line 4, column period = "2020": duplicate of line 2 for revenue; a revision must cite its own (newer) source',
        ),
        (
            "revenue,2020,1,no source\n",
            'line 2, column source = "no source": must read "<document-id>: <quote>" or "assumption: <why>"',
        ),
    ],
)
def test_actuals_errors_name_file_line_and_column(
    write_toml: WriteToml, rows: str, message: str
) -> None:
    with pytest.raises(parksim.ScenarioError) as caught:
        scenario_with(write_toml, rows)
    csv_file = write_toml("actuals/figures.csv", HEADER + rows)
    assert str(caught.value) == f"{csv_file}: {message}"
    assert caught.value.path == csv_file


def test_only_amounts_must_be_non_negative(write_toml: WriteToml) -> None:
    """``must be >= 0`` guards money (亿元); a figure in another unit (here a share, which could
    be a balance or a change) is recorded as given."""
    scenario = scenario_with(write_toml, 'revenue_share,2020,-0.01,"s: x"\n')
    assert scenario.actuals is not None
    latest = scenario.actuals.latest("revenue_share")
    assert latest is not None and latest.value == -0.01


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "indicator,period,value\n",
            "line 1: missing column source; columns are: indicator, period, value, source, yoy",
        ),
        (
            "indicator,period,value,source,notes\n",
            'line 1: unknown column "notes"; columns are: indicator, period, value, source, yoy',
        ),
    ],
)
def test_actuals_header_errors(write_toml: WriteToml, header: str, message: str) -> None:
    with pytest.raises(parksim.ScenarioError) as caught:
        scenario_with(write_toml, "", header=header)
    assert str(caught.value).endswith(f"figures.csv: {message}")


def test_missing_actuals_file_names_the_scenario_key(write_toml: WriteToml) -> None:
    file = write_toml("s.toml", SCENARIO)
    with pytest.raises(parksim.ScenarioError) as caught:
        parksim.load_scenario(file)
    assert caught.value.key == "scenario.actuals"
    assert str(caught.value) == (
        f'{file}: scenario.actuals = "actuals/figures.csv": no such file '
        f"({file.parent / 'actuals/figures.csv'})"
    )


def test_actuals_path_is_relative_to_the_file_that_names_it(write_toml: WriteToml) -> None:
    write_toml("actuals/figures.csv", HEADER + 'revenue,2021,130,"s: x"\n')
    write_toml("s.toml", SCENARIO)
    child = write_toml(
        "variants/child.toml",
        scenario_table("c", "子", "C", extends="../s.toml"),
    )
    assert parksim.load_scenario(child).annual_levels("revenue") == {2021: 130.0}


def sum_toml(headline: float) -> str:
    """a and b (50 in 2019, growth 0.1, volatility 0.05) and total = a + b; by 2023: total
    reaches ``headline``, a and b each reach 72 (their sub-targets sum to 144)."""
    return (
        scenario_table(
            "sum", "合计", "Sum", base_year=2019, horizon=2023, paths=3000, seed=2
        )
        + indicator("a", base=50.0, growth=0.1, volatility=0.05)
        + indicator("b", base=50.0, growth=0.1, volatility=0.05)
        + derived("total", "a + b")
        + target("total", "total", headline, 2023, name="总量", name_en="Total")
        + target("a", "a", 72.0, 2023)
        + target("b", "b", 72.0, 2023)
    )  # fmt: skip


@pytest.mark.parametrize(("headline", "reachable"), [(140.0, True), (150.0, False)])
def test_joint_probability_and_sub_targets_that_cannot_add_up(
    write_toml: WriteToml, headline: float, reachable: bool
) -> None:
    file = write_toml("sum.toml", sum_toml(headline))
    result = parksim.simulate(parksim.load_scenario(file))
    row = result.consistency().iloc[0]
    a, b = result.paths("a")[:, -1], result.paths("b")[:, -1]
    joint = np.mean((a >= 72) & (b >= 72) & (a + b >= headline))
    assert row["target"] == "total" and row["sub_targets"] == "a, b"
    assert row["joint_probability"] == joint
    assert row["joint_probability"] < min(result.probability("a"), result.probability("b"))
    assert row["sub_target_sum"] == 144.0
    assert bool(row["reachable_by_parts"]) is reachable


def test_a_figure_far_outside_its_forecast_is_flagged_in_both_languages(
    write_toml: WriteToml,
) -> None:
    """Revenue 2020 at 140 (growth +40 % against 10 % ± 5 %: z = 6) lies above its forecast's
    P95; 'other' 2020 at its expected 105 does not. The table, the CLI's report and the
    words say so."""
    figures = 'revenue,2020,140,"stats: 2020"\nother,2020,105,"stats: 2020"\n'
    result = parksim.simulate(scenario_with(write_toml, figures), paths=4_000)
    table = result.surprises().set_index("indicator")
    assert table.loc["revenue", "forecast_percentile"] == 1.0
    assert bool(table.loc["revenue", "surprise"])
    assert 0.3 < table.loc["other", "forecast_percentile"] < 0.7
    assert not bool(table.loc["other", "surprise"])
    tracking = result.tracking().set_index("indicator")
    assert tracking.loc["revenue", "forecast_percentile"] == 1.0
    zh, en = (render_tracking(result, lang) for lang in ("zh", "en"))
    assert "收入 2020:实际值落在预测区间之外(P100.0):增速或波动假设可能需要修正" in zh
    assert "Revenue 2020: outside the forecast band (P100.0)" in en
    assert "P100.0 ⚠" in zh and "其他 2020" not in zh


def test_full_width_periods_are_read_as_their_ascii_digits(write_toml: WriteToml) -> None:
    scenario = scenario_with(write_toml, 'revenue,２０２１ｑ２,60,"stats: H1"\n')
    assert scenario.actuals is not None
    assert [f.period for f in scenario.actuals.of("revenue")] == ["2021Q2"]


def test_many_revisions_of_one_period_keep_every_earlier_value(write_toml: WriteToml) -> None:
    """Revisions gathered in one pass: 20,000 revisions of one year load, oldest first."""
    rows = "".join(f'revenue,2020,{100 + i},"stats: release {i}"\n' for i in range(20_000))
    scenario = scenario_with(write_toml, rows)
    assert scenario.actuals is not None
    (figure,) = scenario.actuals.of("revenue")
    assert figure.value == 100 + 19_999
    assert figure.revised == tuple(float(100 + i) for i in range(19_999))
