"""The app in a real browser: Debian's Chromium driven by Playwright against
``streamlit run app.py`` on a free loopback port.

Moves a growth slider by keyboard and sees the targets table and its chart change, opens the
share link in a second browser context and sees the same numbers, and downloads the CSV. Under
``CI=true`` it runs or fails, never skips (``.ci/run`` installs chromium).
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from tests.browser import (
    CHROMIUM,
    TABLE,
    app_server,
    chart_svg,
    launch,
    scenarios_copy,
    slider_thumb,
    table_text,
    timed_key,
    wait_idle,
    wait_ready,
)

CI = os.environ.get("CI", "").lower() == "true"
GROWTH = "算力产业收入 · 年均增速"
CHART = "算力产业收入("
COMPUTING = "算力产业新高地"


def _playwright() -> Any:
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        problem = f"playwright is not installed: {exc}"
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if problem is not None:
        if CI:
            pytest.fail(f"the browser test must run under CI=true: {problem}")
        pytest.skip(problem)
    return sync_playwright


def probability(page: Any, name: str) -> str:
    """The probability cell (``"55.6%"``) of a target's row in the targets table."""
    row = page.locator(TABLE).first.locator("tr").filter(has_text=name).first
    cells = row.locator("td, th").all_inner_texts()
    return next(c.strip() for c in cells if re.fullmatch(r"\d+\.\d%", c.strip()))


@pytest.mark.slow
def test_slider_share_link_and_download_in_a_real_browser(tmp_path: Path) -> None:
    sync_playwright = _playwright()
    folder = scenarios_copy(tmp_path)
    with app_server(folder) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(url)
            wait_ready(page)
            before_chart = chart_svg(page, CHART)
            before = probability(page, COMPUTING)

            # a growth slider, by keyboard: the table and the chart change, the URL follows
            thumb = slider_thumb(page, GROWTH)
            assert thumb.get_attribute("value") == "11.1"
            for _ in range(5):
                timed_key(page, thumb, "ArrowRight", CHART)
            assert thumb.get_attribute("value") == "11.6"
            after_table = table_text(page)
            after = probability(page, COMPUTING)
            assert float(after[:-1]) > float(before[:-1])
            assert chart_svg(page, CHART) != before_chart
            assert "o=" in page.url and "computing_power.growth" in page.url

            # the share link, in a fresh context (no cookies, no session): the same numbers
            other = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            other.goto(page.url)
            wait_ready(other)
            assert table_text(other) == after_table
            assert slider_thumb(other, GROWTH).get_attribute("value") == "11.6"
            other.context.close()

            # the CSV download of the current view carries the same probability
            page.get_by_role("radio", name="保存·分享·导出").click()
            wait_idle(page)
            assert "computing_power.growth" in page.locator('[data-testid="stCode"]').inner_text()
            with page.expect_download(timeout=60_000) as download:
                page.get_by_role("button", name="CSV(长表)").click()
            path = tmp_path / "view.csv"
            download.value.save_as(path)
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
            found = [
                r for r in rows
                if r["table"] == "target" and r["id"] == "computing_power"
                and r["statistic"] == "probability"
            ]  # fmt: skip
            assert len(found) == 1
            assert f"{float(found[0]['value']) * 100:.1f}%" == after
            assert any("computing_power.growth" in (r["text"] or "") for r in rows)
        finally:
            browser.close()
