"""Hostile workbooks: each refused with its one-line message naming where and what, and
nothing written (no scenario, no CSV, no folder, no temporary file) when an import fails."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl.workbook.workbook import Workbook

from parksim.errors import ScenarioError
from parksim.export.workbook import template_workbook
from parksim.inputs.workbook_import import import_workbook
from parksim.text.words import WORDS

TEMPLATE = template_workbook()
Change = Callable[[Workbook], None]


def _changed(change: Change) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(TEMPLATE))
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refused(tmp_path: Path, data: bytes) -> list[str]:
    """Every line an import of ``data`` answers, the folder's path cut; asserts that the
    import failed and left the folder as it was."""
    (tmp_path / "park.xlsx").write_bytes(data)
    with pytest.raises(ScenarioError) as caught:
        import_workbook(tmp_path / "park.xlsx", tmp_path / "park.toml", WORDS)
    assert [p.name for p in tmp_path.iterdir()] == ["park.xlsx"]  # nothing written
    return [str(e).replace(f"{tmp_path}/", "") for e in (caught.value, *caught.value.more)]


def _set(sheet: str, cell: str, value: object, *, text: bool = False) -> Change:
    """Set one cell; ``text``: as a planner types it after a ' in Excel, never a formula."""

    def change(book: Workbook) -> None:
        book[sheet][cell] = value
        if text:
            book[sheet][cell].data_type = "s"

    return change


def _hide_row(book: Workbook) -> None:
    book["指标 Indicators"].row_dimensions[4].hidden = True


def _hide_column(book: Workbook) -> None:
    book["指标 Indicators"].column_dimensions["L"].hidden = True


def _hide_sheet(book: Workbook) -> None:
    book["历史 History"].sheet_state = "hidden"


def _clear_scenario(book: Workbook) -> None:
    for cell in book["情景 Scenario"][3]:
        cell.value = None


def _rename(book: Workbook) -> None:
    book["指标 Indicators"].title = "Indicators"


def _drop_history(book: Workbook) -> None:
    del book["历史 History"]


