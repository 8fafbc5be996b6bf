"""Calibration: growth trend, volatility, trend uncertainty and common-factor loadings fitted
on an indicator's own history of yearly growth rates.

For an indicator with n ≥ ``MIN_GROWTHS`` yearly growths g₁ … gₙ:

- ``growth`` = ḡ, the mean yearly growth;
- ``volatility`` = s, their standard deviation, shrunk toward ``PRIOR_VOLATILITY`` as if
  ``PRIOR_YEARS`` more years had shown it: s² = ((n − 1)·ŝ² + k·s₀²) / (n − 1 + k), so that
  three or four years cannot claim a calm the data do not show;
- ``growth_sd`` = s / √n, the standard error of the trend: few years, a wide band;
- ``correlation``: one-factor loadings ρᵢ fitted to the pairwise correlations of the
  standardised residuals (years that two indicators share, at least ``MIN_GROWTHS``) by
  bounded least squares, so each loading lies in [0, 1].

The planner stays in charge: the answer is a table, and a child scenario that sets exactly the
fitted keys, each with a source that says how it was found.
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from parksim.errors import ArgumentError
from parksim.inputs.scenario import Scenario
from parksim.inputs.writer import dump_document, lay_over
from parksim.text.words import word

MIN_GROWTHS = 3
PRIOR_VOLATILITY = 0.05
PRIOR_YEARS = 2
CALIBRATION_COLUMNS = [
    "indicator", "key", "years", "n", "fitted", "current", "note", "note_zh",
]  # fmt: skip
Growths = Mapping[str, Mapping[int, float]]


@dataclass(frozen=True)
class Fit:
    """The fitted keys of one indicator (None: too little history), with what they rest on."""

    indicator: str
    years: tuple[int, ...]
    growth: float | None
    volatility: float | None
    growth_sd: float | None
    correlation: float | None = None

    @property
    def n(self) -> int:
        return len(self.years)


def fit_indicator(indicator: str, growths: Mapping[int, float]) -> Fit:
    """Trend, shrunk volatility and trend uncertainty of one series of yearly growths."""
    years = tuple(sorted(growths))
    if len(years) < MIN_GROWTHS:
        return Fit(indicator, years, None, None, None)
    values = np.array([growths[y] for y in years])
    n = len(values)
    raw = float(values.var(ddof=1))
    variance = ((n - 1) * raw + PRIOR_YEARS * PRIOR_VOLATILITY**2) / (n - 1 + PRIOR_YEARS)
    volatility = math.sqrt(variance)
    return Fit(indicator, years, float(values.mean()), volatility, volatility / math.sqrt(n))


def factor_loadings(growths: Growths, fits: Mapping[str, Fit]) -> dict[str, float]:
    """One-factor loadings of the fitted indicators that share enough years with another."""
    ids = [i for i, f in fits.items() if f.growth is not None]
    residuals = {i: _standardised(growths[i], fits[i]) for i in ids}
    corr = np.eye(len(ids))
    linked = np.zeros(len(ids), dtype=bool)
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            common = sorted(residuals[ids[a]].keys() & residuals[ids[b]].keys())
            if len(common) >= MIN_GROWTHS:
                x = [residuals[ids[a]][y] for y in common]
                y = [residuals[ids[b]][y] for y in common]
                corr[a, b] = corr[b, a] = float(np.corrcoef(x, y)[0, 1])
                linked[a] = linked[b] = True
    keep = np.flatnonzero(linked)
    if keep.size < 2:
        return {}
    loadings = _one_factor(corr[np.ix_(keep, keep)])
    return {ids[k]: float(v) for k, v in zip(keep, loadings, strict=True)}


def fit_all(growths: Growths) -> dict[str, Fit]:
    """Every indicator's fit, loadings included where the shared years allow."""
    fits = {i: fit_indicator(i, g) for i, g in growths.items()}
    for indicator, rho in factor_loadings(growths, fits).items():
        f = fits[indicator]
        fits[indicator] = Fit(f.indicator, f.years, f.growth, f.volatility, f.growth_sd, rho)
    return fits


def calibrate(
    scenario: Scenario, years: tuple[int, int] | None = None, exclude: Collection[int] = ()
) -> pd.DataFrame:
    """The calibration table of ``scenario``'s history: one row per indicator and fitted key
    (``CALIBRATION_COLUMNS``), and a row with a note for each indicator with too little."""
    return table_of(scenario, fit_all(history_growths(scenario, years, exclude)))


def history_growths(
    scenario: Scenario, years: tuple[int, int] | None = None, exclude: Collection[int] = ()
) -> dict[str, dict[int, float]]:
    """Yearly growths of every plain indicator from the history file, within ``years``
    (inclusive) and without the ``exclude`` years (known one-off shocks)."""
    history = scenario.history
    if history is None:
        raise ArgumentError(
            "history", f"{scenario.path}: no [scenario] history file to calibrate on"
        )
    if years is not None and years[0] > years[1]:
        raise ArgumentError("years", f"years = {years[0]}-{years[1]}: the first must come first")
    found: dict[str, dict[int, float]] = {}
    for indicator in scenario.indicators:
        rates = history.growths(indicator)
        found[indicator] = {
            y: g
            for y, g in rates.items()
            if y not in exclude and (years is None or years[0] <= y <= years[1])
        }
    return found


