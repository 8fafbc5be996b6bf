"""Sources: every number says where it comes from, in the file (or override) that sets it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from parksim.errors import ScenarioError
from parksim.inputs.schema import SOURCE_REQUIRED, SOURCED_FIELDS, format_value

SOURCE_PATTERN = re.compile(r"^[A-Za-z0-9][\w.-]*:\s*\S")
ASSUMPTION_PREFIX = "assumption:"


def is_assumption(source: str | None) -> bool:
    """True for ``"assumption: …"`` and for a missing source."""
    return source is None or source.startswith(ASSUMPTION_PREFIX)


def check_sources(file: Path | None, section: str, item_id: str, item: Mapping[str, Any]) -> None:
    """Every number ``item`` sets has a well-formed source in the same table."""
    key = f"{section}.{item_id}"
    fields = SOURCED_FIELDS[section]
    source = item.get("source")
    if isinstance(source, Mapping):
        for name, text in source.items():
            if name not in fields:
                raise ScenarioError(
                    file,
                    f"{key}.source.{name}",
                    f"{key}.source.{name}: no such number to cite; allowed: {', '.join(fields)}",
                )
            check_source_text(file, f"{key}.source.{name}", text)
    elif source is not None:
        check_source_text(file, f"{key}.source", source)
    if section not in SOURCE_REQUIRED:
        return
    for name in fields:
        cited = isinstance(source, str) or (isinstance(source, Mapping) and name in source)
        if name in item and not cited:
            raise ScenarioError(
                file,
                f"{key}.{name}",
                f"{key}.{name} = {format_value(item[name])}: has no source in "
                f'this file; add source.{name} = "<document>: <quote>" or '
                f'"assumption: <why>"',
            )


def check_source_text(file: Path | None, key: str, text: Any) -> None:
    """A source reads ``"<document-id>: <quote>"`` or ``"assumption: <why>"``."""
    if not isinstance(text, str) or not SOURCE_PATTERN.match(text):
        raise ScenarioError(
            file,
            key,
            f'{key} = {format_value(text)}: must read "<document-id>:'
            f' <quote>" or "assumption: <why>"',
        )
