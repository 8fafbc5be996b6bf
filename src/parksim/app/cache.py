"""What the app keeps between reruns beyond Streamlit's own caches, each with its bound.

Nothing here exists at import: each is made on first use. (The Streamlit caches, keyed by small
values only, live in :mod:`parksim.app.state`; these are the process-wide ones.)
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache


@cache
def quantile_pool() -> ThreadPoolExecutor:
    """Two threads for the fan-chart quantiles: numpy's partition releases the GIL, so the
    two halves of the indicators are sorted at once (bound: 2 threads, made on first use)."""
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="parksim-quantiles")
