"""Every input as a record (key, value, source, basis, file) and the differences between
scenarios: what the exports' Assumptions sheet and the comparison's assumption diff show."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from parksim.inputs.scenario import Scenario, origin_of


def assumption_records(scenario: Scenario) -> list[dict[str, Any]]:
    """Every input after inheritance: dotted key, native value, source, basis, the file that
    set it (``"<override>"`` for overrides)."""
    records = []
    for section, content in scenario.raw.items():
        if not isinstance(content, Mapping):
            continue
        nested = section not in ("scenario", "status")
        items = content.items() if nested else [("", content)]
        for item_id, item in items:
            for field, value in item.items():
                if field == "source":
                    continue
                key = ".".join(p for p in (section, item_id, field) if p)
                records.append(_assumption(scenario, key, section, item_id, item, field, value))
    return records


def _assumption(
    scenario: Scenario,
    key: str,
    section: str,
    item_id: str,
    item: Mapping[str, Any],
    field: str,
    value: Any,
) -> dict[str, Any]:
    source = scenario.source_of(key) if item_id else None
    basis = "" if not source else "assumption" if source.startswith("assumption:") else "document"
    origin = scenario.origins.get(key)
    if origin is None:
        path = origin_of(scenario.origins, key, scenario.files)
        origin = "<override>" if path is None else str(path)
    return {
        "key": key,
        "section": section,
        "item": item_id,
        "name": item.get("name", "") if item_id else "",
        "name_en": item.get("name_en", "") if item_id else "",
        "field": field,
        "value": value,
        "source": source or "",
        "basis": basis,
        "set_by": origin,
    }


# Every file names and describes itself: these always differ and are not assumptions.
IDENTITY_KEYS = frozenset(
    {"scenario.id", "scenario.name", "scenario.name_en", "scenario.description"}
)


def assumption_diff(
    scenarios: Sequence[Scenario], labels: Sequence[str] | None = None
) -> pd.DataFrame:
    """Inputs whose values differ between scenarios (identity keys aside): one row per key and
    scenario with ``value`` (native, ``None`` where a scenario lacks the key), ``source``,
    ``basis`` and ``set_by``. Empty when all scenarios agree."""
    labels = list(labels or [s.id for s in scenarios])
    records = [{r["key"]: r for r in assumption_records(s)} for s in scenarios]
    keys = list(dict.fromkeys(k for rec in records for k in rec))
    # A key only a later scenario has goes beside its item's other keys, not at the end.
    items = list(dict.fromkeys(k.rsplit(".", 1)[0] for k in keys))
    keys.sort(key=lambda k: items.index(k.rsplit(".", 1)[0]))
    rows = []
    for key in keys:
        if key in IDENTITY_KEYS:
            continue
        found = [rec.get(key) for rec in records]
        values = [None if r is None else r["value"] for r in found]
        if all(_same(values[0], v) for v in values[1:]):
            continue
        named = next(r for r in found if r is not None)
        for label, record, value in zip(labels, found, values, strict=True):
            rows.append(
                {
                    "key": key,
                    "name": named["name"],
                    "name_en": named["name_en"],
                    "scenario": label,
                    "value": value,
                    "same_as_first": _same(values[0], value),
                    "source": "" if record is None else record["source"],
                    "basis": "" if record is None else record["basis"],
                    "set_by": "" if record is None else record["set_by"],
                }
            )
    columns = ["key", "name", "name_en", "scenario", "value", "same_as_first"]
    return pd.DataFrame(rows, columns=[*columns, "source", "basis", "set_by"])


def _same(a: Any, b: Any) -> bool:
    """Equal values: ``25`` and ``25.0`` are the same number, ``1`` and ``true`` are not."""
    if is_number(a) and is_number(b):
        return bool(a == b) or (math.isnan(a) and math.isnan(b))
    return type(a) is type(b) and bool(a == b)


def is_number(value: Any) -> bool:
    """A number, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)
