"""Exports read back by the tools planners use (openpyxl, pandas, pyam, json), number by number."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shlex
import types
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import parksim
from parksim.analysis.compare import compare
from parksim.cli.main import main
from parksim.export.comparison import comparison_csv
from parksim.export.formats import (
    export_bytes,
    iamc_frame,
    json_document,
    to_csv,
    to_iamc,
    to_json,
    to_xlsx,
    write_export,
)
from parksim.export.meta import metadata_items, reproduce_command, resolve_created_at
from parksim.inputs.digest import scenario_sha256
from parksim.inputs.overrides import format_set, parse_set
from parksim.results.protocol import Result
from parksim.results.tables import target_table
from tests.conftest import WriteToml, run_cli

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "baseline.toml"
REFORM = ROOT / "scenarios" / "faster_reform.toml"
FIXED = datetime(2020, 4, 25, 8, 0, tzinfo=UTC)
PATHS, SEED = 400, 11


@pytest.fixture(scope="module")
def result() -> Result:
    return parksim.simulate(parksim.load_scenario(BASELINE), paths=PATHS, seed=SEED)


@pytest.fixture(scope="module")
def reform() -> Result:
    return parksim.simulate(parksim.load_scenario(REFORM), paths=PATHS, seed=SEED)


@pytest.fixture(scope="module")
def pyam() -> types.ModuleType:
    """pyam itself, the IAMC community's reader; CI installs it and never skips."""
    if os.environ.get("CI") == "true":
        import pyam

        return pyam
    return pytest.importorskip("pyam")


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    """The data rows below the two header rows (Chinese, English)."""
    return list(ws.iter_rows(min_row=3, values_only=True))


def column(ws: openpyxl.worksheet.worksheet.Worksheet, english: str) -> int:
    """0-based index of the column whose English header is ``english``."""
    return [c.value for c in ws[2]].index(english)


def same(got: list[object], expected: list[float]) -> bool:
    """XLSX holds 16 significant digits (Excel itself computes with 15): equal to 1e-15."""
    wanted = [None if np.isnan(v) else pytest.approx(v, rel=1e-15, abs=0) for v in expected]
    return got == wanted


