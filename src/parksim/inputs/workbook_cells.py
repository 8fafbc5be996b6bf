"""One workbook cell to the value a scenario document holds, by the column's kind.

Cells arrive as openpyxl gives them (text, int, float, bool, dates); each kind takes what a
planner would type and refuses the rest with a ``ValueError`` whose text says what is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from typing import Any

from parksim.inputs.cnnumber import cn_number
from parksim.inputs.workbook_layout import Field

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
