"""The planners' workbook: the template as openpyxl reads it, Chinese number habits, and the
round trip TOML → workbook → TOML for every shipped scenario (same ``Scenario``, same
numbers from the engine)."""

from __future__ import annotations

import io
import math
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from parksim import load_scenario
from parksim.engine.run import simulate
from parksim.errors import ScenarioError
from parksim.export.workbook import scenario_workbook, template_workbook
from parksim.inputs.cnnumber import cn_number
from parksim.inputs.scenario import Scenario
from parksim.inputs.workbook_import import import_workbook
from parksim.text.words import WORDS

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
SHEETS = ["说明 Instructions", "情景 Scenario", "指标 Indicators", "派生指标 Derived",
          "目标 Targets", "项目管线 Pipelines", "实际值 Actuals", "历史 History"]  # fmt: skip


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, tuple[str, ...]]:
    """``{header (row 2): (type, operator, formula1, formula2)}`` of a sheet's validations."""
    english = {cell.column_letter: cell.value for cell in ws[2]}
    found = {}
    for rule in ws.data_validations.dataValidation:
        letter = str(rule.sqref).split(":")[0].rstrip("0123456789")
        found[english[letter]] = (rule.type, rule.operator, rule.formula1, rule.formula2)
    return found


def test_the_template_has_every_sheet_with_two_header_rows_and_an_example_row() -> None:
    book = _book(template_workbook())
    assert book.sheetnames == SHEETS
    indicators = book["指标 Indicators"]
    assert [c.value for c in indicators[1]][:7] == [
        "指标编号", "名称", "英文名称", "单位", "口径", "基准年数值", "基准年数值出处",
    ]  # fmt: skip
    assert [c.value for c in indicators[2]][:7] == [
        "Indicator id", "Name (Chinese)", "Name (English)", "Unit", "Scope", "Base value",
        "Source of Base value",
    ]  # fmt: skip
    assert indicators.freeze_panes == "B3"
    assert indicators["A3"].value == "gdp" and indicators["F3"].value == 1150.2
    assert indicators["H3"].value == "2020: 3%; 2021-2025: 8%; 2026-2030: 6.5%"  # growth
    assert (indicators["J3"].value, indicators["J3"].number_format) == (0.02, "0.0##%")
    for title in SHEETS[1:]:
        ws = book[title]
        assert ws.max_row >= 3, f"{title} has no example row"
        assert all(c.value for c in ws[1]) and all(c.value for c in ws[2])
    help_lines = [row[1].value for row in book["说明 Instructions"].iter_rows()]
    assert any("ASCII colon" in line for line in help_lines)


def test_the_template_validates_lists_and_simple_number_ranges() -> None:
    book = _book(template_workbook())
    indicators = _validations(book["指标 Indicators"])
    assert indicators["Unit"][:1] == ("list",)
    assert "亿元" in indicators["Unit"][2] and "share" in indicators["Unit"][2]
    assert indicators["Scope"][2] == '"zone,city,province"'
    assert indicators["Volatility"] == ("decimal", "between", "0", "5")
    assert indicators["Correlation"] == ("decimal", "between", "0", "1")
    assert indicators["Base value"] == ("decimal", "between", "0", "1e+12")
    targets = _validations(book["目标 Targets"])
    assert targets["Direction"] == ("list", None, '">=,<="', None)
    assert targets["Deadline"] == ("whole", "between", "1900", "2200")
    pipelines = _validations(book["项目管线 Pipelines"])
    assert pipelines["Approval distribution"][2] == '"exponential,lognormal,fixed"'
    assert pipelines["Approval teams"][:2] == ("whole", "between")
    history = _validations(book["历史 History"])
    assert history["Basis"][2] == '"level,growth"'


def test_the_template_imports_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "park.xlsx").write_bytes(template_workbook())
    imported = import_workbook(tmp_path / "park.xlsx", tmp_path / "park.toml", WORDS)
    assert imported.scenario.id == "example_park"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in imported.written) == [
        "actuals/park.csv", "history/park.csv", "park.toml",
    ]  # fmt: skip
    assert imported.scenario.actuals is not None
    assert imported.scenario.actuals.of("gdp")[0].value == 262.5


def _same(a: Scenario, b: Scenario) -> None:
    """Equal scenarios: the same spec (but the CSV names, which follow the file written),
    the same actual figures and history, the same arrays for the engine."""
    left, right = a.spec.model_dump(), b.spec.model_dump()
    for spec in (left, right):
        spec["scenario"].pop("actuals")
        spec["scenario"].pop("history")
    assert left == right
    for name in ("actuals", "history"):
        mine, theirs = getattr(a, name), getattr(b, name)
        assert (mine is None) == (theirs is None)
        if mine is not None:
            assert mine.table().drop(columns="line").equals(theirs.table().drop(columns="line"))
    assert np.array_equal(a.compiled.base, b.compiled.base)
    assert np.array_equal(a.compiled.growth, b.compiled.growth)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_round_trips_with_identical_numbers(
    path: Path, tmp_path: Path
) -> None:
    scenario = load_scenario(path)
    (tmp_path / "park.xlsx").write_bytes(scenario_workbook(scenario))
    again = import_workbook(tmp_path / "park.xlsx", tmp_path / f"{path.stem}.toml", WORDS)
    _same(scenario, again.scenario)
    first, second = simulate(scenario, paths=2000), simulate(again.scenario, paths=2000)
    for indicator in scenario.all_indicator_ids:
        assert np.array_equal(first.paths(indicator), second.paths(indicator)), indicator
    assert first.targets().equals(second.targets())


