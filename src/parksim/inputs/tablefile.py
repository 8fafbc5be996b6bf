"""What the planners' files share: reading them safely (regular files under a size cap), the
text as Excel writes it, numbers in cells, and errors that name the line, the column and the
value."""

from __future__ import annotations

import math
import os
import re
import stat
from pathlib import Path

from parksim.errors import ScenarioError
from parksim.inputs.schema import format_value

MAX_FILE_BYTES = 20 * 2**20  # a scenario, actuals or history file larger than this is refused
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")

ENCODINGS = ("utf-8-sig", "gbk")  # UTF-8 (with or without BOM), then what Chinese Excel writes
SAVE_AS_UTF8 = 'save it from Excel as "CSV UTF-8 (逗号分隔)(*.csv)"'


def read_text(path: Path, what: str) -> tuple[str, str]:
    """The text of the ``what`` file (``"an actuals"``, ``"a history"``) and its encoding:
    UTF-8 (BOM or not) first, then GBK; anything else is refused with how to save it."""
    data = read_file_bytes(path, what)
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise ScenarioError(path, None, f"is neither UTF-8 nor GBK text; {SAVE_AS_UTF8}")


def read_file_bytes(path: Path, what: str) -> bytes:
    """The bytes of ``what`` file (``"a scenario"``, ``"an actuals"``…): a regular file of
    at most ``MAX_FILE_BYTES``, read with that cap (a device, a pipe or a huge file named by
    mistake is refused before it is read, never read until memory runs out)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ScenarioError(path, None, f"is a folder, not {what} file")
        if not stat.S_ISREG(info.st_mode):
            raise ScenarioError(path, None, "is not a regular file (a device or a pipe?)")
        if info.st_size > MAX_FILE_BYTES:
            raise ScenarioError(path, None, _too_large(info.st_size))
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError(path, None, f"no such {what.split()[-1]} file") from None
    except OSError as exc:  # a symbolic link loop, no permission, …
        raise ScenarioError(path, None, f"cannot be read: {os.strerror(exc.errno or 0)}") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while we looked
        raise ScenarioError(path, None, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return f"is {size / 2**20:,.1f} MB; files of at most {MAX_FILE_BYTES // 2**20} MB are read"


def number(path: Path, line: int, column: str, text: str) -> float | None:
    """A cell as a finite number (thousands separators allowed); None when empty."""
    if not text:
        return None
    if "," in text and not THOUSANDS.fullmatch(text):  # "1,0,5" is no 105
        rule = "must be a number; commas may only group thousands (1,234.5)"
        raise cell_error(path, line, column, text, rule)
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
    shown = format_value(value)
    return ScenarioError(path, None, f"line {line}, column {column} = {shown}: {rule}")
