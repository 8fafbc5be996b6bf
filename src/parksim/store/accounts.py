"""Local accounts, their roles and sign-in: Argon2id password hashes (argon2-cffi), a delay
after repeated failures, and ``require``, the role check every write makes itself.

Roles, each with what the one below may do: viewer (look, compare, download), planner (also
save scenarios and actual figures), admin (also accounts, the shipped seeds, the audit log).
"""

from __future__ import annotations

import getpass
import math
import re
from dataclasses import dataclass
from functools import cache

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from parksim.errors import AccessDenied, ArgumentError, SignInFailed
from parksim.store import audit
from parksim.store.database import Store
from parksim.store.models import Account

ROLES = ("viewer", "planner", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES)}
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
MIN_PASSWORD = 8
WRONG = "sign-in failed: wrong name or password"  # the same words whether the name exists


@dataclass(frozen=True)
class Actor:
    """Who asks for a write: an account's name (its role is read again at every write), or
    the server's operator at the command line (``console``: whoever can run ``parksim`` on
    the server can read the database file anyway)."""

    name: str
    role: str
    console: bool = False

    @classmethod
    def operator(cls) -> Actor:
        """The person at the server's command line, recorded as ``operator:<login>``."""
        try:
            login = getpass.getuser()
        except (OSError, KeyError):  # no login name in the environment nor in passwd
            login = "unknown"
        return cls(f"operator:{login}", "admin", console=True)


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2-cffi's defaults: Argon2id, RFC 9106's low-memory profile


@cache
def _decoy_hash() -> str:
    """A hash to verify against when the name does not exist, so that answering takes as
    long for an unknown name as for a wrong password."""
    return _hasher().hash("parksim: no such account")


def require(session: Session, actor: Actor, role: str, what: str) -> str:
    """The name to record when ``actor`` may do ``what`` (which needs ``role``); else
    ``AccessDenied``. The role comes from the database now, never from the ``Actor``."""
    if actor.console:
        return actor.name
    account = session.scalar(select(Account).where(Account.name == actor.name))
    if account is None or not account.active:
        raise AccessDenied(f"{actor.name}: no active account may {what}; sign in again")
    if RANK[account.role] < RANK[role]:
        raise AccessDenied(f"{actor.name} is a {account.role}: to {what} needs the {role} role")
    return account.name


def add_account(
    store: Store, actor: Actor, name: str, role: str, password: str, *, source: str = ""
) -> None:
    """Create an account (admins and the operator only); the password is kept as a hash."""
    _check_name(name)
    _check_role(role)
    _check_password(password)
    digest = _hasher().hash(password)
    exists = ArgumentError("account", f"account {name!r} exists already; choose another name")
    try:
        with store.transaction(write=True) as session:
            who = require(session, actor, "admin", f"add account {name}")
            if session.scalar(select(Account).where(Account.name == name)) is not None:
                raise exists
            account = Account(
                name=name, role=role, password_hash=digest, active=True, created_by=who
            )
            session.add(account)
            audit.record(
                session, who, "account.add", f"account:{name}", None, source, f"role {role}"
            )
    except IntegrityError:  # added by another writer since the check
        raise exists from None


def set_role(store: Store, actor: Actor, name: str, role: str, *, source: str = "") -> None:
    """Give an account another role (admins only)."""
    _check_role(role)
    with store.transaction(write=True) as session:
        who = require(session, actor, "admin", f"change the role of {name}")
        account = _account(session, name)
        detail = f"role {account.role} -> {role}"
        account.role = role
        audit.record(session, who, "account.role", f"account:{name}", None, source, detail)


def set_password(store: Store, actor: Actor, name: str, password: str, *, source: str = "") -> None:
    """A new password for ``name``: by an admin (a reset) or by the account itself."""
    _check_password(password)
    digest = _hasher().hash(password)
    with store.transaction(write=True) as session:
        needed = "viewer" if actor.name == name and not actor.console else "admin"
        who = require(session, actor, needed, f"set the password of {name}")
        _account(session, name).password_hash = digest
        audit.record(session, who, "account.password", f"account:{name}", None, source)


def set_active(store: Store, actor: Actor, name: str, active: bool, *, source: str = "") -> None:
    """Switch an account off (a leaver) or on again: accounts are never deleted."""
    with store.transaction(write=True) as session:
        who = require(session, actor, "admin", f"switch account {name} on or off")
        _account(session, name).active = active
        action = "account.on" if active else "account.off"
        audit.record(session, who, action, f"account:{name}", None, source)


def accounts(store: Store) -> list[tuple[str, str, bool]]:
    """``(name, role, active)`` of every account, by name."""
    with store.transaction() as session:
        found = session.scalars(select(Account).order_by(Account.name))
        return [(a.name, a.role, a.active) for a in found]


def sign_in(store: Store, name: str, password: str) -> Actor:
    """The account's ``Actor`` for a right name and password; ``SignInFailed`` otherwise,
    in the same words whether or not the name exists, and refused outright while the name's
    delay after repeated failures runs."""
    wait = store.throttle.wait(name)
    if wait > 0:
        raise SignInFailed(
            f"sign-in refused: too many failed attempts; try again in {math.ceil(wait)} s", wait
        )
    with store.transaction() as session:
        account = session.scalar(select(Account).where(Account.name == name))
        known = account is not None and account.active
        digest = account.password_hash if account is not None and known else _decoy_hash()
        if not (_verified(digest, password) and known and account is not None):
            store.throttle.failed(name)
            raise SignInFailed(WRONG, store.throttle.wait(name))
        if _hasher().check_needs_rehash(digest):  # parameters raised since it was hashed
            account.password_hash = _hasher().hash(password)
        store.throttle.succeeded(name)
        return Actor(account.name, account.role)


def _verified(digest: str, password: str) -> bool:
    try:
        return _hasher().verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False


def _account(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise ArgumentError(None, f"no account named {name!r}")
    return account


def _check_name(name: str) -> None:
    if not NAME.fullmatch(name):
        raise ArgumentError(
            "account name",
            f"account name {name[:70]!r}: must be 1–64 letters, digits, '_', '.', '@' or '-', "
            f"starting with a letter or digit",
        )


def _check_role(role: str) -> None:
    if role not in RANK:
        raise ArgumentError("role", f"role {role[:30]!r}: must be one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ArgumentError(
            "password", f"password: must be at least {MIN_PASSWORD} characters long"
        )


def audit_log(store: Store, actor: Actor) -> pd.DataFrame:
    """Every audit entry, oldest first: for admins (and the operator) only."""
    with store.transaction() as session:
        require(session, actor, "admin", "read the audit log")
        return audit.entries(session)
