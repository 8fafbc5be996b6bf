"""Scenario documents written as TOML: every value on its own line with its source beside it,
so files that parksim writes (the app's saves, calibrated children) read like hand-written ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from parksim.inputs.overrides import toml_value
from parksim.inputs.schema import SOURCED_FIELDS


def dump_document(document: Mapping[str, Any]) -> str:
    """A scenario document as TOML: ``[scenario]``, then one table per item, every value on
    its own line and its source beside it (``source.<field> = "…"``)."""
    lines: list[str] = []
    for section, content in document.items():
        if section in SOURCED_FIELDS:
            for item_id, item in content.items():
                lines += ["", f"[{section}.{item_id}]"]
                lines += _item_lines(item)
        else:
            lines += ["", f"[{section}]"] if lines else [f"[{section}]"]
            lines += [f"{key} = {toml_value(value)}" for key, value in content.items()]
    return "\n".join(lines) + "\n"


def _item_lines(item: Mapping[str, Any]) -> list[str]:
    lines = [f"{key} = {toml_value(value)}" for key, value in item.items() if key != "source"]
    source = item.get("source")
    if isinstance(source, str):
        lines.append(f"source = {toml_value(source)}")
    elif isinstance(source, Mapping):
        lines += [f"source.{field} = {toml_value(text)}" for field, text in source.items()]
    return lines


def lay_over(own: dict[str, Any], key: str, value: Any, source: str) -> None:
    """Set the dotted ``key`` in a document's own tables, with ``source`` beside it (a single
    ``source`` string of the table is spread over its numbers first)."""
    section, item_id, field = key.split(".")
    item = own.setdefault(section, {}).setdefault(item_id, {})
    old_source = item.get("source")
    if isinstance(old_source, str):  # one source for every number the table sets
        item["source"] = {f: old_source for f in item if f in SOURCED_FIELDS[section]}
    item[field] = value
    item.setdefault("source", {})[field] = source
