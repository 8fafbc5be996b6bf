"""Backtests: rerun a scenario as it stood at an origin year and score every later figure.

How the rerun is made (history only up to the origin, refitted where the history allows) is
:mod:`parksim.analysis.rewind`. Each later annual figure gets: the years ahead, the actual,
P5/P50/P95 of the paths, its percentile among the paths (PIT: the share of paths below the
actual), whether it lies inside the central 50 % (P25–P75) and 90 % (P5–P95) bands, and its
CRPS from the paths (``scoringrules.crps_ensemble``, the exact CRPS of the paths' empirical
distribution). The naive forecast is the history's mean yearly growth compounded from the last
level known at the origin, with no uncertainty: its CRPS is its absolute error.

Scores are taken on **log levels**: CRPS then measures relative error (0.05 ≈ 5 %), the same
for a 10 亿元 and a 10,000 亿元 indicator, so indicators can be averaged; it treats a shortfall
and an overshoot of the same ratio alike, as growth does; and it is the same whatever level the
logs are taken relative to. PIT and the band flags do not depend on the scale.

Summary: n, observed coverage of the 50 % and 90 % bands against nominal, mean CRPS, mean
naive CRPS and skill = 1 − mean CRPS / mean naive CRPS (> 0: better than the naive forecast).
Several origins pool their figures. Same scenario, origins, paths and seed: the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
import scoringrules as sr

from parksim.analysis.rewind import SKIPPED, Rewound, origin_bounds, rewind
from parksim.engine.run import simulate
from parksim.errors import ArgumentError
from parksim.inputs.scenario import Scenario

BANDS = ((0.5, 0.25, 0.75), (0.9, 0.05, 0.95))  # nominal coverage, lower and upper quantile
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
FIGURE_COLUMNS = [
    "origin", "indicator", "year", "horizon", "actual", "p05", "p50", "p95", "pit", "in50",
    "in90", "crps", "naive", "naive_crps", "basis",
]  # fmt: skip
NOTE_COLUMNS = ["origin", "indicator", "basis", "note"]
COVERAGE_COLUMNS = ["band", "nominal", "observed", "inside", "n"]
SCALE = "log level"


@dataclass(frozen=True)
class Backtest:
    """Every scored figure (``FIGURE_COLUMNS``) and how each indicator was rerun
    (``NOTE_COLUMNS``), for one or more origins of one scenario."""

    scenario: Scenario
    origins: tuple[int, ...]
    paths: int
    seed: int
    figures: pd.DataFrame
    notes: pd.DataFrame

    def summary(self) -> dict[str, float]:
        """n, coverage of the 50 % and 90 % bands (and nominal), mean CRPS, skill."""
        return summarise(self.figures)

    def coverage(self) -> pd.DataFrame:
        """One row per band: nominal and observed coverage, figures inside, n."""
        return coverage_of(self.figures)

    def document(self) -> dict[str, Any]:
        """The whole backtest as JSON-ready data (what ``--format json`` prints)."""
        return {
            "scenario": self.scenario.id,
            "origins": list(self.origins),
            "paths": self.paths,
            "seed": self.seed,
            "scale": SCALE,
            "summary": {k: _plain(v) for k, v in self.summary().items()},
            "coverage": _records(self.coverage()),
            "figures": _records(self.figures),
            "notes": _records(self.notes),
        }


def backtest(
    scenario: Scenario,
    origin: int | Iterable[int],
    *,
    paths: int | None = None,
    seed: int | None = None,
) -> Backtest:
    """Rerun ``scenario`` at ``origin`` (a year, or several for a rolling origin) with
    ``paths`` and ``seed`` (default: the file's) and score every later annual figure.

    ``ArgumentError`` (one line) for an origin outside the history, or when there is nothing
    to score."""
    origins = _years(origin)
    meta = scenario.spec.scenario
    paths = meta.paths if paths is None else paths
    seed = meta.seed if seed is None else seed
    reruns = [rewind(scenario, year) for year in origins]
    if not any(r.figures for r in reruns):
        shown = f"{origins[0]}" if len(origins) == 1 else f"{origins[0]}–{origins[-1]}"
        raise ArgumentError(
            "origin",
            f"origin = {shown}: nothing to score in {scenario.path.name}: no comparable "
            f"annual history level or actual after it (year-to-date quarters are not scored)",
        )
    frames = [score(r, paths, seed) for r in reruns if r.figures]
    figures = pd.concat(frames, ignore_index=True)
    notes = pd.DataFrame(
        [[r.origin, n.indicator, n.basis, n.detail] for r in reruns for n in r.notes],
        columns=NOTE_COLUMNS,
    )
    return Backtest(scenario, origins, paths, seed, figures, notes)


def score(rerun: Rewound, paths: int, seed: int) -> pd.DataFrame:
    """The ``FIGURE_COLUMNS`` rows of one origin: its rerun simulated once, every figure
    scored against its year's paths."""
    result = simulate(rerun.scenario, paths, seed)
    if not result.keeps_paths:
        raise ArgumentError("paths", f"paths = {paths:,}: too many to keep for a backtest")
    base = rerun.scenario.base_year
    values = np.stack([result.paths(f.indicator)[:, f.year - base] for f in rerun.figures])
    actual = np.array([f.actual for f in rerun.figures])
    scores = score_ensemble(values, actual)
    basis = {n.indicator: n.basis for n in rerun.notes if n.basis != SKIPPED}
    naive = np.array([rerun.naive[f.indicator].at(f.year) for f in rerun.figures])
    frame = pd.DataFrame(
        {
            "origin": rerun.origin,
            "indicator": [f.indicator for f in rerun.figures],
            "year": [f.year for f in rerun.figures],
            "horizon": [f.year - rerun.origin for f in rerun.figures],
            "actual": actual,
            **scores,
            "naive": naive,
            "naive_crps": np.abs(np.log(naive) - np.log(actual)),
            "basis": [basis[f.indicator] for f in rerun.figures],
        }
    )
    return frame[FIGURE_COLUMNS]


def score_ensemble(values: np.ndarray, actual: np.ndarray) -> dict[str, np.ndarray]:
    """Per row of ``values`` (figures × paths, in the indicator's unit) and its actual:
    P5/P50/P95, PIT, in50/in90 and the CRPS on log levels."""
    q = np.quantile(values, QUANTILES, axis=1)
    logs = np.sort(np.log(np.maximum(values, np.finfo(float).tiny)), axis=1)
    observed = np.log(actual)
    crps = sr.crps_ensemble(observed, logs, sorted_ensemble=True, backend="numpy")
    flags = {
        f"in{round(nominal * 100)}": (q[QUANTILES.index(low)] <= actual)
        & (actual <= q[QUANTILES.index(high)])
        for nominal, low, high in BANDS
    }
    return {
        "p05": q[0],
        "p50": q[2],
        "p95": q[4],
        "pit": (values < actual[:, None]).mean(axis=1),
        **flags,
        "crps": np.asarray(crps, dtype=float),
    }


def summarise(figures: pd.DataFrame) -> dict[str, float]:
    """The summary of any set of scored figures (see the module docstring)."""
    n = len(figures)
    crps = float(figures["crps"].mean()) if n else np.nan
    naive = float(figures["naive_crps"].mean()) if n else np.nan
    return {
        "n": n,
        "coverage50": float(figures["in50"].mean()) if n else np.nan,
        "nominal50": 0.5,
        "coverage90": float(figures["in90"].mean()) if n else np.nan,
        "nominal90": 0.9,
        "crps": crps,
        "naive_crps": naive,
        "skill": 1.0 - crps / naive if n and naive > 0 else np.nan,
    }


def coverage_of(figures: pd.DataFrame) -> pd.DataFrame:
    """``COVERAGE_COLUMNS``: per band, nominal and observed coverage, figures inside, n."""
    n = len(figures)
    rows = []
    for nominal, _, _ in BANDS:
        inside = int(figures[f"in{round(nominal * 100)}"].sum())
        rows.append([f"{nominal:.0%}", nominal, inside / n if n else np.nan, inside, n])
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def scorable_origins(scenario: Scenario) -> tuple[int, ...]:
    """The origins with at least one figure to score (no simulation: cheap)."""
    first, last = origin_bounds(scenario)
    return tuple(year for year in range(first, last) if rewind(scenario, year).figures)


def parse_origins(text: str) -> tuple[int, ...]:
    """``"2014-2018"`` (or ``"2014"``) as the years it spans; ``ArgumentError`` otherwise."""
    first, _, last = text.partition("-")
    try:
        span = (int(first), int(last or first))
    except ValueError:
        raise ArgumentError(
            "origins", f"--origins {text}: must be FIRST-LAST, e.g. 2014-2018"
        ) from None
    if span[0] > span[1]:
        raise ArgumentError("origins", f"--origins {text}: the first year must come first")
    return tuple(range(span[0], span[1] + 1))


def _years(origin: int | Iterable[int]) -> tuple[int, ...]:
    """The origin years as ints: ``ArgumentError`` for anything but whole years."""
    given: object = origin
    items = list(given) if isinstance(given, Iterable) and not isinstance(given, str) else [given]
    for item in items:
        if isinstance(item, bool) or not isinstance(item, Integral):
            raise ArgumentError("origin", f"origin = {item!r}: must be a year, e.g. 2016")
    if not items:
        raise ArgumentError("origin", "origins: give at least one year")
    return tuple(int(item) for item in items if isinstance(item, Integral))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _plain(value: Any) -> Any:
    """numpy scalars as Python's, NaN as None (JSON has no NaN)."""
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and value != value else value
