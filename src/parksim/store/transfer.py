"""``parksim db import`` and ``db export``: between a scenarios folder (TOML and CSV files,
what git keeps) and the store, losslessly.

Import loads every scenario of the folder first (nothing is stored from a folder that does
not load), then stores each file that changed as a new revision, and each actuals row that
is not stored yet as a figure revision; importing the same folder twice changes nothing.
Export writes the newest revision of every file into a new folder, all or nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from parksim._io import user_file_mode
from parksim.errors import ArgumentError, ScenarioError
from parksim.inputs.actuals import COLUMNS, OPTIONAL_COLUMNS
from parksim.inputs.loader import load_scenario
from parksim.inputs.tablefile import number, read_file_bytes, read_text, table_rows
from parksim.store import audit
from parksim.store.accounts import Actor, require
from parksim.store.database import Store
from parksim.store.documents import save_text
from parksim.store.figures import check_figure_source, normal_period
from parksim.store.models import Document, Figure, Revision
from parksim.store.tree import head, safe_relative, text_sha256, write_tree


@dataclass(frozen=True)
class Imported:
    """What an import stored: new revisions of files, new figure revisions, unchanged files."""

    revisions: int
    figures: int
    unchanged: int


def folder_files(folder: Path) -> dict[str, str]:
    """``{path in the folder: kind}`` for every scenario file at the folder's top and the
    actuals and history files they name; each scenario must load."""
    if not folder.is_dir():
        raise ArgumentError(None, f"{folder}: no such folder of scenarios")
    found: dict[str, str] = {}
    root = folder.resolve()
    for file in sorted(folder.glob("*.toml")):
        scenario = load_scenario(file)
        for chained in scenario.files:
            found[_inside(root, chained, file)] = "scenario"
        for kind, table in (("actuals", scenario.actuals), ("history", scenario.history)):
            if table is not None:
                found[_inside(root, Path(table.file), file)] = kind
    if not found:
        raise ArgumentError(None, f"{folder}: holds no scenario files (*.toml)")
    return found


def _inside(root: Path, path: Path, named_by: Path) -> str:
    try:
        relative = path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise ScenarioError(named_by, None, f"names {path}, outside the folder") from None
    safe_relative(relative)
    return relative


def import_folder(
    store: Store, actor: Actor, folder: Path, *, seed: bool = False, message: str = ""
) -> Imported:
    """Store every file of ``folder`` that differs from what is stored (see the module)."""
    files = folder_files(folder)
    # tables first, then scenarios parents first: each save is checked by loading them all
    order = sorted(files, key=lambda path: files[path] == "scenario")
    origin = f"import:{folder}"
    revisions = figures = unchanged = 0
    with store.transaction(write=True) as session:
        require(session, actor, "admin" if seed else "planner", f"import {folder}")
        for path in order:
            if files[path] == "actuals":
                figures += _import_figures(session, actor, folder, path, seed, origin)
            elif _import_text(session, actor, folder, path, files[path], seed, origin, message):
                revisions += 1
            else:
                unchanged += 1
    return Imported(revisions, figures, unchanged)


def _import_text(
    session: Session,
    actor: Actor,
    folder: Path,
    path: str,
    kind: str,
    seed: bool,
    origin: str,
    message: str,
) -> bool:
    """Store the file as a new revision if its text differs from the newest; True if so."""
    file = folder / path
    if kind == "scenario":
        text = read_file_bytes(file, "a scenario").decode("utf-8-sig")
    else:
        text, _ = read_text(file, "a history")
    document = session.scalar(select(Document).where(Document.path == path))
    latest = None if document is None else head(session, document)
    if latest is not None and latest.sha256 == text_sha256(text):
        return False
    save_text(
        session,
        actor,
        path,
        kind,
        text,
        parent=None if latest is None else latest.number,
        message=message or f"imported from {file}",
        origin=origin,
        seed=seed,
    )
    return True


def _import_figures(
    session: Session, actor: Actor, folder: Path, path: str, seed: bool, origin: str
) -> int:
    """Store each row of an actuals file that is not stored yet; how many were new."""
    file = folder / path
    text, _ = read_text(file, "an actuals")
    document = session.scalar(select(Document).where(Document.path == path))
    if document is None:
        document = Document(path=path, kind="actuals", scenario_id=None, seed=seed)
        session.add(document)
        session.flush()
    who = ""  # asked for at the first new row: an unchanged seed needs no admin
    stored = list(session.scalars(select(Figure).where(Figure.document_id == document.id)))
    known = {(f.indicator, f.period, f.value, f.yoy, f.source) for f in stored}
    count = {(f.indicator, f.period): f for f in sorted(stored, key=lambda f: f.number)}
    added = 0
    for line, cells in table_rows(file, text, COLUMNS, OPTIONAL_COLUMNS):
        value = number(file, line, "value", cells["value"])
        yoy = number(file, line, "yoy", cells.get("yoy", ""))
        key = (cells["indicator"], normal_period(cells["period"]))
        if (*key, value, yoy, cells["source"]) in known:
            continue
        check_figure_source(path, f"line {line}", cells["source"])
        needed = "admin" if document.seed else "planner"
        who = who or require(session, actor, needed, f"import {path}")
        previous = count.get(key)
        figure = Figure(
            document_id=document.id,
            indicator=key[0],
            period=key[1],
            number=1 if previous is None else previous.number + 1,
            parent_id=None if previous is None else previous.id,
            value=value,
            yoy=yoy,
            source=cells["source"],
            author=who,
            message=f"imported from {file}, line {line}",
            origin=origin,
        )
        session.add(figure)
        session.flush()
        count[key] = figure
        added += 1
        obj = f"figure:{path}:{key[0]}:{key[1]}"
        audit.record(session, who, "figure", obj, figure.number, origin, figure.message)
    return added


def export_folder(store: Store, out: Path) -> list[str]:
    """Write the newest revision of every stored file into the new folder ``out`` (it must
    not exist, or be empty): into a temporary folder beside it, renamed at the end, so a
    failure leaves no half-written export. The files written, by path."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ArgumentError(None, f"{out}: exists and is not an empty folder; name a new one")
    parent = out.absolute().parent
    if not parent.is_dir():
        raise ArgumentError(None, f"{out}: no such folder {parent}")
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    try:
        os.chmod(temp, user_file_mode(0o777))  # a folder like any the user makes, not 0700
        with store.transaction() as session:
            write_tree(session, temp, atomic=True)
        written = sorted(p.relative_to(temp).as_posix() for p in temp.rglob("*") if p.is_file())
        if out.exists():
            out.rmdir()
        temp.rename(out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return written


def stored_stamp(store: Store) -> tuple[int, int]:
    """The newest revision's and figure's row ids: they change with every save, so a copy
    of the stored folder made at one stamp is current while the stamp stays."""
    with store.transaction() as session:
        return _stamp(session)


def mirror_folder(store: Store, folder: Path) -> tuple[int, int]:
    """Bring ``folder`` up to the newest revision of every stored file, rewriting (through
    a rename) only the files whose bytes changed, so readers never see half a file and
    caches keyed on file times stay valid; the stamp the folder is at now."""
    folder.mkdir(parents=True, exist_ok=True)
    with store.transaction() as session:
        write_tree(session, folder, atomic=True, keep_same=True)
        return _stamp(session)


def _stamp(session: Session) -> tuple[int, int]:
    revision = session.scalar(select(func.max(Revision.id))) or 0
    figure = session.scalar(select(func.max(Figure.id))) or 0
    return int(revision), int(figure)
