"""``parksim template``, ``parksim import`` and ``parksim export --format workbook [--own]``
on the command line: files written with the user's permissions, every problem one line on
stderr with exit code 2, nothing written on failure."""

from __future__ import annotations

import io
import os
import shutil
import stat
from pathlib import Path

import openpyxl
import pytest

from parksim import load_scenario
from parksim.cli.main import main
from tests.conftest import run_cli

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _export(scenario: str, out: Path, *flags: str) -> int:
    """``parksim export scenarios/<scenario>.toml --format workbook -o out [flags]``."""
    return main(
        [
            "export",
            str(SCENARIOS / f"{scenario}.toml"),
            "--format",
            "workbook",
            *flags,
            "-o",
            str(out),
        ]
    )


def test_template_then_import_writes_a_scenario_with_its_csvs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0o027)
    try:
        assert main(["template", "-o", str(tmp_path / "park.xlsx")]) == 0
        (tmp_path / "scenarios").mkdir()
        out = tmp_path / "scenarios" / "park.toml"
        assert main(["import", str(tmp_path / "park.xlsx"), "-o", str(out)]) == 0
    finally:
        os.umask(old)
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"template written to {tmp_path / 'park.xlsx'}"
    assert err[1].startswith("example_park: 2 indicators, 1 derived, 2 targets, 1 pipelines; ")
    scenario = load_scenario(out)
    assert scenario.spec.scenario.actuals == "actuals/park.csv"
    for path in (out, tmp_path / "scenarios" / "actuals" / "park.csv"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_failed_import_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    assert main(["template", "-o", str(tmp_path / "park.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "park.xlsx")
    book["指标 Indicators"]["J3"] = "很高"
    book["目标 Targets"]["G3"] = "明年"
    book.save(tmp_path / "park.xlsx")
    done = run_cli("import", str(tmp_path / "park.xlsx"), "-o", str(tmp_path / "park.toml"))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert [line.split(" = ")[0] for line in lines] == [
        f"parksim: error: {tmp_path / 'park.xlsx'}: sheet 指标 Indicators, row 3, column 波动率 Volatility",
        f"parksim: error: {tmp_path / 'park.xlsx'}: sheet 目标 Targets, row 3, column 截止年份 Deadline",
    ]
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["park.xlsx"]


def test_export_workbook_own_writes_only_a_childs_changes(tmp_path: Path) -> None:
    out = tmp_path / "reform.xlsx"
    assert _export("faster_reform", out, "--own") == 0
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book["情景 Scenario"]["A3"].value == "faster_reform"
    assert book["情景 Scenario"]["E3"].value == "baseline"
    assert book["实际值 Actuals"].max_row == 2  # the baseline's figures are inherited
    full = tmp_path / "full.xlsx"
    assert _export("faster_reform", full) == 0
    book = openpyxl.load_workbook(io.BytesIO(full.read_bytes()))
    assert book["情景 Scenario"]["E3"].value is None  # complete: extends nothing
    assert book["指标 Indicators"].max_row == 2 + 18
    assert book["实际值 Actuals"].max_row == 2 + 5


def test_a_child_workbook_imports_beside_its_parent(tmp_path: Path) -> None:
    for name in ("baseline.toml", "actuals", "history"):
        source = SCENARIOS / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    xlsx = tmp_path / "reform.xlsx"
    assert _export("faster_reform", xlsx, "--own") == 0
    assert main(["import", str(xlsx), "-o", str(tmp_path / "reform.toml")]) == 0
    assert load_scenario(tmp_path / "reform.toml").pipelines["health"].approval_staff == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["template", "-o", "t.csv"], "-o t.csv: the template is an Excel workbook; name it .xlsx"),
        (
            ["export", str(SCENARIOS / "baseline.toml"), "--format", "workbook", "-o", "b.csv"],
            "-o b.csv: a workbook is an Excel file; name it .xlsx",
        ),
        (
            ["export", str(SCENARIOS / "baseline.toml"), "--own", "-o", "b.xlsx"],
            "--own: only with --format workbook",
        ),
        (
            [
                "export",
                str(SCENARIOS / "baseline.toml"),
                "--format",
                "workbook",
                "--set",
                "indicators.gdp.base=1",
                "-o",
                "b.xlsx",
            ],
            "--format workbook writes the scenario as its files hold it; drop --set, --paths and --seed",
        ),
        (["import", "nothing.xlsx", "-o", "x.toml"], "nothing.xlsx: no such workbook file"),
    ],
)
def test_wrong_arguments_are_one_line_and_exit_2(
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert capsys.readouterr().err == f"parksim: error: {message}\n"
    assert list(tmp_path.iterdir()) == []
