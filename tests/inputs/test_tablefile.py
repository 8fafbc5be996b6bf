"""Actual figures and history read the same way: UTF-8 or GBK (as Chinese Excel writes), and a
folder or an unreadable encoding is one clear line, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import parksim
from parksim.inputs.tablefile import MAX_FILE_BYTES, number, read_text

ROW = "gdp,2020,1200.0,济南市统计局 统计公报: 2020年地区生产总值\n"
SCENARIO = """
[scenario]
id = "t"
name = "表"
name_en = "Table"
base_year = 2019
horizon = 2022
actuals = "{actuals}"

[indicators.gdp]
name = "地区生产总值"
name_en = "GDP"
unit = "亿元"
base = 1000.0
growth = 0.05
source = "assumption: test"
"""


def _scenario(tmp_path: Path, actuals: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(SCENARIO.format(actuals=actuals), encoding="utf-8")
    return path


def test_an_actuals_file_saved_as_gbk_is_read(tmp_path: Path) -> None:
    header = "indicator,period,value,source\n"
    (tmp_path / "a.csv").write_bytes((header + ROW).encode("gbk"))
    scenario = parksim.load_scenario(_scenario(tmp_path, "a.csv"))
    assert scenario.actuals is not None
    assert scenario.actuals.annual_levels("gdp") == {2020: 1200.0}
    assert scenario.actuals.of("gdp")[0].source.startswith("济南市统计局")


def test_a_folder_named_as_actuals_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(parksim.ScenarioError) as caught:
        parksim.load_scenario(_scenario(tmp_path, "."))
    path = tmp_path / "t.toml"
    assert str(caught.value) == f'{path}: scenario.actuals = ".": is a folder, not a CSV file'


@pytest.mark.parametrize("name", ["/dev/zero", "/dev/null"])
def test_a_device_named_as_actuals_is_refused_before_it_is_read(tmp_path: Path, name: str) -> None:
    with pytest.raises(parksim.ScenarioError) as caught:
        parksim.load_scenario(_scenario(tmp_path, name))
    path = tmp_path / "t.toml"
    message = f'{path}: scenario.actuals = "{name}": is not a regular file, not a CSV file'
    assert str(caught.value) == message


def test_a_file_over_the_size_cap_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk or memory spent
    with pytest.raises(parksim.ScenarioError) as caught:
        parksim.load_scenario(_scenario(tmp_path, "big.csv"))
    assert str(caught.value) == f"{big}: is 20.0 MB; files of at most 20 MB are read"


@pytest.mark.parametrize("cell", ["1,0,5", "12,34", ",5"])
def test_commas_only_group_thousands(tmp_path: Path, cell: str) -> None:
    with pytest.raises(parksim.ScenarioError, match="commas may only group thousands"):
        number(tmp_path / "a.csv", 2, "value", cell)
    assert number(tmp_path / "a.csv", 2, "value", "1,234.5") == 1234.5


def test_text_that_is_neither_utf8_nor_gbk_says_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("indicator\n".encode("utf-16"))
    with pytest.raises(parksim.ScenarioError) as caught:
        read_text(path, "a history")
    assert str(caught.value) == (
        f'{path}: is neither UTF-8 nor GBK text; save it from Excel as "CSV UTF-8 (逗号分隔)(*.csv)"'
    )
