"""The ``parksim`` command: output formats, exit codes, one-line errors."""

from __future__ import annotations

import argparse
import io
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import parksim
from parksim.cli.main import COMMANDS, EXIT_BROKEN_PIPE, main, parser
from parksim.export import to_json
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "baseline.toml"


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
    meta = document["metadata"]
    assert document["parksim_export"] == 1
    assert (meta["scenario"]["id"], meta["paths"], meta["seed"]) == ("baseline", 200, 8)
    assert len(document["targets"]) == len(parksim.load_scenario(BASELINE).targets)
    assert {"projections", "pipelines", "tracking", "assumptions"} <= set(document)


def test_run_json_is_the_export_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """One JSON shape: ``run --format json`` prints what ``export --format json`` writes.
    Only ``metadata.command`` differs: it names export's ``-o`` file, and the default
    ``baseline.json`` for run (which has no file)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    options = ["--paths", "200", "--seed", "8", "--set", "indicators.gdp.growth=0.07"]
    assert main(["run", str(BASELINE), *options, "--format", "json"]) == 0
    printed = capsysbinary.readouterr().out
    out = tmp_path / "e.json"
    assert main(["export", str(BASELINE), *options, "--format", "json", "-o", str(out)]) == 0
    run_document, export_document = json.loads(printed), json.loads(out.read_bytes())
    run_command = run_document["metadata"].pop("command")
    export_command = export_document["metadata"].pop("command")
    assert run_command == export_command.replace(shlex.quote(str(out)), "baseline.json")
    assert run_document == export_document
    scenario = parksim.load_scenario(BASELINE).with_overrides({"indicators.gdp.growth": 0.07})
    assert printed == to_json(parksim.simulate(scenario, paths=200, seed=8))  # byte for byte


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
        (None, ["run", "missing.toml"], "missing.toml: no such scenario file"),
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
                "computing_power",
                "--lever",
                "indicators.computing_power.growth",
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
        parksim.load_scenario(BASELINE),
        "computing_power",
        "indicators.computing_power.growth",
        paths=500,
    )
    assert solution.value is not None
    assert f"indicators.computing_power.growth = {solution.value * 100:.2f}%" in out
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


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    """``parksim run … --format json | head -n 1``: the document (~200 kB) is more than a pipe
    holds, so the reader's leaving is certain to break the write. No message, exit 141, and
    the ``--out`` file is still written."""
    out = tmp_path / "q.csv"
    args = ["run", str(BASELINE), "--paths", "200", "--format", "json", "--out", str(out)]
    with subprocess.Popen(
        [sys.executable, "-m", "parksim", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()
        child.stdout.close()
        err = child.stderr.read()
        code = child.wait(timeout=300)
    assert first == b"{\n"
    assert (code, err.decode()) == (EXIT_BROKEN_PIPE, "")
    assert out.stat().st_size > 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_closed_stdout_at_the_final_flush_is_quiet() -> None:
    """Short output waits in Python's buffer until exit; a reader gone by then (here: before
    the command starts) must not give "Exception ignored … BrokenPipeError" either."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "parksim", "validate", str(BASELINE)],
            cwd=ROOT,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (EXIT_BROKEN_PIPE, "")


FLAGS = {
    "run": "--paths --seed --pipeline-runs --set --scheduler --workers --format --out --lang",
    "export": "--format --own -o --out --paths --seed --pipeline-runs --set --scheduler --workers",
    "template": "-o --out",
    "import": "-o --out",
    "compare": "--format -o --out --paths --seed --years --lang",
    "solve": "--target --lever --probability --bounds --paths --seed --pipeline-runs --set --lang",
    "sensitivity": "--target --method --samples --lever --evaluations --format --paths --seed "
    "--pipeline-runs --set --scheduler --workers --lang",
    "sweep": "--target --lever --format --paths --seed --pipeline-runs --set --scheduler "
    "--workers --lang",
    "validate": "",
    "calibrate": "--years --exclude -o --out --format --lang",
    "backtest": "--origin --origins --paths --seed --format -o --out --lang",
    "db": "",  # a group: its subcommands' flags are pinned in tests/store/test_store_cli.py
    "users": "",
    "audit": "--csv -o --out",
    "brief": "-o --out --lang --compare --paths --seed --pipeline-runs --set",
}


def test_every_command_keeps_its_options() -> None:
    """The option table, as argparse sees it: no flag lost or added by a table edit."""
    subparsers = next(
        a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    assert list(subparsers) == [command.name for command in COMMANDS] == list(FLAGS)
    for name, flags in FLAGS.items():
        found = [f for a in subparsers[name]._actions for f in a.option_strings if f != "-h"]
        assert found == ["--help", *flags.split()], name


def test_shared_options_parse_alike() -> None:
    """``--set`` appends (and never shares its list between parses); defaults hold."""
    first = parser().parse_args(["run", "s.toml", "--set", "a=1", "--set", "b=2"])
    again = parser().parse_args(["export", "s.toml", "-o", "x.json"])
    assert first.set == ["a=1", "b=2"] and again.set == []
    assert (first.format, first.lang, first.paths, first.scheduler) == ("table", "zh", None, None)
    seek = parser().parse_args(["solve", "s.toml", "--target", "t", "--lever", "k"])
    assert (seek.probability, seek.bounds, seek.set) == (0.8, None, [])
    study = parser().parse_args(["sensitivity", "s.toml", "--target", "t"])
    assert (study.method, study.samples, study.levers, study.format) == (
        "tornado",
        64,
        None,
        "table",
    )
