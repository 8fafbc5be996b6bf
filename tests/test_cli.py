"""The ``parksim`` command: output formats, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import parksim
from parksim.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "parksim", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_run_prints_every_target_in_chinese_by_default() -> None:
    done = run_cli("run", str(BASELINE), "--paths", "500")
    assert done.returncode == 0, done.stderr
    scenario = parksim.load_scenario(BASELINE)
    assert "基准情景" in done.stdout and "达成概率" in done.stdout
    for target in scenario.targets.values():
        assert target.name in done.stdout


def test_run_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(BASELINE), "--paths", "300", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Probability" in out and "Baseline" in out


def test_csv_output_is_the_target_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(BASELINE), "--paths", "400", "--seed", "3", "--format", "csv"]) == 0
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    expected = parksim.simulate(parksim.load_scenario(BASELINE), paths=400, seed=3).targets()
    assert list(printed.columns) == list(expected.columns)
    assert printed["probability"].tolist() == expected["probability"].tolist()


def test_json_output_carries_paths_seed_and_targets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(BASELINE), "--paths", "200", "--seed", "8", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["scenario"], document["paths"], document["seed"]) == ("baseline", 200, 8)
    assert len(document["targets"]) == len(parksim.load_scenario(BASELINE).targets)


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_out_writes_the_quantile_table(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"q{suffix}"
    assert main(["run", str(BASELINE), "--paths", "300", "--out", str(out), "--format", "csv"]) == 0
    result = parksim.simulate(parksim.load_scenario(BASELINE), paths=300)
    if suffix == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Chinese
        table = pd.read_csv(out, encoding="utf-8-sig")
    else:
        table = pd.DataFrame(json.loads(out.read_text(encoding="utf-8")))
    gdp_2025 = table[(table.indicator == "gdp") & (table.year == 2025)]
    assert gdp_2025["p50"].item() == pytest.approx(
        float(pd.Series(result.paths("gdp")[:, 2025 - 2019]).quantile(0.5)), rel=1e-12
    )
    assert list(table.columns[:3]) == ["indicator", "year", "mean"]


def test_validate_reports_each_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nid = "x"\n', encoding="utf-8")
    assert main(["validate", str(BASELINE), str(bad)]) == 2
    captured = capsys.readouterr()
    assert f"ok  {BASELINE}" in captured.out
    assert (
        captured.err == f"parksim: error: {bad}: scenario.name: required key is missing "
        "(every file has its own id, name and name_en)\n"
    )


@pytest.mark.parametrize(
    ("content", "args", "message"),
    ids=["missing", "toml", "bound", "paths"],
    argvalues=[
        (None, ["run", "missing.toml"], "missing.toml: no such file"),
        (
            "[scenario\nid = 1",
            ["run", "{file}"],
            "{file}: invalid TOML: Expected ']' at the end of "
            "a table declaration (at line 1, column 10)",
        ),
        (
            BASELINE.read_text(encoding="utf-8").replace(
                "volatility  = 0.02", "volatility  = -0.1", 1
            ),
            ["run", "{file}"],
            "{file}: indicators.gdp.volatility = -0.1: must be >= 0",
        ),
        (None, ["run", str(BASELINE), "--paths", "0"], "paths = 0: must be within 1..10,000,000"),
    ],
)
def test_user_errors_exit_2_with_one_line(
    tmp_path: Path, content: str | None, args: list[str], message: str
) -> None:
    file = tmp_path / "s.toml"
    if content is not None:
        file.write_text(content, encoding="utf-8")
    done = run_cli(*(arg.format(file=file) for arg in args))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"parksim: error: {message.format(file=file)}\n"


def test_unwritable_out_is_a_user_error(tmp_path: Path) -> None:
    done = run_cli("run", str(BASELINE), "--paths", "50", "--out", str(tmp_path / "no/dir/q.csv"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_bad_option_exits_2() -> None:
    done = run_cli("run", str(BASELINE), "--format", "xml")
    assert done.returncode == 2 and "invalid choice: 'xml'" in done.stderr


def test_run_shows_progress_against_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(BASELINE), "--paths", "300"]) == 0
    out = capsys.readouterr().out
    assert "序时进度" in out and "2020Q1" in out and "147.2 亿元" in out


def test_solve_prints_the_lever_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "solve",
                str(BASELINE),
                "--target",
                "big_health",
                "--lever",
                "indicators.big_health.growth",
                "--paths",
                "500",
                "--lang",
                "en",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    solution = parksim.solve(
        parksim.load_scenario(BASELINE), "big_health", "indicators.big_health.growth", paths=500
    )
    assert solution.value is not None
    assert f"indicators.big_health.growth = {solution.value * 100:.2f}%" in out
    assert "gives probability 80.0%" in out


def test_solve_out_of_reach_is_an_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "solve",
                str(BASELINE),
                "--target",
                "big_health",
                "--lever",
                "indicators.big_health.growth",
                "--bounds",
                "0",
                "0.1",
                "--paths",
                "200",
            ]
        )
        == 0
    )
    assert "无法使达成概率达到 80.0%" in capsys.readouterr().out


def test_sensitivity_csv_is_the_tornado_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "sensitivity",
                str(BASELINE),
                "--target",
                "human_capital",
                "--paths",
                "300",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    table = parksim.tornado(parksim.load_scenario(BASELINE), "human_capital", paths=300)
    assert printed["lever"].tolist() == table["lever"].tolist()
    assert printed["probability_high"].tolist() == table["probability_high"].tolist()


def test_solve_with_unknown_target_exits_2() -> None:
    done = run_cli("solve", str(BASELINE), "--target", "x", "--lever", "growth_scale")
    assert done.returncode == 2
    assert done.stderr.startswith(f'parksim: error: {BASELINE}: target = "x": no such target')
