"""The store from the command line: ``db import``, ``db history``, ``db export``,
``db restore``, ``users add`` (password from stdin), ``users list/role/off``, ``audit --csv``
read back by Python's csv reader; in this process (``main``), on a SQLite file named by
``PARKSIM_DATA_DIR``, and once as a real process with the password piped in."""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from pathlib import Path

import pytest

from parksim.cli.main import main, parser
from parksim.store import Actor, open_store, save_scenario, sign_in
from tests.store.conftest import PASSWORD, SCENARIOS, child_text, cli


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PARKSIM_DATABASE_URL", raising=False)
    monkeypatch.setenv("PARKSIM_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_import_history_export_restore(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "db", "import", str(SCENARIOS), "--seed")
    assert (code, err) == (0, f"{SCENARIOS}: 5 new revisions, 5 new figures, 0 files unchanged\n")
    assert (data_dir / "parksim.sqlite3").is_file()  # created on first start
    assert _run(capsys, "db", "import", str(SCENARIOS))[2].endswith("5 files unchanged\n")
    code, out, _ = _run(capsys, "db", "history", "baseline", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["revision"], r["parent"], r["origin"]) for r in rows] == [
        ("1", "", f"import:{SCENARIOS}")
    ]
    assert rows[0]["author"].startswith("operator:")
    assert _run(capsys, "db", "export", str(tmp_path / "out"))[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o777 & ~umask  # as any folder made
    assert (tmp_path / "out" / "baseline.toml").stat().st_mode & 0o777 == 0o666 & ~umask
    code, out, _ = _run(capsys, "db", "status")
    assert out.splitlines() == [
        f"database:       sqlite:///{data_dir / 'parksim.sqlite3'}",
        "schema:         0002 (the newest)",
        "scenarios:      4",
        "seeds:          4",
        "revisions:      5",
        "figures:        5",
        "accounts:       0",
        "audit entries:  10",
    ]
    shipped = (SCENARIOS / "baseline.toml").read_bytes()
    assert (tmp_path / "out" / "baseline.toml").read_bytes() == shipped
    code, out, _ = _run(capsys, "db", "restore", "baseline", "1")
    assert (code, out) == (0, "baseline: revision 1 restored as revision 2\n")
    code, _, err = _run(capsys, "db", "export", str(tmp_path / "out"))
    assert (code, err) == (
        2,
        f"parksim: error: {tmp_path / 'out'}: exists and is not an empty folder; name a new one\n",
    )
    store = open_store(f"sqlite:///{data_dir / 'parksim.sqlite3'}")
    text = child_text("mine", 0.12)
    save_scenario(store, Actor.operator(), text, parent=None, message='=HYPERLINK("x")')
    store.engine.dispose()
    rows = list(csv.DictReader(io.StringIO(_run(capsys, "audit", "--csv")[1])))
    assert rows[-1]["detail"] == '\'=HYPERLINK("x")'  # never a formula in the CSV
    code, _, err = _run(capsys, "db", "history", "nope")
    assert (code, err) == (
        2,
        "parksim: error: no stored scenario 'nope'; stored: baseline, faster_reform, mine, "
        "prolonged_shock, targets_need\n",
    )


def test_users_and_the_audit_log(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    code, _, err = _run(capsys, "users", "add", "vic", "--role", "viewer", "--password-stdin")
    assert (code, err) == (2, "parksim: error: password: must be at least 8 characters long\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal to ask at
    code, _, err = _run(capsys, "users", "add", "vic", "--role", "viewer")
    assert code == 2 and err.endswith("pipe it in with --password-stdin\n")
    done = cli({"PARKSIM_DATA_DIR": str(data_dir)}, "users", "add", "pat", "--role", "planner",
               "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "account pat added (planner)\n")
    store = open_store(f"sqlite:///{data_dir / 'parksim.sqlite3'}")
    assert sign_in(store, "pat", PASSWORD).role == "planner"
    store.engine.dispose()
    monkeypatch.setattr(sys, "stdin", io.StringIO("a new password\n"))
    assert _run(capsys, "users", "password", "pat", "--password-stdin")[0] == 0
    store = open_store(f"sqlite:///{data_dir / 'parksim.sqlite3'}")
    assert sign_in(store, "pat", "a new password").name == "pat"
    store.engine.dispose()
    assert _run(capsys, "users", "role", "pat", "admin")[0] == 0
    assert _run(capsys, "users", "off", "pat")[0] == 0
    assert _run(capsys, "users", "list")[1] == "pat\tadmin\toff\n"
    code, out, _ = _run(capsys, "audit", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["action"], r["object"], r["source"]) for r in rows] == [
        ("account.add", "account:pat", "cli"),
        ("account.password", "account:pat", "cli"),
        ("account.role", "account:pat", "cli"),
        ("account.off", "account:pat", "cli"),
    ]
    assert rows[2]["detail"] == "role planner -> admin"
    assert _run(capsys, "audit", "--csv", "-o", str(tmp_path / "audit.csv"))[0] == 0
    written = (tmp_path / "audit.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and written[3:] == out.encode("utf-8")


SUBCOMMAND_FLAGS = {
    "db": {
        "status": "",
        "import": "--seed --message",
        "export": "",
        "history": "--format",
        "restore": "",
    },
    "users": {
        "add": "--role --password-stdin",
        "password": "--password-stdin",
        "list": "",
        "role": "",
        "off": "",
        "on": "",
    },
}


def test_every_subcommand_keeps_its_options() -> None:
    """The groups' tables, as argparse sees them: no subcommand or flag lost or added."""
    top = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for group, commands in SUBCOMMAND_FLAGS.items():
        inner = next(
            a for a in top.choices[group]._actions if isinstance(a, argparse._SubParsersAction)
        ).choices
        assert list(inner) == list(commands)
        for name, flags in commands.items():
            found = [f for a in inner[name]._actions for f in a.option_strings if f != "-h"]
            assert found == ["--help", *flags.split()], (group, name)
