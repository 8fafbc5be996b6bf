"""IAMC timeseries export: the wide table that pyam and the scenario-analysis tools read.

Layout: ``model, scenario, region, variable, unit`` and one column per year; one row per
indicator and statistic, ``variable = "<English name>|<statistic>"`` (``|`` is the IAMC
hierarchy). Units: ``亿元`` → ``"100 million CNY"``; shares → ``"%"`` (values × 100).
Regions come from the indicator's ``scope``: ``zone`` → ``"Jinan High-tech Zone"``,
``city`` → ``"Jinan"``; a derived indicator takes its inputs' common scope.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pandas as pd

from parksim._version import __version__
from parksim.export.meta import export_command, resolve_created_at
from parksim.export.tables import csv_bytes
from parksim.export.xlsx import Column, Sheet, workbook_bytes
from parksim.inputs.digest import scenario_sha256
from parksim.results.protocol import Result
from parksim.text.labels import is_share

IAMC_REGIONS = {"zone": "Jinan High-tech Zone", "city": "Jinan"}
IAMC_UNITS = {"亿元": "100 million CNY"}  # shares: "%", values × 100
IAMC_STATISTICS = {"mean": "Mean", "p05": "P5"}  # others: "p10" → "P10"


def iamc_frame(result: Result) -> pd.DataFrame:
    """IAMC wide table: model, scenario, region, variable, unit, then one column per year;
    one row per indicator and statistic (``"<name_en>|P50"``). Shares are in %."""
    scenario = result.scenario
    table = result.projections()
    stats = [c for c in table.columns if c == "mean" or re.fullmatch(r"p\d\d", c)]
    years = [int(y) for y in result.years]
    variables = _iamc_variables(result)
    rows = []
    for indicator, group in table.groupby("indicator", sort=False):
        unit = scenario.unit_of(str(indicator))
        scale = 100.0 if is_share(unit) else 1.0
        for stat in stats:
            label = IAMC_STATISTICS.get(stat, stat.upper())
            row: dict[str | int, Any] = {
                "model": f"parksim {__version__}",
                "scenario": scenario.id,
                "region": _iamc_region(result, str(indicator)),
                "variable": f"{variables[str(indicator)]}|{label}",
                "unit": "%" if is_share(unit) else IAMC_UNITS.get(unit, unit),
            }
            row.update(zip(years, group[stat].to_numpy() * scale, strict=True))
            rows.append(row)
    return pd.DataFrame(rows)


def to_iamc(
    result: Result,
    *,
    excel: bool = False,
    created_at: datetime | None = None,
    out: str | None = None,
) -> bytes:
    """IAMC data as CSV (UTF-8, no BOM: pyam reads the header as is) or, with ``excel``, an
    .xlsx whose sheet ``data`` pyam reads, plus a ``meta`` sheet of provenance."""
    frame = iamc_frame(result)
    if not excel:
        return csv_bytes(frame, bom=False)
    stamp = resolve_created_at(created_at)
    meta = {"model": frame["model"][0], "scenario": result.scenario.id, "exclude": False}
    meta.update(
        parksim_version=__version__,
        scenario_sha256=scenario_sha256(result.scenario),
        paths=result.n_paths,
        seed=result.seed,
        created_at=stamp.isoformat(),
        command=export_command(result, "iamc", out or f"{result.scenario.id}.iamc.xlsx"),
    )
    data_columns = [Column(str(c), "number" if isinstance(c, int) else "text") for c in frame]
    meta_frame = pd.DataFrame([meta])
    meta_columns = [Column(c) for c in meta_frame.columns]
    sheets = [
        Sheet("data", _str_columns(frame), data_columns, bilingual=False),
        Sheet("meta", meta_frame, meta_columns, bilingual=False),
    ]
    return workbook_bytes(sheets, stamp)


def _iamc_variables(result: Result) -> dict[str, str]:
    """IAMC-safe, unique variable names from the English indicator names."""
    names: dict[str, str] = {}
    for indicator in result.scenario.all_indicator_ids:
        name = result.scenario.indicator_name(indicator, "en")
        name = re.sub(r"\s+", " ", name.replace("|", "/").replace('"', "")).strip() or indicator
        names[indicator] = f"{name} ({indicator})" if name in names.values() else name
    return names


def _iamc_region(result: Result, indicator: str) -> str:
    """The indicator's scope as a region; a derived one takes its inputs' common scope."""
    scenario = result.scenario
    if indicator in scenario.indicators:
        scope = scenario.indicators[indicator].scope or "zone"
        return IAMC_REGIONS.get(scope, scope)
    formula = dict(scenario.compiled.derived)[indicator]
    regions = {_iamc_region(result, name) for name in sorted(formula.names)}
    return regions.pop() if len(regions) == 1 else IAMC_REGIONS["zone"]


def _str_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_axis([str(c) for c in frame.columns], axis=1)
