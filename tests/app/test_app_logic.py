"""The app's pure modules without Streamlit: sliders, links, saving, catalog, tables, charts,
goal seek."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import parksim
from parksim.analysis.levers import raw_value
from parksim.app import catalog, controls, history, link, saving, team, views
from parksim.app.views import literal
from parksim.inputs.years import spread_over_years
from parksim.report import charts
from parksim.report.summary import probability, run_summary, target_basis
from parksim.text.words import word

ROOT = Path(__file__).resolve().parents[2]
SMALL = """
[scenario]
id = "small"
name = "小"
name_en = "Small"
base_year = 2019
horizon = 2025
paths = 2000
seed = 5

[indicators.health]
name = "健康"
name_en = "Health"
unit = "亿元"
base = 100.0
growth = { "2020-2022" = 0.10, "2023-2025" = 0.06 }
volatility = 0.05
growth_range = [0.02, 0.20]
source.base = "doc-1: 健康 100"
source.growth = "assumption: trend"
source.volatility = "assumption: noise"
source.growth_range = "assumption: range"

[targets.health]
indicator = "health"
value = 200.0
year = 2025
name = "健康翻番"
name_en = "Health doubles"
source = "doc-1: 翻番"
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", target)
    (target / "small.toml").write_text(SMALL, encoding="utf-8")
    return target


@pytest.fixture
def small(folder: Path) -> parksim.Scenario:
    return parksim.load_scenario(folder / "small.toml")


# ----------------------------------------------------------------------------- controls


def test_growth_slider_shifts_the_year_profile_and_keeps_its_shape(small: parksim.Scenario) -> None:
    control = controls.by_key(controls.controls_of(small))["indicators.health.growth"]
    assert control.exact == pytest.approx(0.08)
    assert (control.low, control.high, control.default) == (0.02, 0.2, 0.08)
    overrides = controls.overrides_for(small, {control.key: 0.1})
    assert overrides == {control.key: {"2020-2022": 0.12, "2023-2025": 0.08}}
    moved = controls.apply_positions(small, {control.key: 0.1})
    assert np.mean(moved.compiled.growth[0]) == pytest.approx(0.1)
    assert moved.source_of(control.key) == controls.APP_SOURCE


def test_growth_steps_from_a_rounded_average_land_on_round_values(folder: Path) -> None:
    """Baseline tables average 9.0909…%: the slider shows 9.1%, one step up must write
    rates 0.1 point higher (0.101, 0.081), never 0.100091; the average stays within half a
    step of the slider's position, so slider and average read the same at 0.1 %."""
    base = parksim.load_scenario(folder / "baseline.toml")
    tables = [c for c in controls.controls_of(base) if c.kind == "growth" and c.table]
    assert tables
    for control in tables:
        raw = raw_value(base, control.key)
        for steps in (1, -1, 7):
            position = control.at(control.index_of(control.default) + steps)
            moved = controls.overrides_for(base, {control.key: position})[control.key]
            assert moved == {k: round(float(v) + steps * 0.001, 6) for k, v in raw.items()}
            scenario = controls.apply_positions(base, {control.key: position})
            average = float(
                np.mean(scenario.compiled.growth[base.compiled.indicator_ids.index(control.owner)])
            )
            assert abs(average - position) <= 0.0005 + 1e-12
            assert f"{average:.1%}" == control.format(position, "en")


def test_projects_slider_scales_every_year(folder: Path) -> None:
    base = parksim.load_scenario(folder / "baseline.toml")
    control = controls.by_key(controls.controls_of(base))["pipelines.health.arrivals_per_year"]
    value = controls.overrides_for(base, {control.key: 50.0})[control.key]
    assert value["2020-2025"] / value["2026-2030"] == pytest.approx(40 / 30)
    moved = controls.apply_positions(base, {control.key: 50.0})
    assert np.mean(moved.compiled.arrivals["health"]) == pytest.approx(50.0, abs=1e-3)


