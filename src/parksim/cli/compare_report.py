"""A comparison for a terminal: probabilities, P50s, projections and assumptions as text.

Differences are to the first scenario: probabilities in percentage points, P50s in the
indicator's unit (shares in points). The workbook and the CSV are written by
:mod:`parksim.export.comparison` (re-exported here for the code that imported them from here).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from parksim.export.comparison import shown_value
from parksim.results.comparison import Comparison
from parksim.text.labels import (
    Lang,
    align_columns,
    basis_word,
    format_amount,
    format_percent,
    is_share,
    shown_scale,
)
from parksim.text.words import headers, word

__all__ = ["render_comparison"]


def render_comparison(comparison: Comparison, lang: Lang = "zh") -> str:
    """The comparison as text for a terminal: probabilities, P50s, projections, assumptions."""
    first = comparison.results[0]
    labels = comparison.labels
    names = " · ".join(
        f"{label} = {s.name if lang == 'zh' else s.name_en}"
        for label, s in zip(labels, comparison.scenarios, strict=True)
    )
    run = word("report.paths_seed", lang).format(paths=first.n_paths, seed=first.seed)
    lines = [
        f"{word('compare_title', lang)} · {run} ({word('cmp.same', lang)})",
        names,
        word("cmp.diff_to", lang).format(first=labels[0]),
    ]
    targets = comparison.targets()
    for stat in ("probability", "p50"):
        rows = [[*headers(("col.target_name", "col.deadline", "col.value"), lang), *labels]]
        for row in targets.to_dict(orient="records"):
            name = row["name"] if lang == "zh" else row["name_en"]
            sign = "≤" if row["direction"] == "<=" else "≥"
            cells = [
                _cell(row, stat, label, row["unit"], i, lang) for i, label in enumerate(labels)
            ]
            value = format_amount(row["value"], row["unit"], lang)
            rows.append([name, str(row["year"]), f"{sign} {value}", *cells])
        lines += ["", word(f"col.{stat}", lang), align_columns(rows)]
    lines += ["", word("cmp.projections", lang), _render_projections(comparison, lang)]
    lines += ["", word("cmp.assumptions", lang), _render_assumptions(comparison, lang)]
    return "\n".join(lines)


def _cell(row: Mapping[Any, Any], stat: str, label: str, unit: str, i: int, lang: Lang) -> str:
    value = row[f"{stat}:{label}"]
    share = stat == "probability" or is_share(unit)
    shown = format_percent(value) if share else format_amount(value, unit, lang, with_unit=False)
    if i == 0 or shown == "—":
        return shown
    diff = row[f"d_{stat}:{label}"]
    if share:
        return f"{shown} ({diff * 100:+.1f})"
    return f"{shown} ({diff * shown_scale(unit, lang).factor:+,.1f})"


def _render_projections(comparison: Comparison, lang: Lang) -> str:
    targeted = {t.indicator for s in comparison.scenarios for t in s.targets.values()}
    table = comparison.projections()
    table = table[table["indicator"].isin(targeted)]
    rows = [[*headers(("col.indicator_name", "col.year"), lang), *comparison.labels]]
    for row in table.to_dict(orient="records"):
        name = row["name"] if lang == "zh" else row["name_en"]
        cells = [
            _cell(row, "p50", label, row["unit"], i, lang)
            for i, label in enumerate(comparison.labels)
        ]
        rows.append([name, str(row["year"]), *cells])
    return align_columns(rows)


def _render_assumptions(comparison: Comparison, lang: Lang) -> str:
    diff = comparison.assumptions()
    if diff.empty:
        return word("cmp.no_diff", lang)
    width = max(len(label) for label in comparison.labels)
    lines = []
    for key, group in diff.groupby("key", sort=False):
        first = group.iloc[0]
        name = first["name"] if lang == "zh" else first["name_en"]
        lines.append(f"{key}" + (f" — {name}" if name else ""))
        for i, row in enumerate(group.to_dict(orient="records")):
            if i > 0 and row["same_as_first"]:
                continue
            lines.append(f"  {row['scenario']:<{width}}  {shown_value(row['value'])}")
            if row["source"] or row["set_by"]:
                basis = basis_word(row["basis"], lang)
                source = f"{basis}: {row['source']}" if basis else row["source"]
                source = source.replace("assumption: ", "", 1) if basis else source
                lines.append(f"  {'':<{width}}  {source} [{row['set_by']}]".rstrip())
    return "\n".join(lines)
