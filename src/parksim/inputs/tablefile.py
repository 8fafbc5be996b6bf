"""What the planners' CSV files (actual figures, history) share: reading the text as Excel
writes it, numbers in cells, and errors that name the line, the column and the value."""

from __future__ import annotations

import math
from pathlib import Path

from parksim.errors import ScenarioError

ENCODINGS = ("utf-8-sig", "gbk")  # UTF-8 (with or without BOM), then what Chinese Excel writes
SAVE_AS_UTF8 = 'save it from Excel as "CSV UTF-8 (逗号分隔)(*.csv)"'


def read_text(path: Path, what: str) -> tuple[str, str]:
    """The text of the ``what`` file (``"an actuals"``, ``"a history"``) and its encoding:
    UTF-8 (BOM or not) first, then GBK; anything else is refused with how to save it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(path, None, f"no such {what.split()[-1]} file") from None
    except IsADirectoryError:
        raise ScenarioError(path, None, f"is a folder, not {what} file") from None
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise ScenarioError(path, None, f"is neither UTF-8 nor GBK text; {SAVE_AS_UTF8}")


def number(path: Path, line: int, column: str, text: str) -> float | None:
    """A cell as a finite number (thousands separators allowed); None when empty."""
    if not text:
        return None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        rule = "must be a number"
        if text.endswith("%"):
            rule += "; write a rate as a fraction (0.074 for 7.4 %)"
        raise cell_error(path, line, column, text, rule) from None
    if not math.isfinite(value):
        raise cell_error(path, line, column, text, "must be a finite number")
    return value


def cell_error(path: Path, line: int, column: str, value: str, rule: str) -> ScenarioError:
    """``file: line L, column C = "v": rule``."""
    return ScenarioError(path, None, f'line {line}, column {column} = "{value}": {rule}')