def test_slider_ranges_come_from_planner_ranges(folder: Path) -> None:
    base = parksim.load_scenario(folder / "baseline.toml")
    by_key = controls.by_key(controls.controls_of(base))
    assert (
        by_key["indicators.big_health.growth"].low,
        by_key["indicators.big_health.growth"].high,
    ) == (0.06, 0.16)
    assert (
        by_key["pipelines.nuclear.approval_staff"].low,
        by_key["pipelines.nuclear.approval_staff"].high,
    ) == (1, 4)
    assert by_key["indicators.chips.growth"].planner_range is None  # ±: 15 % − 5 .. + 10 points
    assert by_key["indicators.gdp.volatility"].kind == "volatility"  # under 高级设置


def test_positions_off_the_grid_or_beyond_the_levers_bounds_are_refused(
    small: parksim.Scenario,
) -> None:
    """Beyond the slider's range is allowed (a goal-seek answer, a link), up to the lever
    model's hard bounds, -50 %..100 % for growth."""
    control = controls.controls_of(small)[0]
    assert control.check(0.123) == 0.123
    assert control.check(0.5) == 0.5 and control.check(-0.1) == -0.1
    for bad in (0.1234, 1.001, -0.501, float("nan"), "0.1", True):
        with pytest.raises(ValueError):
            control.check(bad)
    with pytest.raises(parksim.ArgumentError, match="not a slider"):
        controls.overrides_for(small, {"indicators.health.base": 1.0})


def test_a_position_equal_to_the_scenario_is_no_change(small: parksim.Scenario) -> None:
    assert controls.changed_only(small, {"indicators.health.growth": 0.08}) == {}
    assert controls.apply_positions(small, {}) is small


# ----------------------------------------------------------------------------- share links


def resolver(folder: Path):  # type: ignore[no-untyped-def]
    entries = catalog.list_scenarios(folder)

    def resolve(scenario_id: str) -> parksim.Scenario | None:
        entry = catalog.find(entries, scenario_id)
        return None if entry is None else catalog.load(entry)

    return resolve


def test_a_link_round_trips(folder: Path) -> None:
    state = link.ViewState("small", seed=7, paths=5000, lang="en").with_positions(
        {"indicators.health.growth": 0.15, "indicators.health.volatility": 0.1}
    )
    params = link.encode(state)
    assert params == {
        "s": "small",
        "o": '{"indicators.health.growth":0.15,"indicators.health.volatility":0.1}',
        "seed": "7",
        "paths": "5000",
        "lang": "en",
    }
    decoded, notices = link.decode(params, "baseline", resolver(folder))
    assert (decoded, notices) == (state, [])
    assert link.encode(link.ViewState("baseline")) == {"s": "baseline"}


@pytest.mark.parametrize(
    ("params", "dropped"),
    [
        ({"s": "nope"}, ["s"]),
        ({"s": "small", "o": "[1, 2]"}, ["o"]),
        ({"s": "small", "o": '{"indicators.health.growth": 1.3}'}, ["o.indicators.health.growth"]),
        ({"s": "small", "o": '{"indicators.health.growth": NaN}'}, ["o.indicators.health.growth"]),
        ({"s": "small", "o": '{"scenario.seed": 1}'}, ["o.scenario.seed"]),
        ({"s": "small", "o": "x" * 5000}, ["o"]),
        ({"seed": "1e9"}, ["seed"]),
        ({"seed": "²"}, ["seed"]),  # str.isdigit() says yes, int() says no
        ({"seed": "١٢"}, ["seed"]),
        ({"s": "small", "o": "[" * 1500 + "]" * 1500}, ["o"]),  # RecursionError in json
        ({"seed": str(2**40)}, ["seed"]),
        ({"paths": "10000000"}, ["paths"]),
        ({"lang": "de"}, ["lang"]),
        ({"debug": "1", "embed": "true"}, ["debug"]),
    ],
)
def test_bad_link_parameters_are_dropped_one_by_one(
    folder: Path, params: dict[str, str], dropped: list[str]
) -> None:
    state, notices = link.decode(params, "baseline", resolver(folder))
    assert [n.param for n in notices] == dropped
    assert state.positions == ()
    assert all(n.text("zh") and n.text("en") for n in notices)


