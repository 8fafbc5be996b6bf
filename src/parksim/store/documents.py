"""Scenarios (and history files) as revisions of their text: save from a named parent,
history, any revision's text, the difference between two, restore as a new revision.

Optimistic concurrency: a save names the revision it started from; when someone saved in
between, it raises ``RevisionConflict`` with the assumption diff of the three versions and
writes nothing. Two writers racing past that check meet the unique (file, number) key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import PurePosixPath

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from parksim.errors import ArgumentError, RevisionConflict, ScenarioError
from parksim.inputs.diff import assumption_diff
from parksim.inputs.scenario import Scenario
from parksim.store import audit
from parksim.store.accounts import Actor, require
from parksim.store.audit import iso_utc
from parksim.store.database import Store
from parksim.store.models import Document, Revision
from parksim.store.tree import checkout, head, load_all, safe_relative, text_sha256


@dataclass(frozen=True)
class RevisionInfo:
    """One revision as a reader sees it."""

    path: str
    number: int
    parent: int | None
    author: str
    at: str
    message: str
    origin: str
    sha256: str


def scenario_document(session: Session, scenario_id: str) -> Document | None:
    """The stored file of the scenario with this ``[scenario] id``."""
    return session.scalar(select(Document).where(Document.scenario_id == scenario_id))


def save_scenario(
    store: Store,
    actor: Actor,
    text: str,
    *,
    parent: int | None,
    message: str = "",
    origin: str = "",
) -> RevisionInfo:
    """Save ``text`` as the next revision of the scenario it names (``[scenario] id``), or
    as a new scenario ``<id>.toml`` when ``parent`` is None and the id is new. Planners save;
    a shipped seed only an admin. The whole stored folder must load with the text in it."""
    scenario_id = _id_in(text)
    path = f"{scenario_id}.toml"
    try:
        with store.transaction(write=True) as session:
            document = scenario_document(session, scenario_id)
            path = path if document is None else document.path
            return save_text(
                session,
                actor,
                path,
                "scenario",
                text,
                parent=parent,
                message=message,
                origin=origin,
            )
    except IntegrityError:  # another writer took the same revision number first
        raise raced(store, path, text, parent) from None


def raced(store: Store, path: str, text: str, parent: int | None) -> RevisionConflict:
    """The conflict of a save that lost a race for its revision number."""
    with store.transaction() as session:
        document = session.scalar(select(Document).where(Document.path == path))
        latest = None if document is None else head(session, document)
        return _conflict(session, path, text, parent, latest)


def save_text(
    session: Session,
    actor: Actor,
    path: str,
    kind: str,
    text: str,
    *,
    parent: int | None,
    message: str,
    origin: str,
    seed: bool = False,
) -> RevisionInfo:
    """A new revision of the file at ``path`` in the caller's transaction (see
    ``save_scenario``); ``seed`` marks a new file as a shipped seed."""
    document = session.scalar(select(Document).where(Document.path == path))
    needed = "admin" if seed or (document is not None and document.seed) else "planner"
    who = require(session, actor, needed, f"save {path}")
    latest = None if document is None else head(session, document)
    latest_number = None if latest is None else latest.number
    if parent != latest_number:
        raise _conflict(session, path, text, parent, latest)
    if kind == "scenario":
        _check_names(path, text)
    with checkout(session, {path: text}) as folder:
        files = sorted(folder.glob("*.toml"))
        load_all(folder, files)
    if document is None:
        scenario_id = _id_in(text) if kind == "scenario" else None
        document = Document(path=path, kind=kind, scenario_id=scenario_id, seed=seed)
        session.add(document)
        session.flush()
    elif document.kind == "scenario" and _id_in(text) != document.scenario_id:
        raise ScenarioError(path, "scenario.id", "a stored scenario keeps its id; save a copy")
    revision = Revision(
        document_id=document.id,
        number=(latest_number or 0) + 1,
        parent_id=None if latest is None else latest.id,
        text=text,
        sha256=text_sha256(text),
        author=who,
        message=message,
        origin=origin,
    )
    session.add(revision)
    session.flush()  # a writer that took the same number first fails here (IntegrityError)
    audit.record(session, who, "save", f"{kind}:{path}", revision.number, origin, message)
    return _info(path, revision, latest_number)


def _conflict(
    session: Session, path: str, text: str, parent: int | None, latest: Revision | None
) -> RevisionConflict:
    """The conflict of a save from ``parent`` while ``latest`` is the newest revision."""
    if latest is None:
        return RevisionConflict(
            f"{path}: revision {parent} does not exist; save it as a new file (no parent)",
            parent,
            0,
            pd.DataFrame(),
        )
    if parent is None:
        return RevisionConflict(
            f"{path}: exists already (revision {latest.number}, by {latest.author}); to change "
            f"it, save from revision {latest.number}; or give your scenario another id",
            parent,
            latest.number,
            pd.DataFrame(),
        )
    document = session.get(Document, latest.document_id)
    started = None if document is None else _text_at(session, document, parent)
    versions = [(f"r{parent}", started), (f"r{latest.number}", latest.text), ("yours", text)]
    difference = _difference(session, path, [(label, t) for label, t in versions if t])
    return RevisionConflict(
        f"{path}: saved meanwhile as revision {latest.number} by {latest.author} "
        f"(at {iso_utc(latest.created_at)}); your save started from revision {parent}; "
        f"nothing was written: look at the difference, then save again from revision "
        f"{latest.number}",
        parent,
        latest.number,
        difference,
    )


def _difference(session: Session, path: str, versions: list[tuple[str, str]]) -> pd.DataFrame:
    """The assumption diff of several texts of the file at ``path``, each loaded with the
    rest of the stored folder; empty when one of them does not load."""
    loaded: list[Scenario] = []
    for _, text in versions:
        with checkout(session, {path: text}) as folder:
            try:
                loaded.append(load_all(folder, [folder / path])[path])
            except ScenarioError:
                return pd.DataFrame()
    return assumption_diff(loaded, [label for label, _ in versions])


def scenario_ids(store: Store) -> dict[str, bool]:
    """Every stored scenario's id, and whether it is a shipped seed (only admins revise)."""
    with store.transaction() as session:
        query = select(Document).where(Document.kind == "scenario").order_by(Document.path)
        return {str(d.scenario_id): d.seed for d in session.scalars(query)}


