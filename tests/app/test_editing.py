"""The edit view's logic (``parksim.app.editing``), without Streamlit: tables of a scenario as
text cells, an edited table read back as changes with sources, the changes applied as a file
would be, saved as a child, and a new scenario copied from an old one."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from parksim import load_scenario, simulate
from parksim.app import editing, saving, team, workbook
from parksim.app.catalog import list_scenarios
from parksim.errors import ScenarioError
from parksim.inputs.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def park(tmp_path: Path) -> Scenario:
    """The template's example park, copied where it may be written beside."""
    shutil.copytree(Path(workbook.example_scenario().path).parent, tmp_path / "s")
    return load_scenario(tmp_path / "s" / "park.toml")


def _edit(scenario: Scenario, section: str, row: int, **cells: str) -> tuple[list, list]:
    before = editing.table(scenario, section, everything=True)
    after = before.copy()
    for column, text in cells.items():
        after.loc[row, column.replace("__", ".")] = text
    return editing.read_changes(scenario, section, before, after, "张三")


def test_an_unchanged_table_reads_back_as_no_change(park: Scenario) -> None:
    for section in editing.LAYOUTS:
        table = editing.table(park, section, everything=True)
        assert editing.read_changes(park, section, table, table.copy(), "张三") == ([], [])


def test_numbers_as_planners_type_them_with_a_default_source(park: Scenario) -> None:
    changes, problems = _edit(park, "indicators", 0, base="1.2万亿", growth="12%")
    assert problems == []
    values = {c.key: (c.value, c.source) for c in changes}
    assert values == {
        "indicators.gdp.base": (12_000.0, "assumption: edited in the app by 张三"),
        "indicators.gdp.growth": (0.12, "assumption: edited in the app by 张三"),
    }
    edited = editing.applied(park, changes)
    assert edited.raw["indicators"]["gdp"]["base"] == 12_000.0
    assert edited.source_of("indicators.gdp.base") == "assumption: edited in the app by 张三"
    assert edited.source_of("indicators.gdp.volatility") == park.source_of(
        "indicators.gdp.volatility"
    )


def test_a_source_typed_beside_the_number_is_kept(park: Scenario) -> None:
    changes, _ = _edit(
        park, "indicators", 1, base="600", source__base="统计公报2024: 增加值600亿元"
    )
    assert [(c.key, c.value, c.source) for c in changes] == [
        ("indicators.digital_value_added.base", 600.0, "统计公报2024: 增加值600亿元")
    ]
    only_source, _ = _edit(park, "indicators", 1, source__base="统计公报2024: 原文")
    assert [(c.key, c.value) for c in only_source] == [
        ("indicators.digital_value_added.base", 540.0)
    ]


def test_an_edited_indicator_grows_as_compound_growth(park: Scenario) -> None:
    changes, problems = _edit(park, "indicators", 1, base="600", growth="10%", volatility="0%")
    assert problems == []
    run = simulate(editing.applied(park, changes), paths=200, seed=3)
    values = run.paths("digital_value_added")  # (paths, years)
    expected = 600.0 * 1.1 ** (np.asarray(run.years) - park.base_year)
    assert np.allclose(values, expected[None, :], rtol=1e-12)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"base": "12x"}, "指标 · 第 1 行 · 基准年数值: '12x' "),
        ({"base": ""}, "指标 · 第 1 行 · 基准年数值: 不能清空"),
        ({"id": "gdp2"}, "指标 · 第 1 行 · 指标编号: 'gdp2' 编号不能为空"),
    ],
)
def test_a_cell_that_cannot_be_read_names_table_row_and_column(
    park: Scenario, cells: dict[str, str], expected: str
) -> None:
    changes, problems = _edit(park, "indicators", 0, **cells)
    assert changes == []
    assert len(problems) == 1
    assert problems[0].text("zh").startswith(expected)


def test_a_value_the_rules_refuse_is_placed_at_its_cell(park: Scenario) -> None:
    changes, problems = _edit(park, "indicators", 0, volatility="-5%")
    assert problems == []
    after = editing.table(park, "indicators", everything=True)
    after.loc[0, "volatility"] = "-5%"
    with pytest.raises(ScenarioError) as caught:
        editing.applied(park, changes)
    problem = editing.problem_of(caught.value, {"indicators": after})
    assert problem.text("en") == "Indicators · row 1 · Volatility: '-5%' must be >= 0"


def test_a_new_target_row_is_a_new_target(park: Scenario) -> None:
    before = editing.table(park, "targets", everything=True)
    row = {c: "" for c in before.columns} | {
        "id": "gdp_2030", "indicator": "gdp", "name": "2030年2500亿元",
        "name_en": "GDP at 250 billion by 2030", "value": "2500亿", "year": "2030",
        "direction": "≥", "source.value": "assumption: a stretch goal",
        "source.year": "assumption: the plan's horizon",
    }  # fmt: skip
    after = pd.concat([before, pd.DataFrame([row])], ignore_index=True)
    changes, problems = editing.read_changes(park, "targets", before, after, "张三")
    assert problems == []
    edited = editing.applied(park, changes)
    target = edited.targets["gdp_2030"]
    assert (target.value, target.year, target.direction) == (2500.0, 2030, ">=")


def test_edits_saved_as_a_child_hold_only_the_changes(park: Scenario) -> None:
    changes, _ = _edit(park, "indicators", 0, base="1200", source__base="统计公报2024: 1200亿元")
    folder = Path(park.path).parent
    entry = next(e for e in list_scenarios(folder) if e.id == park.id)
    request = saving.Request(
        "my_edit", "我的修改", "My edit", "张三", {c.key: c.value for c in changes},
        sources={c.key: c.source for c in changes},
    )  # fmt: skip
    path = folder / f"{team.save_request(team.Where(folder), park, entry, request, None)}.toml"
    child = load_scenario(path)
    assert child.raw["indicators"]["gdp"]["base"] == 1200.0
    assert child.source_of("indicators.gdp.base") == "统计公报2024: 1200亿元"
    text = path.read_text(encoding="utf-8")
    assert "[indicators.gdp]" in text and "digital_value_added" not in text
    a = simulate(child, paths=500, seed=1).paths("gdp")
    b = simulate(editing.applied(park, changes), paths=500, seed=1).paths("gdp")
    assert np.array_equal(a, b)


def test_a_copy_is_a_new_independent_scenario_with_the_same_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    original = load_scenario(folder / "faster_reform.toml")
    outcome = workbook.copy_as(folder, original, ("my_park", "我的园区", "My park"), "zh")
    assert outcome.ok, outcome.lines
    copy = load_scenario(folder / "my_park.toml")
    assert (copy.id, copy.name, copy.files) == ("my_park", "我的园区", (folder / "my_park.toml",))
    run = dict(paths=300, seed=5)
    for indicator in original.all_indicator_ids:
        a, b = simulate(copy, **run), simulate(original, **run)
        assert np.array_equal(a.paths(indicator), b.paths(indicator))
    again = workbook.copy_as(folder, original, ("my_park", "", ""), "en")
    assert not again.ok and "is taken" in again.lines[1]
    bad = workbook.copy_as(folder, original, ("../x", "", ""), "en")
    assert not bad.ok and "not valid" in bad.lines[1]
