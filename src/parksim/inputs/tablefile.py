"""What the planners' files share: reading them safely (regular files under a size cap), the
text as Excel writes it, numbers in cells, and errors that name the line, the column and the
value."""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
from collections.abc import Iterator
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


def table_rows(
    path: Path, text: str, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, {column: stripped text})`` per row below the header (blank rows skipped),
    every column of ``columns + optional`` present. A header without a required column, an
    unknown or repeated one, a row with more cells than the header, a quote that is never
    closed (it would swallow the rows after it) and a cell beyond ``csv``'s size limit are
    errors naming the line."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = _header(path, next(reader, []), columns, optional)
        last = 1
        for cells in reader:
            first, last = last + 1, reader.line_num
            row = _cells(path, (first, last), header, cells, columns + optional)
            if row is not None:
                yield first, row
    except csv.Error as exc:  # e.g. a cell longer than 131,072 characters
        problem = f"line {reader.line_num}: cannot be read as CSV ({exc}); an unclosed quote?"
        raise ScenarioError(path, None, problem) from None


def _header(
    path: Path, cells: list[str], columns: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[str, ...]:
    """The column names of line 1 (trailing unnamed ones dropped): all required ones there,
    none unknown or repeated."""
    names = [name.strip().lstrip("\ufeff") for name in cells]
    while names and not names[-1]:
        names.pop()
    header = tuple(names)
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns + optional]
    repeated = [c for i, c in enumerate(header) if c in header[:i]]
    problem = (
        f"missing column {missing[0]}"
        if missing
        else f"unknown column {format_value(unknown[0])}"
        if unknown
        else f"column {repeated[0]} appears twice"
        if repeated
        else None
    )
    if problem is not None:
        allowed = ", ".join(columns + optional)
        raise ScenarioError(path, None, f"line 1: {problem}; columns are: {allowed}")
    return header


def _cells(
    path: Path,
    lines: tuple[int, int],
    header: tuple[str, ...],
    cells: list[str],
    every: tuple[str, ...],
) -> dict[str, str] | None:
    """A row as ``{column: stripped text}``; None for a blank row (Excel writes ``,,,``)."""
    first, last = lines
    stripped = [cell.strip() for cell in cells]
    if not any(stripped):
        return None
    if last > first:
        column = next((h for h, c in zip(header, cells, strict=False) if "\n" in c), "?")
        raise ScenarioError(
            path,
            None,
            f"line {first}, column {column}: a quoted cell runs on to line {last}; "
            f"close its quote (a cell may not span lines)",
        )
    if any(stripped[len(header) :]):
        raise ScenarioError(
            path,
            None,
            f"line {first}: {len(stripped)} cells but line 1 names {len(header)} columns "
            f"({', '.join(header)}); quote a value that holds a comma",
        )
    row = dict.fromkeys(every, "")
    row.update(zip(header, stripped, strict=False))
    return row


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
