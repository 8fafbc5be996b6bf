"""Sources: every number says where it comes from, in the file (or override) that sets it."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from parksim.errors import ScenarioError
from parksim.inputs.schema import SOURCE_REQUIRED, SOURCED_FIELDS, format_value

ASSUMPTION_PREFIX = "assumption:"
SOURCE_RULE = 'must read "<document-id>: <quote>" or "assumption: <why>"'
# Control characters, line and paragraph separators, invisible format characters (BOM,
# zero-width space): never part of a document's name, and a name is compared as written.
_HIDDEN_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


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
    """A source reads ``"<document>: <quote>"`` or ``"assumption: <why>"``."""
    problem = source_problem(text)
    if problem is not None:
        raise ScenarioError(file, key, f"{key} = {format_value(text)}: {problem}")


def source_problem(text: Any) -> str | None:
    """Why ``text`` is not a source, or None when it is one.

    The document is named by whatever comes before the first ASCII colon, in any script
    (``"济南市统计局 2019年统计公报: 全市地区生产总值9443.37亿元"``), as planners cite it; the
    name must not be blank, start with a space or hold control or invisible characters, and
    the quote after the colon must not be blank.
    """
    if not isinstance(text, str):
        return SOURCE_RULE
    name, colon, quote = text.partition(":")
    if not colon:
        if "\uff1a" in text:  # the full-width colon a Chinese input method types
            return f'{SOURCE_RULE}; put an ASCII colon ":" after the document name, not "\uff1a"'
        return SOURCE_RULE
    if not name.strip():
        return f'{SOURCE_RULE}; the document name before ":" is empty'
    if name[0].isspace():
        return f"{SOURCE_RULE}; the document name must not start with a space"
    hidden = next((c for c in name if unicodedata.category(c) in _HIDDEN_CATEGORIES), None)
    if hidden is not None:
        return (
            f"{SOURCE_RULE}; the document name holds the control or invisible character "
            f"U+{ord(hidden):04X}"
        )
    if not quote.strip():
        return SOURCE_RULE
    return None
