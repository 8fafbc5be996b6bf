"""The briefing read back with python-docx (and its images with Pillow): headings in Word's
styles, the target table equal to ``Result.targets()`` as the app formats it, one decodable
chart per target indicator, the reproduce command, English without Chinese labels, a scenario
without targets, and names that look like formulas or links staying text."""

from __future__ import annotations

import io
import re
import shlex
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from PIL import Image

import parksim
from parksim.cli.main import main
from parksim.inputs.diff import assumption_diff
from parksim.report import brief, cells
from parksim.report.document import clean
from parksim.report.gather import WANTED, take_lever
from parksim.report.prose import lever_value
from parksim.text.labels import format_amount, format_percent
from parksim.text.words import headers, word
from tests.app.test_app_logic import SMALL

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "baseline.toml"
PATHS = 2000  # enough for every table; the 10,000-path run is the benchmark's
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def baseline() -> parksim.Scenario:
    return parksim.load_scenario(BASELINE)


@pytest.fixture(scope="module")
def zh_brief(baseline: parksim.Scenario) -> Document:
    return read(brief.make(baseline, paths=PATHS, out_name="brief.docx"))


@pytest.fixture(scope="module")
def en_brief(baseline: parksim.Scenario) -> Document:
    other = parksim.load_scenario(ROOT / "scenarios" / "faster_reform.toml")
    return read(brief.make(baseline, [other], lang="en", paths=PATHS, out_name="brief.docx"))


def headings(document: Document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name in ("Title", "Heading 1", "Heading 2")
    ]


def table_with_header(document: Document, header: list[str]) -> list[list[str]]:
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows[0] == header:
            return rows
    raise AssertionError(f"no table with header {header}")


def test_sections_are_word_headings_in_order(zh_brief: Document) -> None:
    found = headings(zh_brief)
    assert found[0] == ("Title", "基准情景 · 目标达成情况汇报")
    sections = [text for style, text in found if style == "Heading 1"]
    assert sections == [
        "概要", "目标达成情况", "预测区间", "序时进度", "实现路径:达成概率 80% 所需",
        "附录:关键假设及来源",
    ]  # fmt: skip
    assert ("Heading 2", "复现命令") in found
    section = zh_brief.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.page_width < section.page_height  # portrait


def test_target_table_equals_result_targets(zh_brief: Document, baseline: parksim.Scenario) -> None:
    expected = parksim.simulate(baseline, paths=PATHS).targets()
    rows = table_with_header(zh_brief, headers(cells.TARGET_COLUMNS, "zh"))[1:]
    assert len(rows) == len(expected) == 7
    for row, target in zip(rows, expected.to_dict(orient="records"), strict=True):
        unit = baseline.unit_of(target["indicator"])
        assert row[0] == baseline.target_name(target["target"], "zh")
        assert row[1] == str(target["year"])
        assert row[3] == format_percent(target["probability"])
        assert row[4] == format_amount(target["p50"], unit, "zh")
        assert row[6] == f"● {word('status.' + target['status'], 'zh')}"


def test_status_cells_carry_the_apps_traffic_light_colours(zh_brief: Document) -> None:
    table = next(t for t in zh_brief.tables if t.rows[0].cells[0].text == "目标")
    status = cells.TARGET_COLUMNS.index("col.status")
    fills = {}
    for row in table.rows[1:]:
        cell = row.cells[status]
        shading = cell._tc.tcPr.find(qn("w:shd"))
        colour = cell.paragraphs[0].runs[0].font.color.rgb
        fills[cell.text.split(" ", 1)[1]] = (f"#{shading.get(qn('w:fill'))}".lower(), f"#{colour}")
    for key, (text, background) in cells.LIGHT_COLOURS.items():
        assert fills[word(f"status.{key}", "zh")] == (background, text.upper())