def history(store: Store, scenario_id: str) -> list[RevisionInfo]:
    """Every revision of a stored scenario, oldest first."""
    with store.transaction() as session:
        document = _scenario(session, scenario_id)
        query = select(Revision).where(Revision.document_id == document.id)
        revisions = list(session.scalars(query.order_by(Revision.number)))
        numbers = {r.id: r.number for r in revisions}
        return [
            _info(document.path, r, None if r.parent_id is None else numbers[r.parent_id])
            for r in revisions
        ]


def text_of(store: Store, scenario_id: str, number: int | None = None) -> str:
    """The TOML text of a revision (default: the newest)."""
    with store.transaction() as session:
        document = _scenario(session, scenario_id)
        if number is None:
            latest = head(session, document)
            number = 0 if latest is None else latest.number
        return _text_at(session, document, number)


def revision_diff(store: Store, scenario_id: str, first: int, second: int) -> pd.DataFrame:
    """The assumption diff between two revisions of a scenario (the compare view's)."""
    with store.transaction() as session:
        document = _scenario(session, scenario_id)
        versions = [(f"r{n}", _text_at(session, document, n)) for n in (first, second)]
        return _difference(session, document.path, versions)


def restore(
    store: Store, actor: Actor, scenario_id: str, number: int, *, message: str = ""
) -> RevisionInfo:
    """Save revision ``number``'s text again as the newest revision (nothing is undone)."""
    path, text, parent = scenario_id, "", None
    try:
        with store.transaction(write=True) as session:
            document = _scenario(session, scenario_id)
            text = _text_at(session, document, number)
            latest = head(session, document)
            path, parent = document.path, None if latest is None else latest.number
            return save_text(
                session,
                actor,
                path,
                "scenario",
                text,
                parent=parent,
                message=message or f"restore of revision {number}",
                origin=f"restore:{number}",
            )
    except IntegrityError:
        raise raced(store, path, text, parent) from None


def stored_scenario(store: Store, scenario_id: str) -> Scenario:
    """The newest revision of a stored scenario, loaded from a temporary copy of the stored
    folder: its numbers are the stored ones, its ``files`` are gone once it is loaded."""
    with store.transaction() as session:
        document = _scenario(session, scenario_id)
        with checkout(session) as folder:
            return load_all(folder, [folder / document.path])[document.path]


def _scenario(session: Session, scenario_id: str) -> Document:
    document = scenario_document(session, scenario_id)
    if document is None:
        known = session.scalars(select(Document.scenario_id).where(Document.kind == "scenario"))
        names = ", ".join(sorted(str(k) for k in known)) or "none"
        raise ArgumentError(None, f"no stored scenario {scenario_id!r}; stored: {names}")
    return document


def _text_at(session: Session, document: Document, number: int) -> str:
    revision = session.scalar(
        select(Revision).where(Revision.document_id == document.id, Revision.number == number)
    )
    if revision is None:
        raise ArgumentError(None, f"{document.path}: no revision {number}; see parksim db history")
    return revision.text


def _check_names(path: str, text: str) -> None:
    """The files a scenario names (``actuals``, ``history``, an ``extends`` path) lie inside
    the stored folder: a saved text never makes the server read a file of its own."""
    meta = tomllib.loads(text).get("scenario")
    for key in ("actuals", "history", "extends"):
        value = meta.get(key) if isinstance(meta, dict) else None
        if not isinstance(value, str) or (key == "extends" and not _is_path(value)):
            continue
        try:
            safe_relative(str(PurePosixPath(path).parent / value.replace("\\", "/")))
        except ScenarioError:
            raise ScenarioError(
                path,
                f"scenario.{key}",
                f"scenario.{key} = {value[:80]!r}: must name a file inside the stored folder "
                f"(a relative path without ..)",
            ) from None


def _is_path(extends: str) -> bool:
    """``extends`` names a file (else the id of a scenario), as the loader reads it."""
    return extends.endswith(".toml") or "/" in extends or "\\" in extends


def _id_in(text: str) -> str:
    """The ``[scenario] id`` a TOML text gives itself."""
    try:
        meta = tomllib.loads(text).get("scenario")
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(None, None, f"invalid TOML: {exc}") from None
    scenario_id = meta.get("id") if isinstance(meta, dict) else None
    if not isinstance(scenario_id, str) or not scenario_id:
        raise ScenarioError(None, "scenario.id", "scenario.id: every scenario needs an id")
    return scenario_id


def _info(path: str, revision: Revision, parent: int | None) -> RevisionInfo:
    return RevisionInfo(
        path=path,
        number=revision.number,
        parent=parent,
        author=revision.author,
        at=iso_utc(revision.created_at),
        message=revision.message,
        origin=revision.origin,
        sha256=revision.sha256,
    )