def read_tidy(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with the UTF-8 BOM for Excel"
    # Python's float() reads the numbers exactly, whatever pandas' default parser does.
    exact = {"value": lambda text: float(text) if text else np.nan}
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", converters=exact)


# ----------------------------------------------------------------------------- XLSX


def test_xlsx_has_the_sheets_and_the_exact_numbers(result: Result) -> None:
    book = workbook(to_xlsx(result, created_at=FIXED))
    assert book.sheetnames == [
        "Targets",
        "Projections",
        "Assumptions",
        "Pipelines",
        "Tracking",
        "Metadata",
    ]
    targets = result.targets()
    ws = book["Targets"]
    got = rows(ws)
    assert [r[0] for r in got] == targets["target"].tolist()
    for name in ("Probability", "P10", "P50", "P90", "Growth needed"):
        key = {"Probability": "probability", "Growth needed": "required_growth"}.get(name, name)
        expected = targets[key.lower()].tolist()
        values = [r[column(ws, name)] for r in got]
        assert same(values, expected)
    projections = result.projections()
    ws = book["Projections"]
    got = rows(ws)
    assert len(got) == len(projections)
    for header, key in (("Mean", "mean"), ("P5", "p05"), ("P50", "p50"), ("P95", "p95")):
        assert same([r[column(ws, header)] for r in got], projections[key].tolist())
    stats = result.pipeline_stats()
    ws = book["Pipelines"]
    got = rows(ws)
    assert same(
        [r[column(ws, "Output added, mean (100 million yuan)")] for r in got],
        stats["output_mean"].tolist(),
    )


def test_xlsx_headers_formats_colours_and_frozen_rows(result: Result) -> None:
    book = workbook(to_xlsx(result, created_at=FIXED))
    ws = book["Targets"]
    assert (ws["H1"].value, ws["H2"].value) == ("达成概率", "Probability")
    assert ws.freeze_panes == "C3"
    assert ws.auto_filter.ref.startswith("A2:")
    big_health, four_new = 3, 3 + list(result.targets()["target"]).index("four_new_share")
    value, probability = column(ws, "Target value") + 1, column(ws, "Probability") + 1
    assert ws.cell(big_health, value).number_format == "#,##0.0"  # 亿元, one decimal
    assert ws.cell(four_new, value).number_format == "0.0%"  # a share
    assert ws.cell(big_health, probability).number_format == "0.0%"
    status = ws.cell(big_health, column(ws, "Status") + 1)
    assert status.value == "难以达成 off track"
    assert status.fill.fgColor.rgb == "00FFC7CE"  # Excel's "Bad" red
    assert ws.column_dimensions["B"].width >= 20
    ws = book["Projections"]
    shares = [i for i, r in enumerate(rows(ws), start=3) if r[3] == "share"]
    amounts = [i for i, r in enumerate(rows(ws), start=3) if r[3] == "亿元"]
    p50 = column(ws, "P50") + 1
    assert {ws.cell(i, p50).number_format for i in shares} == {"0.0%"}
    assert {ws.cell(i, p50).number_format for i in amounts} == {"#,##0.0"}
    assert all(book[name].freeze_panes is not None for name in book.sheetnames)


def test_xlsx_assumptions_list_every_input_with_source_and_file(reform: Result) -> None:
    scenario = reform.scenario
    ws = workbook(to_xlsx(reform, created_at=FIXED))["Assumptions"]
    got = {r[0]: r for r in rows(ws)}
    leaves = [
        f"{section}.{item}.{field}" if isinstance(content, dict) and field else ""
        for section, items in scenario.raw.items()
        for item, content in items.items()
        for field in (content if isinstance(content, dict) else [None])
        if field != "source"
    ]
    assert len(got) == len(leaves)  # every input after inheritance, nothing else
    value, source = column(ws, "Value"), column(ws, "Source")
    basis, set_by = column(ws, "Basis"), column(ws, "Set by file")
    staff = got["pipelines.health.approval_staff"]
    assert staff[value] == 6 and staff[set_by].endswith("faster_reform.toml")
    assert staff[source].startswith("assumption: six parallel approval teams")
    assert staff[basis] == "假设 assumption"
    gdp = got["indicators.gdp.base"]
    assert gdp[value] == 1150.2 and gdp[set_by].endswith("baseline.toml")
    assert gdp[basis] == "文献 document" and "1150.2" in gdp[source]
    assert got["indicators.gdp.growth"][value] == '{ "2020-2025" = 0.08, "2026-2030" = 0.065 }'


def test_metadata_says_how_the_numbers_were_made(reform: Result) -> None:
    ws = workbook(to_xlsx(reform, created_at=FIXED, out="r.xlsx"))["Metadata"]
    meta = {r[0]: r[3] for r in rows(ws)}
    raw = json.dumps(reform.scenario.raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert meta["scenario_sha256"] == hashlib.sha256(raw.encode()).hexdigest()
    assert "after inheritance and overrides" in meta["scenario_sha256_of"]
    for i, file in enumerate(reform.scenario.files, start=1):
        assert (
            meta[f"file_{i}"] == f"{file}  sha256:{hashlib.sha256(file.read_bytes()).hexdigest()}"
        )
    assert meta["file_1"].startswith(str(BASELINE))  # root of the chain first
    assert (meta["paths"], meta["seed"], meta["scenario_id"]) == (PATHS, SEED, "faster_reform")
    assert (meta["parksim_version"], meta["created_at"]) == (parksim.__version__, FIXED.isoformat())
    assert meta["command"] == (
        f"parksim export {REFORM} --format xlsx -o r.xlsx --paths {PATHS} --seed {SEED}"
    )


def test_metadata_command_reproduces_an_app_session_with_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overrides = {
        "indicators.gdp.growth": {"2020-2025": 0.1, "2026-2030": 0.05},
        "pipelines.health.arrivals_per_year": {"2020-2030": 50},
        "targets.big_health.value": 9000,
    }
    scenario = parksim.load_scenario(BASELINE).with_overrides(overrides)
    session = parksim.simulate(scenario, paths=300, seed=5, pipeline_runs=30)
    out = tmp_path / "session.csv"
    expected = to_csv(session, created_at=FIXED, out=str(out))
    command = read_tidy(expected).set_index("id").loc["command", "text"]
    assert "--pipeline-runs 30" in command and command.count("--set") == 3
    argv = shlex.split(command)
    assert argv[:2] == ["parksim", "export"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(FIXED.timestamp())))
    assert main(argv[1:]) == 0
    assert out.read_bytes() == expected  # the same numbers, byte for byte


# ----------------------------------------------------------------------------- CSV


def test_csv_is_tidy_utf8_with_bom_and_matches_the_result(result: Result) -> None:
    table = read_tidy(to_csv(result, created_at=FIXED))
    assert list(table.columns) == [
        "scenario",
        "table",
        "id",
        "name",
        "name_en",
        "unit",
        "year",
        "statistic",
        "value",
        "text",
    ]
    assert set(table["table"]) == {"projection", "target", "pipeline", "tracking", "metadata"}
    tracked = table[table["table"] == "tracking"].set_index(["id", "statistic"])
    expected = result.tracking().set_index("indicator").loc["import_export"]
    assert tracked.loc[("import_export", "latest_actual"), "value"] == 147.2
    assert tracked.loc[("import_export", "plan_value"), "value"] == expected["plan_value"]
    assert tracked.loc[("import_export", "status"), "text"] == expected["status"]
    assert set(table["scenario"]) == {"baseline"}
    projection = table[table["table"] == "projection"]
    p50 = projection[projection["statistic"] == "p50"]
    assert p50["value"].tolist() == result.projections()["p50"].tolist()
    gdp = projection[(projection["id"] == "gdp") & (projection["year"] == 2025)]
    assert gdp["name"].iloc[0] == "地区生产总值"  # Chinese survives the round trip
    targets = table[table["table"] == "target"].set_index(["id", "statistic"])
    for row in result.targets().to_dict(orient="records"):
        assert targets.loc[(row["target"], "probability"), "value"] == row["probability"]
        assert targets.loc[(row["target"], "p50"), "value"] == row["p50"]
        assert targets.loc[(row["target"], "status"), "text"] == row["status"]
    meta = table[table["table"] == "metadata"].set_index("id")["text"]
    assert meta["scenario_sha256"] == scenario_sha256(result.scenario)
    assert (meta["seed"], meta["paths"]) == (str(SEED), str(PATHS))


def test_csv_and_json_are_byte_identical_for_the_same_inputs(result: Result) -> None:
    again = parksim.simulate(parksim.load_scenario(BASELINE), paths=PATHS, seed=SEED)
    assert to_csv(result, created_at=FIXED) == to_csv(again, created_at=FIXED)
    assert to_json(result, created_at=FIXED) == to_json(again, created_at=FIXED)
    later = datetime(2021, 1, 1, tzinfo=UTC)
    first, second = to_csv(result, created_at=FIXED), to_csv(result, created_at=later)
    changed = set(first.decode().splitlines()) ^ set(second.decode().splitlines())
    assert len(changed) == 2 and all(",created_at," in line for line in changed)


# ----------------------------------------------------------------------------- JSON


def test_json_document_holds_the_whole_result(result: Result) -> None:
    document = json.loads(to_json(result, created_at=FIXED))
    assert list(document) == [
        "parksim_export",
        "metadata",
        "targets",
        "projections",
        "pipelines",
        "tracking",
        "assumptions",
    ]
    tracking = {row["indicator"]: row for row in document["tracking"]}
    assert tracking["online_sales"]["latest_actual"] == 274.0
    assert tracking["online_sales"]["progress_ratio"] == pytest.approx(
        result.tracking().set_index("indicator").loc["online_sales", "progress_ratio"], rel=1e-15
    )
    meta = document["metadata"]
    assert meta["scenario"]["id"] == "baseline" and meta["created_at"] == FIXED.isoformat()
    assert (meta["paths"], meta["seed"]) == (PATHS, SEED)
    assert meta["quantiles"] == [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]
    assert meta["files"][0]["sha256"] == hashlib.sha256(BASELINE.read_bytes()).hexdigest()
    targets = target_table(result)
    assert [t["probability"] for t in document["targets"]] == targets["probability"].tolist()
    share_target = next(t for t in document["targets"] if t["target"] == "four_new_share")
    assert share_target["required_growth"] is None  # NaN is null, not invalid JSON
    gdp = document["projections"]["gdp"]
    projections = result.projections().query("indicator == 'gdp'")
    assert gdp["year"] == projections["year"].tolist()
    assert gdp["p50"] == projections["p50"].tolist() and gdp["unit"] == "亿元"
    assert len(document["pipelines"]) == len(result.pipeline_stats())
    growth = next(a for a in document["assumptions"] if a["key"] == "indicators.gdp.growth")
    assert growth["value"] == {"2020-2025": 0.08, "2026-2030": 0.065}
    assert json_document(result, created_at=FIXED) == document


# ----------------------------------------------------------------------------- IAMC


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pyam 4.0 and its deps on pandas 3
def test_iamc_loads_in_pyam_from_a_frame_csv_and_xlsx(
    result: Result, tmp_path: Path, pyam: types.ModuleType
) -> None:
    frame = iamc_frame(result)
    assert list(frame.columns[:5]) == ["model", "scenario", "region", "variable", "unit"]
    assert list(frame.columns[5:]) == list(range(2019, 2031))
    csv_file = tmp_path / "baseline_iamc.csv"
    csv_file.write_bytes(to_iamc(result))
    xlsx_file = tmp_path / "baseline_iamc.xlsx"
    xlsx_file.write_bytes(to_iamc(result, excel=True, created_at=FIXED))
    projections = result.projections().set_index(["indicator", "year"])
    for source in (frame, csv_file, xlsx_file):
        df = pyam.IamDataFrame(source)
        assert df.model == [f"parksim {parksim.__version__}"] and df.scenario == ["baseline"]
        assert set(df.region) == {"Jinan High-tech Zone", "Jinan"}
        gdp = df.filter(variable="GDP of the zone|P50", region="Jinan High-tech Zone")
        assert gdp.unit == ["100 million CNY"]
        series = gdp.timeseries().iloc[0].to_numpy()
        assert np.allclose(series, projections.loc["gdp", "p50"], rtol=1e-15, atol=0)
        health_name = result.scenario.indicators["big_health"].name_en
        health = df.filter(variable=f"{health_name}|Mean")
        assert health.region == ["Jinan"]  # the indicator's scope is the city
        share = df.filter(variable="Share of the four new economy in value added|P5")
        assert share.unit == ["%"]
        expected = projections.loc["four_new_share", "p05"].to_numpy() * 100
        assert np.allclose(share.timeseries().iloc[0].to_numpy(), expected, rtol=1e-15, atol=0)
        assert len(df.variable) == 8 * len(result.scenario.all_indicator_ids)
    meta = pyam.IamDataFrame(xlsx_file).meta
    assert meta["seed"].iloc[0] == SEED and meta["paths"].iloc[0] == PATHS
    assert meta["scenario_sha256"].iloc[0] == scenario_sha256(result.scenario)


# ----------------------------------------------------------------------------- formula injection

INJECTED = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def injected(write_toml: WriteToml) -> Result:
    path = write_toml(
        "evil.toml",
        f"""
        [scenario]
        id = "evil"
        name = '{INJECTED}'
        name_en = "+SUM(1,2)"
        description = "@cmd /c calc"
        base_year = 2019
        horizon = 2022

        [indicators.x]
        name = "-2+3"
        name_en = "=1+1"
        unit = "亿元"
        base = 10
        growth = 0.1
        source = "assumption: =cmd|' /C calc'!A0"

        [targets.x]
        indicator = "x"
        value = 12
        year = 2021
        name = '{INJECTED}'
        name_en = "@SUM(A1)"
        source = "assumption: test"
        """,
    )
    return parksim.simulate(parksim.load_scenario(path), paths=50, seed=1)


def test_csv_neutralises_formula_like_text(injected: Result) -> None:
    table = read_tidy(to_csv(injected, created_at=FIXED))
    texts = [v for c in table.columns for v in table[c] if isinstance(v, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert "'" + INJECTED in texts and "'-2+3" in texts and "'@SUM(A1)" in texts
    assert "'=1+1" in texts and "'+SUM(1,2)" in texts and "'@cmd /c calc" in texts
    iamc = pd.read_csv(io.BytesIO(to_iamc(injected)))
    assert all(v.startswith("'=1+1|") for v in iamc["variable"])


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n"])
def test_a_line_break_smuggles_no_formula_into_any_csv(write_toml: WriteToml, brk: str) -> None:
    """A source or description with ``<line break>=cmd…``: written unquoted, a bare CR starts
    a new row for Excel and ``csv.reader``, and that row starts with ``=``. No CSV the program
    writes lets it (names and units refuse control characters at load time)."""
    evil = f"x{brk}=cmd|' /C calc'!A0".encode("unicode_escape").decode()
    described = evil.replace("\\r", "")  # a description may hold line feeds only
    text = f"""
        [scenario]
        id = "cr"
        name = "回车"
        name_en = "CR"
        description = "{described}"
        base_year = 2019
        horizon = 2021

        [indicators.x]
        name = "甲"
        name_en = "x"
        unit = "亿元"
        base = 10
        growth = 0.1
        source = "assumption: {evil}"

        [targets.x]
        indicator = "x"
        value = 12
        year = 2021
        name = "目标"
        name_en = "X"
        source = "assumption: {evil}"
        """
    path = write_toml("cr.toml", text)
    plain = write_toml("plain.toml", text.replace(evil, "plain").replace("base = 10", "base = 11"))
    scenarios = [parksim.load_scenario(p) for p in (plain, path)]
    result = parksim.simulate(scenarios[1], paths=50, seed=1)
    run = run_cli("run", str(path), "--paths", "50", "--format", "csv")
    assert run.returncode == 0, run.stderr
    both = comparison_csv(compare(scenarios, paths=50), created_at=FIXED)
    exports = [both, to_csv(result, created_at=FIXED), to_iamc(result), run.stdout.encode()]
    for data in exports:
        text = data.decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                for line in cell.replace("\r", "\n").split("\n"):
                    assert not line.startswith(("=", "+", "@")), (line, text[:300])
        assert "\r" not in text  # every line break a line feed, inside quotes
    assert "'=cmd|' /C calc'!A0" in exports[0].decode("utf-8-sig")


def test_xlsx_stores_formula_like_text_as_quoted_text(injected: Result) -> None:
    book = workbook(to_xlsx(injected, created_at=FIXED))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    risky = [
        c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
    ]
    assert {c.value for c in risky} >= {INJECTED, "-2+3", "=1+1", "@SUM(A1)", "+SUM(1,2)"}
    assert all(c.quotePrefix and c.data_type == "s" for c in risky)  # as Excel stores '=…


# ----------------------------------------------------------------------------- --set and files


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("indicators.gdp.growth=0.1", "indicators.gdp.growth", 0.1),
        ("scenario.paths = 500", "scenario.paths", 500),
        (
            'pipelines.health.arrivals_per_year={ "2020-2030" = 50 }',
            "pipelines.health.arrivals_per_year",
            {"2020-2030": 50},
        ),
        ("pipelines.health.build_years=[1, 2, 3.5]", "pipelines.health.build_years", [1, 2, 3.5]),
        ('scenario.name="冲击 \\"x\\""', "scenario.name", '冲击 "x"'),
    ],
)
def test_parse_set_reads_toml_values_and_format_set_inverts_it(
    text: str, key: str, value: object
) -> None:
    assert parse_set(text) == (key, value)
    assert parse_set(format_set(key, value)) == (key, value)


def test_format_set_writes_numpy_numbers_as_toml() -> None:
    assert format_set("indicators.gdp.growth", np.float64(0.1)) == "indicators.gdp.growth=0.1"
    assert format_set("scenario.paths", np.int64(5)) == "scenario.paths=5"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "indicators.gdp.growth",
            "--set indicators.gdp.growth: must be KEY=VALUE with a dotted key, e.g. --set indicators.gdp.growth=0.1",
        ),
        (
            "=0.1",
            "--set =0.1: must be KEY=VALUE with a dotted key, e.g. --set indicators.gdp.growth=0.1",
        ),
        (
            "indicators.gdp.growth=ten",
            '--set indicators.gdp.growth=ten: not a TOML value; use a number, "text", true/false, [a, list] or { "2021-2025" = 0.1 }',
        ),
    ],
)
def test_malformed_set_is_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(parksim.ScenarioError) as caught:
        parse_set(text)
    assert str(caught.value) == message


