"""Actual figures typed (or pasted from Excel) in the app, appended to the scenario's actuals
CSV: the CSV stays the storage and git's record.

Rows are checked exactly as the file is when a scenario loads (``inputs.actuals``: the
indicator, a year or year-to-date quarter, a number, a cited source), on the whole file as it
would be. A figure for a period already there, from another source, is a revision: the earlier
value stays in the file and in ``Actual.revised``. The new file is written beside the old one,
checked, then moved into place under the folder lock, and only if the file is still what the
planner saw (else a conflict, nothing written). Scenarios that extend the same parent share its
actuals file: a figure is a fact of the park, not of one scenario.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from parksim._io import user_file_mode
from parksim.app.saving import folder_lock, revision
from parksim.errors import ParksimError, ScenarioError
from parksim.inputs.actuals import COLUMNS, load_actuals
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SHARE_UNITS
from parksim.text.words import Lang, word

FORMULA_START = ("=", "+", "@", "\t", "\r")  # what a spreadsheet would read as a formula
MAX_ROWS = 200  # a paste of a whole statistics table is fine; a runaway paste is not


class EntryError(ParksimError):
    """Figures refused: ``reason`` is an ``entry.err.<reason>`` word filled with ``values``."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(word(f"entry.err.{reason}", "en").format(**values))
        self.reason, self.values = reason, values

    def text(self, lang: Lang) -> str:
        return word(f"entry.err.{self.reason}", lang).format(**self.values)


def blank_rows(count: int = 3) -> pd.DataFrame:
    """The editor's first rows: empty, in the CSV's columns (a paste may add more)."""
    return pd.DataFrame(
        {"indicator": [None] * count, "period": [""] * count, "value": [math.nan] * count,
         "source": [""] * count}
    )  # fmt: skip


def typed_rows(rows: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
    """The editor's rows as CSV cells (blank rows dropped; numbers as typed, no exponent)."""
    found = []
    for row in rows:
        cells = {c: _cell(row.get(c)) for c in COLUMNS}
        if any(cells.values()):
            found.append(cells)
    if len(found) > MAX_ROWS:
        raise EntryError("too_many", n=len(found), most=MAX_ROWS)
    return found


def append_figures(scenario: Scenario, rows: Sequence[Mapping[str, str]], seen: str) -> Path:
    """Append ``rows`` (``typed_rows``) to the scenario's actuals file, checked as the loader
    checks it; ``seen`` is the file's revision when the planner began. Returns the file."""
    target, text = _appended(scenario, rows)
    with _checked(scenario, target, text) as temp, folder_lock(target.parent):
        if revision(target) != seen:
            raise EntryError("conflict", file=target.name)
        os.replace(temp, target)
    return target


def check_figures(scenario: Scenario, rows: Sequence[Mapping[str, str]]) -> None:
    """``rows`` checked as ``append_figures`` checks them (the whole file as it would be),
    nothing written: a store saves them one by one after this."""
    target, text = _appended(scenario, rows)
    with _checked(scenario, target, text):
        pass


def _appended(scenario: Scenario, rows: Sequence[Mapping[str, str]]) -> tuple[Path, str]:
    """The actuals file and its text with ``rows`` appended (sources checked first)."""
    if scenario.actuals is None:
        raise EntryError("no_file")
    if not rows:
        raise EntryError("nothing")
    for n, row in enumerate(rows, start=1):
        if row["source"].startswith(FORMULA_START):
            raise EntryError("formula", row=n, value=row["source"][:40])
    target = scenario.actuals.file
    text = target.read_bytes().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)), [])
    added = io.StringIO()
    writer = csv.writer(added, lineterminator="\n")
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return target, text + ("" if text.endswith("\n") else "\n") + added.getvalue()


@contextmanager
def _checked(scenario: Scenario, target: Path, text: str) -> Iterator[Path]:
    """``text`` in a temporary file beside ``target``, loaded as the loader loads actuals."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), user_file_mode())
        ids = scenario.all_indicator_ids
        money = {i: scenario.unit_of(i) not in SHARE_UNITS for i in ids}
        try:
            load_actuals(temp, ids, money)
        except ScenarioError as exc:  # name the planner's file, not the temporary one
            raise EntryError("invalid", error=str(exc).replace(str(temp), target.name)) from None
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return repr(value) if abs(value) < 1e15 else f"{value:.0f}"
    return str(value).strip()
