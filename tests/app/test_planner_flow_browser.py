"""A planner's own park in a real browser (Debian's Chromium, Playwright), end to end: upload
a filled workbook, see the new scenario's targets, edit one base value in the edit view, see
the targets change, save the edit as a child, paste an actual figure into the tracking view's
editor and save it, see the tracking table change, reload the page and find it all there."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parksim import load_scenario
from parksim.app import editing
from parksim.app.workbook import template_bytes
from tests.app.test_browser import _opened
from tests.browser import TABLE, wait_idle, wait_ready

UPLOADER = '[data-testid="stFileUploader"] input[type="file"]'
GRID = '[data-testid="stDataFrame"]'
HEADER, ROW = 35, 35  # the data editor's header and row heights (px)


def _workbook(path: Path) -> Path:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    book["情景 Scenario"]["A3"] = "my_park"
    book.save(path)
    return path


def _first_cell(page: Any, grid: Any, x: float = 30, clicks: int = 1) -> None:
    """Click the grid's cell of row 1 at ``x`` pixels from its left (twice: open it)."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + HEADER + ROW / 2, click_count=clicks)


def _type_in_cell(page: Any, grid: Any, section: str, column: str, text: str) -> None:
    """Row 1 of the edit view's ``section`` table, ``column`` (a key): clicked at its place
    (the view gives each column a fixed width), opened, typed, committed."""
    widths = [(key, editing.width(field)) for key, field in editing.columns(section)]
    left = sum(w for _, w in widths[: [k for k, _ in widths].index(column)])
    _first_cell(page, grid, left + dict(widths)[column] / 2, clicks=2)
    editor = page.locator(".gdg-input, textarea").last
    editor.wait_for(timeout=10_000)
    editor.fill(text)
    page.keyboard.press("Enter")
    wait_idle(page)


def _wait_for_file(path: Path, line: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while line not in path.read_text(encoding="utf-8-sig"):
        assert time.monotonic() < deadline, f"{path.name} has no line {line!r}"
        time.sleep(0.2)


def _view(page: Any, name: str) -> None:
    page.get_by_role("radio", name=name).click()
    (wait_ready if name == "目标看板" else wait_idle)(page)  # the dashboard draws charts


def _targets(page: Any) -> str:
    return str(page.locator(TABLE).first.inner_text())


@pytest.mark.slow
def test_upload_edit_save_enter_a_figure_and_reload(tmp_path: Path) -> None:
    with _opened(tmp_path) as (_, page):
        try:
            _planner_flow(page, tmp_path / "scenarios")
        except Exception:
            page.screenshot(path=tmp_path / "failed.png", full_page=True)  # kept by pytest
            raise


def _planner_flow(page: Any, folder: Path) -> None:
    """The flow itself, on the page the test opened."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _view(page, "保存·分享·导出")
    page.locator(UPLOADER).set_input_files(str(_workbook(folder.parent / "park.xlsx")))
    page.get_by_text("已导入情景 “my_park”").wait_for(timeout=60_000)
    page.wait_for_url(re.compile(r"s=my_park"))  # the new scenario is shown at once
    _view(page, "目标看板")
    before = _targets(page)
    assert "地区生产总值达到1800亿元" in before

    _view(page, "编辑情景")
    page.get_by_label("您的姓名(用于来源说明)").fill("张三")
    page.keyboard.press("Enter")
    wait_idle(page)
    _type_in_cell(page, page.locator(GRID).first, "indicators", "base", "1500亿")
    page.get_by_text("修改清单 · 已修改 1 处").wait_for(timeout=60_000)

    _view(page, "目标看板")
    edited = _targets(page)
    assert edited != before  # a higher base moves the GDP target's probability

    _view(page, "编辑情景")
    page.get_by_label("文件名(英文字母、数字、_ 或 -)").fill("my_park_edit")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(r"s=my_park_edit"), timeout=60_000)
    child = load_scenario(folder / "my_park_edit.toml")
    assert child.raw["indicators"]["gdp"]["base"] == 1500.0
    assert child.source_of("indicators.gdp.base") == "assumption: edited in the app by 张三"

    _view(page, "进度跟踪")
    tracking = page.locator(TABLE).first.inner_text()
    page.get_by_text("录入实际值").click()
    grid = page.locator(GRID).last
    row = "gdp\t2021\t1499\t统计公报2021: 全年地区生产总值1499亿元"
    page.evaluate("text => navigator.clipboard.writeText(text)", row)
    _first_cell(page, grid)
    page.keyboard.press("ControlOrMeta+v")
    page.wait_for_timeout(1_000)  # the grid sends its rows a moment after the paste
    wait_idle(page)
    page.get_by_role("button", name="保存实际值").click()
    row = "gdp,2021,1499.0,,统计公报2021: 全年地区生产总值1499亿元"
    _wait_for_file(folder / "actuals" / "my_park.csv", row)
    assert "2021" not in tracking
    page.locator(TABLE).first.filter(has_text="2021").wait_for(timeout=60_000)  # the latest
    latest = page.locator(TABLE).first.inner_text()

    page.reload()
    wait_idle(page)
    assert "my_park_edit" in page.url
    _view(page, "进度跟踪")
    assert page.locator(TABLE).first.inner_text() == latest
