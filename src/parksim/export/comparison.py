"""A comparison of scenarios as files: an Excel workbook and a tidy CSV.

Differences are to the first scenario: probabilities as fractions (the workbook shows them in
%), P50s in the indicator's unit. The text report for a terminal is in
:mod:`parksim.cli.compare_report`; the app's download buttons call these writers directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from parksim.export.formats import METADATA_COLUMNS, PROJECTION_KEYS
from parksim.export.formats import TARGET_KEYS as EXPORT_TARGET_KEYS
from parksim.export.meta import resolve_created_at
from parksim.export.tables import TIDY_COLUMNS, csv_bytes, metadata_frame
from parksim.export.xlsx import Column, Kind, Sheet, workbook_bytes
from parksim.inputs.diff import is_number
from parksim.inputs.overrides import toml_value
from parksim.results.comparison import Comparison
from parksim.text.words import WORDS, both

TARGET_KEYS = [*EXPORT_TARGET_KEYS, Column("unit")]
ASSUMPTION_COLUMNS = [
    Column("key"),
    Column("name", header="item_name"),
    Column("name_en", header="item_name_en"),
    Column("scenario"),
    Column("value", header="input_value", width=40),
    Column("basis"),
    Column("source", width=60),
    Column("set_by"),
]


def comparison_xlsx(comparison: Comparison, *, created_at: datetime | None = None) -> bytes:
    """Targets, Projections, Assumptions (differences only; basis as "假设 assumption", as in
    a single export) and Metadata sheets."""
    stamp = resolve_created_at(created_at)
    targets = comparison.targets()
    projections = comparison.projections()
    assumptions = comparison.assumptions()
    assumptions["value"] = [shown_value(v) for v in assumptions["value"]]
    assumptions["basis"] = [both(f"basis.{b}") if b else "" for b in assumptions["basis"]]
    meta = pd.DataFrame([vars(m) for m in comparison.metadata(stamp)])
    sheets = [
        Sheet("Targets", targets, _wide_columns(targets, TARGET_KEYS), freeze_columns=2),
        Sheet("Projections", projections, _wide_columns(projections, PROJECTION_KEYS), 2),
        Sheet("Assumptions", assumptions, ASSUMPTION_COLUMNS, freeze_columns=1),
        Sheet("Metadata", meta, METADATA_COLUMNS, freeze_columns=1),
    ]
    return workbook_bytes(sheets, stamp)


def comparison_csv(comparison: Comparison, *, created_at: datetime | None = None) -> bytes:
    """Tidy long CSV (the export's columns; ``scenario`` tells the scenarios apart; rows of
    ``d_…`` statistics are differences to the first scenario), UTF-8 with a BOM."""
    meta = comparison.metadata(resolve_created_at(created_at))
    parts = [
        _tidy_wide(comparison.targets(), "target", "target", comparison.labels),
        _tidy_wide(comparison.projections(), "projection", "indicator", comparison.labels),
        _tidy_assumptions(comparison.assumptions()),
        metadata_frame(meta),
    ]
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    table["year"] = table["year"].astype("Int64")
    return csv_bytes(table.reindex(columns=TIDY_COLUMNS))


def shown_value(value: Any) -> Any:
    """A value for a cell or a line: numbers and text as they are, tables as TOML, missing
    as ``—``."""
    if value is None:
        return "—"
    return toml_value(value) if isinstance(value, dict | list | tuple) else value


def _wide_columns(frame: pd.DataFrame, keys: Sequence[Column]) -> list[Column]:
    """The key columns, then one per ``stat:label`` column, headed "达成概率 · label"."""
    columns = list(keys)
    for name in (c for c in frame.columns if ":" in str(c)):
        stat, label = str(name).split(":", 1)
        zh, en = WORDS[f"col.{stat}"]
        kind: Kind = "percent" if stat.endswith("probability") else "by_unit"
        columns.append(Column(str(name), kind, labels=(f"{zh} · {label}", f"{en} · {label}")))
    return columns


def _tidy_wide(
    wide: pd.DataFrame, table: str, id_column: str, labels: Sequence[str]
) -> pd.DataFrame:
    rows = []
    for row in wide.to_dict(orient="records"):
        for name in wide.columns:
            if ":" not in str(name):
                continue
            stat, label = str(name).split(":", 1)
            unit = "share" if stat.endswith("probability") else row["unit"]
            rows.append(
                {
                    "scenario": label,
                    "table": table,
                    "id": row[id_column],
                    "name": row["name"],
                    "name_en": row["name_en"],
                    "unit": unit,
                    "year": row["year"],
                    "statistic": stat,
                    "value": row[name],
                }
            )
    order = {label: i for i, label in enumerate(labels)}
    frame = pd.DataFrame(rows)
    if len(frame):
        frame = frame.sort_values(
            by="scenario", key=lambda s: s.map(order), kind="stable"
        ).reset_index(drop=True)
    return frame


def _tidy_assumptions(diff: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for row in diff.to_dict(orient="records"):
        base = {"scenario": row["scenario"], "table": "assumption", "id": row["key"]}
        base |= {"name": row["name"], "name_en": row["name_en"]}
        value = row["value"]
        if is_number(value):
            rows.append({**base, "statistic": "value", "value": value})
        else:
            rows.append({**base, "statistic": "value", "text": shown_value(value)})
        for field in ("source", "set_by"):
            rows.append({**base, "statistic": field, "text": row[field]})
    return pd.DataFrame(rows)