def test_one_decodable_chart_per_target_indicator(zh_brief: Document, baseline) -> None:  # type: ignore[no-untyped-def]
    indicators = {spec.indicator for spec in baseline.targets.values()}
    shapes = zh_brief.inline_shapes
    assert len(shapes) == len(indicators) == 6  # two big-health targets share one chart
    for shape in shapes:
        blob = zh_brief.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ].blob
        assert blob[:8] == b"\x89PNG\r\n\x1a\n"
        image = Image.open(io.BytesIO(blob))
        image.load()  # decodes every pixel
        width, height = image.size
        assert width >= 1000 and 300 <= height <= width  # 2 px a chart unit, wider than tall
        assert (
            len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 50
        )  # drawn, not a blank canvas
        assert abs(shape.width.cm - 16.0) < 0.01


def test_what_it_takes_comes_from_the_solver(
    zh_brief: Document, baseline: parksim.Scenario
) -> None:
    rows = table_with_header(zh_brief, ["目标", "杠杆", "所需取值", "现假设", "结果"])[1:]
    result = parksim.simulate(baseline, paths=PATHS).targets()
    behind = list(result[result["status"] != "on_track"]["target"])
    assert [r[0] for r in rows] == [baseline.target_name(t, "zh") for t in behind]
    for row, target in zip(rows, behind, strict=True):  # solved on two threads, same answers
        lever = take_lever(baseline, target)
        found = parksim.solve(baseline, target, lever.key, WANTED, paths=PATHS)
        needed = "—" if found.value is None else lever_value(lever.key, found.value)
        assert row[2] == needed
        if found.value is not None:
            reached = format_percent(found.probability)
            assert row[4] == f"达成概率 {reached}({found.evaluations} 次模拟)"
    computing = rows[behind.index("computing_power")]
    assert computing[1] == "算力产业收入 年均增速"
    assert rows[behind.index("four_new_share")][2].startswith("× ")  # a share: both parts scaled


def test_reproduce_command_gives_the_same_briefing(zh_brief: Document, tmp_path: Path) -> None:
    command = next(p.text for p in zh_brief.paragraphs if p.style.name == "Command")
    argv = shlex.split(command)
    assert argv[:4] == ["parksim", "brief", str(BASELINE), "-o"]
    assert ["--paths", str(PATHS), "--seed", "20200425"] == argv[-4:]
    out = tmp_path / "again.docx"
    argv[argv.index("-o") + 1] = str(out)
    assert main(argv[1:]) == 0
    again = docx.Document(str(out))
    header = headers(cells.TARGET_COLUMNS, "zh")
    assert table_with_header(again, header) == table_with_header(zh_brief, header)


def test_english_headings_and_labels_have_no_chinese(en_brief: Document, baseline) -> None:  # type: ignore[no-untyped-def]
    assert headings(en_brief)[0] == ("Title", "Baseline · briefing on the targets")
    assert "Scenario comparison" in [text for _, text in headings(en_brief)]
    for style, text in headings(en_brief):
        assert not CJK.search(text), (style, text)
    for table in en_brief.tables:
        header = [cell.text for cell in table.rows[0].cells]
        assert not CJK.search(" ".join(header)), header
    data = [baseline.target_name(t, "en") for t in baseline.targets]
    data += [baseline.indicator_name(i, "en") for i in baseline.all_indicator_ids]
    for paragraph in en_brief.paragraphs:
        if paragraph.style.name == "Command":
            continue
        text = paragraph.text
        for name in data:
            text = text.replace(name, "")
        text = text.replace("万亿元", "").replace(
            "亿元", ""
        )  # the scenario's unit, as the app shows
        assert not CJK.search(text), paragraph.text


def test_a_scenario_without_targets_gives_a_briefing_that_says_so(tmp_path: Path) -> None:
    path = tmp_path / "none.toml"
    path.write_text(SMALL.split("[targets.health]")[0], encoding="utf-8")
    written = brief.write(parksim.load_scenario(path), tmp_path / "none.docx")
    document = docx.Document(str(written.path))
    texts = [p.text for p in document.paragraphs]
    assert word("brief.no_targets", "zh") in texts
    assert [t for s, t in headings(document) if s == "Heading 1"] == ["概要", "附录:关键假设及来源"]
    assert len(document.inline_shapes) == 0
    assert any(p.startswith("parksim brief ") for p in texts)


FORMULA_NAME = '=HYPERLINK("http://x.example/a","点我")'
FORMULA_NAME_EN = "@SUM(A1) <b>bold</b> http://www.example.com"
FORMULA_SOURCE = "doc-1: =cmd|' /C calc'!A0"


