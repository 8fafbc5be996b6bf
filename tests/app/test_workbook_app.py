"""The app's workbook section without a browser: the downloads are workbooks that import,
an upload becomes a new scenario in the picker, a refused one writes nothing."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from parksim.app import catalog
from parksim.app.workbook import import_upload, scenario_bytes, template_bytes
from parksim.inputs.loader import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@dataclass(frozen=True)
class Uploaded:
    """The two things the app reads of Streamlit's ``UploadedFile``."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    return folder


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _with_id(data: bytes, scenario_id: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["情景 Scenario"]["A3"] = scenario_id
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_uploaded_workbook_becomes_a_scenario_in_the_picker(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    data = _with_id(scenario_bytes(load_scenario(folder / "baseline.toml")), "my_park")
    outcome = import_upload(folder, Uploaded("C:\\Users\\王\\park.xlsx", data), "zh")
    assert outcome is not None and outcome.ok
    assert outcome.lines == ("已导入情景 “my_park”,可在左侧情景列表中选择。",)
    entry = catalog.find(catalog.list_scenarios(folder), "my_park")
    assert entry is not None and entry.error is None
    scenario = catalog.load(entry)
    assert scenario.targets.keys() == load_scenario(folder / "baseline.toml").targets.keys()
    assert (folder / "actuals" / "my_park.csv").is_file()


def test_a_refused_upload_lists_its_problems_and_writes_nothing(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = _files(folder)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    book["指标 Indicators"]["J3"] = "很高"
    book["指标 Indicators"].merge_cells("B4:C4")
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = import_upload(folder, Uploaded("park.xlsx", buffer.getvalue()), "en")
    assert outcome is not None and not outcome.ok
    assert outcome.lines == (
        "The workbook was not imported (nothing was written); fix these and upload it again:",
        "park.xlsx: sheet 指标 Indicators: cells B4:C4 are merged; unmerge them (取消单元格合并) and fill every cell",
        'park.xlsx: sheet 指标 Indicators, row 3, column 波动率 Volatility = "很高": must be a number, e.g. 1150.2, 12%, 3000亿 or 1.2万亿 (where the unit is 亿元 or 万元)',
    )
    assert _files(folder) == before


def test_an_upload_never_overwrites_a_scenario(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = (folder / "baseline.toml").read_bytes()
    data = scenario_bytes(load_scenario(folder / "baseline.toml"))
    outcome = import_upload(folder, Uploaded("baseline.xlsx", data), "en")
    assert outcome is not None and outcome.lines[1] == (
        "baseline.xlsx: the scenario id 'baseline' is taken (baseline.toml exists); nothing is "
        "overwritten from a workbook: give the scenario a new id in the sheet 情景 Scenario"
    )
    assert (folder / "baseline.toml").read_bytes() == before
    hostile = _with_id(data, "../../etc/x")
    outcome = import_upload(folder, Uploaded("x.xlsx", hostile), "en")
    assert outcome is not None and not outcome.ok
    assert outcome.lines[1].startswith('x.xlsx: sheet 情景 Scenario: the scenario id "../../etc/x"')


def test_the_downloads_are_workbooks_and_a_cleared_upload_does_nothing(tmp_path: Path) -> None:
    assert openpyxl.load_workbook(io.BytesIO(template_bytes())).sheetnames[0] == "说明 Instructions"
    assert import_upload(tmp_path, None, "zh") is None
