"""Text that shows as it is stored: names, units and descriptions without control characters
or direction overrides, and values cut for the one-line error messages that echo them."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

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
