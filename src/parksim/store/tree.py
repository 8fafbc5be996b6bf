"""The stored files as a folder again: the newest revision of every scenario and history
file, every actuals file rebuilt from its figures, so that the ordinary loader reads them.

Saves are checked this way (the whole folder, with the new text in it, must load), exports
write it, and a stored scenario is loaded from a temporary copy of it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from parksim._io import write_atomic
from parksim.errors import ScenarioError
from parksim.inputs.actuals import COLUMNS, OPTIONAL_COLUMNS
from parksim.inputs.loader import load_scenario
from parksim.inputs.scenario import Scenario
from parksim.store.models import Document, Figure, Revision

ACTUALS_HEADER = (*COLUMNS[:3], *OPTIONAL_COLUMNS, COLUMNS[3])  # indicator,period,value,yoy,source
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_sha256(text: str) -> str:
    """The SHA-256 of a text's UTF-8 bytes: a revision's content hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def head(session: Session, document: Document) -> Revision | None:
    """The newest revision of a scenario or history file (None for an actuals file)."""
    return session.scalar(
        select(Revision)
        .where(Revision.document_id == document.id)
        .order_by(Revision.number.desc())
        .limit(1)
    )


def figures_of(session: Session, document: Document) -> list[Figure]:
    """Every figure revision of an actuals file, in the order they were saved."""
    query = select(Figure).where(Figure.document_id == document.id).order_by(Figure.id)
    return list(session.scalars(query))


def actuals_csv(figures: Iterable[Figure]) -> bytes:
    """An actuals file with every figure revision as one row, oldest first (a later row for
    the same indicator and period is a revision, as the loader reads it): UTF-8, line feeds,
    numbers written so that they read back exactly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACTUALS_HEADER)
    for f in figures:
        writer.writerow([f.indicator, f.period, _number(f.value), _number(f.yoy), f.source])
    return out.getvalue().encode("utf-8")


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)


def safe_relative(path: str) -> PurePosixPath:
    """A stored file's path: relative, inside the folder, no ``..``; else ``ScenarioError``."""
    posix = PurePosixPath(path)
    if posix.is_absolute() or ".." in posix.parts or not posix.parts or len(path) > 255:
        raise ScenarioError(path, None, "must be a file inside the scenarios folder")
    return posix


def write_tree(
    session: Session,
    folder: Path,
    texts: Mapping[str, str] | None = None,
    *,
    atomic: bool,
    keep_same: bool = False,
) -> list[Path]:
    """Write every stored file into ``folder`` (``texts`` replaces or adds files by path);
    the scenario files written, by path. ``atomic`` writes each file through a rename;
    ``keep_same`` leaves a file alone that already holds the same bytes (its time too)."""
    texts = dict(texts or {})
    scenarios: list[Path] = []
    for document in session.scalars(select(Document).order_by(Document.path)):
        if document.kind == "actuals":
            data = actuals_csv(figures_of(session, document))
        else:
            revision = head(session, document)
            text = texts.pop(document.path, revision.text if revision else "")
            data = text.encode("utf-8")
        target = _write(folder, document.path, data, atomic, keep_same)
        if document.kind == "scenario":
            scenarios.append(target)
    for path, text in texts.items():  # a file saved for the first time
        target = _write(folder, path, text.encode("utf-8"), atomic)
        if path.endswith(".toml"):
            scenarios.append(target)
    return sorted(scenarios)


def _write(folder: Path, path: str, data: bytes, atomic: bool, keep_same: bool = False) -> Path:
    target = folder.joinpath(*safe_relative(path).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    if keep_same and target.is_file() and target.read_bytes() == data:
        return target
    if atomic:
        write_atomic(target, data)
    else:
        target.write_bytes(data)
    return target


@contextmanager
def checkout(session: Session, texts: Mapping[str, str] | None = None) -> Iterator[Path]:
    """A temporary folder holding every stored file (with ``texts`` laid over them)."""
    with tempfile.TemporaryDirectory(prefix="parksim-store-") as name:
        folder = Path(name)
        write_tree(session, folder, texts, atomic=False)
        yield folder


def load_all(folder: Path, files: Iterable[Path]) -> dict[str, Scenario]:
    """Each scenario file of a checkout loaded, by its path in the folder; the first that
    fails is a ``ScenarioError`` naming the stored path (never the temporary folder)."""
    loaded: dict[str, Scenario] = {}
    for file in files:
        path = file.relative_to(folder).as_posix()
        try:
            loaded[path] = load_scenario(file)
        except ScenarioError as exc:
            raise relabelled(exc, folder) from None
    return loaded


def relabelled(exc: ScenarioError, folder: Path) -> ScenarioError:
    """``exc`` with the temporary folder taken out of its path and its text."""
    prefix = f"{folder}/"
    path = None if exc.path is None else str(exc.path).replace(prefix, "")
    return ScenarioError(path, exc.key, exc.problem.replace(prefix, ""))
