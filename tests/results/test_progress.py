"""序时进度 period by period (``Result.progress``): every figure of a target's indicator against
the plan for its own period, checked against the closed form of constant growth."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parksim import load_scenario, simulate
from parksim.app.workbook import example_scenario
from parksim.report.cells import progress_view
from parksim.report.summary import summarize

FIGURES = """indicator,period,value,yoy,source
gdp,2020Q1,262.5,0.021,"assumption: example, a first-quarter figure"
gdp,2021,1290,,"统计公报2021: 1290亿元"
gdp,2022Q2,700,,"统计公报2022: 上半年700亿元"
"""


def test_every_figure_is_compared_with_the_plan_for_its_period(tmp_path: Path) -> None:
    folder = Path(example_scenario().path).parent
    shutil.copytree(folder, tmp_path / "s")
    (tmp_path / "s" / "actuals" / "park.csv").write_text(FIGURES, encoding="utf-8")
    scenario = load_scenario(tmp_path / "s" / "park.toml")
    table = simulate(scenario, paths=300, seed=2).progress()
    rows = table[table["target"] == "gdp_2025"]
    assert list(rows["latest_period"]) == ["2020Q1", "2021", "2022Q2"]
    base, target = 1150.2, scenario.targets["gdp_2025"]
    rate = (target.value / base) ** (1 / (target.year - 2019))
    shares = [0.25, 1.0, 0.5]  # the example gives no seasonal shares: a quarter is a quarter
    for (_, row), year, share in zip(rows.iterrows(), (2020, 2021, 2022), shares, strict=True):
        plan = base * rate ** (year - 2019) * share
        assert row["plan_value"] == pytest.approx(plan, rel=1e-12)
        assert row["time_share"] == share
        assert row["progress_ratio"] == pytest.approx(row["latest_actual"] / plan, rel=1e-12)
    assert set(table["target"]) == {"gdp_2025"}  # the share target's indicator has no figure


def test_the_table_reads_in_both_languages(tmp_path: Path) -> None:
    scenario = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "baseline.toml")
    summary = summarize(simulate(scenario, paths=300, seed=2), bands_for=())
    zh = progress_view(summary, scenario, "big_health_official", "zh")
    en = progress_view(summary, scenario, "big_health_official", "en")
    assert list(zh.columns)[:2] == ["数据期", "实际值"] and list(en.columns)[:2] == [
        "Period",
        "Actual",
    ]
    assert zh.iloc[0, 1] == "2,229.6 亿元" and en.iloc[0, 1] == "223.0 billion yuan"
