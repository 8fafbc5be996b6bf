"""Saving what the planner set in the app as a child scenario file, safely.

The file extends the scenario on screen and holds only the changed values, each with
``source.<field> = "assumption: set in the app by <name>"``. It is written lock-free: the text
goes to a hidden temporary file in the same folder, is loaded back as a scenario (so a file that
would not load is never written), then is moved into place in one step — ``os.link`` for a new
name (fails if the name was taken meanwhile: nothing is overwritten without a confirmation) or
``os.replace`` to overwrite a saved scenario. A reader, or another session saving the same name
at the same moment, sees the old file or a new complete one, never half of one.

Which files may be overwritten: only those the app saved (first line :data:`SAVED_MARKER`).
Files written by hand (the shipped scenarios) never are, nor may their ids be reused.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parksim._io import user_file_mode
from parksim.app.catalog import SAVED_MARKER, Entry, is_saved_file
from parksim.errors import ParksimError, ScenarioError
from parksim.inputs.loader import load_scenario, read_toml
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SCENARIO_ID_PATTERN
from parksim.inputs.writer import dump_document, lay_over
from parksim.text.words import Lang, word

LOCK_NAME = ".parksim-save.lock"  # hidden: the catalog lists only *.toml
MAX_ID = 64
MAX_TEXT = 80
SOURCE_TEMPLATE = "assumption: set in the app by {author}"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


Confirm = tuple[str, str]  # (file id, revision): "overwrite this file as it is now"


class SaveError(ParksimError):
    """A save refused: ``reason`` is a ``save.err.<reason>`` word, filled with ``values``;
    ``confirm`` (file id, revision) asks for a confirmation to overwrite that revision."""

    def __init__(self, reason: str, *, confirm: Confirm | None = None, **values: object) -> None:
        super().__init__(word(f"save.err.{reason}", "en").format(**values))
        self.reason, self.values, self.confirm = reason, values, confirm

    def text(self, lang: Lang) -> str:
        """The reason in the planner's language."""
        return word(f"save.err.{self.reason}", lang).format(**self.values)


@dataclass(frozen=True)
class Request:
    """What the planner typed and what is on screen."""

    file_id: str
    name: str
    name_en: str
    author: str
    overrides: Mapping[str, Any]  # dotted key -> value, relative to ``base``
    seed: int | None = None  # None: as in the parent
    paths: int | None = None
    sources: Mapping[str, str] = field(default_factory=dict)  # a key's own source, if any

    @classmethod
    def typed(
        cls,
        form: Mapping[str, Any],
        overrides: Mapping[str, Any],
        seed: int | None,
        paths: int | None,
        sources: Mapping[str, str] | None = None,
    ) -> Request:
        """The request from the save form's fields (``save_id`` …) and the changes on screen
        (slider moves, and edits with their own ``sources``)."""
        text = {k: str(form.get(f"save_{k}", "")) for k in ("id", "name", "name_en", "author")}
        return cls(
            text["id"], text["name"], text["name_en"], text["author"], overrides, seed, paths,
            dict(sources or {}),
        )  # fmt: skip


def check_id(raw: str, entries: Sequence[Entry], current: Entry) -> str:
    """The scenario id (= file stem) for a typed name, or ``SaveError``: empty, path
    separators, not an id, a shipped scenario's id, or an ancestor of the current one."""
    name = raw.strip()
    if name.lower().endswith(".toml"):
        name = name[: -len(".toml")]
    if not name:
        raise SaveError("no_name")
    if any(sep in name for sep in ("/", "\\", os.sep)) or ".." in name:
        raise SaveError("separator", name=name)
    if len(name) > MAX_ID or not re.match(SCENARIO_ID_PATTERN, name):
        raise SaveError("bad_id", name=name, most=MAX_ID)
    folded = name.casefold()  # a case-insensitive disk would mix Baseline and baseline
    for entry in entries:
        same = folded in (entry.id.casefold(), entry.path.stem.casefold())
        if same and not entry.saved:
            raise SaveError("shipped", name=name, file=entry.path.name)
    if folded in {i.casefold() for i in _ancestors(current, entries)}:
        raise SaveError("ancestor", name=name)
    return name


