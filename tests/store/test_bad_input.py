"""A database that cannot be used is one ``StoreError`` line naming it (never its password):
a damaged SQLite file, a read-only SQLite file or PostgreSQL database, a server that does not
answer, a URL of another kind; the command line answers each with that line and exit 2."""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from parksim.errors import ArgumentError, StoreError
from parksim.store import history, open_store, save_scenario, sign_in
from parksim.store.accounts import add_account
from parksim.store.transfer import import_folder
from tests.store.conftest import (
    OPERATOR,
    PASSWORD,
    SCENARIOS,
    child_text,
    cli,
    libpq,
    one_line_exit_2,
)


def test_a_damaged_sqlite_file_is_one_line(tmp_path: Path) -> None:
    file = tmp_path / "parksim.sqlite3"
    file.write_bytes(b"this was never a database " * 200)
    expected = (
        f"{file}: is not a SQLite database, or it is damaged (file is not a database); "
        f"restore it from a backup, or move it away and parksim starts a new one"
    )
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{file}")
    assert str(caught.value) == expected
    done = cli({"PARKSIM_DATA_DIR": str(tmp_path)}, "db", "history", "baseline")
    assert one_line_exit_2(done) == f"parksim: error: {expected}"
    assert file.read_bytes().startswith(b"this was never")  # left as it was


def test_a_read_only_sqlite_file_reads_but_refuses_saves(tmp_path: Path) -> None:
    file = tmp_path / "parksim.sqlite3"
    writable = open_store(f"sqlite:///{file}")
    import_folder(writable, OPERATOR, SCENARIOS)
    add_account(writable, OPERATOR, "pat", "planner", PASSWORD)
    writable.engine.dispose()
    read_only = open_store(f"sqlite:///file:{file}?mode=ro&uri=true")
    assert [r.number for r in history(read_only, "baseline")] == [1]
    pat = sign_in(read_only, "pat", PASSWORD)
    with pytest.raises(
        StoreError,
        match=r"the database is read-only \(attempt to write a readonly database\); saving needs write access",
    ):
        save_scenario(read_only, pat, child_text("mine", 0.12), parent=None)
    read_only.engine.dispose()


def test_a_read_only_postgresql_database_refuses_saves(postgres_url: str) -> None:
    store = open_store(postgres_url)
    import_folder(store, OPERATOR, SCENARIOS)
    add_account(store, OPERATOR, "pat", "planner", PASSWORD)
    store.engine.dispose()
    name = make_url(postgres_url).database
    with psycopg.connect(libpq(postgres_url), autocommit=True) as connection:
        connection.execute(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
    read_only = open_store(postgres_url)
    assert [r.number for r in history(read_only, "baseline")] == [1]
    with pytest.raises(StoreError) as caught:
        save_scenario(
            read_only, sign_in(read_only, "pat", PASSWORD), child_text("m", 0.1), parent=None
        )
    assert "the database is read-only (cannot execute INSERT in a read-only transaction)" in str(
        caught.value
    )
    read_only.engine.dispose()


def test_a_server_that_does_not_answer_is_one_line_without_the_password(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    url = f"postgresql+psycopg://planner:s3cret@127.0.0.1:{port}/parksim?connect_timeout=3"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert message.startswith(f"postgresql+psycopg://planner:***@127.0.0.1:{port}/parksim")
    assert "cannot reach the database (" in message
    assert message.endswith("check PARKSIM_DATABASE_URL and the server")
    assert "s3cret" not in message
    done = cli({"PARKSIM_DATABASE_URL": url}, "users", "list")
    line = one_line_exit_2(done)
    assert "cannot reach the database" in line and "s3cret" not in line


def test_a_url_of_another_kind_is_refused() -> None:
    with pytest.raises(
        ArgumentError,
        match=r"^PARKSIM_DATABASE_URL = mysql://u:\*\*\*@h/db: must start with sqlite:/// or postgresql\+psycopg://$",
    ):
        open_store("mysql://u:pw@h/db")
    done = cli({"PARKSIM_DATABASE_URL": "not a url"}, "audit")
    assert (
        one_line_exit_2(done)
        == "parksim: error: PARKSIM_DATABASE_URL: not a database URL: 'not a url'"
    )
