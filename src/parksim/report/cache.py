"""Every cache of the app, with its bound, in one table; the quantile thread pool.

Streamlit's caches (in :mod:`parksim.app.state`) and the process-wide memos of the pure app
modules read their bounds from :data:`BOUNDS`, so what the app may keep is written in one
place. Nothing here holds data at import: memos start empty, the pool starts on first use.
The engine keeps its own two caches, documented where they live: the standard normals of the
first random-number blocks (``engine.random``, at most ~140 MB) and pipeline realisations
(``engine.pipelines``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache, lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# name: (entries, what one entry is)
BOUNDS: dict[str, tuple[int, str]] = {
    "edited": (64, "a scenario file with the edit view's changes (shared, immutable)"),
    "scenario": (64, "a Scenario with edits and slider positions applied (shared, immutable)"),
    "summary": (256, "a RunSummary of a few tens of KB (and at most 256 MiB in all)"),
    "result": (2, "a whole run, every path: ≈ 20 MB at 10,000 paths, 100 MB at 50,000"),
    "band": (2048, "one indicator's quantile bands of one run state (12 × 5 numbers)"),
    "tornado": (32, "a tornado table of one target"),
    "solve": (64, "one goal-seek answer"),
    "backtest": (32, "a backtest's scored figures and notes (a few KB), or its origins"),
    "listing": (8, "the scenarios of a folder, keyed by its files' modification times"),
    "controls": (64, "the sliders of one Scenario object (by identity: scenarios are immutable)"),
    "loaded": (32, "a loaded scenario file, keyed by its modification time"),
    "pipeline_stats": (128, "the statistics table of one pipeline's DES realisations"),
    "pipeline_table": (64, "the statistics of a run's pipelines, one table (a few KB)"),
    "fan_template": (256, "a fan chart's Vega-Lite spec without data"),
    "lines_template": (32, "a line chart's spec without data"),
    "compare_template": (64, "a comparison chart's spec without data"),
}
SUMMARY_BYTES = 256 * 2**20


def entries(name: str) -> int:
    """The bound of the cache ``name``."""
    return BOUNDS[name][0]


def memo(name: str) -> Callable[[F], F]:
    """An ``lru_cache`` bounded by ``BOUNDS[name]``."""

    def decorate(function: F) -> F:
        return lru_cache(maxsize=entries(name))(function)  # type: ignore[return-value]

    return decorate


@cache
def quantile_pool() -> ThreadPoolExecutor:
    """Two threads for the fan-chart quantiles: numpy's sort releases the GIL, so the
    two halves of the indicators are sorted at once (bound: 2 threads, made on first use)."""
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="parksim-quantiles")
