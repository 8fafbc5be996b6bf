"""The store from the command line: ``db import``, ``db history``, ``db export``,
``db restore``, ``users add`` (password from stdin), ``users list/role/off``, ``audit --csv``
read back by Python's csv reader, each as a real ``parksim`` process on SQLite."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from parksim.store import open_store, sign_in
from tests.store.conftest import PASSWORD, SCENARIOS, cli, one_line_exit_2


def test_import_history_export_restore(tmp_path: Path) -> None:
    env = {"PARKSIM_DATA_DIR": str(tmp_path / "data")}
    done = cli(env, "db", "import", str(SCENARIOS), "--seed")
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"{SCENARIOS}: 5 new revisions, 5 new figures, 0 files unchanged\n"
    assert (tmp_path / "data" / "parksim.sqlite3").is_file()  # created on first start
    assert cli(env, "db", "import", str(SCENARIOS)).stderr.endswith("5 files unchanged\n")
    listed = cli(env, "db", "history", "baseline", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert [(r["revision"], r["parent"], r["origin"]) for r in rows] == [
        ("1", "", f"import:{SCENARIOS}")
    ]
    assert rows[0]["author"].startswith("operator:")
    assert cli(env, "db", "export", str(tmp_path / "out")).returncode == 0
    assert (tmp_path / "out" / "baseline.toml").read_bytes() == (
        SCENARIOS / "baseline.toml"
    ).read_bytes()
    restored = cli(env, "db", "restore", "baseline", "1")
    assert restored.stdout == "baseline: revision 1 restored as revision 2\n"
    again = one_line_exit_2(cli(env, "db", "export", str(tmp_path / "out")))
    assert (
        again
        == f"parksim: error: {tmp_path / 'out'}: exists and is not an empty folder; name a new one"
    )


def test_users_and_the_audit_log(tmp_path: Path) -> None:
    env = {"PARKSIM_DATA_DIR": str(tmp_path)}
    done = cli(
        env, "users", "add", "pat", "--role", "planner", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert (done.returncode, done.stderr) == (0, "account pat added (planner)\n")
    store = open_store(f"sqlite:///{tmp_path / 'parksim.sqlite3'}")
    assert sign_in(store, "pat", PASSWORD).role == "planner"
    store.engine.dispose()
    refused = cli(
        env, "users", "add", "vic", "--role", "viewer", "--password-stdin", stdin="short\n"
    )
    assert (
        one_line_exit_2(refused) == "parksim: error: password: must be at least 8 characters long"
    )
    no_tty = cli(env, "users", "add", "vic", "--role", "viewer", stdin="")
    assert one_line_exit_2(no_tty).endswith("pipe it in with --password-stdin")
    assert cli(env, "users", "role", "pat", "admin").returncode == 0
    assert cli(env, "users", "off", "pat").returncode == 0
    assert cli(env, "users", "list").stdout == "pat\tadmin\toff\n"
    audit = cli(env, "audit", "--csv")
    rows = list(csv.DictReader(io.StringIO(audit.stdout)))
    assert [(r["action"], r["object"], r["source"]) for r in rows] == [
        ("account.add", "account:pat", "cli"),
        ("account.role", "account:pat", "cli"),
        ("account.off", "account:pat", "cli"),
    ]
    assert rows[1]["detail"] == "role planner -> admin"
    assert cli(env, "audit", "--csv", "-o", str(tmp_path / "audit.csv")).returncode == 0
    written = (tmp_path / "audit.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and written[3:] == audit.stdout.encode("utf-8")
