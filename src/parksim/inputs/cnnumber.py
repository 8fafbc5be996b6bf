"""Numbers as Chinese planners type them in cells: ``1.2万亿``, ``3000亿``, ``12%``, ``12.5 %``,
full-width digits, thousands commas. One function reads them all, exactly (decimal arithmetic),
and refuses what the column's unit leaves ambiguous."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from parksim.inputs.schema import SHARE_UNITS

# 亿元 and its kin: how many yuan one unit is; a 万/亿 amount converts only into one of these.
YUAN_UNITS = {"元": 0, "万元": 4, "亿元": 8, "万亿元": 12}
_MAGNITUDE = {"万亿": 12, "亿": 8, "万": 4}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def cn_number(text: str, *, rate: bool = False, unit: str | None = None) -> float:
    """The number a cell's text means; ``ValueError`` (one line: what is allowed) otherwise.

    ``rate``: the column holds fractions (growth, shares), so ``12%`` is 0.12. ``unit``: the
    column's unit (亿元, 万元, share …); ``3000亿`` and ``1.2万亿`` are converted into it when it
    is a yuan unit and refused otherwise. A share unit (share, 占比, 比重) takes ``%`` too.
    """
    shown = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    scale = 0
    if shown.endswith("%"):
        if not (rate or _is_share(unit)):
            raise ValueError(
                f"a percentage in a column of {unit or 'plain numbers'}: write the number itself"
            )
        shown, scale = shown[:-1], -2
    else:
        shown, scale = _magnitude(shown, unit, rate)
    if _GROUPED.fullmatch(shown):
        shown = shown.replace(",", "")
    if not _NUMBER.fullmatch(shown):
        raise ValueError(
            "must be a number, e.g. 1150.2, 12%, 3000亿 or 1.2万亿 (where the unit is 亿元 or 万元)"
        )
    try:
        value = Decimal(shown).scaleb(scale)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only decimals
        raise ValueError("must be a number") from None
    return float(value)


def _magnitude(shown: str, unit: str | None, rate: bool) -> tuple[str, int]:
    """Strip a ``万``/``亿``/``万亿`` (and a trailing 元); the power of ten into ``unit``."""
    body = shown[:-1] if shown.endswith("元") else shown
    for word, power in _MAGNITUDE.items():
        if body.endswith(word):
            target = YUAN_UNITS.get(unit or "")
            if rate or target is None:
                column = "a rate" if rate else (unit or "no unit")
                raise ValueError(
                    f"{shown} is an amount in yuan but this column holds {column}: "
                    f"write the number in the column's unit"
                )
            return body[: -len(word)], power - target
    if shown.endswith("元") and unit in YUAN_UNITS:
        return shown[:-1], -YUAN_UNITS[unit]
    return shown, 0


def _is_share(unit: str | None) -> bool:
    return unit in SHARE_UNITS
