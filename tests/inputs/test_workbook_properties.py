"""Random cells written into the template: the import answers with a scenario or with the
project's own one-line errors, never another exception, and writes nothing when it fails.

Hypothesis draws the cells (a fixed, derandomised set, so CI is reproducible): text, Chinese
numbers, formulas, dates, booleans and numbers of any size, anywhere in the data sheets.
"""

from __future__ import annotations

import datetime
import io
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parksim.errors import ParksimError
from parksim.export.workbook import template_workbook
from parksim.inputs.workbook_import import import_workbook
from parksim.text.words import WORDS

TEMPLATE = template_workbook()
SHEETS = openpyxl.load_workbook(io.BytesIO(TEMPLATE)).sheetnames[1:]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),  # what a cell holds
    st.sampled_from(["1.2万亿", "3000亿", "12%", "１２", "2020: 5%; 2021-2030: x", "=1/0", "是"]),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2200, 1, 1)),
)
CELLS = st.lists(
    st.tuples(st.sampled_from(SHEETS), st.integers(1, 5), st.integers(1, 40), VALUES),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(CELLS)
def test_random_cells_import_or_say_why_in_one_line(
    cells: list[tuple[str, int, int, object]],
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(TEMPLATE))
    for sheet, row, column, value in cells:
        text = isinstance(value, str) and not value.startswith("=")
        book[sheet].cell(row=row, column=column, value=value)
        if text:
            book[sheet].cell(row=row, column=column).data_type = "s"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book.save(folder / "park.xlsx")
        try:
            import_workbook(folder / "park.xlsx", folder / "park.toml", WORDS)
        except ParksimError as exc:
            for line in (exc, *getattr(exc, "more", ())):
                assert "\n" not in str(line), str(line)
            assert [p.name for p in folder.iterdir()] == ["park.xlsx"]