HOSTILE: dict[str, tuple[Change, str]] = {
    "merged cells": (
        lambda book: book["指标 Indicators"].merge_cells("B3:C3"),
        "park.xlsx: sheet 指标 Indicators: cells B3:C3 are merged; unmerge them (取消单元格合并) and fill every cell",
    ),
    "hidden row": (
        _hide_row,
        "park.xlsx: sheet 指标 Indicators, row 4: the row is hidden (or filtered out); unhide it or delete it, so that what is imported is what you see",
    ),
    "hidden column": (
        _hide_column,
        "park.xlsx: sheet 指标 Indicators: column L is hidden; unhide it or delete it",
    ),
    "hidden sheet": (
        _hide_sheet,
        "park.xlsx: sheet 历史 History: the sheet is hidden; unhide it (右键 → 取消隐藏)",
    ),
    "formula without a saved value": (
        _set("指标 Indicators", "F3", "=1000+150.2"),
        'park.xlsx: sheet 指标 Indicators, row 3, column 基准年数值 Base value = "=1000+150.2": is a formula Excel never calculated (no saved value); open the file in Excel and save it, or type the value',
    ),
    "a date where a year belongs": (
        _set("目标 Targets", "G3", datetime.datetime(2025, 1, 1)),
        'park.xlsx: sheet 目标 Targets, row 3, column 截止年份 Deadline = "2025-01-01": is a date (2025-01-01), not a whole number (a year like 2025): Excel turned what was typed into a date; format the cell as 常规 General (or 文本 Text) and type it again',
    ),
    "text in a number cell": (
        _set("指标 Indicators", "J3", "两个百分点"),
        'park.xlsx: sheet 指标 Indicators, row 3, column 波动率 Volatility = "两个百分点": must be a number, e.g. 1150.2, 12%, 3000亿 or 1.2万亿 (where the unit is 亿元 or 万元)',
    ),
    "a percentage in an amount": (
        _set("指标 Indicators", "F3", "12%"),
        'park.xlsx: sheet 指标 Indicators, row 3, column 基准年数值 Base value = "12%": a percentage in a column of 亿元: write the number itself',
    ),
    "an extra sheet": (
        lambda book: book.create_sheet("Sheet1"),
        "park.xlsx: sheet Sheet1: is not a sheet of a parksim workbook (its sheets: 情景 Scenario, 指标 Indicators, 派生指标 Derived, 目标 Targets, 项目管线 Pipelines, 实际值 Actuals, 历史 History); delete it or move its rows into one of them",
    ),
    "a missing sheet": (
        _drop_history,
        "park.xlsx: sheet '历史 History' is missing (start from `parksim template`)",
    ),
    "a sheet renamed to English": (
        _rename,
        "park.xlsx: sheet Indicators: rename the sheet back to '指标 Indicators': sheets are found by their names",
    ),
    "a bound broken": (
        _set("指标 Indicators", "J3", -0.1),
        "park.xlsx: sheet 指标 Indicators, row 3, column 波动率 Volatility: indicators.gdp.volatility = -0.1: must be >= 0",
    ),
    "a number without a source": (
        _set("指标 Indicators", "G3", None),
        'park.xlsx: sheet 指标 Indicators, row 3, column 基准年数值 Base value: indicators.gdp.base = 1150.2: has no source in this file; add source.base = "<document>: <quote>" or "assumption: <why>"',
    ),
    "a bad period in the actuals": (
        _set("实际值 Actuals", "B3", "2020Q5"),
        'park.xlsx: sheet 实际值 Actuals, row 3, column 期别 Period = "2020Q5": must be a year like 2020 or a year-to-date quarter like 2020Q1, years 1949–2100',
    ),
    "a required key left empty": (
        _set("指标 Indicators", "D3", None),
        "park.xlsx: sheet 指标 Indicators, row 3, column 单位 Unit: indicators.gdp.unit: required key is missing",
    ),
    "a scenario year left empty": (
        _set("情景 Scenario", "F3", None),
        "park.xlsx: sheet 情景 Scenario, row 3, column 基准年 Base year: scenario.base_year: required key is missing",
    ),
    "an empty scenario row": (
        _clear_scenario,
        "park.xlsx: sheet 情景 Scenario, row 3, column 情景编号 Scenario id: the scenario row is empty: give at least id, names and years",
    ),
    "an unknown indicator in a target": (
        _set("目标 Targets", "B3", "gpd"),
        "park.xlsx: sheet 目标 Targets, row 3, column 指标编号 Indicator id: ",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=str)
def test_a_hostile_workbook_is_refused_with_its_one_line_message(case: str, tmp_path: Path) -> None:
    change, message = HOSTILE[case]
    first = _refused(tmp_path, _changed(change))[0]
    assert first.startswith(message) if message.endswith(": ") else first == message
    assert "\n" not in first


def test_several_errors_are_listed_together(tmp_path: Path) -> None:
    def change(book: Workbook) -> None:
        book["指标 Indicators"]["J3"] = "很高"
        book["指标 Indicators"]["F4"] = "许多"
        book["目标 Targets"]["G4"] = datetime.date(2025, 6, 30)

    lines = _refused(tmp_path, _changed(change))
    assert [re.sub(r" = .*", "", line) for line in lines] == [
        "park.xlsx: sheet 指标 Indicators, row 3, column 波动率 Volatility",
        "park.xlsx: sheet 指标 Indicators, row 4, column 基准年数值 Base value",
        "park.xlsx: sheet 目标 Targets, row 4, column 截止年份 Deadline",
    ]


def test_a_50000_row_sheet_is_refused_at_the_limit(tmp_path: Path) -> None:
    def change(book: Workbook) -> None:
        ws = book["实际值 Actuals"]
        for year in range(50_000):
            ws.append(["gdp", str(2020 + year % 80), 1.0, None, "assumption: bulk"])

    lines = _refused(tmp_path, _changed(change))
    assert lines == [
        "park.xlsx: sheet 实际值 Actuals: more than 10,000 rows below the headers; a workbook sheet holds at most 10,000 (delete the empty rows below the table, or split the figures)"
    ]


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    assert _refused(tmp_path, b"indicator,period,value\n") == [
        "park.xlsx: is not an Excel workbook (.xlsx)"
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert _refused(tmp_path, buffer.getvalue()) == [
        "park.xlsx: is not an Excel workbook (.xlsx) that can be read"
    ]


def test_a_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(TEMPLATE)).encrypt("secret", encrypted)
    assert encrypted.getvalue().startswith(b"\xd0\xcf\x11\xe0")  # an OLE compound file
    assert _refused(tmp_path, encrypted.getvalue()) == [
        "park.xlsx: is a password-protected (encrypted) workbook, an OLE file that cannot be "
        "read; remove the password (文件 → 信息 → 保护工作簿 → 用密码进行加密) and save again"
    ]


def test_a_formula_with_a_saved_value_is_read_as_that_value(tmp_path: Path) -> None:
    """Excel saves a formula with its result (``<f>`` and ``<v>``); the result is read."""
    data = _changed(_set("指标 Indicators", "F3", "=1000+150.2"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if b"<f>1000+150.2</f>" in content:
                content = content.replace(b"<f>1000+150.2</f><v></v>", b"<f>1000+150.2</f>")
                content = content.replace(b"<f>1000+150.2</f>", b"<f>1000+150.2</f><v>1150.2</v>")
            target.writestr(item, content)
    (tmp_path / "park.xlsx").write_bytes(buffer.getvalue())
    imported = import_workbook(tmp_path / "park.xlsx", tmp_path / "park.toml", WORDS)
    assert imported.scenario.indicators["gdp"].base == 1150.2
    assert "=1000" not in (tmp_path / "park.toml").read_text("utf-8")


def test_an_excel_error_value_is_refused(tmp_path: Path) -> None:
    """A formula whose saved result is ``#DIV/0!`` is not text to import."""
    data = _changed(_set("指标 Indicators", "F3", "=1/0"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item).replace(
                b'<c r="F3"><f>1/0</f><v></v></c>', b'<c r="F3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
            )
            target.writestr(item, content)
    assert _refused(tmp_path, buffer.getvalue())[0] == (
        'park.xlsx: sheet 指标 Indicators, row 3, column 基准年数值 Base value = "#DIV/0!": '
        "is an Excel error value; fix the formula"
    )


def test_chinese_numbers_in_cells_are_read_by_the_columns_unit(tmp_path: Path) -> None:
    def change(book: Workbook) -> None:
        book["指标 Indicators"]["F3"] = "0.115万亿"  # 1,150 亿元
        book["指标 Indicators"]["J3"] = "2.5 %"
        book["目标 Targets"]["E3"] = "1800亿"
        book["实际值 Actuals"]["C3"] = "２６２.５"

    (tmp_path / "park.xlsx").write_bytes(_changed(change))
    scenario = import_workbook(tmp_path / "park.xlsx", tmp_path / "park.toml", WORDS).scenario
    assert scenario.indicators["gdp"].base == 1150.0
    assert scenario.indicators["gdp"].volatility == 0.025
    assert scenario.targets["gdp_2025"].value == 1800.0
    assert scenario.actuals is not None and scenario.actuals.of("gdp")[0].value == 262.5


def test_formula_like_text_typed_into_the_actuals_never_becomes_a_csv_formula(
    tmp_path: Path,
) -> None:
    hostile = '=HYPERLINK("http://example.com","x"): 一季度数据'
    (tmp_path / "park.xlsx").write_bytes(_changed(_set("实际值 Actuals", "E3", hostile, text=True)))
    import_workbook(tmp_path / "park.xlsx", tmp_path / "park.toml", WORDS)
    text = (tmp_path / "actuals" / "park.csv").read_text("utf-8-sig")
    assert "\n\"'=HYPERLINK" in text.replace("gdp,2020Q1,262.5,0.021,", "\n")