def table_of(scenario: Scenario, fits: Mapping[str, Fit]) -> pd.DataFrame:
    """``CALIBRATION_COLUMNS`` rows: fitted and current value per key, or why not."""
    rows: list[dict[str, Any]] = []
    for indicator, f in fits.items():
        item = scenario.indicators[indicator]
        span = _span(f.years)
        if f.growth is None:
            note = _note("cal.too_little", n=f.n, least=MIN_GROWTHS)
            rows.append(_row(indicator, "growth", span, f.n, math.nan, math.nan, *note))
            continue
        row = scenario.compiled.indicator_ids.index(indicator)
        current = float(np.mean(scenario.compiled.growth[row]))
        rows.append(_row(indicator, "growth", span, f.n, f.growth, current, *_note("cal.mean")))
        note = _note("cal.shrunk", prior=f"{PRIOR_VOLATILITY:.0%}", years=PRIOR_YEARS)
        rows.append(_row(indicator, "volatility", span, f.n, f.volatility, item.volatility, *note))
        note = _note("cal.trend_se")
        rows.append(_row(indicator, "growth_sd", span, f.n, f.growth_sd, item.growth_sd, *note))
        if f.correlation is not None:
            note, current = _note("cal.loading"), item.correlation
            rows.append(_row(indicator, "correlation", span, f.n, f.correlation, current, *note))
    return pd.DataFrame(rows, columns=CALIBRATION_COLUMNS)


def calibrated_child(scenario: Scenario, table: pd.DataFrame, out: Path) -> str:
    """A child scenario (TOML text) that ``extends`` ``scenario`` from ``out``'s folder and
    sets exactly the fitted keys, each sourced with the file, years and n it rests on."""
    history = scenario.history
    file = "history" if history is None else history.file.name
    own: dict[str, Any] = {}
    for row in table.to_dict("records"):
        fitted = float(row["fitted"])
        if math.isnan(fitted):
            continue
        method = _method(str(row["key"]))
        source = f"calibrated: {file} {row['years']}, n = {row['n']}, {method}"
        lay_over(own, f"indicators.{row['indicator']}.{row['key']}", round(fitted, 6), source)
    meta = {
        "id": f"{scenario.id}_calibrated",
        "name": f"{scenario.name}(历史校准)",
        "name_en": f"{scenario.name_en} (calibrated)",
        "description": (
            "由 parksim calibrate 按历史数据拟合。 Fitted on the history by parksim calibrate."
        ),
        "extends": _relative(scenario.path, out.parent),
    }
    return dump_document({"scenario": meta, **own})


# ----------------------------------------------------------------------------- helpers


def _standardised(growths: Mapping[int, float], f: Fit) -> dict[int, float]:
    """Residuals over their own (unshrunk) s.d.: what the correlations are computed from."""
    values = [growths[y] for y in f.years]
    mean, spread = float(np.mean(values)), float(np.std(values, ddof=1)) or 1.0
    return {y: (growths[y] - mean) / spread for y in f.years}


def _one_factor(corr: np.ndarray) -> np.ndarray:
    """Loadings ρ in [0, 1] with ρᵢρⱼ as close as can be to corrᵢⱼ off the diagonal (least
    squares, scipy's bounded trust-region solver), started from √ of each row's mean."""
    upper = np.triu_indices(len(corr), k=1)

    def misfit(rho: np.ndarray) -> np.ndarray:
        residual: np.ndarray = np.outer(rho, rho)[upper] - corr[upper]
        return residual

    start = np.sqrt(
        np.clip(np.abs(corr - np.eye(len(corr))).sum(axis=1) / (len(corr) - 1), 0.01, 1)
    )
    solution = least_squares(misfit, start, bounds=(0.0, 1.0))
    loadings: np.ndarray = np.clip(solution.x, 0.0, 1.0)
    return loadings


def _note(key: str, **fields: object) -> tuple[str, str]:
    """A note of the table in English and Chinese (``note``, ``note_zh``)."""
    return word(key, "en").format(**fields), word(key, "zh").format(**fields)


def _row(*values: Any) -> dict[str, Any]:
    return dict(zip(CALIBRATION_COLUMNS, values, strict=True))


def _span(years: Sequence[int]) -> str:
    return f"{years[0]}–{years[-1]}" if years else "—"


def _method(key: str) -> str:
    return {
        "growth": "mean of yearly growth",
        "volatility": (
            f"s.d. of yearly growth, shrunk toward {PRIOR_VOLATILITY:g} ({PRIOR_YEARS} prior years)"
        ),
        "growth_sd": "standard error of the mean growth",
        "correlation": "one-factor loading of standardised yearly growth",
    }[key]


def _relative(target: Path, folder: Path) -> str:
    """``target`` as a path relative to ``folder`` (what ``extends`` takes)."""
    try:
        return Path(os.path.relpath(target.resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return target.resolve().as_posix()
