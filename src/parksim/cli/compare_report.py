"""A comparison for people: a terminal table, an Excel workbook and a tidy CSV.

Differences are to the first scenario: probabilities in percentage points, P50s in the
indicator's unit (shares in points).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from parksim.export.formats import METADATA_COLUMNS, PROJECTION_KEYS
from parksim.export.formats import TARGET_KEYS as EXPORT_TARGET_KEYS
from parksim.export.meta import resolve_created_at
from parksim.export.tables import TIDY_COLUMNS, metadata_frame, tidy_csv_bytes
from parksim.export.xlsx import Column, Kind, Sheet, workbook_bytes
from parksim.inputs.diff import is_number
from parksim.inputs.overrides import toml_value
from parksim.results.comparison import Comparison
from parksim.text.labels import (
    BASIS,
    Lang,
    align_columns,
    format_amount,
    format_percent,
    is_share,
)

WORDS = {
    "zh": {
        "title": "情景对比",
        "same": "各情景相同",
        "probability": "达成概率",
        "p50": "P50",
        "diff_to": "括号内为与 {first} 之差",
        "projections": "P50 预测值(有目标的指标)",
        "assumptions": "假设差异(继承后,仅列出不同之处)",
        "no_diff": "(无差异)",
        "target": "目标",
        "indicator": "指标",
        "year": "年份",
        "value": "目标值",
    },
    "en": {
        "title": "Scenario comparison",
        "same": "same for all scenarios",
        "probability": "Probability",
        "p50": "P50",
        "diff_to": "in brackets: difference to {first}",
        "projections": "P50 projections (indicators with targets)",
        "assumptions": "Assumptions that differ (after inheritance)",
        "no_diff": "(no differences)",
        "target": "Target",
        "indicator": "Indicator",
        "year": "Year",
        "value": "Target value",
    },
}


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
STAT_LABELS = {
    "probability": ("达成概率", "Probability"),
    "p50": ("P50", "P50"),
    "d_probability": ("概率差", "Δ probability"),
    "d_p50": ("P50 差", "Δ P50"),
}


def render_comparison(comparison: Comparison, lang: Lang = "zh") -> str:
    """The comparison as text for a terminal: probabilities, P50s, projections, assumptions."""
    words = WORDS[lang]
    first = comparison.results[0]
    labels = comparison.labels
    names = " · ".join(
        f"{label} = {s.name if lang == 'zh' else s.name_en}"
        for label, s in zip(labels, comparison.scenarios, strict=True)
    )
    lines = [
        f"{words['title']} · {first.n_paths:,} paths · seed {first.seed} ({words['same']})",
        names,
        words["diff_to"].format(first=labels[0]),
    ]
    targets = comparison.targets()
    for stat in ("probability", "p50"):
        rows = [[words["target"], words["year"], words["value"], *labels]]
        for row in targets.to_dict(orient="records"):
            name = row["name"] if lang == "zh" else row["name_en"]
            sign = "≤" if row["direction"] == "<=" else "≥"
            cells = [_cell(row, stat, label, row["unit"], i) for i, label in enumerate(labels)]
            value = format_amount(row["value"], row["unit"])
            rows.append([name, str(row["year"]), f"{sign} {value}", *cells])
        lines += ["", f"{words[stat]}", align_columns(rows)]
    lines += ["", words["projections"], _render_projections(comparison, lang)]
    lines += ["", words["assumptions"], _render_assumptions(comparison, lang)]
    return "\n".join(lines)


def comparison_xlsx(comparison: Comparison, *, created_at: datetime | None = None) -> bytes:
    """Targets, Projections, Assumptions (differences only) and Metadata sheets."""
    stamp = resolve_created_at(created_at)
    targets = comparison.targets()
    projections = comparison.projections()
    assumptions = comparison.assumptions()
    assumptions["value"] = [_shown(v) for v in assumptions["value"]]
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
    return tidy_csv_bytes(table.reindex(columns=TIDY_COLUMNS))


def _shown(value: Any) -> Any:
    """A value for a cell: numbers and text as they are, tables as TOML, missing as ``—``."""
    if value is None:
        return "—"
    return toml_value(value) if isinstance(value, dict | list | tuple) else value


def _wide_columns(frame: pd.DataFrame, keys: Sequence[Column]) -> list[Column]:
    columns = list(keys)
    for name in (c for c in frame.columns if ":" in str(c)):
        stat, label = str(name).split(":", 1)
        zh, en = STAT_LABELS[stat]
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
            rows.append({**base, "statistic": "value", "text": _shown(value)})
        for field in ("source", "set_by"):
            rows.append({**base, "statistic": field, "text": row[field]})
    return pd.DataFrame(rows)


def _cell(row: Mapping[Any, Any], stat: str, label: str, unit: str, i: int) -> str:
    value = row[f"{stat}:{label}"]
    share = stat == "probability" or is_share(unit)
    shown = format_percent(value) if share else format_amount(value, unit, with_unit=False)
    if i == 0 or shown == "—":
        return shown
    diff = row[f"d_{stat}:{label}"]
    if share:
        return f"{shown} ({diff * 100:+.1f})"
    return f"{shown} ({diff:+,.1f})"


def _render_projections(comparison: Comparison, lang: Lang) -> str:
    targeted = {t.indicator for s in comparison.scenarios for t in s.targets.values()}
    table = comparison.projections()
    table = table[table["indicator"].isin(targeted)]
    words = WORDS[lang]
    rows = [[words["indicator"], words["year"], *comparison.labels]]
    for row in table.to_dict(orient="records"):
        name = row["name"] if lang == "zh" else row["name_en"]
        cells = [
            _cell(row, "p50", label, row["unit"], i) for i, label in enumerate(comparison.labels)
        ]
        rows.append([name, str(row["year"]), *cells])
    return align_columns(rows)


def _render_assumptions(comparison: Comparison, lang: Lang) -> str:
    diff = comparison.assumptions()
    if diff.empty:
        return WORDS[lang]["no_diff"]
    width = max(len(label) for label in comparison.labels)
    lines = []
    for key, group in diff.groupby("key", sort=False):
        first = group.iloc[0]
        name = first["name"] if lang == "zh" else first["name_en"]
        lines.append(f"{key}" + (f" — {name}" if name else ""))
        for i, row in enumerate(group.to_dict(orient="records")):
            if i > 0 and row["same_as_first"]:
                continue
            lines.append(f"  {row['scenario']:<{width}}  {_shown(row['value'])}")
            if row["source"] or row["set_by"]:
                basis = BASIS[lang][row["basis"]]
                source = f"{basis}: {row['source']}" if basis else row["source"]
                source = source.replace("assumption: ", "", 1) if basis else source
                lines.append(f"  {'':<{width}}  {source} [{row['set_by']}]".rstrip())
    return "\n".join(lines)
