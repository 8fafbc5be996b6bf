"""Comparing scenarios: common random numbers, exact assumption diffs, the bundled children."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import parksim
from parksim.analysis.compare import compare
from parksim.cli.compare_report import render_comparison
from parksim.cli.main import main
from parksim.errors import ParksimError
from parksim.export.comparison import comparison_csv, comparison_xlsx
from parksim.inputs.diff import IDENTITY_KEYS, assumption_diff
from tests.conftest import WriteToml

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline.toml"
CHILDREN = ("faster_reform", "prolonged_shock", "targets_need")
PATHS = 300


def own_keys(path: Path) -> set[str]:
    """Dotted keys a child file sets itself (its own name and description aside)."""
    data = tomllib.loads(path.read_text("utf-8"))
    keys = {f"scenario.{k}" for k in data.pop("scenario") if k != "extends"} - IDENTITY_KEYS
    for section, items in data.items():
        for item, table in items.items():
            keys |= {f"{section}.{item}.{field}" for field in table if field != "source"}
    return keys


@pytest.fixture(scope="module")
def baseline() -> parksim.Scenario:
    return parksim.load_scenario(BASELINE)


def test_a_scenario_compared_with_itself_shows_no_differences(baseline: parksim.Scenario) -> None:
    comparison = compare([baseline, baseline], paths=PATHS)
    assert comparison.labels == ("baseline", "baseline (2)")
    assert comparison.assumptions().empty
    targets, projections = comparison.targets(), comparison.projections()
    for table in (targets, projections):
        deltas = table[[c for c in table.columns if c.startswith("d_")]].to_numpy()
        assert deltas.size and np.all(deltas == 0)
    assert "(无差异)" in render_comparison(comparison)


def test_parent_and_child_differ_in_exactly_the_childs_overrides(
    baseline: parksim.Scenario, write_toml: WriteToml
) -> None:
    path = write_toml(
        "child.toml",
        f"""
        [scenario]
        id = "child"
        name = "子情景"
        name_en = "Child"
        extends = "{BASELINE}"
        paths = 500

        [indicators.gdp]
        growth = 0.09
        cap = 5000
        source.growth = "assumption: faster"
        source.cap = "assumption: land runs out"

        [targets.big_health]
        year = 2030
        source.year = "assumption: later deadline"

        [pipelines.health]
        approval_staff = 4
        source.approval_staff = "assumption: the same as the baseline (no difference)"
        """,
    )
    child = parksim.load_scenario(path)
    diff = compare([baseline, child], paths=PATHS).assumptions()
    keys = {
        "scenario.paths",
        "indicators.gdp.growth",
        "indicators.gdp.cap",
        "targets.big_health.year",
    }
    assert set(diff["key"]) == keys  # approval_staff is set, but to the parent's value
    cap = diff[diff["key"] == "indicators.gdp.cap"].set_index("scenario")
    assert cap.loc["baseline", "value"] is None and cap.loc["child", "value"] == 5000
    assert cap.loc["child", "source"] == "assumption: land runs out"
    assert cap.loc["child", "set_by"] == str(path) and cap.loc["child", "basis"] == "assumption"
    growth = diff[diff["key"] == "indicators.gdp.growth"].set_index("scenario")
    assert growth.loc["baseline", "value"] == {"2020-2025": 0.08, "2026-2030": 0.065}
    assert growth.loc["baseline", "set_by"] == str(BASELINE)


def test_overrides_show_in_the_diff_with_their_origin(baseline: parksim.Scenario) -> None:
    changed = baseline.with_overrides({"indicators.chips.volatility": 0.2})
    diff = assumption_diff([baseline, changed])
    assert diff["key"].unique().tolist() == ["indicators.chips.volatility"]
    assert diff["set_by"].tolist() == [str(BASELINE), "<override>"]
    assert diff["source"].tolist()[1] == "assumption: override"


@pytest.mark.parametrize("child", CHILDREN)
def test_each_bundled_child_differs_from_the_baseline_in_its_own_keys(
    baseline: parksim.Scenario, child: str
) -> None:
    path = SCENARIOS / f"{child}.toml"
    scenario = parksim.load_scenario(path)
    assert scenario.files == (BASELINE, path)
    assert set(assumption_diff([baseline, scenario])["key"]) == own_keys(path)
    for key in own_keys(path):
        source = scenario.source_of(key)
        assert source is not None and source.startswith("assumption: "), key


def test_same_seed_and_paths_for_all_so_only_assumptions_move_numbers(
    baseline: parksim.Scenario,
) -> None:
    reform = parksim.load_scenario(SCENARIOS / "faster_reform.toml")
    shock = parksim.load_scenario(SCENARIOS / "prolonged_shock.toml").with_overrides(
        {"scenario.paths": 50, "scenario.seed": 9}
    )
    comparison = compare([baseline.with_overrides({"scenario.paths": PATHS}), reform, shock])
    assert {r.n_paths for r in comparison.results} == {PATHS}
    assert {r.seed for r in comparison.results} == {baseline.spec.scenario.seed}
    # Faster reform changes only pipelines: an indicator without one is path-for-path equal
    # until the first full-year figure of a piped indicator (big health, 2023), whose organic
    # part, and so what the shared trend learns from it, differs.
    first, second = comparison.results[:2]
    assert baseline.actuals is not None
    cut = min(baseline.annual_levels("big_health")) - baseline.base_year
    assert np.array_equal(
        first.paths("human_capital")[:, :cut], second.paths("human_capital")[:, :cut]
    )
    assert not np.array_equal(first.paths("big_health"), second.paths("big_health"))
    table = comparison.targets().set_index("target")
    assert table.loc["big_health", "d_p50:faster_reform"] > 0


def test_targets_need_sets_each_required_rate_and_removes_nothing(
    baseline: parksim.Scenario,
) -> None:
    need = parksim.load_scenario(SCENARIOS / "targets_need.toml")
    plain = [t for t in baseline.targets.values() if t.indicator in baseline.indicators]
    assert len(plain) == 5
    # One growth per indicator: an indicator with two targets (big health: the article's 万亿
    # and the official 3,000 亿) serves the one its source computes, the official one.
    served = {}
    for target in plain:
        source = need.source_of(f"indicators.{target.indicator}.growth") or ""
        computed = f"({target.value:g} / {baseline.indicators[target.indicator].base:g})^(1 / ("
        if computed in source:
            assert target.indicator not in served, target.indicator
            served[target.indicator] = target
    assert set(served) == {t.indicator for t in plain}
    assert served["big_health"] is baseline.targets["big_health_official"]
    for indicator, target in served.items():  # from the 2019 base, as the file's sources say
        base = baseline.indicators[indicator].base
        needed = (target.value / base) ** (1 / (target.year - baseline.base_year)) - 1
        assert need.indicators[indicator].growth == round(needed, 4)
    assert need.all_indicator_ids == baseline.all_indicator_ids
    assert list(need.targets) == list(baseline.targets) and list(need.pipelines) == list(
        baseline.pipelines
    )
    assert {i: v.shocks for i, v in need.indicators.items()} == {
        i: v.shocks for i, v in baseline.indicators.items()
    }


def test_projection_years_default_to_deadlines_and_horizon(baseline: parksim.Scenario) -> None:
    comparison = compare([baseline], paths=PATHS)
    assert comparison.years == (2023, 2025, 2030)
    projections = comparison.projections()
    assert set(projections["year"]) == {2023, 2025, 2030}
    assert len(projections) == 3 * len(baseline.all_indicator_ids)
    chosen = compare([baseline], paths=PATHS, years=[2030, 2021])
    assert chosen.years == (2021, 2030)
    with pytest.raises(ParksimError, match="year 2040 is outside the scenario's 2019-2030"):
        compare([baseline], paths=PATHS, years=[2040])


def test_comparison_xlsx_and_csv_read_back(baseline: parksim.Scenario) -> None:
    shock = parksim.load_scenario(SCENARIOS / "prolonged_shock.toml")
    comparison = compare([baseline, shock], paths=PATHS)
    targets = comparison.targets()
    book = openpyxl.load_workbook(io.BytesIO(comparison_xlsx(comparison)))
    assert book.sheetnames == ["Targets", "Projections", "Assumptions", "Metadata"]
    ws = book["Targets"]
    headers = [c.value for c in ws[2]]
    got = [
        r[headers.index("Probability · prolonged_shock")]
        for r in ws.iter_rows(min_row=3, values_only=True)
    ]
    assert got == pytest.approx(targets["probability:prolonged_shock"].tolist(), rel=1e-15)
    meta = {r[0]: r[3] for r in book["Metadata"].iter_rows(min_row=3, values_only=True)}
    assert meta["command"].startswith(
        f"parksim compare {BASELINE} {SCENARIOS / 'prolonged_shock.toml'}"
    )
    data = comparison_csv(comparison)
    assert data.startswith(b"\xef\xbb\xbf")
    exact = {"value": lambda text: float(text) if text else np.nan}
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", converters=exact)
    rows = table[(table["table"] == "target") & (table["statistic"] == "d_probability")]
    assert rows["value"].tolist() == targets["d_probability:prolonged_shock"].tolist()
    assumptions = table[table["table"] == "assumption"]
    assert set(assumptions["id"]) == own_keys(SCENARIOS / "prolonged_shock.toml")
    assert comparison_csv(comparison, created_at=None) != b""
    basis = [c.value for c in book["Assumptions"][2]].index("Basis")
    shown = {r[basis] for r in book["Assumptions"].iter_rows(min_row=3, values_only=True)}
    assert (
        "假设 assumption" in shown <= {"假设 assumption", "文献 document", None}
    )  # as in a single export


def test_cli_compare_prints_a_table_and_writes_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reform = SCENARIOS / "faster_reform.toml"
    assert main(["compare", str(BASELINE), str(reform), "--paths", "100", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Scenario comparison · 100 paths" in out and "faster_reform = Faster reform" in out
    assert "pipelines.health.approval_staff" in out
    assert main(["compare", str(BASELINE), str(reform), "--format", "xlsx"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    target = tmp_path / "cmp.xlsx"
    assert (
        main(
            [
                "compare",
                str(BASELINE),
                str(reform),
                "--paths",
                "100",
                "--format",
                "xlsx",
                "-o",
                str(target),
            ]
        )
        == 0
    )
    assert openpyxl.load_workbook(target).sheetnames[0] == "Targets"
    assert main(["compare", str(BASELINE), "--years", "2025,x"]) == 2
    assert "--years 2025,x: must be years separated by commas" in capsys.readouterr().err
