"""The app's widget logic through Streamlit's AppTest: no browser, the real script.

Each test runs ``app.py`` on a copy of ``scenarios/`` (``$PARKSIM_SCENARIOS``), so saving
never touches the repository's folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import parksim
from parksim.app.catalog import SAVED_MARKER
from parksim.text.words import Lang, word
from tests.analysis.test_backtest import _histories, synthetic_scenario
from tests.conftest import toml_writer

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT = 120
COMPUTING = "算力产业新高地(代理:算力产业收入达千亿元)"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", target)
    monkeypatch.setenv("PARKSIM_SCENARIOS", str(target))
    return target


def start(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def targets(at: AppTest) -> pd.DataFrame:
    return at.table[0].value


def probability(at: AppTest, name: str) -> float:
    table = targets(at)
    column = "达成概率" if "达成概率" in table.columns else "Probability"
    cell = table.loc[table.iloc[:, 0] == name, column].iloc[0]
    return float(str(cell).rstrip("%")) / 100


def slider(at: AppTest, key: str):  # type: ignore[no-untyped-def]
    return next(s for s in at.slider if s.key and s.key.endswith(f":{key}"))


def test_baseline_shows_at_once_with_its_numbers(folder: Path) -> None:
    at = start()
    assert at.title[0].value == "基准情景"
    table = targets(at)
    assert list(table.columns[:4]) == ["目标", "截止年份", "目标值", "达成概率"]
    baseline = parksim.load_scenario(folder / "baseline.toml")
    assert len(table) == len(baseline.targets)
    expected = parksim.simulate(baseline).targets()
    shown = [float(p.rstrip("%")) / 100 for p in table["达成概率"]]
    assert shown == pytest.approx(list(expected["probability"]), abs=5e-4)
    assert table.iloc[0]["目标值"] == "≥ 10,000.0 亿元"  # one unit in every row
    assert at.query_params["s"] == "baseline"


def test_growth_slider_moves_the_probability_in_its_direction(folder: Path) -> None:
    at = start()
    before = probability(at, COMPUTING)
    growth = slider(at, "indicators.computing_power.growth")
    growth.set_value(growth.value + 2.0).run()
    higher = probability(at, COMPUTING)
    slider(at, "indicators.computing_power.growth").set_value(growth.value - 4.0).run()
    lower = probability(at, COMPUTING)
    assert lower < before < higher
    assert "已调整 1 项输入" in at.caption[0].value


def test_sliders_sit_under_the_target_they_move_and_reset_one_by_one(folder: Path) -> None:
    at = start()
    baseline = parksim.load_scenario(folder / "baseline.toml")
    labels = [e.label for e in at.sidebar.expander]
    first = baseline.target_name(next(iter(baseline.targets)), "zh")
    assert labels[0] == first and "其他输入(不影响目标)" in labels
    group = next(e for e in at.sidebar.expander if e.label == first)
    keys = [s.key.rsplit(":", 1)[-1] for s in group.slider]
    assert keys[0] == "indicators.big_health.growth"  # its own indicator, then its pipeline
    assert all(k.startswith("pipelines.health.") for k in keys[1:]) and len(keys) > 1
    before = targets(at)
    slider(at, "indicators.big_health.growth").set_value(15.0).run()
    slider(at, "indicators.computing_power.growth").set_value(13.0).run()
    assert any(e.label == f"{first} · 已调整 1 项" for e in at.sidebar.expander)
    undo = [b for b in at.button if b.key and b.key.startswith("r:")]
    assert len(undo) == 2 and any("9.1%" in b.label for b in undo)  # the scenario's own value
    next(b for b in undo if "9.1%" in b.label).click().run()
    assert slider(at, "indicators.big_health.growth").value == 9.1
    assert slider(at, "indicators.computing_power.growth").value == 13.0  # the other stays
    slider(at, "indicators.computing_power.growth").set_value(11.1).run()
    assert targets(at).equals(before)


def test_pipeline_lever_moves_the_probability_in_its_direction(folder: Path) -> None:
    at = start()
    before = probability(at, COMPUTING)
    slider(at, "pipelines.computing.arrivals_per_year").set_value(35).run()
    assert probability(at, COMPUTING) > before


def test_reset_restores_the_scenario(folder: Path) -> None:
    at = start()
    before = targets(at)
    slider(at, "indicators.big_health.growth").set_value(15.0).run()
    assert not targets(at).equals(before)
    at.button(key="reset").click().run()
    assert targets(at).equals(before)
    assert slider(at, "indicators.big_health.growth").value == 9.1
    assert "o" not in at.query_params


def test_language_toggle_switches_every_label(folder: Path) -> None:
    at = start()
    at.segmented_control(key="lang_pick").set_value("en").run()
    assert at.title[0].value == "Baseline"
    table = targets(at)
    assert list(table.columns) == [
        "Target", "Deadline", "Target value", "Probability", "P50 at deadline",
        "Growth needed / assumed", "Status", "Basis",
    ]  # fmt: skip
    assert table.iloc[0]["Status"] == "● off track"
    assert at.query_params["lang"] == "en"
    assert "annual growth" in slider(at, "indicators.gdp.growth").label
    at.selectbox(key="pick@en").set_value("faster_reform.toml").run()
    at.segmented_control(key="page@en").set_value("compare").run()
    assert not at.exception
    at.segmented_control(key="lang_pick").set_value("zh").run()
    assert not at.exception
    assert at.selectbox(key="pick@zh").value == "faster_reform.toml"
    assert at.segmented_control(key="page@zh").value == "compare"


def test_a_picked_file_deleted_before_the_rerun_falls_back_with_a_notice(folder: Path) -> None:
    at = start()
    text = (folder / "faster_reform.toml").read_text(encoding="utf-8")
    (folder / "gone.toml").write_text(text.replace('"faster_reform"', '"gone"'), encoding="utf-8")
    at.run()
    at.selectbox(key="pick@zh").set_value("gone.toml")
    (folder / "gone.toml").unlink()
    at.run()
    assert not at.exception
    assert at.title[0].value == "基准情景"
    assert "“gone” 已不可用" in at.warning[0].value


def test_share_parameters_reproduce_the_same_numbers(folder: Path) -> None:
    at = start()
    slider(at, "indicators.computing_power.growth").set_value(13.0).run()
    slider(at, "pipelines.computing.approval_staff").set_value(5).run()
    params = {k: str(v) for k, v in at.query_params.items()}
    assert (
        params["o"]
        == '{"indicators.computing_power.growth":0.13,"pipelines.computing.approval_staff":5.0}'
    )
    again = start(params)
    assert targets(again).equals(targets(at))
    assert slider(again, "indicators.computing_power.growth").value == 13.0
    assert not again.warning


def test_bad_link_parameters_fall_back_with_a_notice(folder: Path) -> None:
    at = start(
        {
            "s": "no_such_scenario",
            "o": '{"indicators.gdp.growth": 9, "indicators.nope.growth": 0.1, "scenario.paths": 1}',
            "seed": "-4",
            "paths": "12345",
            "lang": "fr",
            "evil": "<script>",
        }
    )
    assert at.title[0].value == "基准情景"
    warning = at.warning[0].value.replace("\\", "")  # shown as plain text: Markdown escaped
    for name in ("s:", "o.indicators.gdp.growth", "o.indicators.nope.growth", "o.scenario.paths",
                 "seed:", "paths:", "lang:", "evil:"):  # fmt: skip
        assert name in warning
    default = start()
    assert targets(at).equals(targets(default))
    at.button(key="dismiss_notices").click().run()
    assert not at.warning


def test_garbage_overrides_json_is_ignored_with_a_notice(folder: Path) -> None:
    at = start({"o": "{not json", "s": "faster_reform"})
    assert at.title[0].value == "改革提速"
    assert "不是有效的 JSON" in at.warning[0].value


def test_hostile_files_in_the_folder_are_listed_as_broken_and_the_rest_works(
    folder: Path,
) -> None:
    """Arrays nested 100,000 deep (a RecursionError for any Python TOML parser) and
    ``actuals = "."`` (a folder) used to take the whole app down, for every session."""
    base = (folder / "baseline.toml").read_text(encoding="utf-8")
    (folder / "deep.toml").write_text(
        base.replace('id          = "baseline"', 'id = "deep"')
        + "x = "
        + "[" * 100_000
        + "]" * 100_000,
        encoding="utf-8",
    )
    dot = base.replace('id          = "baseline"', 'id = "dot"')
    dot = dot.replace('actuals     = "actuals/baseline.csv"', 'actuals = "."')
    (folder / "dot.toml").write_text(dot, encoding="utf-8")
    at = start()
    errors = [e.value for e in at.sidebar.error]
    assert any("deep.toml: invalid TOML: arrays or tables nested too deeply" in e for e in errors)
    assert any('dot.toml: scenario.actuals = ".": is a folder' in e for e in errors), errors
    assert len(targets(at)) == len(parksim.load_scenario(folder / "baseline.toml").targets)


def test_a_broken_scenario_file_shows_its_error_and_the_rest_works(folder: Path) -> None:
    (folder / "broken.toml").write_text(
        '[scenario]\nid = "broken"\nname = "坏"\nname_en = "Broken"\nextends = "baseline"\n'
        '[indicators.gdp]\nvolatility = -0.1\nsource = "assumption: test"\n',
        encoding="utf-8",
    )
    at = start()
    errors = [e.value for e in at.sidebar.error]
    assert any("broken.toml" in e and "indicators.gdp.volatility" in e for e in errors)
    broken = next(e for e in errors if "broken.toml" in e)
    assert broken.startswith("此情景文件无法加载 · broken.toml: ")
    assert str(folder) not in broken  # the server's folder is none of the planner's business
    shown = len(parksim.load_scenario(folder / "baseline.toml").targets)
    assert len(targets(at)) == shown  # the baseline still shows
    at.selectbox(key="pick@zh").set_value("broken.toml").run()
    assert not at.exception
    assert any("must be >= 0" in e.value for e in at.main.error)
    at.selectbox(key="pick@zh").set_value("faster_reform.toml").run()
    assert at.title[0].value == "改革提速"


def test_save_flow_writes_a_child_that_gives_the_same_numbers(folder: Path) -> None:
    at = start()
    slider(at, "indicators.big_health.growth").set_value(12.0).run()
    slider(at, "pipelines.health.approval_days").set_value(10).run()
    shown = targets(at)
    at.segmented_control(key="page@zh").set_value("save").run()
    at.text_input(key="save_id").input("faster_health").run()
    at.text_input(key="save_name").input("大健康提速").run()
    at.text_input(key="save_author").input("王工").run()
    at.button(key="save_btn").click().run()
    assert not at.exception
    path = folder / "faster_health.toml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SAVED_MARKER)
    assert 'extends = "baseline"' in text
    assert 'source.growth = "assumption: set in the app by 王工"' in text
    assert 'source.approval_days = "assumption: set in the app by 王工"' in text
    # now showing the saved scenario, unchanged, with the same numbers
    assert at.title[0].value == "大健康提速"
    assert at.query_params["s"] == "faster_health"
    assert "o" not in at.query_params
    at.segmented_control(key="page@zh").set_value("dashboard").run()
    assert targets(at).equals(shown)
    assert "大健康提速 (faster_health)" in at.selectbox(key="pick@zh").options
    # saving again under the same name asks for a confirmation first
    slider(at, "indicators.big_health.growth").set_value(13.0).run()
    at.segmented_control(key="page@zh").set_value("save").run()
    at.text_input(key="save_id").input("faster_health").run()
    at.text_input(key="save_author").input("王工").run()
    at.button(key="save_btn").click().run()
    assert "已存在" in at.error[0].value
    assert path.read_text(encoding="utf-8") == text
    at.checkbox(key="save_confirm").check().run()
    at.button(key="save_btn").click().run()
    assert at.success
    assert path.read_text(encoding="utf-8") != text
    assert parksim.load_scenario(path).indicators["big_health"].growth != (
        parksim.load_scenario(folder / "baseline.toml").indicators["big_health"].growth
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("baseline", "随项目提供的情景"),
        ("../evil", "路径分隔符"),
        ("", "请填写文件名"),
        ("名字", "无效"),
    ],
)
def test_save_refuses_bad_names(folder: Path, name: str, message: str) -> None:
    before = sorted(p.name for p in folder.iterdir())
    at = start()
    at.segmented_control(key="page@zh").set_value("save").run()
    at.text_input(key="save_id").input(name).run()
    at.text_input(key="save_author").input("王工").run()
    at.button(key="save_btn").click().run()
    assert message in at.error[0].value
    assert sorted(p.name for p in folder.iterdir()) == before


def test_goal_seek_finds_and_applies_a_slider_position(folder: Path) -> None:
    at = start()
    at.segmented_control(key="page@zh").set_value("whatif").run()
    at.selectbox(key="wi_target@zh").set_value("computing_power").run()
    at.button(key="wi_go").click().run()
    assert "需达到" in at.success[0].value
    at.button(key="wi_apply").click().run()
    at.segmented_control(key="page@zh").set_value("dashboard").run()
    assert probability(at, COMPUTING) >= 0.8
    assert slider(at, "indicators.computing_power.growth").value > 11.1


def test_compare_tab_puts_two_scenarios_side_by_side(folder: Path) -> None:
    at = start()
    at.segmented_control(key="page@zh").set_value("compare").run()
    at.multiselect(key="cmp_pick@zh").set_value(["baseline", "faster_reform"]).run()
    assert not at.exception
    table = at.table[0].value
    other = parksim.load_scenario(folder / "faster_reform.toml")
    assert f"达成概率 · {other.name}" in table.columns  # the scenario's name, not its id
    assert table[f"达成概率 · {other.name}"].str.contains(r"\(\+").any()
    diff = at.dataframe[0].value
    assert f"{other.pipelines['health'].name} · 审批组数" in set(diff.iloc[:, 0])


def test_a_growth_slider_never_reruns_the_pipelines(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parksim.engine import pipelines

    calls: list[object] = []
    real = pipelines.simulate_pipeline

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args[0])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipelines, "simulate_pipeline", counting)
    at = start()
    ran = len(calls)
    for value in (12.0, 12.5, 13.0):
        slider(at, "indicators.computing_power.growth").set_value(value).run()
    assert len(calls) == ran
    slider(at, "pipelines.computing.approval_days").set_value(37).run()
    assert len(calls) == ran + 1  # a pipeline lever does rerun its own pipeline, once


def _add_figure(folder: Path, indicator: str, year: int, value: float) -> None:
    """One more row in the baseline's actual figures, cited as a test's."""
    figures = folder / "actuals" / "baseline.csv"
    row = f'{indicator},{year},{value:g},,"统计公报: a test figure"\n'
    figures.write_text(figures.read_text(encoding="utf-8") + row, encoding="utf-8")


def test_the_tracking_view_warns_of_a_figure_outside_its_forecast(folder: Path) -> None:
    """A 2020 zone GDP of 2,000 亿元 (+74 % on 1,150.2) lies far above its forecast: the
    tracking view shows its percentile and the warning, in each language."""
    _add_figure(folder, "gdp", 2020, 2000)
    at = start()
    at.segmented_control(key="page@zh").set_value("tracking").run()
    assert not at.exception, [e.value for e in at.exception]
    warnings = [w.value.replace("\\", "") for w in at.warning]  # Markdown escapes removed
    assert "地区生产总值 2020:实际值落在预测区间之外(P100.0):增速或波动假设可能需要修正" in warnings
    table = at.table[0].value
    assert "P100.0 ⚠" in set(table["预测分位"])
    at = start({"lang": "en"})
    at.segmented_control(key="page@en").set_value("tracking").run()
    assert any(
        "outside the forecast band (P100.0)" in w.value.replace("\\", "") for w in at.warning
    )


def test_the_tracking_view_shows_a_target_period_by_period(folder: Path) -> None:
    """逐期跟踪: two figures of 生物医药与大健康 (2022 and 2023) are two rows of the table beside
    the chart, each against the plan for its own year."""
    _add_figure(folder, "big_health", 2022, 2000)
    at = start()
    at.segmented_control(key="page@zh").set_value("tracking").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "逐期跟踪" in [h.value for h in at.subheader]
    periods = list(at.table[1].value["数据期"])
    assert periods == ["2022", "2023"]
    at = start({"lang": "en"})
    at.segmented_control(key="page@en").set_value("tracking").run()
    assert "Tracking over time" in [h.value for h in at.subheader]
    assert list(at.table[1].value.columns)[:2] == ["Period", "Actual"]


def test_forecast_check_says_when_there_is_nothing_to_score(folder: Path) -> None:
    """A scenario whose history holds one year and whose figures are quarters only."""
    figures = folder / "actuals" / "baseline.csv"
    kept = [
        x for x in figures.read_text(encoding="utf-8").splitlines(True) if "big_health," not in x
    ]
    figures.write_text("".join(kept), encoding="utf-8")
    (folder / "history" / "one.csv").write_text(
        'indicator,year,value,source\ngdp,2019,1150.2,"jinan-hitech-zone-2020: 1150.2亿元"\n',
        encoding="utf-8",
    )
    (folder / "thin.toml").write_text(
        '[scenario]\nid = "thin"\nname = "薄"\nname_en = "Thin"\nextends = "baseline"\n'
        'history = "history/one.csv"\n',
        encoding="utf-8",
    )
    at = start({"s": "thin"})
    at.segmented_control(key="page@zh").set_value("backtest").run()
    assert not at.exception
    assert "此情景还无法做预测检验" in at.info[0].value
    assert not at.table  # no empty tables


def test_forecast_check_shows_coverage_pit_and_every_figure(folder: Path) -> None:
    scenario = synthetic_scenario(toml_writer(folder), _histories(4, seed=1), paths=500)
    at = start({"s": "syn", "lang": "en"})
    at.segmented_control(key="page@en").set_value("backtest").run()
    assert not at.exception
    coverage = at.table[0].value
    assert list(coverage.columns) == [
        "Band",
        "Nominal coverage",
        "Observed coverage",
        "Inside",
        "Figures",
    ]
    pooled = parksim.backtest(scenario, range(2007, 2019), paths=500)
    assert coverage["Figures"].tolist() == [str(len(pooled.figures))] * 2
    assert at.selectbox(key="bt_origin@en").value == "0"  # all origins pooled first
    at.selectbox(key="bt_origin@en").set_value("2016").run()
    assert at.table[0].value["Figures"].tolist() == ["12", "12"]  # 4 indicators × 2017–2019
    assert len(at.dataframe[1].value) == 12
    assert any("Only 12 figures" in w.value for w in at.warning)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_glossary_is_reachable_from_every_view(folder: Path, lang: Lang) -> None:
    at = start({"lang": lang})
    glossary = word("glossary_text", lang)
    for view in ("dashboard", "pipelines", "tracking", "whatif", "compare", "backtest", "save"):
        at.segmented_control(key=f"page@{lang}").set_value(view).run()
        assert not at.exception, view
        assert any(m.value == glossary for m in at.markdown), view


def test_picking_a_chart_runs_no_simulation_and_no_target_table(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart picked computes its bands from the kept run: no simulate, no targets(); a
    growth move simulates once and reruns no pipeline."""
    from parksim.app import runs
    from parksim.results.result import BaseResult

    calls = {"simulate": 0, "targets": 0}
    real_simulate, real_targets = runs.simulate, BaseResult.targets

    def simulate(*args: object, **kwargs: object) -> object:
        calls["simulate"] += 1
        return real_simulate(*args, **kwargs)  # type: ignore[arg-type]

    def targets(self: BaseResult) -> object:
        calls["targets"] += 1
        return real_targets(self)

    banded: list[str] = []
    real_bands = runs.band_values

    def band_values(result: object, indicators: list[str]) -> object:
        banded.extend(indicators)
        return real_bands(result, indicators)  # type: ignore[arg-type]

    monkeypatch.setattr(runs, "simulate", simulate)
    monkeypatch.setattr(runs, "band_values", band_values)
    monkeypatch.setattr(BaseResult, "targets", targets)
    at = start()
    key = "charts:baseline@zh"
    shown = at.multiselect(key=key).value
    before = dict(calls)
    at.multiselect(key=key).set_value([*shown, "gdp"]).run()
    assert not at.exception
    assert calls == before  # the new chart's bands came from the run already made
    titles = [json.loads(c.proto.spec).get("title", "") for c in at.get("vega_lite_chart")]
    assert any(t.startswith("地区生产总值(") for t in titles), titles
    assert banded[-1] == "gdp" and len(banded) == len(shown) + 1  # one band per chart
    slider(at, "indicators.computing_power.growth").set_value(13.0).run()
    assert calls["simulate"] == before["simulate"] + 1
    # the moved run's bands for the charts on screen only (the reference's are kept)
    assert len(banded) == 2 * (len(shown) + 1)


def test_compare_opens_with_the_baseline_first(folder: Path) -> None:
    """Differences read from the baseline: viewing a variant, the compare view's default
    puts the chain's root first, then what is on screen."""
    at = start({"s": "faster_reform"})
    at.segmented_control(key="page@zh").set_value("compare").run()
    assert not at.exception
    assert at.multiselect(key="cmp_pick@zh").value == ["baseline", "faster_reform"]
    baseline = parksim.load_scenario(folder / "baseline.toml")
    columns = list(at.table[0].value.columns)
    assert columns[3] == f"达成概率 · {baseline.name}"
