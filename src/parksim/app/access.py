"""Signing in to a team server from the app, without Streamlit: the signed-in session and
its time limits, what a planner had typed when it ran out, and the admin's account actions.

Every write still goes through the store's functions with the session's ``Actor``, which read
the account's role from the database: what is shown or hidden here is for the eye only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from parksim.app.team import Refused, Where, role_now
from parksim.errors import AccessDenied, ArgumentError, SignInFailed, StoreError
from parksim.export.tables import csv_bytes
from parksim.store import Actor, add_account, audit_log, set_active, set_role, sign_in
from parksim.store.accounts import RANK, WRONG

IDLE_ENV = "PARKSIM_SESSION_MINUTES"
IDLE_MINUTES = 60  # signed out after an hour without a click
LONGEST_HOURS = 12  # and after a working day, however busy
KEPT = ("save_id", "save_name", "save_name_en", "save_author")  # what a sign-out must not lose
PAGE_ROLES = {"history": "viewer", "admin": "admin"}  # the team's pages, and who sees them


@dataclass(frozen=True)
class Signed:
    """A signed-in session: the account, when it signed in and when it was last used
    (seconds on a monotonic clock)."""

    actor: Actor
    since: float
    seen: float

    def valid(self, now: float, environ: Mapping[str, str] | None = None) -> bool:
        """Still signed in at ``now``: used within the idle limit, within the longest."""
        return now - self.seen <= idle_seconds(environ) and now - self.since <= LONGEST_HOURS * 3600

    def touched(self, now: float, role: str) -> Signed:
        """Used again at ``now``; ``role`` as the store has it now."""
        return replace(self, seen=now, actor=replace(self.actor, role=role))


def idle_seconds(environ: Mapping[str, str] | None = None) -> float:
    """``$PARKSIM_SESSION_MINUTES`` (a positive number), else an hour, in seconds."""
    raw = (os.environ if environ is None else environ).get(IDLE_ENV, "")
    try:
        minutes = float(raw) if raw else IDLE_MINUTES
    except ValueError:
        minutes = IDLE_MINUTES
    return (minutes if minutes > 0 else IDLE_MINUTES) * 60


def signed_in(where: Where, name: str, password: str, now: float) -> Signed:
    """A session for a right name and password; ``Refused`` in the same words whether or not
    the name exists (``wrong``), or ``wait`` while the store's delay after failures runs."""
    if where.team is None:
        raise Refused("offline", problem=where.problem or "")
    try:
        actor = sign_in(where.team.store, name.strip(), password)
    except SignInFailed as exc:
        seconds = max(1, round(exc.retry_after))
        raise Refused("wrong" if exc.problem == WRONG else "wait", seconds=seconds) from None
    except StoreError as exc:
        raise Refused("store", problem=exc.problem) from None
    return Signed(actor, now, now)


def may(where: Where, role: str) -> bool:
    """Does the signed-in account have ``role`` now (for showing a button; the store decides)?
    One person at a single-user app may do anything; nobody writes while offline."""
    if where.mode != "team":
        return where.mode == "single"
    now = role_now(where)
    return now is not None and RANK[now] >= RANK[role]


def shows_page(where: Where, page: str) -> bool:
    """Is ``page`` one of this session's views (the team's pages only in team mode)?"""
    needed = PAGE_ROLES.get(page)
    return needed is None or (where.mode == "team" and may(where, needed))


def kept(state: Mapping[str, Any]) -> dict[str, str]:
    """What the planner had typed into the forms, to give back after signing in again."""
    return {k: state[k] for k in KEPT if isinstance(state.get(k), str) and state[k]}


ARGUMENT_REASONS = {"account name": "bad_name", "password": "bad_password", "role": "bad_role"}


def account_action(where: Where, action: str, name: str, value: str = "") -> None:
    """An admin's change: ``add`` (``value``: ``role:password``), ``role`` (``value``: the
    role), ``off`` or ``on``. The store checks the admin role and records the change."""
    if where.team is None or where.actor is None:
        raise Refused("signed_out")
    store, actor, source = where.team.store, where.actor, "app:admin"
    try:
        if action == "add":
            role, _, password = value.partition(":")
            add_account(store, actor, name, role, password, source=source)
        elif action == "role":
            set_role(store, actor, name, value, source=source)
        else:
            set_active(store, actor, name, action == "on", source=source)
    except AccessDenied:
        raise Refused("denied", role=role_now(where) or "—", needed="admin") from None
    except ArgumentError as exc:
        reason = ARGUMENT_REASONS.get(
            exc.name or "", "account_exists" if exc.name else "no_account"
        )
        raise Refused(reason, name=name[:64]) from None
    except StoreError as exc:
        raise Refused("store", problem=exc.problem) from None


def audit_table(where: Where) -> pd.DataFrame:
    """The audit log, oldest first (admins only: the store checks)."""
    if where.team is None or where.actor is None:
        raise Refused("signed_out")
    try:
        return audit_log(where.team.store, where.actor)
    except AccessDenied:
        raise Refused("denied", role=role_now(where) or "—", needed="admin") from None
    except StoreError as exc:
        raise Refused("store", problem=exc.problem) from None


def audit_csv(table: pd.DataFrame) -> bytes:
    """The audit log as CSV through the program's one writer: a typed formula stays text."""
    return csv_bytes(table)
