"""A real browser on the real app: start ``streamlit run app.py`` on a free loopback port and
drive Debian's Chromium with Playwright. Shared by ``tests/app/test_browser.py`` and
``benchmarks/bench_app.py``; never downloads a browser."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TABLE = '[data-testid="stTable"]'
CHART = '[data-testid="stVegaLiteChart"]'


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def app_server(
    folder: Path,
    timeout: float = 60.0,
    script: Path | None = None,
    env: Mapping[str, str] | None = None,
    pid: list[int] | None = None,
) -> Iterator[str]:
    """``streamlit run app.py`` (or ``script``) on 127.0.0.1 and a free port, serving
    ``folder``'s scenarios (``env`` added to the environment: a team server's data folder);
    yields the base URL once ``/_stcore/health`` answers (the server's process id appended
    to ``pid``); always stops the server."""
    port = free_port()
    env = {**os.environ, **(env or {}), "PARKSIM_SCENARIOS": str(folder)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(script or ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log = (folder.parent / "streamlit.log").open("wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    if pid is not None:
        pid.append(server.pid)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"streamlit exited with {server.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer /_stcore/health in {timeout:.0f} s")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        log.close()


def scenarios_copy(tmp: Path) -> Path:
    """A private copy of ``scenarios/``: what the browser does never touches the repository."""
    target = tmp / "scenarios"
    shutil.copytree(ROOT / "scenarios", target)
    return target


def launch(playwright: Any) -> Any:
    """Debian's Chromium, headless, without any background traffic."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


def wait_ready(page: Any, timeout: float = 90_000) -> None:
    """The targets table and at least one chart drawn, and no script run going on."""
    page.wait_for_selector(TABLE, timeout=timeout)
    page.wait_for_selector(f"{CHART} svg", timeout=timeout)
    wait_idle(page, timeout)


IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.getAttribute("data-test-script-state") === "notRunning";
}"""

# Run in the page: sets ``window.parksimLatency`` to a promise of the milliseconds from the next
# key press to the moment the targets table and the chart titled ``title`` show new content and
# the script run has finished.
UPDATE_LATENCY = """([title]) => { window.parksimLatency = new Promise((resolve) => {
    const table = () => document.querySelector('[data-testid="stTable"]')?.innerText;
    const chart = () => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg')]
        .map((svg) => svg.innerHTML).find((html) => html.includes(title));
    const app = () => document.querySelector('[data-testid="stApp"]')
        ?.getAttribute("data-test-script-state");
    const before = [table(), chart()];
    let start = null;
    document.addEventListener("keydown", () => { start = start ?? performance.now(); },
                              {once: true, capture: true});
    const poll = () => {
        const now = [table(), chart()];
        if (start !== null && now[0] !== before[0] && now[1] !== undefined
            && now[1] !== before[1] && app() === "notRunning") {
            resolve(performance.now() - start);
        } else {
            requestAnimationFrame(poll);
        }
    };
    requestAnimationFrame(poll);
}); }"""


def wait_idle(page: Any, timeout: float = 90_000) -> None:
    """The script run is over (the page shows what the last run wrote)."""
    page.wait_for_function(IDLE, timeout=timeout)


def timed_key(page: Any, target: Any, key: str, chart_title: str) -> float:
    """Press ``key`` on ``target``; milliseconds until the table, the chart titled
    ``chart_title`` and the run are done (measured inside the page, from the keydown event)."""
    target.focus()
    page.evaluate(UPDATE_LATENCY, [chart_title])
    target.press(key)
    waited = page.evaluate(
        """(limit) => Promise.race([window.parksimLatency,
                                    new Promise((r) => setTimeout(() => r(-1), limit))])""",
        60_000,
    )
    if waited < 0:
        raise TimeoutError(f"no update of the table and {chart_title!r} within 60 s of {key}")
    return float(waited)


def table_text(page: Any) -> str:
    return str(page.locator(TABLE).first.inner_text())


def chart_svg(page: Any, title: str) -> str:
    """The SVG of the chart whose title contains ``title``."""
    return str(page.locator(CHART).filter(has_text=title).first.locator("svg").inner_html())


def slider_thumb(page: Any, label: str) -> Any:
    """The keyboard-focusable range input of the slider whose label contains ``label``."""
    box = page.locator('[data-testid="stSlider"]').filter(has_text=label).first
    box.wait_for(state="attached")
    if not box.is_visible():  # in a sidebar group that is closed: open it, as a planner would
        box.locator("xpath=ancestor::details[1]/summary").click()
        box.wait_for(state="visible")
    return box.locator('input[type="range"]').first
