"""A filled workbook to a scenario file and its actual-figure and history CSVs.

The document the workbook holds is checked by the very rules a TOML file is: the sources of
every item (:func:`parksim.inputs.sources.check_sources`), then ``load_scenario`` itself on a
trial copy beside the output (so ``extends`` finds its parent), with the schema, the
whole-scenario checks and the CSV rules. Every error is mapped back to the sheet, row and
column it came from. Nothing is written unless all of it loads: the trial files are hidden
temporary names, removed in any case, and the real files are then written atomically.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parksim._io import write_atomic
from parksim.errors import ScenarioError
from parksim.inputs.actuals import COLUMNS as ACTUAL_COLUMNS
from parksim.inputs.actuals import OPTIONAL_COLUMNS as ACTUAL_OPTIONAL
from parksim.inputs.history import COLUMNS as HISTORY_COLUMNS
from parksim.inputs.history import OPTIONAL_COLUMNS as HISTORY_OPTIONAL
from parksim.inputs.loader import load_scenario
from parksim.inputs.plaintext import neutralise
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SOURCED_FIELDS, format_value
from parksim.inputs.sources import check_sources
from parksim.inputs.tablefile import read_file_bytes
from parksim.inputs.workbook_read import WorkbookContent, read_workbook
from parksim.inputs.workbook_sheets import Where, Words
from parksim.inputs.writer import dump_document

CSV_FILES = {  # sheet -> (its folder and [scenario] key, its columns)
    "actuals": ("actuals", (*ACTUAL_COLUMNS[:3], *ACTUAL_OPTIONAL, ACTUAL_COLUMNS[3])),
    "history": ("history", (*HISTORY_COLUMNS, *HISTORY_OPTIONAL)),
}
_CSV_CELL = re.compile(r"^line (\d+), column (\w+)(.*)$")


@dataclass(frozen=True)
class Imported:
    """What an import wrote: the scenario file, its CSVs, and the scenario as loaded."""

    scenario: Scenario
    written: tuple[Path, ...]


def import_workbook(workbook: Path, out: Path, words: Words) -> Imported:
    """Read ``workbook`` and write ``out`` (a ``.toml``) with ``actuals/<name>.csv`` and
    ``history/<name>.csv`` beside it when those sheets have rows; ``ScenarioError`` (listing
    every problem found) and nothing written when it does not load."""
    data = read_file_bytes(workbook, "a workbook")
    return save_content(read_workbook(data, workbook, words), workbook, out)


def save_content(content: WorkbookContent, workbook: Path, out: Path) -> Imported:
    """Check ``content`` as a scenario file at ``out`` would be checked, then write it."""
    if out.suffix.lower() != ".toml":
        raise ScenarioError(out, None, "the scenario file to write must end in .toml")
    if not out.parent.is_dir():
        raise ScenarioError(out, None, f"no such folder {out.parent}")
    document = content.document
    meta = document.setdefault("scenario", {})
    tables = {
        sheet: (f"{folder}/{out.stem}.csv", _csv_text(columns, getattr(content, sheet)))
        for sheet, (folder, columns) in CSV_FILES.items()
        if getattr(content, sheet)
    }
    for sheet, (name, _) in tables.items():
        meta[CSV_FILES[sheet][0]] = name
    _check_sources(document, content, workbook)
    _trial_load(content, workbook, out, tables)
    written = []
    for name, text in tables.values():
        (out.parent / name).parent.mkdir(exist_ok=True)
        written.append(write_atomic(out.parent / name, text.encode("utf-8-sig")))
    written.append(write_atomic(out, dump_document(document).encode("utf-8")))
    return Imported(load_scenario(out), tuple(written))


def _check_sources(document: Mapping[str, Any], content: WorkbookContent, workbook: Path) -> None:
    """Every sourced number has a well-formed source beside it: all items, all errors."""
    found: list[ScenarioError] = []
    for section in SOURCED_FIELDS:
        for item_id, item in document.get(section, {}).items():
            try:
                check_sources(None, section, item_id, item)
            except ScenarioError as exc:
                found.append(exc)
    _raise_mapped(found, content, workbook)


def _trial_load(
    content: WorkbookContent, workbook: Path, out: Path, tables: Mapping[str, tuple[str, str]]
) -> None:
    """``load_scenario`` on hidden copies beside ``out``; removed whatever happens."""
    stem = f".{out.name}.{secrets.token_hex(4)}"
    trial = dict(content.document)
    trial["scenario"] = dict(trial["scenario"])
    temps: dict[str, Path] = {}
    try:
        for sheet, (_, text) in tables.items():
            temps[sheet] = out.parent / f"{stem}.{sheet}.csv"
            temps[sheet].write_text(text, encoding="utf-8-sig")
            trial["scenario"][CSV_FILES[sheet][0]] = temps[sheet].name
        toml = out.parent / f"{stem}.toml.tmp"
        temps["toml"] = toml
        toml.write_text(dump_document(trial), encoding="utf-8")
        try:
            ancestors = load_scenario(toml).files[:-1]
        except ScenarioError as exc:
            sheets = {path: sheet for sheet, path in temps.items()}
            _raise_mapped([exc, *exc.more], content, workbook, sheets)
        if out.resolve() in {file.resolve() for file in ancestors}:  # it would extend itself
            extends = trial["scenario"].get("extends")
            problem = f"{out.name} would replace the scenario it extends; write it to another file"
            _raise_mapped(
                [
                    ScenarioError(
                        None,
                        "scenario.extends",
                        f"scenario.extends = {format_value(extends)}: {problem}",
                    )
                ],
                content,
                workbook,
            )
    finally:
        for path in temps.values():
            path.unlink(missing_ok=True)


def _raise_mapped(
    errors: Sequence[ScenarioError],
    content: WorkbookContent,
    workbook: Path,
    files: Mapping[Path, str] | None = None,
) -> None:
    """The errors as the workbook's: each names its sheet, row and column where known."""
    if not errors:
        return
    mapped = [_map(e, content, workbook, files or {}) for e in errors]
    first, *more = mapped
    raise ScenarioError(workbook, None, first.problem, tuple(more[: ScenarioError.MAX_MORE]))


