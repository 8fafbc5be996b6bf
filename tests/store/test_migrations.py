"""The schema's migrations on real SQLite and PostgreSQL: an empty database gets every step;
one made by the previous schema keeps its rows and gets the audit log filled from them; an
unknown version or a foreign database is refused in one line; the ORM matches the schema."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from parksim.errors import StoreError
from parksim.store import Store, open_store, schema_version
from parksim.store.database import known_versions, make_engine, migrate
from parksim.store.models import Base
from tests.store.conftest import _unavailable

NOW = "2026-01-02 03:04:05"


def test_an_empty_database_gets_every_step(url: str) -> None:
    store = open_store(url)
    assert known_versions() == ["0001", "0002"]
    assert schema_version(store.engine) == "0002"
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "revisions", "figures", "accounts", "audit_log"} <= tables
    store.engine.dispose()


def test_the_models_match_the_migrated_schema(url: str) -> None:
    store = open_store(url)
    with store.engine.connect() as connection:
        changes = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    store.engine.dispose()
    assert changes == []


def test_a_database_of_the_previous_schema_keeps_its_rows(url: str) -> None:
    engine = make_engine(url)
    migrate(engine, "0001")
    assert schema_version(engine) == "0001"
    assert "audit_log" not in inspect(engine).get_table_names()
    with engine.begin() as connection:  # rows as a parksim of schema 0001 wrote them
        connection.execute(
            text(
                "INSERT INTO documents (id, path, kind, scenario_id, seed, created_at) "
                f"VALUES (1, 'old.toml', 'scenario', 'old', false, '{NOW}')"
            )
        )
        for number in (1, 2):
            connection.execute(
                text(
                    "INSERT INTO revisions (document_id, number, parent_id, text, sha256, "
                    "author, created_at, message, origin) VALUES (1, :n, NULL, 'x', 'h', "
                    f"'pat', '{NOW}', 'm', 'app')"
                ),
                {"n": number},
            )
    migrate(engine)
    assert schema_version(engine) == "0002"
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT actor, action, object, revision FROM audit_log ORDER BY id")
        ).all()
        kept = connection.execute(text("SELECT count(*) FROM revisions")).scalar_one()
    engine.dispose()
    assert kept == 2
    assert [tuple(r) for r in rows] == [
        ("pat", "save", "scenario:old.toml", 1),
        ("pat", "save", "scenario:old.toml", 2),
    ]


@pytest.mark.parametrize("table", ["revisions", "figures", "audit_log"])
def test_the_database_refuses_to_change_or_delete_history(seeded: Store, table: str) -> None:
    """Append-only is kept by the database's own triggers, even against raw SQL."""
    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="append-only"), seeded.engine.begin() as c:
            c.execute(text(statement))
    with seeded.engine.connect() as connection:
        assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() >= 5


def test_an_unknown_schema_version_is_refused_in_one_line(url: str) -> None:
    open_store(url).engine.dispose()
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StoreError) as caught:
        open_store(url)
    engine.dispose()
    message = str(caught.value)
    assert "schema version '0099' is not one this parksim knows (0001, 0002)" in message
    assert "upgrade parksim, or set PARKSIM_DATABASE_URL to another database" in message
    assert "\n" not in message


def test_a_database_with_tables_of_another_program_is_refused(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id integer)"))
    with pytest.raises(StoreError, match=r"holds tables parksim did not make \(invoices\)"):
        open_store(url)
    engine.dispose()


def test_postgresql_missing_fails_under_ci_and_is_skipped_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL cannot start: initdb not found"):
        _unavailable("initdb not found")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql"):
        _unavailable("initdb not found")


def test_two_servers_starting_at_once_on_a_new_database_both_open(url: str) -> None:
    start = threading.Barrier(3)
    outcomes: list[str] = []

    def server() -> None:
        start.wait()
        try:
            opened = open_store(url)
            outcomes.append(str(schema_version(opened.engine)))
            opened.engine.dispose()
        except StoreError as exc:  # what a lost race would raise
            outcomes.append(str(exc))

    threads = [threading.Thread(target=server) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["0002"] * 3


def test_a_read_only_database_at_the_newest_schema_opens(tmp_path: Path) -> None:
    file = tmp_path / "parksim.sqlite3"
    open_store(f"sqlite:///{file}").engine.dispose()
    store = open_store(f"sqlite:///file:{file}?mode=ro&uri=true")
    assert schema_version(store.engine) == "0002"
    store.engine.dispose()