def test_echoed_link_values_are_cut_and_shown_as_plain_text(folder: Path) -> None:
    """``?s=[click to re-login](http://evil.example/login)`` must not become a live link, nor
    ``![t](…)`` an image the browser fetches; a long value is cut."""
    hostile = "[click to re-login](http://evil.example/login) ![t](http://127.0.0.1:9/t.png)"
    _, notices = link.decode({"s": hostile + "x" * 200}, "baseline", resolver(folder))
    (notice,) = notices
    values = dict(notice.values)
    assert len(values["given"]) == link.SHOWN_CHARS and values["given"].endswith("…")
    shown = literal(notice.text("en"))
    assert not re.search(r"(?<!\\)[\[\]()!]", shown)


def test_good_keys_survive_next_to_bad_ones(folder: Path) -> None:
    params = {"s": "small", "o": '{"indicators.health.growth": 0.15, "x.y.z": 1}', "seed": "3"}
    state, notices = link.decode(params, "baseline", resolver(folder))
    assert state.moved == {"indicators.health.growth": 0.15}
    assert state.seed == 3
    assert [n.param for n in notices] == ["o.x.y.z"]


# ----------------------------------------------------------------------------- saving


def request(overrides: dict[str, object], file_id: str = "mine", **extra: object) -> saving.Request:
    return saving.Request(file_id, "我的", "Mine", "李雷", overrides, **extra)  # type: ignore[arg-type]


def entry_of(folder: Path, scenario_id: str) -> catalog.Entry:
    entry = catalog.find(catalog.list_scenarios(folder), scenario_id)
    assert entry is not None
    return entry


def test_saved_child_loads_and_gives_the_numbers_of_the_overrides(folder: Path) -> None:
    entry = entry_of(folder, "faster_reform")
    base = catalog.load(entry)
    positions = {
        "indicators.big_health.growth": 0.12,
        "pipelines.health.approval_staff": 7.0,
        "pipelines.computing.arrivals_per_year": 30.0,
    }
    overrides = controls.overrides_for(base, positions)
    text = saving.child_text(base, entry, request(overrides, seed=11, paths=3000))
    path = saving.save(folder, "mine", text)
    saved = parksim.load_scenario(path)
    assert saved.id == "mine" and saved.files[-2].name == "faster_reform.toml"
    assert saved.source_of("pipelines.health.approval_staff") == (
        "assumption: set in the app by 李雷"
    )
    in_app = parksim.simulate(controls.apply_positions(base, positions), paths=3000, seed=11)
    pd.testing.assert_frame_equal(parksim.simulate(saved).targets(), in_app.targets())
    assert text.count("source.") == 3  # only the changed values


def test_save_never_overwrites_without_confirmation(folder: Path) -> None:
    entry = entry_of(folder, "baseline")
    base = catalog.load(entry)
    first = saving.child_text(base, entry, request({}))
    saving.save(folder, "mine", first)
    second = saving.child_text(base, entry, request({"indicators.gdp.volatility": 0.05}))
    with pytest.raises(saving.SaveError) as refused:
        saving.save(folder, "mine", second)
    assert refused.value.confirm == ("mine", saving.revision(folder / "mine.toml"))
    assert (folder / "mine.toml").read_text(encoding="utf-8") == first
    saving.save(folder, "mine", second, expected=refused.value.confirm[1])
    assert (folder / "mine.toml").read_text(encoding="utf-8") == second
    with pytest.raises(saving.SaveError, match="not saved by the app"):
        saving.save(folder, "baseline", second, expected=saving.revision(folder / "baseline.toml"))
    assert not list(folder.glob(".*.tmp"))


