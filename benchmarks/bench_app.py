"""Slider release → updated targets table and chart, in a real browser (not a test).

Starts ``streamlit run app.py`` on a free loopback port, opens it in Debian's headless Chromium
(Playwright, ``/usr/bin/chromium``), and times 20 keyboard moves of a growth slider and 20 of a
pipeline lever: from the keydown event to the moment the targets table and the slider's chart
show new numbers and the script run is over, measured inside the page. Prints the medians.
With ``--screenshots DIR`` it also saves screenshots of the main views.

    python3 benchmarks/bench_app.py [--moves 20] [--screenshots docs]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser import (
    TABLE,
    app_server,
    launch,
    scenarios_copy,
    slider_thumb,
    timed_key,
    wait_idle,
    wait_ready,
)

# (slider label, the title of the chart it moves); each move goes one step further up, so every
# move is a new value that no cache has seen (moving back would hit the caches).
# name: (slider label, chart title, moves at most, goal in ms)
SERIES = {
    "growth slider": (
        "算力产业收入 · 年均增速",
        "算力产业收入(",
        None,
        0,
    ),  # 0: ≤ 1.5 × bare  # 11.1 % → 13.1 %
    # the heaviest pipeline (40 projects a year; 35 → 55): its DES dominates
    "pipeline (health)": (
        "生物医药(械)招引项目 · 每年签约项目",
        "济南市生物医药与大健康产业营业收入(",
        None,
        500,
    ),
    # a lighter one (20 a year; 19 → 34: its slider ends at 35)
    "pipeline (computing)": ("算力产业招引项目 · 每年签约项目", "算力产业收入(", 15, 500),
}


GOALS = {"view switch": 300, "first load": 2000}  # ms, the speed issue's
CHART_SVG = '[data-testid="stVegaLiteChart"] svg'


def moves(page: Any, label: str, chart: str, count: int) -> list[float]:
    """``count`` moves one step up each."""
    thumb = slider_thumb(page, label)
    times = []
    for _ in range(count):
        times.append(timed_key(page, thumb, "ArrowRight", chart))
        print(f"  {label}: {times[-1]:.0f} ms", file=sys.stderr, flush=True)
    return times


def first_loads(browser: Any, url: str, count: int = 3) -> list[float]:
    """Milliseconds from opening the app in a new tab (a new session) until the dashboard's
    charts are drawn and the run is over; the first is the server's first session."""
    times = []
    for _ in range(count):
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        start = time.perf_counter()
        page.goto(url)
        wait_ready(page)
        times.append((time.perf_counter() - start) * 1000)
        print(f"  first load: {times[-1]:.0f} ms", file=sys.stderr, flush=True)
        page.close()
    return times


def view_switches(page: Any, count: int) -> list[float]:
    """Milliseconds from a click on the view picker until the view is drawn and the run is
    over, alternating 进度跟踪 (its table) and 目标看板 (its charts)."""
    times = []
    for n in range(count):
        view, ready = ("进度跟踪", TABLE) if n % 2 == 0 else ("目标看板", CHART_SVG)
        start = time.perf_counter()
        page.get_by_role("radio", name=view).click()
        page.wait_for_selector(ready)
        wait_idle(page)
        times.append((time.perf_counter() - start) * 1000)
        print(f"  view switch to {view}: {times[-1]:.0f} ms", file=sys.stderr, flush=True)
    return times


def show(page: Any, view: str, ready: str, timeout: float = 120_000) -> None:
    """Switch to a view and wait until ``ready`` (a CSS selector) is drawn and the run is over."""
    page.get_by_role("radio", name=view).click()
    page.wait_for_selector(ready, timeout=timeout)
    wait_idle(page, timeout)
    page.wait_for_timeout(1200)  # Vega's transitions


