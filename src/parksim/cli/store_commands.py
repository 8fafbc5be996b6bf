"""``parksim db …``, ``parksim users …`` and ``parksim audit``: the team server's storage
from the command line, which acts as the server's operator (``Actor.operator()``: whoever can
run parksim on the server can read its database file anyway).

The database is ``$PARKSIM_DATABASE_URL`` or the SQLite file in ``$PARKSIM_DATA_DIR``
(``./data/parksim.sqlite3``); see ``parksim.store.database``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import pandas as pd

from parksim._io import write_atomic
from parksim.cli.commands import fail, write_stdout_bytes
from parksim.cli.options import Command, Option
from parksim.export.tables import csv_bytes
from parksim.store import (
    ROLES,
    Actor,
    accounts,
    add_account,
    audit_log,
    export_folder,
    history,
    import_folder,
    open_store,
    restore,
    set_active,
    set_password,
    set_role,
)
from parksim.store.database import status

HISTORY_COLUMNS = ["revision", "parent", "at", "author", "origin", "message", "sha256"]


def db_import(args: argparse.Namespace) -> int:
    """``parksim db import FOLDER``: store every file that changed as a new revision."""
    done = import_folder(
        open_store(), Actor.operator(), args.folder, seed=args.seed, message=args.message
    )
    print(
        f"{args.folder}: {done.revisions} new revisions, {done.figures} new figures, "
        f"{done.unchanged} files unchanged",
        file=sys.stderr,
    )
    return 0


def db_export(args: argparse.Namespace) -> int:
    """``parksim db export OUT``: the newest revision of every file into a new folder."""
    written = export_folder(open_store(), args.out)
    print(f"{len(written)} files written to {args.out}", file=sys.stderr)
    return 0


def db_history(args: argparse.Namespace) -> int:
    """``parksim db history SCENARIO``: every revision, oldest first."""
    rows = [
        [r.number, r.parent, r.at, r.author, r.origin, r.message, r.sha256[:12]]
        for r in history(open_store(), args.scenario)
    ]
    table = pd.DataFrame(rows, columns=HISTORY_COLUMNS).astype({"parent": "Int64"})
    if args.format == "csv":
        write_stdout_bytes(csv_bytes(table, bom=False))
    else:
        print(table.to_string(index=False))
    return 0


def db_status(args: argparse.Namespace) -> int:
    """``parksim db status``: the database, its schema version, what it holds."""
    for name, value in status(open_store()).items():
        print(f"{name + ':':<15} {value}")
    return 0


def db_restore(args: argparse.Namespace) -> int:
    """``parksim db restore SCENARIO REVISION``: that revision again, as the newest."""
    saved = restore(open_store(), Actor.operator(), args.scenario, args.revision)
    print(f"{args.scenario}: revision {args.revision} restored as revision {saved.number}")
    return 0


def users_add(args: argparse.Namespace) -> int:
    """``parksim users add NAME --role ROLE``: the password from a prompt or stdin."""
    password = _password(args)
    if password is None:
        return 2
    add_account(open_store(), Actor.operator(), args.name, args.role, password, source="cli")
    print(f"account {args.name} added ({args.role})", file=sys.stderr)
    return 0


def users_password(args: argparse.Namespace) -> int:
    """``parksim users password NAME``: a new password (a reset by the operator)."""
    password = _password(args)
    if password is None:
        return 2
    set_password(open_store(), Actor.operator(), args.name, password, source="cli")
    print(f"password of {args.name} set", file=sys.stderr)
    return 0


def _password(args: argparse.Namespace) -> str | None:
    """The first line of stdin (``--password-stdin``), or typed twice at a terminal; None
    (the error said) when neither is possible or the two differ."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        fail("no terminal to ask for the password; pipe it in with --password-stdin")
        return None
    password = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("the same again: ") != password:
        fail("the two passwords differ; nothing was saved")
        return None
    return password


def users_list(args: argparse.Namespace) -> int:
    """``parksim users list``: name, role and whether the account is on."""
    for name, role, active in accounts(open_store()):
        print(f"{name}\t{role}\t{'on' if active else 'off'}")
    return 0


