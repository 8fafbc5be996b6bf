"""The team server in the app, without Streamlit: which mode the app runs in, the store's
scenarios as a folder the app reads, and the one seam every write of a scenario or a figure
goes through (the save form, the figure editor, the edit view, a restore).

Modes: *single* (no accounts: the scenarios folder, one person, as before the team server),
*team* (accounts in the store: sign-in, every write a revision in the store, checked there
against the signed-in account's role), *offline* (a store is configured but cannot be used:
the shipped scenarios, read only, and the reason).

In team mode the app reads a *mirror*: a private folder holding the newest revision of every
stored file, brought up to date (only the files that changed, each through a rename) whenever
the store's newest revision or figure changes. So the catalog, the caches keyed on file times,
the loader's checks and every view work on stored scenarios as on files.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import make_url

from parksim.app import catalog, entry, saving, workbook
from parksim.app.catalog import Entry
from parksim.app.saving import Confirm, SaveError
from parksim.app.workbook import Outcome
from parksim.errors import AccessDenied, ArgumentError, RevisionConflict, ScenarioError, StoreError
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SCENARIO_ID_PATTERN
from parksim.inputs.tablefile import number
from parksim.store import (
    Actor,
    Store,
    accounts,
    figure_history,
    history,
    import_folder,
    mirror_folder,
    open_store,
    restore,
    save_figure,
    save_scenario,
    scenario_ids,
    stored_stamp,
)
from parksim.store.database import ENV_URL, database_url
from parksim.text.words import Lang, word

SEED_MESSAGE = "the shipped scenarios, stored by the app on its first start as a team server"


class Refused(SaveError):
    """A write refused in team mode (``save.err.<reason>``, both languages); a conflict's
    ``difference`` is the assumption diff of the versions (empty otherwise)."""

    def __init__(
        self,
        reason: str,
        *,
        confirm: Confirm | None = None,
        difference: pd.DataFrame | None = None,
        **values: object,
    ) -> None:
        super().__init__(reason, confirm=confirm, **values)
        self.difference = pd.DataFrame() if difference is None else difference


@dataclass
class Team:
    """A team server's store, opened once per process, and its mirror folder."""

    store: Store
    mirror: Path
    stamp: tuple[int, int] | None = None
    has_accounts: bool = False  # once seen, for good: accounts are switched off, never deleted
    seeded: bool = False  # the store holds scenarios (the shipped ones stored on first start)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refresh(self) -> None:
        """The mirror at the store's newest revision and figure (one cheap query if it is)."""
        if stored_stamp(self.store) == self.stamp:
            return
        with self.lock:
            if stored_stamp(self.store) != self.stamp:
                self.stamp = mirror_folder(self.store, self.mirror)

    def accounts_exist(self) -> bool:
        self.has_accounts = self.has_accounts or bool(accounts(self.store))
        return self.has_accounts


@dataclass(frozen=True)
class Where:
    """Where this session's scenarios come from and go to, and who writes."""

    folder: Path  # what the app reads: the scenarios folder, or the store's mirror
    team: Team | None = None
    actor: Actor | None = None  # the signed-in account (team mode)
    problem: str | None = None  # offline: why the store cannot be used

    @property
    def mode(self) -> str:
        """``single``, ``team`` or ``offline``."""
        return "team" if self.team else "offline" if self.problem else "single"


_TEAMS: dict[str, Team] = {}
_OPENING = threading.Lock()


def connect(shipped: Path, environ: Mapping[str, str] | None = None) -> Where:
    """The mode for this run: team when the store (``$PARKSIM_DATABASE_URL``, or an existing
    SQLite file in ``$PARKSIM_DATA_DIR``) holds accounts; single when there is no store or
    no account (no database file is created); offline when the store fails."""
    env = os.environ if environ is None else environ
    try:
        url = database_url(env)
        if not env.get(ENV_URL) and not Path(make_url(url).database or "").is_file():
            return Where(shipped)
        team = _team(url)
        if not team.accounts_exist():
            return Where(shipped)
        if not team.seeded and not scenario_ids(team.store):  # the first start: the seeds
            import_folder(team.store, Actor.operator(), shipped, seed=True, message=SEED_MESSAGE)
        team.seeded = True
        team.refresh()
    except (StoreError, ArgumentError, ScenarioError) as exc:
        return Where(shipped, problem=str(exc))
    return Where(team.mirror, team)


def _team(url: str) -> Team:
    with _OPENING:
        if url not in _TEAMS:
            mirror = Path(tempfile.mkdtemp(prefix="parksim-team-"))
            atexit.register(shutil.rmtree, mirror, True)
            _TEAMS[url] = Team(open_store(url), mirror)
        return _TEAMS[url]