def screenshots(page: Any, url: str, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    shots = []

    def shot(name: str) -> None:
        shots.append(folder / f"{name}.png")
        page.screenshot(path=str(shots[-1]), full_page=False)

    page.goto(url)
    wait_ready(page)
    page.wait_for_timeout(1200)
    shot("app-dashboard")
    show(page, "项目管线", 'h3:has-text("项目管线")')
    shot("app-pipelines")
    show(page, "情景对比", 'text="目标对比(差值相对第一个情景)"')
    shot("app-compare")
    show(page, "实现路径", 'text="敏感性(龙卷风图)"')
    page.locator('[data-testid="stSelectbox"]').filter(has_text="目标").first.click()
    page.get_by_role("option", name="算力产业新高地(代理:算力产业收入达千亿元)").click()
    wait_idle(page)
    page.get_by_role("button", name="求解").click()
    page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=120_000)
    page.get_by_role("button", name="计算敏感性").click()
    page.wait_for_selector('[data-testid="stVegaLiteChart"] svg', timeout=180_000)
    wait_idle(page, 180_000)
    page.wait_for_timeout(1200)
    shot("app-what-it-takes")
    page.goto(f"{url}/?lang=en")
    wait_ready(page)
    page.wait_for_timeout(1200)
    shot("app-dashboard-en")
    return shots


# The floor Streamlit itself sets: one slider, one small table, one Vega-Lite line chart.
BARE_APP = """
import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

growth = st.slider("bare · growth", 0.0, 30.0, 10.0, 0.1)
years = np.arange(2019, 2031)
values = 100 * (1 + growth / 100) ** (years - 2019)
st.table(pd.DataFrame({"year": years[-3:], "value": values[-3:].round(1)}))
line = alt.Chart(pd.DataFrame({"year": years, "value": values})).mark_line()
chart = line.encode(x="year:Q", y="value:Q").properties(title="bare chart(")
st.vega_lite_chart(chart.to_dict(), width="stretch")
"""


def bare_moves(playwright: Any, folder: Path, count: int) -> tuple[list[float], list[float]]:
    """The same keyboard moves, timed the same way, on the bare app: the floor; and its first
    loads, the floor of parksim's."""
    script = folder.parent / "bare_app.py"
    script.write_text(BARE_APP, encoding="utf-8")
    with app_server(folder, script=script) as url:
        browser = launch(playwright)
        try:
            loads = first_loads(browser, url)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(url)
            wait_ready(page)
            page.wait_for_timeout(500)
            return moves(page, "bare · growth", "bare chart(", count), loads
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--screenshots", type=Path, default=None)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = scenarios_copy(Path(tmp))
        with sync_playwright() as playwright:
            floor, bare_loads = bare_moves(playwright, folder, args.moves)
        with app_server(folder) as url, sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.goto(url)
                wait_ready(page)
                page.wait_for_timeout(500)
                results = {}
                for name, (label, chart, most, _) in SERIES.items():
                    count = args.moves if most is None else min(args.moves, most)
                    results[name] = moves(page, label, chart, count)
                results["view switch"] = view_switches(page, 10)
                results["first load"] = first_loads(browser, url)
                if args.screenshots is not None:
                    shots = screenshots(page, url, args.screenshots)
            finally:
                browser.close()
    cpus = os.cpu_count()
    print(f"parksim app, baseline at default settings (10,000 paths); Chromium headless, "
          f"Python {platform.python_version()}, {cpus} CPUs")  # fmt: skip
    print("keyboard moves, one step up each (a value no cache has seen); timed in the page")
    print("from keydown until the targets table, the chart and the script run are all done\n")
    base = statistics.median(floor)
    print(f"{'':22} {'moves':>5} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'× bare':>7}  goal")
    print(
        f"{'bare Streamlit app':22} {len(floor):5} {base:10.0f} {min(floor):8.0f}"
        f" {max(floor):8.0f} {1:7.2f}  the floor (one slider, table, chart)"
    )
    loads = statistics.median(bare_loads)
    print(
        f"{'bare app, first load':22} {len(bare_loads):5} {loads:10.0f} {min(bare_loads):8.0f}"
        f" {max(bare_loads):8.0f} {1:7.2f}  the floor of a first load"
    )
    for name, times in results.items():
        goal = SERIES[name][3] if name in SERIES else GOALS[name]
        median = statistics.median(times)
        ratio = median / (loads if name == "first load" else base)
        limit, shown = (goal, f"{goal} ms") if goal else (1.5 * base, "1.5 × bare")
        verdict = "within" if median <= limit else "OVER"
        print(
            f"{name:22} {len(times):5} {median:10.0f} {min(times):8.0f} {max(times):8.0f}"
            f" {ratio:7.2f}  ≤ {shown}: {verdict}"
        )
    if args.screenshots is not None:
        print("screenshots: " + ", ".join(str(s) for s in shots))


if __name__ == "__main__":
    main()
