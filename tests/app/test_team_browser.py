"""The team server in a real browser: ``streamlit run app.py`` on a real SQLite store with
accounts, Debian's Chromium driven by Playwright, one browser context per person (their own
cookies and session): sign-in, a planner's save, a viewer who cannot save, two planners
saving the same scenario from the same revision (the second sees the conflict and the
difference, nothing lost), and a restore."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parksim.store import history, text_of
from tests.app.teamserver import PASSWORD, TeamServer, team_server
from tests.app.test_browser import _playwright
from tests.browser import app_server, launch, slider_thumb, wait_idle, wait_ready

GROWTH = "济南市生物医药与大健康产业营业收入 · 年均增速"
SAVE_VIEW = "保存·分享·导出"


@contextlib.contextmanager
def _served(tmp_path: Path) -> Iterator[tuple[TeamServer, Any, str]]:
    sync_playwright = _playwright()
    server = team_server(tmp_path)
    with (
        app_server(server.scenarios, env=server.env()) as url,
        sync_playwright() as playwright,
    ):
        browser = launch(playwright)
        try:
            yield server, browser, url
        finally:
            browser.close()


def signed_in(browser: Any, url: str, name: str, query: str = "") -> Any:
    """A new context (a person of their own) signed in as ``name``, the first page drawn."""
    page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    page.goto(f"{url}/{query}")
    page.get_by_label("账号 / Account").fill(name)
    page.get_by_label("密码 / Password").fill(PASSWORD)
    page.get_by_role("button", name="登录 / Sign in").click()
    wait_ready(page)
    page.get_by_text(f"已登录:{name}").wait_for()
    return page


def view(page: Any, name: str) -> None:
    page.get_by_role("radio", name=name, exact=True).click()
    page.get_by_role("radio", name=name, exact=True, checked=True).wait_for()
    wait_idle(page)


def move(page: Any, key: str, times: int = 1) -> None:
    thumb = slider_thumb(page, GROWTH)
    for _ in range(times):
        thumb.focus()
        thumb.press(key)
        wait_idle(page)


def save(page: Any, file_id: str, *, confirm: bool = False) -> None:
    view(page, SAVE_VIEW)
    page.get_by_label("文件名(英文字母、数字、_ 或 -)").fill(file_id)
    if confirm:
        page.get_by_text(f"确认覆盖已保存的情景 “{file_id}”").click()
    page.get_by_role("button", name="保存", exact=True).click()
    wait_idle(page)


@pytest.mark.slow
def test_sign_in_save_viewer_conflict_and_restore_in_real_browsers(tmp_path: Path) -> None:
    with _served(tmp_path) as (server, browser, url):
        # nothing before sign-in; a wrong password is refused without a hint
        page = browser.new_context().new_page()
        page.goto(url)
        page.get_by_label("账号 / Account").fill("pat")
        page.get_by_label("密码 / Password").fill("wrong password")
        page.get_by_role("button", name="登录 / Sign in").click()
        page.get_by_text("账号或密码不正确。 / Wrong account name or password.").wait_for()
        assert page.locator('[data-testid="stTable"]').count() == 0
        page.context.close()

        pat = signed_in(browser, url, "pat")
        move(pat, "ArrowRight", 3)
        save(pat, "shared")
        pat.get_by_text("已保存为 shared.toml").wait_for()
        assert [(r.number, r.author) for r in history(server.open(), "shared")] == [(1, "pat")]

        vic = signed_in(browser, url, "vic", "?s=shared")
        view(vic, SAVE_VIEW)
        assert vic.get_by_role("button", name="保存", exact=True).is_disabled()
        vic.get_by_text("你的角色(查看者)只能查看").wait_for()

        # two planners on revision 1: both asked to confirm it, pat first, then quinn
        quinn = signed_in(browser, url, "quinn", "?s=shared")
        for person, key in ((pat, "ArrowRight"), (quinn, "ArrowLeft")):
            move(person, key, 2)
            save(person, "shared")
            person.get_by_text("“shared” 已存在").wait_for()
        save(pat, "shared", confirm=True)
        pat.get_by_text("已保存为 shared.toml").wait_for()
        save(quinn, "shared", confirm=True)
        quinn.get_by_text("“shared” 已由 pat 于").wait_for()
        quinn.get_by_text("差异(你开始时的版本、期间保存的版本、你的版本)").wait_for()
        grid = quinn.locator('[data-testid="stDataFrame"]').last
        assert grid.is_visible()
        assert [r.author for r in history(server.open(), "shared")] == ["pat", "pat"]

        # quinn confirms again, now from revision 2: saved, nothing of pat's lost
        save(quinn, "shared", confirm=True)
        quinn.get_by_text("已保存为 shared.toml").wait_for()
        store = server.open()
        assert [r.author for r in history(store, "shared")] == ["pat", "pat", "quinn"]

        # pat restores revision 1 from the history view
        view(pat, "版本历史")
        pat.get_by_role("button", name="恢复为最新版本").click()
        pat.get_by_text("已把第 2 版恢复为第 4 版。").wait_for()
        assert text_of(store, "shared") == text_of(store, "shared", 2)
        assert history(store, "shared")[-1].origin == "restore:2"