def role_now(where: Where) -> str | None:
    """The signed-in account's role as the store has it now (None: none, or switched off)."""
    if where.team is None or where.actor is None:
        return None
    found = {n: (role, on) for n, role, on in accounts(where.team.store)}
    role, active = found.get(where.actor.name, (None, False))
    return role if active else None


def scenario_id_of(text: str) -> str:
    """The ``[scenario] id`` of a TOML text, checked to be a usable file name."""
    try:
        meta = tomllib.loads(text).get("scenario")
    except tomllib.TOMLDecodeError as exc:
        raise SaveError("would_not_load", error=f"invalid TOML: {exc}") from None
    found = meta.get("id") if isinstance(meta, dict) else None
    name = found if isinstance(found, str) else ""
    if len(name) > saving.MAX_ID or not re.fullmatch(SCENARIO_ID_PATTERN, name):
        raise SaveError("bad_id", name=name[:40], most=saving.MAX_ID)
    return name


def current_revision(where: Where, scenario_id: str) -> str | None:
    """The revision a writer starts from (None: no such scenario saved yet): a saved file's
    SHA-256 alone, the stored scenario's newest revision number in a team."""
    if where.team is None:
        return saving.revision(where.folder / f"{scenario_id}.toml") or None
    try:
        return str(history(where.team.store, scenario_id)[-1].number)
    except ArgumentError:
        return None


def persist_scenario(
    where: Where, text: str, expected: str | None, *, message: str = "", origin: str = "app"
) -> str:
    """Save a scenario's TOML text; the saved scenario's id. ``expected`` is the revision the
    writer started from (``current_revision``; None for a new scenario). One person: the file
    ``<id>.toml``, atomically, replacing only an app-saved file still at that revision. A
    team: a new revision in the store, as the signed-in account, its role checked there.
    Refusals are ``SaveError``s (``Refused`` in a team, with a conflict's difference)."""
    scenario_id = scenario_id_of(text)
    if where.mode == "offline":
        raise Refused("offline", problem=where.problem)
    if where.team is None:
        return saving.save(where.folder, scenario_id, text, expected=expected).stem
    actor = _signed(where)
    if expected is not None and not expected.isdigit():
        raise SaveError("conflict", id=scenario_id)
    parent = None if expected is None else int(expected)
    try:
        save_scenario(where.team.store, actor, text, parent=parent, message=message, origin=origin)
    except AccessDenied:
        seed = scenario_ids(where.team.store).get(scenario_id, False)
        raise _denied(where, "admin" if seed else "planner") from None
    except RevisionConflict as exc:
        raise _conflict(where, scenario_id, exc) from None
    except ScenarioError as exc:
        raise Refused("would_not_load", error=exc) from None
    except StoreError as exc:
        raise Refused("store", problem=exc.problem) from None
    where.team.refresh()
    return scenario_id


def _signed(where: Where) -> Actor:
    if where.actor is None:
        raise Refused("signed_out")
    return where.actor


def _denied(where: Where, needed: str) -> Refused:
    return Refused("denied", role=role_now(where) or "—", needed=needed)


def _conflict(where: Where, scenario_id: str, exc: RevisionConflict) -> Refused:
    """A conflict in words: who saved which revision meanwhile, and what to confirm."""
    confirm = (scenario_id, str(exc.head)) if exc.head else None
    if exc.parent is None:
        return Refused("exists", confirm=confirm, id=scenario_id)
    assert where.team is not None
    latest = history(where.team.store, scenario_id)[-1]
    return Refused(
        "revision_conflict", confirm=confirm, difference=exc.difference, id=scenario_id,
        parent=exc.parent, head=exc.head, author=latest.author, at=latest.at,
    )  # fmt: skip


def save_request(
    where: Where, base: Scenario, current: Entry, request: saving.Request, confirmed: Confirm | None
) -> str:
    """The save form: check the typed name, write the child scenario through
    ``persist_scenario``, return its id. An existing one is replaced only with ``confirmed``
    naming it at its revision now (else ``SaveError`` carrying what to confirm)."""
    entries = catalog.list_scenarios(where.folder)  # what is there now
    file_id = saving.check_id(request.file_id, entries, current)
    now = current_revision(where, file_id)
    if now and (confirmed is None or confirmed[0] != file_id):
        raise SaveError("exists", confirm=(file_id, now), id=file_id)
    if now and confirmed != (file_id, now) and where.team is None:
        raise SaveError("conflict", confirm=(file_id, now), id=file_id)
    if where.actor is not None:  # a team: the account saves, whatever was typed
        request = replace(request, author=where.actor.name)
    text = saving.child_text(base, current, replace(request, file_id=file_id))
    started = confirmed[1] if now and confirmed else None  # a team's store tells a conflict
    return persist_scenario(where, text, started, origin="app:save")