def users_role(args: argparse.Namespace) -> int:
    """``parksim users role NAME ROLE``."""
    set_role(open_store(), Actor.operator(), args.name, args.role, source="cli")
    print(f"account {args.name} is now {args.role}", file=sys.stderr)
    return 0


def users_off(args: argparse.Namespace) -> int:
    """``parksim users off NAME``: the account can no longer sign in (never deleted)."""
    set_active(open_store(), Actor.operator(), args.name, False, source="cli")
    print(f"account {args.name} switched off", file=sys.stderr)
    return 0


def users_on(args: argparse.Namespace) -> int:
    """``parksim users on NAME``: a switched-off account may sign in again."""
    set_active(open_store(), Actor.operator(), args.name, True, source="cli")
    print(f"account {args.name} switched on", file=sys.stderr)
    return 0


def audit(args: argparse.Namespace) -> int:
    """``parksim audit``: every write, as a table or (``--csv``) CSV, on stdout or ``-o``."""
    table = audit_log(open_store(), Actor.operator())
    if args.csv:
        data = csv_bytes(table, bom=args.out is not None)  # a file for Excel gets the BOM
    else:
        data = (table.to_string(index=False) + "\n").encode("utf-8")
    if args.out is None:
        write_stdout_bytes(data)
        return 0
    write_atomic(args.out, data)
    print(f"audit log written to {args.out}", file=sys.stderr)
    return 0


NAME = Option(("name",), help="account name: letters, digits, _ . @ -")
ROLE = Option(("--role",), choices=ROLES, required=True, help="viewer, planner or admin")
PASSWORD_STDIN = Option(
    ("--password-stdin",),
    action="store_true",
    help="read the password from the first line of stdin",
)

STORE_COMMANDS = (
    Command(
        "db",
        "the team server's database: status, import, export, history, restore",
        None,
        (),
        (
            Command("status", "which database, its schema version, what it holds", db_status, ()),
            Command(
                "import",
                "store a scenarios folder (new revisions of what changed)",
                db_import,
                (
                    Option(("folder",), type=Path, help="folder of scenarios, e.g. scenarios/"),
                    Option(
                        ("--seed",),
                        action="store_true",
                        help="mark the files as shipped seeds (then only admins revise them)",
                    ),
                    Option(("--message",), default="", help="why (kept with each revision)"),
                ),
            ),
            Command(
                "export",
                "write the newest revision of every file into a new folder",
                db_export,
                (Option(("out",), type=Path, help="a folder that does not exist yet (or empty)"),),
            ),
            Command(
                "history",
                "every revision of a stored scenario",
                db_history,
                (
                    Option(("scenario",), help="scenario id, e.g. baseline"),
                    Option(
                        ("--format",),
                        choices=("table", "csv"),
                        default="table",
                        help="print a table (default) or CSV",
                    ),
                ),
            ),
            Command(
                "restore",
                "save an old revision again as the newest (nothing is undone)",
                db_restore,
                (
                    Option(("scenario",), help="scenario id, e.g. baseline"),
                    Option(("revision",), type=int, help="revision number (see db history)"),
                ),
            ),
        ),
    ),
    Command(
        "users",
        "accounts of the team server: add, password, list, role, off, on",
        None,
        (),
        (
            Command(
                "add",
                "add an account (password from a prompt, or --password-stdin)",
                users_add,
                (NAME, ROLE, PASSWORD_STDIN),
            ),
            Command(
                "password",
                "set a new password (from a prompt, or --password-stdin)",
                users_password,
                (NAME, PASSWORD_STDIN),
            ),
            Command("list", "list the accounts", users_list, ()),
            Command(
                "role",
                "give an account another role",
                users_role,
                (NAME, Option(("role",), choices=ROLES, help="viewer, planner or admin")),
            ),
            Command("off", "switch an account off (it can no longer sign in)", users_off, (NAME,)),
            Command("on", "switch an account on again", users_on, (NAME,)),
        ),
    ),
    Command(
        "audit",
        "the audit log: every write (who, when, what, revision, source)",
        audit,
        (
            Option(("--csv",), action="store_true", help="CSV instead of a table"),
            Option(("-o", "--out"), type=Path, help="write to this file instead of stdout"),
        ),
    ),
)
"""The store's subcommands, added to ``parksim.cli.main.COMMANDS``."""
