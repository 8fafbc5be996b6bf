"""The word table: complete in both languages, and the one source of the words the app, the
CLI's reports and the exports show (same concept, same word, everywhere)."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

import openpyxl
import pytest

import parksim
from parksim.analysis.compare import compare
from parksim.app import views
from parksim.cli import report
from parksim.cli.compare_report import render_comparison
from parksim.export import comparison as export_comparison
from parksim.export import formats
from parksim.export.formats import to_xlsx
from parksim.export.meta import metadata_items, resolve_created_at
from parksim.export.xlsx import Column
from parksim.report.summary import RunSummary, run_summary
from parksim.results.protocol import Result
from parksim.text.labels import TRACKING_COLUMNS, basis_word, unit_label
from parksim.text.tracking import surprise_lines
from parksim.text.words import LANGS, WORDS, Lang, both, headers, word

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "baseline.toml"
PATHS, SEED = 300, 7
# CJK ideographs (and extension A), CJK punctuation, full-width forms: none in English.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def baseline() -> parksim.Scenario:
    return parksim.load_scenario(BASELINE)


@pytest.fixture(scope="module")
def result(baseline: parksim.Scenario) -> Result:
    return parksim.simulate(baseline, paths=PATHS, seed=SEED)


@pytest.fixture(scope="module")
def summary(baseline: parksim.Scenario) -> RunSummary:
    return run_summary(baseline, PATHS, SEED)


def cells(line: str) -> list[str]:
    """The cells of one line of ``align_columns`` text (cells are two or more spaces apart)."""
    return re.split(r" {2,}", line.strip())


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# ----------------------------------------------------------------------------- the table


def test_every_key_has_chinese_and_english() -> None:
    empty = [key for key, (zh, en) in WORDS.items() if not zh.strip() or not en.strip()]
    assert not empty


def test_no_chinese_in_any_english_word() -> None:
    found = {key: en for key, (_, en) in WORDS.items() if CJK.search(en)}
    assert not found


def test_templates_take_the_same_fields_in_both_languages() -> None:
    differ = {key: (zh, en) for key, (zh, en) in WORDS.items() if fields(zh) != fields(en)}
    assert not differ


def test_lookups() -> None:
    assert word("status.off_track", "en") == "off track"
    assert both("pace.ahead") == "快于序时进度 ahead"
    assert headers(("col.probability", "col.p50"), "zh") == ["达成概率", "P50"]
    assert basis_word("assumption", "zh") == "假设" and basis_word("", "en") == ""
    assert (unit_label("亿元", "en"), unit_label("万亿元", "en")) == (
        "100 million yuan",
        "trillion yuan",
    )
    assert (unit_label("share", "en"), unit_label("人", "en")) == ("%", "人")
    with pytest.raises(KeyError):
        word("no.such_key", "zh")


def test_every_export_header_comes_from_the_table() -> None:
    """A column whose header is missing would show its bare key in the workbook."""
    columns: list[Column] = [
        *formats.TARGET_COLUMNS,
        *formats.PROJECTION_COLUMNS,
        *formats.ASSUMPTION_COLUMNS,
        *formats.PIPELINE_SHEET_COLUMNS,
        *formats.TRACKING_SHEET_COLUMNS,
        *formats.METADATA_COLUMNS,
        *export_comparison.TARGET_KEYS,
        *export_comparison.ASSUMPTION_COLUMNS,
    ]
    missing = [
        c.key for c in columns if c.labels is None and f"col.{c.header or c.key}" not in WORDS
    ]
    assert not missing


def test_exported_metadata_names_agree_with_the_app(result: Result) -> None:
    """The Metadata names are in the golden CSV, so they stay as they are; the app calls the
    same settings by the same words."""
    items = {m.key: (m.zh, m.en) for m in metadata_items(result, resolve_created_at(), "cmd")}
    assert items["paths"] == WORDS["paths"]
    assert items["seed"] == WORDS["seed"]


# ----------------------------------------------------------------------------- app = CLI


@pytest.mark.parametrize("lang", LANGS)
def test_tracking_shows_the_same_columns_and_words_in_the_app_and_the_cli(
    lang: Lang, baseline: parksim.Scenario, result: Result, summary: RunSummary
) -> None:
    printed = report.render_tracking(result, lang).splitlines()
    assert printed[0] == word("tracking_title", lang)
    app = views.tracking_view(summary, baseline, lang)
    assert cells(printed[1]) == list(app.columns) == headers(TRACKING_COLUMNS, lang)
    table = [row for row in map(cells, printed[2:]) if len(row) == len(TRACKING_COLUMNS)]
    cli_rows = {row[0]: row for row in table}
    warnings = printed[2 + len(table) :]  # then one line per figure outside its forecast
    assert warnings == surprise_lines(result.surprises().to_dict("records"), baseline, lang)
    assert len(app) >= 2
    for app_row in app.values.tolist():
        cli_row = cli_rows[app_row[0]]  # the same name, "(对照情景中位数)" included
        assert app_row[7] == f"{views.LIGHT} {cli_row[7]}"  # the pace
        # every other cell the same, amounts in the same unit
        assert [c for i, c in enumerate(app_row) if i != 7] == [
            c for i, c in enumerate(cli_row) if i != 7
        ]
    no_data = [row for row in cli_rows.values() if row[7] == word("pace.no_data", lang)]
    untracked = views.untracked_targets(summary, baseline, lang)
    assert [row[0] for row in no_data] == untracked


@pytest.mark.parametrize("lang", LANGS)
def test_targets_show_the_same_status_words_in_the_app_the_cli_and_the_workbook(
    lang: Lang, baseline: parksim.Scenario, result: Result, summary: RunSummary
) -> None:
    printed = report.render_targets(result, lang).splitlines()
    app = views.targets_view(summary, baseline, lang)
    shared = ["col.target_name", "col.deadline", "col.value", "col.probability", "col.status"]
    for key in shared:
        assert word(key, lang) in cells(printed[0]) and word(key, lang) in app.columns
    status = word("col.status", lang)
    cli_status = [cells(line)[-1] for line in printed[1:]]
    assert [f"{views.LIGHT} {s}" for s in cli_status] == app[status].tolist()
    codes = result.targets()["status"].tolist()
    assert cli_status == [word(f"status.{code}", lang) for code in codes]
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(result)))["Targets"]
    column = [c.value for c in ws[2]].index(word("col.status", "en"))
    sheet = [row[column] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert sheet == [both(f"status.{code}") for code in codes]


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_headers_are_the_apps(
    lang: Lang, baseline: parksim.Scenario, summary: RunSummary
) -> None:
    comparison = compare([baseline, baseline], paths=100, seed=SEED)
    text = render_comparison(comparison, lang).splitlines()
    heading = text.index(word("col.probability", lang))
    app = views.compare_targets_view([("baseline", summary), ("again", summary)], baseline, lang)
    assert cells(text[heading + 1])[:3] == list(app.columns[:3])
    assert app.columns[3] == f"{word('col.probability', lang)} · baseline"
