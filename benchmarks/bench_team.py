"""Ten people on one team server at once (not a test: it runs for a minute and more).

Starts ``streamlit run app.py`` on 127.0.0.1 with a real SQLite store holding ten planner
accounts, signs ten browser contexts in (Debian's headless Chromium through Playwright's
async API, one context per person: their own cookies and Streamlit session) and has each
move a growth slider one step at a time for ``--seconds`` (each session on its own seed, so
no session's move is a cache hit for another's). Every move waits for its run to end. Then
every session saves its settings as a scenario of its own.

It checks: no exception or error shown in any page; every session's slider shows the
number of moves it made; every save is a revision in the store, by its account, holding
that session's slider value (nothing lost). It prints the moves, their time, and the
server's RSS (``/proc/<pid>/status``) every few seconds, and the load average.

    python3 benchmarks/bench_team.py [--sessions 10] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.app.teamserver import PASSWORD, team_server
from tests.browser import CHROMIUM, CHROMIUM_FLAGS, IDLE, app_server

from parksim.store import history, text_of

GROWTH = "算力产业收入 · 年均增速"
START = 11.1  # the slider's value in the baseline (%)
PROBLEMS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


async def sign_in(browser: Any, url: str, name: str, seed: int) -> Any:
    context = await browser.new_context(viewport={"width": 1440, "height": 1000})
    page = await context.new_page()
    await page.goto(f"{url}/?seed={seed}")
    await page.get_by_label("账号 / Account").fill(name)
    await page.get_by_label("密码 / Password").fill(PASSWORD)
    await page.get_by_role("button", name="登录 / Sign in").click()
    await page.wait_for_selector('[data-testid="stTable"]', timeout=300_000)
    await page.wait_for_function(IDLE, timeout=300_000)
    return page


async def thumb_of(page: Any) -> Any:
    box = page.locator('[data-testid="stSlider"]').filter(has_text=GROWTH).first
    await box.wait_for(state="attached")
    if not await box.is_visible():  # in a closed sidebar group: open it
        await box.locator("xpath=ancestor::details[1]/summary").click()
    return box.locator('input[type="range"]').first


async def move_for(page: Any, seconds: float) -> list[float]:
    """One step up at a time until ``seconds`` are over; each move's seconds until the run
    that it started is over (the address bar, rewritten at the end of a run, has moved on)."""
    thumb, times = await thumb_of(page), []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        before = page.url
        started = time.monotonic()
        await thumb.focus()
        await thumb.press("ArrowRight")
        await page.wait_for_function(
            f"() => window.location.href !== {before!r} && ({IDLE})()", timeout=300_000
        )
        times.append(time.monotonic() - started)
    return times


async def save(page: Any, file_id: str) -> str:
    """Save the session's settings as ``file_id``; "" when saved, else what the page said."""
    await page.get_by_role("radio", name="保存·分享·导出", exact=True).click()
    await page.get_by_label("文件名(英文字母、数字、_ 或 -)").fill(file_id)
    await page.get_by_role("button", name="保存", exact=True).click()
    answers = '[data-testid="stAlertContentSuccess"], [data-testid="stAlertContentError"]'
    said = page.locator(answers).filter(has_text=file_id).first
    try:
        await said.wait_for(timeout=300_000)
    except Exception as exc:  # Playwright's timeout: say so rather than stop the others
        return f"no answer to the save: {exc}"[:300]
    text = str(await said.inner_text())
    return "" if text.startswith(f"已保存为 {file_id}.toml") else text


async def sample(pid: int, every: float, out: list[tuple[float, float]], stop: Any) -> None:
    started = time.monotonic()
    while not stop.is_set():
        out.append((time.monotonic() - started, rss_mb(pid)))
        with contextlib.suppress(TimeoutError):  # the next sample is due
            await asyncio.wait_for(stop.wait(), every)


async def run(url: str, pid: int, names: list[str], seconds: float) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        pages = [await sign_in(browser, url, n, 1000 + i) for i, n in enumerate(names)]
        memory: list[tuple[float, float]] = []
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample(pid, 5.0, memory, stop))
        times = await asyncio.gather(*(move_for(p, seconds) for p in pages))
        stop.set()
        await sampler
        shown = [float(await (await thumb_of(p)).get_attribute("value") or "nan") for p in pages]
        problems = [await p.locator(PROBLEMS).count() for p in pages]
        saves = zip(pages, names, strict=True)
        said = await asyncio.gather(*(save(p, f"load-{n}") for p, n in saves))
        await browser.close()
    return {"times": times, "shown": shown, "problems": problems, "memory": memory, "said": said}


def _rates(text: str) -> list[float]:
    growth = tomllib.loads(text)["indicators"]["computing_power"]["growth"]
    return [float(v) for v in (growth.values() if isinstance(growth, dict) else [growth])]


def check(server: Any, names: list[str], found: dict[str, Any]) -> list[str]:
    """What went wrong (nothing, one hopes)."""
    pairs = zip(names, found["problems"], strict=True)
    wrong = [f"{n}: {k} problems shown" for n, k in pairs if k]
    wrong += [f"{n}: {t}" for n, t in zip(names, found["said"], strict=True) if t]
    store = server.open()
    base = _rates(text_of(store, "baseline"))
    for name, moves, shown in zip(names, found["times"], found["shown"], strict=True):
        expected = round(START + 0.1 * len(moves), 1)
        if shown != expected:
            wrong.append(f"{name}: slider shows {shown}, {len(moves)} moves make {expected}")
        revisions = history(store, f"load-{name}")
        if [(r.number, r.author) for r in revisions] != [(1, name)]:
            wrong.append(f"{name}: stored revisions {revisions}")
            continue
        saved = _rates(text_of(store, f"load-{name}"))  # every year's rate moved by the steps
        wanted = [round(b + 0.001 * len(moves), 6) for b in base]
        if [round(r, 6) for r in saved] != wanted:
            wrong.append(f"{name}: saved growth {saved}, {len(moves)} moves make {wanted}")
    return wrong


def report(found: dict[str, Any], sessions: int, seconds: float, load: str) -> None:
    every = [t for ts in found["times"] for t in ts]
    print(
        f"parksim team server: {sessions} signed-in sessions moving a growth slider for "
        f"{seconds:.0f} s on 127.0.0.1\nPython {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; load average {load}\n"
    )
    per = [len(ts) for ts in found["times"]]
    print(f"moves: {sum(per)} in all, {min(per)}–{max(per)} a session")
    print(
        f"seconds a move (until its run is over): median {statistics.median(every):.2f}, "
        f"min {min(every):.2f}, max {max(every):.2f}\n"
    )
    print("     s   server RSS MB")
    for at, mb in found["memory"]:
        print(f"{at:6.0f}   {mb:10.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    names = [f"planner{i:02d}" for i in range(1, args.sessions + 1)]
    with tempfile.TemporaryDirectory(prefix="parksim-bench-team-") as name:
        server = team_server(Path(name), tuple((n, "planner") for n in names))
        pid: list[int] = []
        with app_server(server.scenarios, env=server.env(), pid=pid) as url:
            before = " ".join(f"{x:.2f}" for x in os.getloadavg())
            found = asyncio.run(run(url, pid[0], names, args.seconds))
            after = " ".join(f"{x:.2f}" for x in os.getloadavg())
        report(found, args.sessions, args.seconds, f"before {before}, after {after}")
        wrong = check(server, names, found)
    for line in wrong:
        print(f"WRONG: {line}")
    print("\nno error, nothing lost" if not wrong else f"\n{len(wrong)} problems")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
