"""A result's tables with names and units beside ids, as exports and comparisons show them;
:class:`MetaItem`, one line of provenance."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from parksim.results.protocol import Result


def target_table(result: Result) -> pd.DataFrame:
    """``Result.targets()`` with English names and the indicator's unit beside each target."""
    scenario = result.scenario
    table = result.targets()
    table.insert(2, "name_en", [scenario.target_name(t, "en") for t in table["target"]])
    table.insert(4, "unit", [scenario.unit_of(i) for i in table["indicator"]])
    return table


def projection_table(result: Result) -> pd.DataFrame:
    """``Result.projections()`` (mean, P5 … P95) with names and units per indicator."""
    scenario = result.scenario
    table = result.projections()
    ids = table["indicator"]
    names = {i: (scenario.indicator_name(i), scenario.indicator_name(i, "en")) for i in set(ids)}
    table.insert(1, "name", [names[i][0] for i in ids])
    table.insert(2, "name_en", [names[i][1] for i in ids])
    table.insert(3, "unit", [scenario.unit_of(i) for i in ids])
    return table


def pipeline_table(result: Result) -> pd.DataFrame:
    """``Result.pipeline_stats()`` with each pipeline's names and the indicator it feeds."""
    pipelines = result.scenario.pipelines
    table = result.pipeline_stats()
    ids = table["pipeline"]
    table.insert(1, "name", [pipelines[p].name or p for p in ids])
    table.insert(2, "name_en", [pipelines[p].name_en or p for p in ids])
    table.insert(3, "indicator", [pipelines[p].indicator for p in ids])
    return table


def tracking_table(result: Result) -> pd.DataFrame:
    """``Result.tracking()`` with names and units: 序时进度 per target and per indicator with
    actual figures."""
    scenario = result.scenario
    table = result.tracking()
    ids = table["indicator"]
    table.insert(2, "name", [scenario.indicator_name(i) for i in ids])
    table.insert(3, "name_en", [scenario.indicator_name(i, "en") for i in ids])
    table.insert(4, "unit", [scenario.unit_of(i) for i in ids])
    return table


@dataclass(frozen=True)
class MetaItem:
    """One line of the Metadata sheet: a stable key, Chinese and English labels, the value."""

    key: str
    zh: str
    en: str
    value: str | int
