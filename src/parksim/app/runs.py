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

from parksim.app import catalog, controls, editing
from parksim.app.catalog import Stamp
from parksim.app.editing import Changes
from parksim.engine.run import simulate
from parksim.inputs.scenario import Scenario
from parksim.report.cache import memo
from parksim.report.summary import band_values
from parksim.results.protocol import Result

Positions = tuple[tuple[str, float], ...]


@memo("edited")
def edited(path: str, stamp: Stamp, edits: Changes = ()) -> Scenario:
    """The scenario file with the edit view's changes (the sliders' starting point)."""
    return editing.applied(catalog.load_path(Path(path), stamp), edits)


@memo("scenario")
def scenario(path: str, stamp: Stamp, positions: Positions, edits: Changes = ()) -> Scenario:
    """The scenario file with its edits and slider positions applied (shared, never copied:
    immutable)."""
    return controls.apply_positions(edited(path, stamp, edits), dict(positions))


@memo("result")
def result(
    path: str, stamp: Stamp, positions: Positions, paths: int, seed: int, edits: Changes = ()
) -> Result:
    """The run of a scenario file with its edits and slider positions applied."""
    return simulate(scenario(path, stamp, positions, edits), paths=paths, seed=seed)


@memo("band")
def band(
    path: str,
    stamp: Stamp,
    positions: Positions,
    paths: int,
    seed: int,
    indicator: str,
    edits: Changes = (),
) -> np.ndarray:
    """One indicator's P5 … P95 by year (``summary.band_values``), from the kept run."""
    run = result(path, stamp, positions, paths, seed, edits)
    return band_values(run, [indicator])[indicator]