def test_two_planners_confirming_the_same_overwrite_lose_nothing(folder: Path) -> None:
    """Both opened the confirmation at the same revision; the first save wins, the second
    gets a conflict (with the new revision to confirm) and its settings are not written."""
    entry = entry_of(folder, "baseline")
    base = catalog.load(entry)
    saving.save(folder, "shared", saving.child_text(base, entry, request({}, "shared")))
    asked = []
    for author in ("甲", "乙"):
        plan = saving.Request("shared", "共享", "Shared", author, {"indicators.gdp.growth": 0.09})
        with pytest.raises(saving.SaveError) as exists:
            team.save_request(team.Where(folder), base, entry, plan, None)
        assert exists.value.reason == "exists"
        asked.append((plan, exists.value.confirm))
    (plan_a, confirm_a), (plan_b, confirm_b) = asked
    assert confirm_a == confirm_b  # the same revision on both screens
    team.save_request(team.Where(folder), base, entry, plan_a, confirm_a)
    written = (folder / "shared.toml").read_text(encoding="utf-8")
    assert "甲" in written
    with pytest.raises(saving.SaveError) as conflict:
        team.save_request(team.Where(folder), base, entry, plan_b, confirm_b)
    assert conflict.value.reason == "conflict"
    assert "someone else" in conflict.value.text("en") and "他人" in conflict.value.text("zh")
    assert (folder / "shared.toml").read_text(encoding="utf-8") == written  # A's save stays
    assert conflict.value.confirm == ("shared", saving.revision(folder / "shared.toml"))
    team.save_request(
        team.Where(folder), base, entry, plan_b, conflict.value.confirm
    )  # B, knowingly
    assert "乙" in (folder / "shared.toml").read_text(encoding="utf-8")


def test_saved_files_follow_the_umask(folder: Path) -> None:
    entry = entry_of(folder, "baseline")
    base = catalog.load(entry)
    old = os.umask(0o027)
    try:
        path = saving.save(folder, "masked", saving.child_text(base, entry, request({}, "masked")))
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_file_that_would_not_load_is_never_written(folder: Path) -> None:
    with pytest.raises(saving.SaveError, match="would not load"):
        saving.save(folder, "bad", '[scenario]\nid = "bad"\n')
    assert not (folder / "bad.toml").exists()
    assert not list(folder.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Type a file name"),
        ("a/b", "path separators"),
        ("..\\x", "path separators"),
        ("baseline", "shipped scenario"),
        ("Faster_Reform", "shipped scenario"),
        ("中文名", "use letters"),
        ("-x", "use letters"),
        ("x" * 65, "at most 64"),
    ],
)
def test_bad_names_are_refused(folder: Path, name: str, message: str) -> None:
    entries = catalog.list_scenarios(folder)
    with pytest.raises(saving.SaveError, match=message):
        saving.check_id(name, entries, entry_of(folder, "baseline"))


def test_the_name_may_end_in_toml_and_an_ancestor_is_refused(folder: Path) -> None:
    entry = entry_of(folder, "baseline")
    base = catalog.load(entry)
    saving.save(folder, "parent", saving.child_text(base, entry, request({}, "parent")))
    child_entry = entry_of(folder, "parent")
    text = saving.child_text(catalog.load(child_entry), child_entry, request({}, "kid"))
    saving.save(folder, "kid", text)
    entries = catalog.list_scenarios(folder)
    assert saving.check_id("new.toml", entries, entry_of(folder, "kid")) == "new"
    with pytest.raises(saving.SaveError, match="ancestor"):
        saving.check_id("parent", entries, entry_of(folder, "kid"))


def test_saving_over_the_current_saved_scenario_keeps_its_values(folder: Path) -> None:
    entry = entry_of(folder, "baseline")
    base = catalog.load(entry)
    first = {"indicators.gdp.volatility": 0.05}
    saving.save(folder, "mine", saving.child_text(base, entry, request(first)))
    mine = entry_of(folder, "mine")
    more = {"indicators.chips.volatility": 0.1}
    text = saving.child_text(catalog.load(mine), mine, request(more))
    saving.save(folder, "mine", text, expected=saving.revision(folder / "mine.toml"))
    again = parksim.load_scenario(folder / "mine.toml")
    assert again.indicators["gdp"].volatility == 0.05
    assert again.indicators["chips"].volatility == 0.1
    assert again.files[-2].name == "baseline.toml"


