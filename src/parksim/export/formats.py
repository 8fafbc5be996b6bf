"""Exporting a ``Result`` for reports: XLSX, tidy CSV, IAMC (pyam) and JSON.

Every exporter returns bytes (the app's download buttons call these) and says how the numbers
were produced: parksim version, scenario hash, seed, paths, and the command that reproduces
them. The same inputs and ``created_at`` give byte-identical CSV and JSON.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from parksim._io import write_atomic
from parksim._version import __version__
from parksim.errors import ParksimError
from parksim.export.iamc import iamc_frame, to_iamc
from parksim.export.meta import export_command, metadata_items, resolve_created_at
from parksim.export.tables import assumption_table, csv_bytes, tidy_table
from parksim.export.xlsx import Column, Sheet, workbook_bytes
from parksim.inputs.diff import assumption_records
from parksim.inputs.digest import HASH_RECIPE, file_sha256, scenario_sha256
from parksim.inputs.overrides import overrides_of
from parksim.results.protocol import Result
from parksim.results.tables import (
    MetaItem,
    pipeline_table,
    projection_table,
    target_table,
    tracking_table,
)
from parksim.text.words import both

__all__ = [
    "FORMATS",
    "export_bytes",
    "format_of",
    "iamc_frame",
    "json_document",
    "to_csv",
    "to_iamc",
    "to_json",
    "to_xlsx",
    "write_export",
    "xlsx_sheets",
]
FORMATS = ("xlsx", "csv", "iamc", "json")
SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".json": "json"}
JSON_SHAPE_VERSION = 1
TARGET_KEYS = [
    Column("target"),
    Column("name", header="target_name"),
    Column("name_en", header="target_name_en"),
    Column("indicator"),
    Column("year", "int"),
    Column("direction"),
    Column("value", "by_unit"),
]
TARGET_COLUMNS = [
    *TARGET_KEYS,
    Column("probability", "percent"),
    Column("p10", "by_unit"),
    Column("p50", "by_unit"),
    Column("p90", "by_unit"),
    Column("required_growth", "percent"),
    Column("assumed_growth", "percent"),
    Column("status", "status"),
    Column("unit"),
]
PROJECTION_KEYS = [
    Column("indicator"),
    Column("name", header="indicator_name"),
    Column("name_en", header="indicator_name_en"),
    Column("unit"),
    Column("year", "int"),
]
PROJECTION_COLUMNS = [
    *PROJECTION_KEYS,
    *(Column(k, "by_unit") for k in ("mean", "p05", "p10", "p25", "p50", "p75", "p90", "p95")),
]
ASSUMPTION_COLUMNS = [
    Column("key"),
    Column("name", header="item_name"),
    Column("name_en", header="item_name_en"),
    Column("field"),
    Column("value", header="input_value", width=40),  # General format: as written
    Column("basis"),
    Column("source", width=60),
    Column("set_by"),
]
PIPELINE_SHEET_COLUMNS = [
    Column("pipeline"),
    Column("name", header="pipeline_name"),
    Column("name_en", header="pipeline_name_en"),
    Column("indicator"),
    Column("year", "int"),
    *(Column(k, "number") for k in ("signed", "approved", "landed", "completed", "producing")),
    *(
        Column(f"{w}_{s}_days", "days")
        for w in ("approval_wait", "land_wait")
        for s in ("mean", "p90")
    ),
    Column("staff_utilisation", "percent"),
    *(Column(f"output_{s}", "amount") for s in ("mean", "p10", "p90")),
]
TRACKING_SHEET_COLUMNS = [
    Column("target"),
    Column("indicator"),
    Column("name", header="indicator_name"),
    Column("name_en", header="indicator_name_en"),
    Column("unit"),
    Column("basis", header="tracking_basis"),
    Column("latest_period"),
    Column("latest_actual", "by_unit"),
    Column("plan_value", "by_unit"),
    Column("time_share", "percent"),
    Column("progress_ratio", "percent"),
    Column("gap_pp", "number"),
    Column("required_growth", "percent"),
    Column("probability", "percent"),
    Column("status", "status", header="pace"),
    Column("forecast_percentile", "percent"),
    Column("surprise"),
]
METADATA_COLUMNS = [
    Column("key", header="meta_key"),
    Column("zh", header="meta_item"),
    Column("en", header="meta_item_en"),
    Column("value", "int", header="meta_value", width=100),
]


def xlsx_sheets(result: Result, meta: list[MetaItem]) -> list[Sheet]:
    """The workbook, sheet by sheet; a new table is one more line here."""
    assumptions = _bilingual_basis(assumption_table(result.scenario))
    sheets = [
        Sheet("Targets", target_table(result), TARGET_COLUMNS, freeze_columns=2),
        Sheet("Projections", projection_table(result), PROJECTION_COLUMNS, freeze_columns=2),
        Sheet("Assumptions", assumptions, ASSUMPTION_COLUMNS, freeze_columns=1),
        Sheet("Pipelines", pipeline_table(result), PIPELINE_SHEET_COLUMNS, freeze_columns=2),
        Sheet("Tracking", _tracked(result), TRACKING_SHEET_COLUMNS, freeze_columns=2),
        Sheet(
            "Metadata", pd.DataFrame([vars(m) for m in meta]), METADATA_COLUMNS, freeze_columns=1
        ),
    ]
    return [s for s in sheets if len(s.frame) or s.title in ("Targets", "Metadata")]


def to_xlsx(result: Result, *, created_at: datetime | None = None, out: str | None = None) -> bytes:
    """Targets (status colours), Projections, Assumptions, Pipelines and Metadata sheets."""
    stamp = resolve_created_at(created_at)
    meta = metadata_items(result, stamp, export_command(result, "xlsx", out))
    return workbook_bytes(xlsx_sheets(result, meta), stamp)


def to_csv(result: Result, *, created_at: datetime | None = None, out: str | None = None) -> bytes:
    """Tidy long CSV, one number per row (see ``export_tables.TIDY_COLUMNS``), UTF-8 + BOM."""
    stamp = resolve_created_at(created_at)
    meta = metadata_items(result, stamp, export_command(result, "csv", out))
    return csv_bytes(tidy_table(result, meta))


def json_document(
    result: Result, *, created_at: datetime | None = None, out: str | None = None
) -> dict[str, Any]:
    """The whole result as one JSON-ready dict; the shape is documented in the README."""
    scenario = result.scenario
    stamp = resolve_created_at(created_at)
    projections = projection_table(result)
    stats = [c for c in projections.columns if c == "mean" or re.fullmatch(r"p\d\d", c)]
    command = export_command(result, "json", out)
    meta = {m.key: m.value for m in metadata_items(result, stamp, command)}
    document: dict[str, Any] = {
        "parksim_export": JSON_SHAPE_VERSION,
        "metadata": {
            "parksim_version": __version__,
            "scenario": {
                "id": scenario.id,
                "name": scenario.name,
                "name_en": scenario.name_en,
                "description": scenario.spec.scenario.description,
                "base_year": scenario.base_year,
                "horizon": scenario.horizon,
            },
            "scenario_sha256": scenario_sha256(scenario),
            "scenario_sha256_of": HASH_RECIPE,
            "files": [{"path": str(f), "sha256": file_sha256(f)} for f in scenario.files],
            "overrides": overrides_of(scenario),
            "paths": result.n_paths,
            "seed": result.seed,
            "pipeline_runs": meta["pipeline_runs"],
            "numpy_version": meta["numpy_version"],
            "python_version": meta["python_version"],
            "quantiles": [int(s[1:]) / 100 for s in stats if s != "mean"],
            "created_at": stamp.isoformat(),
            "command": command,
        },
        "targets": target_table(result).to_dict(orient="records"),
        "projections": {
            str(indicator): {
                "name": group["name"].iloc[0],
                "name_en": group["name_en"].iloc[0],
                "unit": group["unit"].iloc[0],
                "year": group["year"].tolist(),
                **{stat: group[stat].tolist() for stat in stats},
            }
            for indicator, group in projections.groupby("indicator", sort=False)
        },
        "pipelines": pipeline_table(result).to_dict(orient="records"),
        "tracking": _tracked(result).to_dict(orient="records"),
        "assumptions": assumption_records(scenario),
    }
    ready: dict[str, Any] = _json_ready(document)
    return ready


def to_json(result: Result, *, created_at: datetime | None = None, out: str | None = None) -> bytes:
    """``json_document`` as UTF-8 JSON (Chinese kept readable; NaN written as null)."""
    document = json_document(result, created_at=created_at, out=out)
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")


def export_bytes(
    result: Result, fmt: str, *, created_at: datetime | None = None, out: str | Path | None = None
) -> bytes:
    """One of ``FORMATS`` as bytes; ``out`` (the file name) only enters the Metadata command,
    and for ``iamc`` an ``.xlsx`` name selects the Excel variant."""
    name = None if out is None else str(out)
    if fmt == "xlsx":
        return to_xlsx(result, created_at=created_at, out=name)
    if fmt == "csv":
        return to_csv(result, created_at=created_at, out=name)
    if fmt == "json":
        return to_json(result, created_at=created_at, out=name)
    if fmt == "iamc":
        excel = name is not None and name.lower().endswith(".xlsx")
        return to_iamc(result, excel=excel, created_at=created_at, out=name)
    raise ParksimError(f"format {fmt!r}: must be one of {', '.join(FORMATS)}")


def write_export(
    result: Result, path: str | Path, fmt: str | None = None, *, created_at: datetime | None = None
) -> Path:
    """Write an export to ``path`` (atomically); ``fmt`` defaults from the suffix."""
    fmt = fmt or format_of(path)
    return write_atomic(path, export_bytes(result, fmt, created_at=created_at, out=path))


def format_of(path: str | Path) -> str:
    """The export format a file name implies: ``.xlsx``, ``.csv`` or ``.json``."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ParksimError(
            f"{path}: cannot tell the format from the suffix {suffix or '(none)'}; "
            f"use --format {'|'.join(FORMATS)} or a .xlsx, .csv or .json name"
        )
    return SUFFIXES[suffix]


def _bilingual_basis(table: pd.DataFrame) -> pd.DataFrame:
    """``assumption`` → ``假设 assumption`` for the sheet (CSV and JSON keep the codes)."""
    shown = [both(f"basis.{b}") if b else "" for b in table["basis"]]
    return table.assign(basis=shown)


def _json_ready(value: Any) -> Any:
    """numpy scalars → Python, NaN → None, recursively (``allow_nan=False`` JSON)."""
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _tracked(result: Result) -> pd.DataFrame:
    """The tracking table when the scenario has actual figures; empty otherwise."""
    if result.scenario.actuals is None:
        return tracking_table(result).iloc[0:0]
    return tracking_table(result)