def test_formula_like_names_stay_text(tmp_path: Path) -> None:
    text = (
        SMALL.replace('name = "健康翻番"', f"name = '{FORMULA_NAME}'")
        .replace('name_en = "Health doubles"', f"name_en = '{FORMULA_NAME_EN}'")
        .replace('source.base = "doc-1: 健康 100"', f'source.base = "{FORMULA_SOURCE}"')
    )
    path = tmp_path / "formula.toml"
    path.write_text(text, encoding="utf-8")
    scenario = parksim.load_scenario(path)
    for lang, name in (("zh", FORMULA_NAME), ("en", FORMULA_NAME_EN)):
        data = brief.make(scenario, lang=lang)  # type: ignore[arg-type]
        document = read(data)
        first_cells = [t.rows[1].cells[0].text for t in document.tables if len(t.rows) > 1]
        assert name in first_cells  # shown as written, in the target and what-it-takes tables
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = archive.read("word/document.xml").decode("utf-8")
            relations = archive.read("word/_rels/document.xml.rels").decode("utf-8")
            footer = archive.read("word/footer1.xml").decode("utf-8")
        for markup in ("<w:fldSimple", "<w:instrText", "<w:hyperlink", "<w:fldChar"):
            assert markup not in body
        assert "relationships/hyperlink" not in relations
        assert re.findall(r"<w:instrText[^>]*>([^<]*)<", footer) == [" PAGE "]  # the template's
    appendix = read(brief.make(scenario)).tables[-1]
    assert FORMULA_SOURCE in [row.cells[3].text for row in appendix.rows]


def test_text_xml_cannot_hold_is_dropped_not_fatal() -> None:
    assert clean("a\x00b\x0bc\ud800d\te\nf") == "abcd\te\nf"


def test_summary_is_written_from_the_numbers(
    zh_brief: Document, en_brief: Document, baseline
) -> None:  # type: ignore[no-untyped-def]
    result = parksim.simulate(baseline, paths=PATHS).targets()
    counts = result["status"].value_counts()
    summary = zh_brief.paragraphs[[p.text for p in zh_brief.paragraphs].index("概要") + 1].text
    on, risk, off = (int(counts.get(s, 0)) for s in ("on_track", "at_risk", "off_track"))
    assert summary.startswith(
        f"本情景共 7 个目标:{on} 个有望达成,{risk} 个存在风险,{off} 个难以达成。"
    )
    gaps = (result["value"] - result["p50"]) / result["value"]  # every target here is ">="
    biggest = result.loc[gaps.idxmax()]
    assert f"差距最大的是“{baseline.target_name(biggest['target'], 'zh')}”" in summary
    assert f"达成概率 {format_percent(biggest['probability'])}。" in summary
    assert f"它需要年均增长 {format_percent(biggest['required_growth'])}" in summary
    english = en_brief.paragraphs[[p.text for p in en_brief.paragraphs].index("Summary") + 1].text
    assert f"{off} off track. The biggest gap is " in english and english.endswith(" assumed.")


def test_comparison_shows_targets_side_by_side_and_the_inputs_that_differ(
    en_brief, baseline
) -> None:  # type: ignore[no-untyped-def]
    other = parksim.load_scenario(ROOT / "scenarios" / "faster_reform.toml")
    assert ("Heading 2", "Assumptions that differ") in headings(en_brief)
    diff = assumption_diff([baseline, other])
    named = diff.drop_duplicates("key")
    items = [
        f"{name} · {cells.field_name(str(key).rsplit('.', 1)[-1], 'en')}"
        for key, name in zip(named["key"], named["name_en"], strict=True)
    ]  # readable names, as the app shows them, not dotted keys
    header = ["Name", "baseline", "faster_reform", "Source (where it differs)"]
    rows = table_with_header(en_brief, header)[1:]
    assert [row[0] for row in rows] == items and items
    side = table_with_header(
        en_brief,
        [*headers(cells.TARGET_COLUMNS[:3], "en"), "Probability · baseline", "P50 · baseline",
         "Probability · faster_reform", "P50 · faster_reform"],
    )  # fmt: skip
    assert len(side) == 1 + len(baseline.targets)
