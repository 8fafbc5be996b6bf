"""The workbook section in a real browser (Debian's Chromium, Playwright): download the
template, upload a workbook with a mistake and see every problem listed (nothing written),
upload it fixed and pick the new scenario to see its targets."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from tests.app.test_browser import _opened
from tests.browser import TABLE, wait_idle, wait_ready

UPLOADER = '[data-testid="stFileUploader"] input[type="file"]'


def _save(data: bytes, path: Path, **cells: object) -> Path:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for place, value in cells.items():
        sheet, cell = place.split("__")
        book[{"s": "情景 Scenario", "i": "指标 Indicators"}[sheet]][cell] = value
    book.save(path)
    return path


@pytest.mark.slow
def test_template_download_upload_errors_then_a_new_scenario(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"  # the private copy the app serves
    with _opened(tmp_path) as (_, page):
        page.get_by_role("radio", name="保存·分享·导出").click()
        wait_idle(page)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="下载空白模板").click()
        template = tmp_path / "template.xlsx"
        download.value.save_as(template)
        data = template.read_bytes()
        assert openpyxl.load_workbook(template).sheetnames[1] == "情景 Scenario"

        wrong = _save(data, tmp_path / "wrong.xlsx", s__A3="uploaded_park", i__J3="很高")
        page.locator(UPLOADER).set_input_files(str(wrong))
        page.get_by_text("工作簿未导入").wait_for(timeout=60_000)
        problems = page.locator('[data-testid="stCode"]').last.inner_text()
        assert (
            'wrong.xlsx: sheet 指标 Indicators, row 3, column 波动率 Volatility = "很高"'
            in problems
        )
        assert not (folder / "uploaded_park.toml").exists()

        right = _save(data, tmp_path / "right.xlsx", s__A3="uploaded_park")
        page.locator(UPLOADER).set_input_files(str(right))
        page.get_by_text("已导入情景 “uploaded_park”").wait_for(timeout=60_000)
        assert (folder / "uploaded_park.toml").is_file()

        picker = page.locator('[data-testid="stSelectbox"]').first
        picker.scroll_into_view_if_needed()
        picker.click()
        page.get_by_role("option").filter(has_text="uploaded_park").first.click()
        page.wait_for_url(re.compile(r"s=uploaded_park"))
        page.get_by_role("radio", name="目标看板").click()
        wait_ready(page)
        assert "地区生产总值达到1800亿元" in page.locator(TABLE).first.inner_text()
