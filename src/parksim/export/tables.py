"""The planner tables that every export format is built from, and the tidy CSV layout.

Each table is a plain DataFrame with English column keys; headers, units and number formats
are applied by the writers (:mod:`parksim.export.xlsx`, :mod:`parksim.export.formats`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from parksim.inputs.diff import assumption_records
from parksim.inputs.overrides import toml_value
from parksim.inputs.plaintext import neutralise
from parksim.inputs.scenario import Scenario
from parksim.results.metrics import PIPELINE_COLUMNS
from parksim.results.protocol import Result
from parksim.results.tables import (
    MetaItem,
    pipeline_table,
    projection_table,
    target_table,
    tracking_table,
)

TIDY_COLUMNS = [
    "scenario",
    "table",
    "id",
    "name",
    "name_en",
    "unit",
    "year",
    "statistic",
    "value",
    "text",
]
PIPELINE_UNITS = {
    "signed": "projects",
    "approved": "projects",
    "landed": "projects",
    "completed": "projects",
    "producing": "projects",
    "approval_wait_mean_days": "days",
    "approval_wait_p90_days": "days",
    "land_wait_mean_days": "days",
    "land_wait_p90_days": "days",
    "staff_utilisation": "share",
    "output_mean": "亿元",
    "output_p10": "亿元",
    "output_p90": "亿元",
}
PIPELINE_STATS = [c for c in PIPELINE_COLUMNS if c not in ("pipeline", "year")]
TARGET_NUMBERS = ["value", "probability", "p10", "p50", "p90", "required_growth", "assumed_growth"]
SHARE_STATS = {"probability", "required_growth", "assumed_growth"}


def csv_bytes(table: pd.DataFrame, *, bom: bool = True) -> bytes:
    """The program's one CSV writer: every text cell neutralised, line-feed line ends on every
    system, floats round-trip exact, UTF-8 with a BOM (so Chinese Excel detects it) unless
    ``bom`` is False (pyam reads the header as is)."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    text = safe.to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


def assumption_table(scenario: Scenario) -> pd.DataFrame:
    """``assumption_records`` as a table; tables and lists are shown as TOML text."""
    records = assumption_records(scenario)
    for record in records:
        if isinstance(record["value"], Mapping | list | tuple):
            record["value"] = toml_value(record["value"])
    return pd.DataFrame(records)


def tidy_table(result: Result, meta: Sequence[MetaItem]) -> pd.DataFrame:
    """One row per number (or text): the long layout of the CSV export, see ``TIDY_COLUMNS``."""
    scenario = result.scenario
    tracked = tracking_table(result) if scenario.actuals is not None else pd.DataFrame()
    parts = [
        _tidy_projections(projection_table(result)),
        _tidy_targets(target_table(result)),
        _tidy_pipelines(pipeline_table(result)),
        _tidy_tracking(tracked) if len(tracked) else pd.DataFrame(),
        metadata_frame(meta),
    ]
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    table.insert(0, "scenario", scenario.id)
    table["year"] = table["year"].astype("Int64")
    return table.reindex(columns=TIDY_COLUMNS)


def metadata_frame(meta: Sequence[MetaItem]) -> pd.DataFrame:
    """The metadata items as rows of the tidy CSV layout (text cells)."""
    return pd.DataFrame(
        {
            "table": "metadata",
            "id": [m.key for m in meta],
            "name": [m.zh for m in meta],
            "name_en": [m.en for m in meta],
            "text": [str(m.value) for m in meta],
        }
    )


def _long(wide: pd.DataFrame, keep: Sequence[str], stats: Sequence[str]) -> pd.DataFrame:
    """Wide ``keep + stats`` columns → one row per original row and statistic, in order."""
    rows = np.repeat(np.arange(len(wide)), len(stats))
    long = wide.iloc[rows][list(keep)].reset_index(drop=True)
    long["statistic"] = np.tile(list(stats), len(wide))
    long["value"] = wide[list(stats)].to_numpy(dtype=float).ravel()
    return long


def _tidy_projections(table: pd.DataFrame) -> pd.DataFrame:
    stats = [c for c in table.columns if c == "mean" or c.startswith("p")]
    long = _long(table, ["indicator", "name", "name_en", "unit", "year"], stats)
    return long.rename(columns={"indicator": "id"}).assign(table="projection")


def _tidy_targets(table: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for row in table.to_dict(orient="records"):
        base = {"id": row["target"], "name": row["name"], "name_en": row["name_en"]}
        base["year"] = row["year"]
        for stat in TARGET_NUMBERS:
            unit = "share" if stat in SHARE_STATS else row["unit"]
            rows.append({**base, "unit": unit, "statistic": stat, "value": row[stat]})
        for stat in ("direction", "status"):
            rows.append({**base, "unit": "", "statistic": stat, "text": row[stat]})
    return pd.DataFrame(rows).assign(table="target")


def _tidy_tracking(table: pd.DataFrame) -> pd.DataFrame:
    """One row per number of the tracking table; the row's id is the target (or, for an
    indicator without a target, the indicator)."""
    rows: list[dict[str, Any]] = []
    for row in table.to_dict(orient="records"):
        base = {
            "id": row["indicator"] if pd.isna(row["target"]) else row["target"],
            "name": row["name"],
            "name_en": row["name_en"],
        }
        for stat, unit in (
            ("latest_actual", row["unit"]),
            ("plan_value", row["unit"]),
            ("time_share", "share"),
            ("progress_ratio", "share"),
            ("gap_pp", "percentage points"),
            ("required_growth", "share"),
            ("probability", "share"),
            ("forecast_percentile", "share"),
        ):
            rows.append({**base, "unit": unit, "statistic": stat, "value": row[stat]})
        rows.append({**base, "unit": "", "statistic": "surprise", "text": str(row["surprise"])})
        for stat in ("basis", "latest_period", "status"):
            rows.append({**base, "unit": "", "statistic": stat, "text": row[stat]})
    return pd.DataFrame(rows).assign(table="tracking")


def _tidy_pipelines(table: pd.DataFrame) -> pd.DataFrame:
    long = _long(table, ["pipeline", "name", "name_en", "year"], PIPELINE_STATS)
    long.insert(3, "unit", long["statistic"].map(PIPELINE_UNITS))
    return long.rename(columns={"pipeline": "id"}).assign(table="pipeline")