def persist_figures(
    where: Where, scenario: Scenario, rows: Sequence[Mapping[str, str]], seen: str
) -> int:
    """Save typed figures (``entry.typed_rows``); how many. ``seen`` is the actuals file's
    SHA-256 when the planner began. One person: appended to the CSV (``entry``). A team: all
    rows checked first as the CSV would be, then each a figure revision in the store."""
    if where.mode == "offline":
        raise entry.EntryError("offline", problem=where.problem)
    if where.team is None:
        entry.append_figures(scenario, rows, seen)
        return len(rows)
    entry.check_figures(scenario, rows)
    assert scenario.actuals is not None  # check_figures refuses a scenario without
    where.team.refresh()
    if saving.revision(scenario.actuals.file) != seen:
        raise entry.EntryError("conflict", file=scenario.actuals.file.name)
    try:
        for row in rows:
            _save_row(where, scenario, row)
    except AccessDenied:
        raise entry.EntryError("denied", role=role_now(where) or "—") from None
    except RevisionConflict:
        raise entry.EntryError("conflict", file=scenario.actuals.file.name) from None
    except (StoreError, ScenarioError, ArgumentError) as exc:
        raise entry.EntryError("store", problem=str(exc)) from None
    finally:
        where.team.refresh()
    return len(rows)


def _save_row(where: Where, scenario: Scenario, row: Mapping[str, str]) -> None:
    assert where.team is not None and scenario.actuals is not None
    actor = where.actor
    if actor is None:
        raise entry.EntryError("signed_out")
    file = scenario.actuals.file
    earlier = figure_history(where.team.store, scenario.id, row["indicator"], row["period"])
    save_figure(
        where.team.store, actor, scenario.id, row["indicator"], row["period"],
        value=number(file, 0, "value", row["value"]), source=row["source"],
        parent=earlier[-1].number if earlier else None, origin="app:figures",
    )  # fmt: skip


def restore_revision(where: Where, scenario_id: str, revision: int) -> int:
    """Save revision ``revision`` of a stored scenario again as its newest (planners; an
    admin for a seed); the new revision's number."""
    if where.team is None:
        raise Refused("offline", problem=where.problem or "")
    actor = _signed(where)
    try:
        done = restore(where.team.store, actor, scenario_id, revision)
    except AccessDenied:
        seed = scenario_ids(where.team.store).get(scenario_id, False)
        raise _denied(where, "admin" if seed else "planner") from None
    except RevisionConflict as exc:
        raise _conflict(where, scenario_id, exc) from None
    except (StoreError, ScenarioError, ArgumentError) as exc:
        raise Refused("store", problem=str(exc)) from None
    where.team.refresh()
    return done.number


def import_upload(where: Where, upload: workbook.Upload | None, lang: Lang) -> Outcome | None:
    """An uploaded workbook imported (``workbook.import_upload``), as :func:`write_new` does."""
    if upload is None:
        return None
    return write_new(
        where, lang, lambda folder: workbook.import_upload(folder, upload, lang),
        f"workbook {upload.name}",
    )  # fmt: skip


def copy_scenario(where: Where, start: Scenario, names: Sequence[str], lang: Lang) -> Outcome:
    """新建情景: ``workbook.copy_as``, as :func:`write_new` does."""
    new = (names[0], names[1], names[2])
    done = write_new(
        where,
        lang,
        lambda folder: workbook.copy_as(folder, start, new, lang),
        f"copy of {start.id}",
    )
    return done if done is not None else Outcome(None, ())


def write_new(
    where: Where, lang: Lang, write: Callable[[Path], Outcome | None], message: str
) -> Outcome | None:
    """New scenario files written by ``write``: into the folder for one person; in a team into
    a copy of the mirror first, then its new files stored as revisions by the signed-in
    account (a planner's right, checked by the store)."""
    if where.mode == "offline":
        return Outcome(None, (word("save.err.offline", lang).format(problem=where.problem),))
    if where.mode != "team":
        return write(where.folder)
    assert where.team is not None
    with tempfile.TemporaryDirectory(prefix="parksim-upload-") as name:
        copy = Path(name) / "scenarios"
        shutil.copytree(where.folder, copy)
        outcome = write(copy)
        if outcome is None or not outcome.ok:
            return outcome
        try:
            import_folder(where.team.store, _signed(where), copy, message=message)
        except AccessDenied:
            return Outcome(None, (_denied(where, "planner").text(lang),))
        except (StoreError, ScenarioError, ArgumentError) as exc:
            return Outcome(None, (Refused("store", problem=str(exc)).text(lang),))
        except Refused as exc:
            return Outcome(None, (exc.text(lang),))
    where.team.refresh()
    return outcome