def child_text(base: Scenario, current: Entry, request: Request) -> str:
    """The TOML text of the child file.

    Saving under the current scenario's own name (a scenario saved before) rewrites it: its
    own values stay, the changes are laid over them, and it keeps its parent.
    """
    author = clean(request.author)
    if not author:
        raise SaveError("no_author")
    source = SOURCE_TEMPLATE.format(author=author)
    own: dict[str, Any]
    if request.file_id == current.id and current.saved:
        own = {k: v for k, v in read_toml(current.path).items() if k != "scenario"}
        parent = current.parent
        meta = {k: v for k, v in read_toml(current.path)["scenario"].items() if k != "extends"}
    else:
        own, parent, meta = {}, base.id, {}
    if parent is None:
        raise SaveError("no_parent")
    name = clean(request.name) or request.file_id
    names: tuple[tuple[Lang, str], ...] = (("zh", base.name), ("en", base.name_en))
    description = " ".join(
        word("save.description", lang).format(author=author, name=name) for lang, name in names
    )
    meta.update(
        id=request.file_id,
        name=name,
        name_en=clean(request.name_en) or name,
        description=meta.get("description", description),
        extends=parent,
    )
    if request.seed is not None and request.seed != base.spec.scenario.seed:
        meta["seed"] = request.seed
    if request.paths is not None and request.paths != base.spec.scenario.paths:
        meta["paths"] = request.paths
    for key, value in request.overrides.items():
        lay_over(own, key, value, request.sources.get(key, source))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = [SAVED_MARKER, f"# {stamp} · {author} · extends {parent}", ""]
    return "\n".join(header) + dump_document({"scenario": meta, **own})


def revision(path: Path) -> str:
    """The revision of a saved file: the SHA-256 of its bytes ("" when there is none). A
    confirmation to overwrite is given for one revision; the save checks it is still there."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def save(folder: Path, file_id: str, text: str, *, expected: str | None = None) -> Path:
    """Write ``text`` as ``folder/<file_id>.toml`` atomically, after checking it loads.

    With ``expected`` None the name must be free (else ``SaveError`` with ``exists``). With a
    revision, only a file the app saved, still at that revision, is replaced: a planner who
    confirmed an overwrite of a file someone else saved meanwhile gets a conflict and loses
    nothing. The check and the replace happen under one lock on the folder."""
    target = folder / f"{file_id}.toml"
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{file_id}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), user_file_mode())  # a user's file, not mkstemp's 0600
        try:
            load_scenario(temp)
        except ScenarioError as exc:
            raise SaveError("would_not_load", error=exc) from None
        with folder_lock(folder):
            _move_into_place(temp, target, file_id, expected)
    finally:
        temp.unlink(missing_ok=True)
    return target


def _move_into_place(temp: Path, target: Path, file_id: str, expected: str | None) -> None:
    if expected is None:
        try:
            os.link(temp, target)  # atomic "create if absent": never clobbers
        except FileExistsError:
            raise SaveError("exists", confirm=(file_id, revision(target)), id=file_id) from None
        return
    if target.exists() and not is_saved_file(target):
        raise SaveError("not_saved_by_app", file=target.name)
    now = revision(target)
    if now != expected:
        raise SaveError("conflict", confirm=(file_id, now) if now else None, id=file_id)
    os.replace(temp, target)


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` for this process and every other (``flock``)."""
    with open(folder / LOCK_NAME, "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def clean(text: str) -> str:
    """One line of at most ``MAX_TEXT`` characters, control characters removed."""
    return _CONTROL.sub("", text).strip()[:MAX_TEXT]


def _ancestors(current: Entry, entries: Sequence[Entry]) -> list[str]:
    by_id = {e.id: e for e in entries if e.error is None}
    found: list[str] = []
    parent = current.parent
    while parent is not None and parent not in found:
        found.append(parent)
        entry = by_id.get(parent)
        parent = entry.parent if entry is not None else None
    return found
