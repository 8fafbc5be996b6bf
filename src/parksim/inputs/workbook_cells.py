"""One workbook cell to the value a scenario document holds, by the column's kind, and back.

Cells arrive as openpyxl gives them (text, int, float, bool, dates); each kind takes what a
planner would type and refuses the rest with a ``ValueError`` whose text says what is allowed.
:func:`cell_text` and :func:`sheet_records` go the other way (a document's items as a sheet's
rows, a value as text that reads back exactly): the workbook writer and the app's editor use
them both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from parksim.inputs.cnnumber import cn_number
from parksim.inputs.workbook_layout import Field, SheetLayout

_LIST_SEPARATORS = re.compile(r"[,、;]")
_TABLE_SEPARATORS = re.compile(r"[;\n]")
_DASHES = re.compile(r"[–—~～至到]")
TRUE_WORDS = ("是", "true", "yes", "y", "1")
FALSE_WORDS = ("否", "false", "no", "n", "0")
CHOICE_ALIASES = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}
YEARS_RULE = 'a number, or year ranges like "2020: -5%; 2021-2025: 8%"'


def cell_value(value: Any, field: Field, unit: str | None) -> Any:
    """The document value of a (non-empty) cell; ``ValueError`` with the rule when it is not
    one. ``unit`` is the row's unit (for 亿/万 amounts and shares)."""
    if isinstance(value, datetime | date | time):
        raise ValueError(
            f"is a date ({date_text(value)}), not {_what(field)}: Excel turned what was typed "
            f"into a date; format the cell as 常规 General (or 文本 Text) and type it again"
        )
    kind = field.kind
    if kind in ("id", "text", "longtext", "source", "period", "choice"):
        return _text(value, field)
    if kind == "bool":
        return _flag(value)
    if kind == "int":
        return _integer(value)
    if kind == "years":
        return _years(value, field)
    if kind == "list":
        return _numbers(value, field)
    return _number(value, field.rate, unit if kind == "amount" else None)


def date_text(value: date | time) -> str:
    """A date as a message shows it: ``2025-01-01``, with the time only when there is one."""
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    return value.isoformat()


def _what(field: Field) -> str:
    return {
        "int": "a whole number (a year like 2025)",
        "period": "a year (2025) or a quarter (2025Q2)",
    }.get(field.kind, "a value of this column")


def _text(value: Any, field: Field) -> str:
    if isinstance(value, bool) or (isinstance(value, float) and field.kind != "text"):
        raise ValueError("must be text")
    text = str(value) if not isinstance(value, float) else repr(value)
    if field.kind == "id":
        return text.strip()
    if field.kind == "choice":
        chosen = CHOICE_ALIASES.get(text.strip(), text.strip().lower())
        if chosen not in field.choices:
            raise ValueError(f"must be one of {', '.join(field.choices)}")
        return chosen
    return text


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("must be 是/否 (TRUE/FALSE)")


def _integer(value: Any) -> int:
    number = _number(value, False, None)
    if not float(number).is_integer():
        raise ValueError("must be a whole number")
    return int(number)


def _number(value: Any, rate: bool, unit: str | None) -> float:
    if isinstance(value, bool):
        raise ValueError("must be a number, not TRUE/FALSE")
    if isinstance(value, int | float):
        return float(value) if isinstance(value, float) else value
    return cn_number(str(value), rate=rate, unit=unit)


def _years(value: Any, field: Field) -> float | dict[str, float]:
    """A number, or a year-range table written ``2020: -5%; 2021-2025: 8%``."""
    if not isinstance(value, str):
        return _number(value, field.rate, None)
    text = unicodedata.normalize("NFKC", value).strip()
    if ":" not in text and "=" not in text:
        return _number(text, field.rate, None)
    table: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in _TABLE_SEPARATORS.split(text))):
        years, colon, number = part.replace("=", ":").partition(":")
        label = _DASHES.sub("-", years).replace(" ", "")
        if not colon or not label:
            raise ValueError(f"{part!r}: must be {YEARS_RULE}")
        try:
            table[label] = _number(number.strip(), field.rate, None)
        except ValueError as exc:
            raise ValueError(f"{label}: {exc}") from None
    return table


def _numbers(value: Any, field: Field) -> list[float]:
    """Numbers separated by commas (``5%, 10%``; ``1, 1.5, 3``)."""
    if not isinstance(value, str):
        return [_number(value, field.rate, None)]
    text = unicodedata.normalize("NFKC", value).strip().strip("[]")
    parts = [p.strip() for p in _LIST_SEPARATORS.split(text)]
    return [_number(p, field.rate, None) for p in parts if p]


def sheet_records(layout: SheetLayout, document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One flat ``{column key: value}`` per row: items with their id, sources as
    ``source.<field>``, nested tables as dotted keys."""
    if layout.key == "scenario":
        meta = dict(document.get("scenario", {}))
        status = {f"status.{k}": v for k, v in document.get("status", {}).items()}
        return [{**meta, **status}]
    items = document.get(layout.key, {})
    return [{"id": item_id, **_flat(item)} for item_id, item in items.items()]


def _flat(item: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in item.items():
        nested = key in ("source", "output_per_project") and isinstance(value, Mapping)
        flat.update(_flat(value, f"{prefix}{key}.") if nested else {f"{prefix}{key}": value})
    return flat


def cell_text(value: Any, field: Field) -> str:
    """A document value as text that :func:`cell_value` reads back exactly: rates as
    percentages (``-5%``), year tables as ``2020: -5%; 2021-2025: 8%``, lists with commas."""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_shown(v, field.rate)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_shown(v, field.rate) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float) and field.kind not in ("id", "text", "longtext", "source"):
        return _shown(value, field.rate) if field.kind != "int" else str(int(value))
    return str(value)


def _shown(value: Any, rate: bool) -> str:
    """A number as the reader parses it back exactly: a rate as a percentage (``-5%``),
    others as they are (``1.5``)."""
    exact = Decimal(repr(float(value)))
    if rate:
        exact = exact.scaleb(2)
    text = format(exact.normalize(), "f")
    return f"{text}%" if rate else text
