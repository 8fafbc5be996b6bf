"""The scenarios and runs behind the app's pages: a scenario with slider positions applied
(one cache for the page, the run, goal seek and the tornado), and runs kept whole for a few
states so that bands are drawn on demand: a chart picked later needs its quantiles, not a new
simulation.

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
from parksim.inputs.scenario import Scenario
from parksim.report.cache import memo
from parksim.report.summary import band_values
from parksim.results.protocol import Result

Positions = tuple[tuple[str, float], ...]


@memo("scenario")
def scenario(path: str, stamp: Stamp, positions: Positions) -> Scenario:
    """The scenario file with slider positions applied (shared, never copied: immutable)."""
    return controls.apply_positions(catalog.load_path(Path(path), stamp), dict(positions))


@memo("result")
def result(path: str, stamp: Stamp, positions: Positions, paths: int, seed: int) -> Result:
    """The run of a scenario file with slider positions applied."""
    return simulate(scenario(path, stamp, positions), paths=paths, seed=seed)


@memo("band")
def band(
    path: str, stamp: Stamp, positions: Positions, paths: int, seed: int, indicator: str
) -> np.ndarray:
    """One indicator's P5 … P95 by year (``summary.band_values``), from the kept run."""
    return band_values(result(path, stamp, positions, paths, seed), [indicator])[indicator]
