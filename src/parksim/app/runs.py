"""The runs behind the app's pages, kept whole for a few states so that bands are drawn on
demand: a chart picked later needs its quantiles, not a new simulation.

A run keeps every path (21 indicators × 10,000 paths × 12 years ≈ 20 MB); :data:`RESULTS`
of them stay, the latest ones. The small tables of a run (``RunSummary``) are cached by
Streamlit in :mod:`parksim.app.state`; the bands of one indicator here, per run state.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from parksim.app import catalog, controls
from parksim.app.catalog import Stamp
from parksim.engine.run import simulate
from parksim.report.cache import memo
from parksim.report.summary import band_values
from parksim.results.protocol import Result

Positions = tuple[tuple[str, float], ...]


@memo("result")
def result(path: str, stamp: Stamp, positions: Positions, paths: int, seed: int) -> Result:
    """The run of a scenario file with slider positions applied."""
    from_file = catalog.load_path(Path(path), stamp)
    scenario = controls.apply_positions(from_file, dict(positions))
    return simulate(scenario, paths=paths, seed=seed)


@memo("band")
def band(
    path: str, stamp: Stamp, positions: Positions, paths: int, seed: int, indicator: str
) -> np.ndarray:
    """One indicator's P5 … P95 by year (``summary.band_values``), from the kept run."""
    return band_values(result(path, stamp, positions, paths, seed), [indicator])[indicator]