def test_cli_set_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(BASELINE), "--paths", "50", "--set", "indicators.gdp.growth=1e"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("parksim: error: --set indicators.gdp.growth=1e")
    assert main(["run", str(BASELINE), "--paths", "50", "--set", "indicators.gdp.speed=1"]) == 2
    assert "indicators.gdp.speed" in capsys.readouterr().err


def test_cli_run_applies_set(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["run", str(BASELINE), "--paths", "200", "--seed", "2", "--format", "csv"]
    assert main([*args, "--set", "targets.big_health.value=1"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("target")
    assert table.loc["big_health", "probability"] == 1.0


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("xlsx", "a.xlsx"),
        ("csv", "a.csv"),
        ("json", "a.json"),
        ("iamc", "a.csv"),
        ("iamc", "a.xlsx"),
    ],
)
def test_cli_export_writes_each_format(tmp_path: Path, fmt: str, name: str) -> None:
    out = tmp_path / name
    assert main(["export", str(BASELINE), "--format", fmt, "-o", str(out), "--paths", "100"]) == 0
    result = parksim.simulate(parksim.load_scenario(BASELINE), paths=100)
    stamp = resolve_created_at(None)
    if fmt in ("csv", "json"):
        expected = export_bytes(result, fmt, created_at=stamp, out=out)
        strip = [
            line for line in expected.decode("utf-8-sig").splitlines() if "created_at" not in line
        ]
        assert [
            line for line in out.read_text("utf-8-sig").splitlines() if "created_at" not in line
        ] == strip
    elif fmt == "xlsx" or name.endswith(".xlsx"):
        assert workbook(out.read_bytes()).sheetnames[0] in ("Targets", "data")
    else:
        assert out.read_text().startswith("model,scenario,region,variable,unit,2019,")


def test_export_format_follows_the_suffix(
    tmp_path: Path, result: Result, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_export(result, tmp_path / "r.json", created_at=FIXED)
    assert json.loads(path.read_text("utf-8"))["metadata"]["paths"] == PATHS
    assert main(["export", str(BASELINE), "-o", str(tmp_path / "r.txt"), "--paths", "50"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot tell the format from the suffix .txt" in err


def test_created_at_honours_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch, result: Result
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1587801600")
    assert resolve_created_at(None) == datetime(2020, 4, 25, 8, 0, tzinfo=UTC)
    assert to_json(result) == to_json(result, created_at=FIXED)
    items = {
        m.key: m.value
        for m in metadata_items(result, FIXED, reproduce_command(result, "csv", "x.csv"))
    }
    assert (
        items["command"]
        == f"parksim export {BASELINE} --format csv -o x.csv --paths {PATHS} --seed {SEED}"
    )