def _save_in_process(folder: str, text: str, seen: str, barrier: object, won: object) -> None:
    barrier.wait()  # type: ignore[attr-defined]
    try:
        saving.save(Path(folder), "race", text, expected=seen)
        won.value += 1  # type: ignore[attr-defined]
    except saving.SaveError as exc:
        assert exc.reason == "conflict"


def test_concurrent_saves_of_one_name_leave_one_complete_file(folder: Path) -> None:
    entry = entry_of(folder, "baseline")
    base = catalog.load(entry)
    texts = [
        saving.child_text(base, entry, request({"indicators.gdp.volatility": v}, "race"))
        for v in (0.05, 0.09)
    ]
    # threads, no overwrite: exactly one wins, the other is told the name exists
    outcomes: list[str] = []
    gate = threading.Barrier(2)

    def new(text: str) -> None:
        gate.wait()
        try:
            saving.save(folder, "race", text)
            outcomes.append("saved")
        except saving.SaveError as exc:
            outcomes.append(exc.reason)

    threads = [threading.Thread(target=new, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["exists", "saved"]
    assert (folder / "race.toml").read_text(encoding="utf-8") in texts
    # processes, both confirmed at the same revision, many rounds: exactly one overwrites, the
    # other is told of the conflict, and the file is always one complete version
    context = multiprocessing.get_context("spawn")
    for round_ in range(3):
        barrier, won = context.Barrier(2), context.Value("i", 0)
        seen = saving.revision(folder / "race.toml")
        texts = [f"{t}\n# round {round_}, planner {n}\n" for n, t in enumerate(texts[:2])]
        args = [(str(folder), t, seen, barrier, won) for t in texts]
        workers = [context.Process(target=_save_in_process, args=a) for a in args]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
            assert worker.exitcode == 0
        assert won.value == 1
        assert (folder / "race.toml").read_text(encoding="utf-8") in texts
        parksim.load_scenario(folder / "race.toml")
    assert not list(folder.glob(".*.tmp"))


# ----------------------------------------------------------------------------- catalog


def test_catalog_lists_broken_files_with_their_error(folder: Path) -> None:
    (folder / "broken.toml").write_text("[scenario\n", encoding="utf-8")
    (folder / "twin.toml").write_text(
        (folder / "small.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    entries = catalog.list_scenarios(folder)
    assert entries[0].id == "baseline"
    by_file = {e.path.name: e for e in entries}
    assert str(by_file["broken.toml"].error).startswith("broken.toml: invalid TOML")
    assert "already used by small.toml" in str(by_file["twin.toml"].error)
    assert by_file["faster_reform.toml"].parent == "baseline"
    assert by_file["broken.toml"].label("zh") == "⚠️ broken.toml"
    assert [e.id for e in catalog.loadable(entries)] == [
        "baseline", "faster_reform", "prolonged_shock", "small", "targets_need"
    ]  # fmt: skip


def test_catalog_sees_a_changed_file_at_once(folder: Path) -> None:
    before = catalog.find(catalog.list_scenarios(folder), "small")
    path = folder / "small.toml"
    path.write_text(SMALL.replace("base = 100.0", "base = 120.0"), encoding="utf-8")
    after = catalog.find(catalog.list_scenarios(folder), "small")
    assert before is not None and after is not None and before.stamp != after.stamp
    assert catalog.load(after).indicators["health"].base == 120.0


# ----------------------------------------------------------------------------- tables, charts


def test_targets_view_in_planners_units(folder: Path) -> None:
    base = parksim.load_scenario(folder / "baseline.toml")
    summary = run_summary(base, 2000, 1)
    zh = views.targets_view(summary, base, "zh")
    row = zh.iloc[0]
    # one unit in the row: the target and its P50 both in 亿元 (English: billion yuan)
    assert row["目标值"] == "≥ 10,000.0 亿元"
    p50 = float(summary.targets["p50"].iloc[0])
    assert row["P50(截止年份)"] == f"{p50:,.1f} 亿元"
    # required: the closed form from the latest full-year actual (2023); assumed: the
    # geometric mean of the file's growth and shocks over the years left, 2024-2025
    health = base.indicators["big_health"]
    latest_year, latest = max(base.annual_levels("big_health").items())
    years = range(latest_year + 1, 2026)
    required = (10_000 / latest) ** (1 / len(years)) - 1
    yearly = spread_over_years(health.growth, years, must_cover=True) + spread_over_years(
        health.shocks, years, must_cover=False
    )
    assumed = float(np.prod(1 + yearly)) ** (1 / len(years)) - 1
    assert row["所需 / 假设年均增速"] == f"{required:.1%} / {assumed:.1%}"
    assert row["状态"] == "● 难以达成"
    # the base is inferred from a cited 2018 figure; the growth is an assumption
    assert target_basis(base, "big_health") == (1, 4)
    assert row["依据"] == views.basis_text(1, 4, "zh")
    en = views.targets_view(summary, base, "en")
    assert en.iloc[0]["Status"] == "● off track"
    assert en.iloc[0]["Target value"] == "≥ 1,000.0 billion yuan"
    assert en.iloc[0]["P50 at deadline"] == f"{p50 / 10:,.1f} billion yuan"
    assert zh.iloc[list(base.targets).index("four_new_share")]["目标值"] == "≥ 50.0%"


def test_basis_counts_inputs_set_in_the_app_as_assumptions(small: parksim.Scenario) -> None:
    assert target_basis(small, "health") == (1, 4)  # growth is an assumption
    moved = controls.apply_positions(small, {"indicators.health.growth": 0.1})
    assert target_basis(moved, "health") == (1, 4)
    sourced = small.with_overrides({"indicators.health.growth": 0.1}, source="doc-2: a quote")
    assert target_basis(sourced, "health") == (0, 4)
    assert views.basis_text(0, 4, "zh") == "✓ 有出处"


def test_fan_chart_has_bands_median_target_plan_and_reference(folder: Path) -> None:
    base = parksim.load_scenario(folder / "baseline.toml")
    summary = run_summary(base, 2000, 1)
    spec = charts.fan_chart(summary, base, "big_health", "zh", reference=summary)
    assert spec["title"] == f"{base.indicators['big_health'].name}(亿元)"
    assert set(spec["datasets"]) == {"bands", "reference", "plans", "targets", "actuals"}
    on_health = [t.value for t in base.targets.values() if t.indicator == "big_health"]
    assert on_health == [10_000, 3_000]  # the article's 万亿 and the official 3,000 亿
    assert spec["datasets"]["targets"]["value"].tolist() == on_health
    english = charts.fan_chart(summary, base, "big_health", "en")
    assert english["title"].endswith(" billion yuan")  # the unit of the English tables
    shown = english["datasets"]["targets"]["value"].tolist()
    assert shown == pytest.approx([v / 10 for v in on_health], rel=1e-12)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["area", "area", "line", "line", "line", "point", "point"]  # + the actual
    share_spec = charts.fan_chart(summary, base, "four_new_share", "en")
    assert share_spec["datasets"]["actuals"]["value"].tolist() == [50.0]  # 2020Q1, in %
    assert share_spec["datasets"]["actuals"]["x"].tolist() == [2020]  # at its year, not 2019.25
    # the legend's symbols look like the marks: lines for lines, a diamond for the target
    shape = next(la["encoding"]["shape"] for la in spec["layer"] if "shape" in la["encoding"])
    symbols = dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True))
    names = {key: word(f"chart.{key}", "zh") for key in charts.SERIES}
    assert symbols[names["median"]] == symbols[names["plan"]] == "stroke"
    assert (symbols[names["target"]], symbols[names["outer"]]) == ("diamond", "square")
    json.dumps({k: v for k, v in share_spec.items() if k != "datasets"})


def test_compare_view_shows_differences_to_the_first(folder: Path) -> None:
    base = parksim.load_scenario(folder / "baseline.toml")
    other = parksim.load_scenario(folder / "faster_reform.toml")
    runs = [
        ("baseline", run_summary(base, 2000, 1)),
        ("faster_reform", run_summary(other, 2000, 1)),
    ]
    table = views.compare_targets_view(runs, base, "zh")
    assert list(table.columns[3:]) == [
        "达成概率 · baseline", "P50 · baseline", "达成概率 · faster_reform", "P50 · faster_reform"
    ]  # fmt: skip
    assert "(+" in table.iloc[0]["P50 · faster_reform"]
    diff = views.assumptions_view([base, other], ["baseline", "faster_reform"], "zh")
    # readable names, not dotted keys: the pipeline's name and the input's in words
    item = f"{base.pipelines['health'].name} · 审批组数"
    row = diff[diff["名称"] == item].iloc[0]
    assert (row["baseline"], row["faster_reform"]) == ("4", "6")
    assert not diff["名称"].str.contains(r"pipelines\.|indicators\.").any()
    # the view opens on the indicator that differs most between the runs
    medians = {
        i: abs(runs[1][1].band_values[i][-1, 2] / runs[0][1].band_values[i][-1, 2] - 1)
        for i in base.all_indicator_ids
    }
    assert views.most_different(runs, list(base.all_indicator_ids)) in {
        i for i, d in medians.items() if d >= max(medians.values()) * 0.9
    }
    names = catalog.short_labels([None, *catalog.list_scenarios(folder)[:1]], "en", "Current")
    assert names[0] == "Current" and "(" not in names[1]


# ----------------------------------------------------------------------------- goal seek


def test_goal_seek_answer_snapped_to_the_slider_still_reaches_the_probability(
    small: parksim.Scenario,
) -> None:
    """The app asks ``parksim.solve`` (the CLI's search and bounds); its answer, rounded up to
    the slider's 0.1-point grid, reaches the probability, and one step less does not."""
    control = controls.controls_of(small)[0]
    found = parksim.solve(small, "health", control.key, 0.8, paths=2000, seed=5)
    assert found.value is not None and found.rising
    position = control.snap(found.value, up=found.rising)
    at = controls.apply_positions(small, {control.key: position})
    below = controls.apply_positions(small, {control.key: position - control.spec.step})
    assert probability(at, "health", 2000, 5) >= 0.8 > probability(below, "health", 2000, 5)


def test_goal_seek_beyond_the_slider_range_widens_the_slider(small: parksim.Scenario) -> None:
    control = controls.controls_of(small)[0]
    hard = small.with_overrides({"targets.health.value": 3 * small.targets["health"].value})
    found = parksim.solve(hard, "health", control.key, 0.8, paths=2000, seed=5)
    assert found.value is not None and found.value > control.high  # outside the slider
    position = control.snap(found.value, up=True)
    wide = control.including(position)
    assert wide.low == control.low and wide.high == position
    assert wide.at(wide.index_of(position)) == position
    moved = controls.overrides_for(hard, {control.key: position})  # accepted, not refused
    assert moved[control.key] == controls.Lever(control.key, None).override(hard, position, 6)


def test_goal_seek_says_when_even_the_widest_bounds_are_not_enough(
    small: parksim.Scenario,
) -> None:
    control = controls.controls_of(small)[0]
    hard = small.with_overrides({"targets.health.value": 1e12})
    found = parksim.solve(hard, "health", control.key, 0.8, paths=500, seed=5)
    assert found.value is None and not found.reachable


def test_bands_equal_the_results_own_quantiles(folder: Path) -> None:
    from parksim.report.summary import BANDS, band_values

    base = parksim.load_scenario(folder / "baseline.toml")
    result = parksim.simulate(base, paths=3000, seed=2)
    long = result.quantiles(BANDS)
    bands = band_values(result)
    for q, column in zip(BANDS, range(5), strict=True):
        rows = long[(long["indicator"] == "gdp") & (long["quantile"] == q)]
        assert np.array_equal(bands["gdp"][:, column], rows["value"].to_numpy())


def test_link_notices_read_from_the_word_table_in_both_languages(folder: Path) -> None:
    params = {"s": "small", "o": '{"indicators.health.growth": 1.3}', "evil": "x"}
    _, notices = link.decode(params, "baseline", resolver(folder))
    by_param = {n.param: n for n in notices}
    assert by_param["evil"].text("zh") == "evil: 未知参数,已忽略"
    assert by_param["evil"].text("en") == "evil: unknown parameter, ignored"
    position = by_param["o.indicators.health.growth"]
    assert position.text("zh") == (
        "o.indicators.health.growth: 取值无效:应为 -50.0%–100.0% 之间、按 0.1% 步长的数"
    )
    assert position.text("en") == (
        "o.indicators.health.growth: must be a number within -50.0%..100.0%, "
        "on the slider's 0.1% steps"
    )


def test_a_tornado_whose_probability_cannot_move_shows_the_p50_swing(folder: Path) -> None:
    base = parksim.load_scenario(folder / "baseline.toml")
    stuck = parksim.tornado(base, "big_health", paths=1_000, seed=3)  # out of reach: P ≈ 0
    assert float(stuck["probability_swing"].max()) < views.STUCK_SWING
    assert views.tornado_measure(stuck) == "p50"
    by_key = controls.by_key(controls.controls_of(base))
    rows = views.tornado_rows(stuck, by_key, base, "zh", "p50")
    assert list(rows["swing"]) == sorted(stuck["p50_swing"], reverse=True)
    assert rows["swing"].iloc[0] > 100  # 亿元 at the deadline: a visible bar
    spec = json.dumps(charts.tornado_chart(rows, "en", "p50"), ensure_ascii=False)
    assert "P50 at deadline" in spec and "Probability" not in spec
    moving = parksim.tornado(base, "computing_power", paths=1_000, seed=3)
    assert views.tornado_measure(moving) == "probability"


def test_literal_text_never_becomes_a_link_an_image_or_markup() -> None:
    hostile = "[re-login](http://evil.example/x) ![t](http://127.0.0.1:9/t.png) **b** <i>"
    shown = literal(hostile)
    assert not re.search(r"(?<!\\)[\[\]()*<>!]", shown)  # every mark escaped
    assert "http://" not in shown.replace("\\", "")  # no autolink either
    unescaped = re.sub(r"\\(.)", r"\1", shown).replace("\u200b", "")
    assert unescaped == hostile  # and nothing else changed


# ----------------------------------------------------------------------------- undo


def test_undo_steps_back_through_states_but_not_language_switches() -> None:
    first, second = link.ViewState("baseline"), link.ViewState("baseline", (("k", 0.1),))
    steps = history.record((), None, first)  # the first run: nothing to undo
    assert steps == ()
    steps = history.record(steps, first, replace(first, lang="en"))  # a language switch
    assert steps == ()
    steps = history.record(steps, first, second)
    assert steps == (first,)
    left, back = history.undo(steps, "en")
    assert (left, back) == ((), replace(first, lang="en"))  # the page keeps its language
    assert history.undo((), "zh") == ((), None)
    assert history.navigated(steps, second, first) == ()  # Back: the step is taken off
    assert history.navigated((), first, second) == (first,)  # Forward: a step again
    many = ()
    for n in range(history.LIMIT + 10):
        many = history.record(many, link.ViewState("baseline", (("k", n),)), first)
    assert len(many) == history.LIMIT and many[-1].positions == (("k", history.LIMIT + 9),)
