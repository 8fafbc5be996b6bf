"""Text that shows as it is stored: names, units and descriptions without control characters
or direction overrides, values cut for the one-line error messages that echo them, and text
that no spreadsheet takes for a formula (``neutralise``; the exports and the import share it)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

# Text starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# C0 controls (but tab and line feed), DEL, C1 controls, and the bidirectional overrides and
# isolates that make text display in another order than it is stored (U+202A–E, U+2066–9).
SHOWN_CHARS = 80  # a longer text is cut in error messages
HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _plain_text(value: str, *, lines: bool) -> str:
    """Text that shows as it is stored: no control characters, no direction overrides."""
    found = HIDDEN.search(value) or (None if lines else re.search(r"[\t\n]", value))
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise ValueError(f"contains the invisible control character {code}; remove it")
    return value


Text = Annotated[str, AfterValidator(lambda v: _plain_text(v, lines=False))]
LongText = Annotated[str, AfterValidator(lambda v: _plain_text(v, lines=True))]


def cut_text(value: str) -> str:
    """A text cut to ``SHOWN_CHARS`` for an error message: one line stays readable, whatever
    was pasted."""
    if len(value) <= SHOWN_CHARS:
        return value
    return f"{value[:SHOWN_CHARS]}… ({len(value):,} characters)"


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read this text, or any line of it, as a formula?"""
    return any(line.startswith(FORMULA_PREFIXES) for line in LINE_BREAK.split(text))


def neutralise(text: str) -> str:
    """Text that no spreadsheet or CSV reader takes for a formula: every line break becomes a
    line feed (a bare carriage return would go unquoted, and a reader would start a new row
    at it), and every line that starts like a formula gets a ``'`` (OWASP's advice)."""
    lines = LINE_BREAK.split(text)
    return "\n".join("'" + line if line.startswith(FORMULA_PREFIXES) else line for line in lines)