@pytest.mark.parametrize("child", ["faster_reform", "prolonged_shock", "targets_need"])
def test_every_childs_own_changes_round_trip(child: str, tmp_path: Path) -> None:
    for name in ("baseline.toml", "actuals", "history"):
        source = ROOT / "scenarios" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    scenario = load_scenario(ROOT / "scenarios" / f"{child}.toml")
    (tmp_path / "own.xlsx").write_bytes(scenario_workbook(scenario, own=True))
    again = import_workbook(tmp_path / "own.xlsx", tmp_path / f"{child}.toml", WORDS)
    assert again.scenario.files == (tmp_path / "baseline.toml", tmp_path / f"{child}.toml")
    _same(scenario, again.scenario)


def test_a_childs_own_changes_round_trip_and_still_extend_the_baseline(tmp_path: Path) -> None:
    for name in ("baseline.toml", "actuals", "history"):
        source = ROOT / "scenarios" / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, tmp_path / name)
    child = load_scenario(ROOT / "scenarios" / "faster_reform.toml")
    data = scenario_workbook(child, own=True)
    book = _book(data)
    assert book["情景 Scenario"]["E3"].value == "baseline"  # 继承自 Extends
    assert book["指标 Indicators"].max_row == 2  # the child changes no indicator
    assert [r[0].value for r in book["项目管线 Pipelines"].iter_rows(min_row=3)] == [
        "health", "equipment", "nuclear", "computing",
    ]  # fmt: skip
    (tmp_path / "own.xlsx").write_bytes(data)
    again = import_workbook(tmp_path / "own.xlsx", tmp_path / "faster_reform.toml", WORDS)
    assert 'extends = "baseline"' in (tmp_path / "faster_reform.toml").read_text("utf-8")
    assert again.written == (tmp_path / "faster_reform.toml",)  # inherits the CSVs
    _same(child, again.scenario)


def test_a_child_never_replaces_the_scenario_it_extends(tmp_path: Path) -> None:
    for name in ("baseline.toml", "actuals", "history"):
        source = ROOT / "scenarios" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    child = load_scenario(ROOT / "scenarios" / "faster_reform.toml")
    (tmp_path / "own.xlsx").write_bytes(scenario_workbook(child, own=True))
    before = (tmp_path / "baseline.toml").read_bytes()
    with pytest.raises(ScenarioError) as caught:
        import_workbook(tmp_path / "own.xlsx", tmp_path / "baseline.toml", WORDS)
    assert caught.value.problem == (
        'sheet 情景 Scenario, row 3, column 继承自 Extends: scenario.extends = "baseline": '
        "baseline.toml would replace the scenario it extends; write it to another file"
    )
    assert (tmp_path / "baseline.toml").read_bytes() == before


def test_a_number_that_needs_17_digits_keeps_every_one(tmp_path: Path) -> None:
    """openpyxl writes 16 significant digits; the float after 1150.2 needs 17."""
    scenario = load_scenario(ROOT / "scenarios" / "baseline.toml")
    base = math.nextafter(1150.2, 2000.0)  # 1150.2000000000003
    changed = scenario.with_overrides({"indicators.gdp.base": base})
    assert float(f"{base:.16g}") != base
    (tmp_path / "x.xlsx").write_bytes(scenario_workbook(changed))
    again = import_workbook(tmp_path / "x.xlsx", tmp_path / "x.toml", WORDS).scenario
    assert again.indicators["gdp"].base == base


def test_formula_like_text_is_written_as_text_and_reads_back_unchanged(tmp_path: Path) -> None:
    scenario = load_scenario(ROOT / "scenarios" / "baseline.toml")
    hostile = '=HYPERLINK("http://example.com","点击")'
    changed = scenario.with_overrides({"indicators.gdp.name_en": hostile})
    data = scenario_workbook(changed)
    cell = _book(data)["指标 Indicators"]["C3"]
    assert cell.value == hostile and cell.data_type == "s" and cell.quotePrefix
    (tmp_path / "x.xlsx").write_bytes(data)
    again = import_workbook(tmp_path / "x.xlsx", tmp_path / "x.toml", WORDS)
    assert again.scenario.indicators["gdp"].name_en == hostile


@pytest.mark.parametrize(
    ("text", "kwargs", "value"),
    [
        ("1.2万亿", {"unit": "亿元"}, 12000.0),
        ("3000亿", {"unit": "亿元"}, 3000.0),
        ("3000亿元", {"unit": "万元"}, 30_000_000.0),
        ("12%", {"rate": True}, 0.12),
        ("12.5 %", {"rate": True}, 0.125),
        ("45%", {"unit": "share"}, 0.45),
        ("１１５０．２", {}, 1150.2),
        ("1,234.5", {}, 1234.5),
        ("0.065", {"rate": True}, 0.065),
    ],
)
def test_chinese_number_habits_are_read_exactly(text: str, kwargs: dict, value: float) -> None:
    assert cn_number(text, **kwargs) == value


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        (
            "3000亿",
            {},
            "3000亿 is an amount in yuan but this column holds no unit: write the number in the column's unit",
        ),
        (
            "3000亿",
            {"unit": "share"},
            "3000亿 is an amount in yuan but this column holds share: write the number in the column's unit",
        ),
        (
            "5亿",
            {"rate": True},
            "5亿 is an amount in yuan but this column holds a rate: write the number in the column's unit",
        ),
        ("12%", {"unit": "亿元"}, "a percentage in a column of 亿元: write the number itself"),
        (
            "约100",
            {},
            "must be a number, e.g. 1150.2, 12%, 3000亿 or 1.2万亿 (where the unit is 亿元 or 万元)",
        ),
    ],
)
def test_ambiguous_numbers_are_refused_clearly(text: str, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        cn_number(text, **kwargs)
    assert str(caught.value) == message