def _map(
    error: ScenarioError, content: WorkbookContent, workbook: Path, files: Mapping[Path, str]
) -> ScenarioError:
    sheet = files.get(error.path) if error.path is not None else None
    if error.path is not None and sheet is None:  # another file: the parent it extends
        return ScenarioError(workbook, None, f"{error.path.name}: {_keyed(error)}")
    match = _CSV_CELL.match(error.problem)
    if sheet in content.rows and match is not None:
        line, column, rest = int(match.group(1)), match.group(2), match.group(3)
        rows = content.rows[sheet]
        row = rows[line - 2].row if 0 <= line - 2 < len(rows) else None
        shown = content.headers[sheet].shown.get(column, column)
        return ScenarioError(workbook, None, f"{Where(rows[0].sheet, row, shown)}{rest}")
    found = _locate(error.key, content)
    if found is None:
        return ScenarioError(workbook, None, _keyed(error))
    return ScenarioError(workbook, None, f"{found}: {_keyed(error)}")


def _keyed(error: ScenarioError) -> str:
    """The problem with its dotted key in front, as the error's own message has it."""
    if error.key is None or error.problem.startswith(error.key):
        return error.problem
    return f"{error.key}: {error.problem}"


def _locate(key: str | None, content: WorkbookContent) -> Where | None:
    """The cell of a dotted key; for a key no cell set (a missing one), its item's row and
    the column where it belongs."""
    if key is None:
        return None
    if key in content.cells:
        return content.cells[key]
    parts = key.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in content.cells:
            found = content.cells[prefix]
            headers = content.headers.get(parts[0])
            rest = ".".join(parts[cut:])
            column = headers.shown.get(rest, rest) if headers is not None else rest
            return Where(found.sheet, found.row, column)
    return None


def _csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as the CSV the loaders read: floats exact, text never a formula to Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return neutralise(value)
    return str(value)
