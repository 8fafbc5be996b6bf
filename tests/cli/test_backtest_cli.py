"""``parksim backtest``: table, CSV and JSON output, -o, determinism, and bad origins as one
line with exit code 2 and nothing written."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import parksim
from parksim.analysis.backtest import FIGURE_COLUMNS
from parksim.cli.main import main
from tests.analysis.test_backtest import _histories, synthetic_scenario
from tests.conftest import ROOT, run_cli, toml_writer

BASELINE = ROOT / "scenarios" / "baseline.toml"


@pytest.fixture
def park(tmp_path: Path) -> Path:
    scenario = synthetic_scenario(
        toml_writer(tmp_path), _histories(3, seed=1), breaks={("x2", 2018)}, paths=400
    )
    return scenario.path


def test_the_table_in_both_languages(park: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backtest", str(park), "--origin", "2015"]) == 0
    out = capsys.readouterr().out
    assert "预测检验" in out and "实际覆盖率" in out and "按起点前历史校准" in out
    assert "未检验" in out and "2018" in out  # the break is said, not silently dropped
    assert main(["backtest", str(park), "--origin", "2015", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Forecast check" in out and "Observed coverage" in out and "skill" in out


def test_csv_is_the_scored_figures(park: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["backtest", str(park), "--origins", "2014-2015", "--format", "csv"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith("\ufeff".encode())  # the BOM of the program's CSV writer
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(table.columns) == FIGURE_COLUMNS
    assert set(table["origin"]) == {2014, 2015}
    expected = parksim.backtest(parksim.load_scenario(park), (2014, 2015)).figures
    assert table["crps"].tolist() == pytest.approx(expected["crps"].tolist(), rel=1e-12)


def test_json_and_out_file_are_the_same_and_repeatable(
    park: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    args = ["backtest", str(park), "--origin", "2016", "--format", "json", "--seed", "3"]
    assert main(args) == 0
    printed = capsysbinary.readouterr().out
    out = tmp_path / "bt.json"
    assert main([*args, "-o", str(out)]) == 0
    assert out.read_bytes() == printed  # same seed and paths: the same bytes
    document = json.loads(printed)
    summary = document["summary"]
    assert (document["origins"], document["seed"], document["scale"]) == ([2016], 3, "log level")
    assert summary["n"] == len(document["figures"]) == 3 + 3 + 1
    assert {row["band"] for row in document["coverage"]} == {"50%", "90%"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--origin", "2001"], "origin = 2001: outside the history of syn.toml"),
        (["--origin", "2019"], "origin = 2019: nothing to score in syn.toml"),
        (["--origins", "2016-2014"], "--origins 2016-2014: the first year must come first"),
        (["--origins", "2014-x"], "--origins 2014-x: must be FIRST-LAST"),
        (["--origin", "2015", "--origins", "2014-2015"], "give either --origin YEAR or"),
        ([], "give either --origin YEAR or --origins FIRST-LAST"),
    ],
)
def test_bad_origins_are_one_line_and_exit_2_with_nothing_written(
    park: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    out = tmp_path / "never.csv"
    assert main(["backtest", str(park), *args, "--format", "csv", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not out.exists()


def test_nothing_to_score_and_an_origin_outside_the_history_are_one_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "scenarios"
    shutil.copytree(BASELINE.parent, folder)
    figures = folder / "actuals" / "baseline.csv"  # the quarters only: nothing annual to score
    figures.write_text(
        "".join(
            line
            for line in figures.read_text(encoding="utf-8").splitlines(True)
            if not line.startswith("big_health,")
        ),
        encoding="utf-8",
    )
    done = run_cli("backtest", str(folder / "baseline.toml"), "--origin", "2019", "--paths", "100")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert "nothing to score in baseline.toml" in done.stderr
    done = run_cli("backtest", str(BASELINE), "--origin", "2010")
    assert done.returncode == 2 and "outside the history of baseline.toml" in done.stderr
