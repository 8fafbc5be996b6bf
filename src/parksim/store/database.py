"""Where the store lives and how it is opened: the URL from the environment, the engine,
the schema migrated to the newest version, and database errors as one-line ``StoreError``s.

SQLite by default (``$PARKSIM_DATA_DIR/parksim.sqlite3``, ``./data`` when unset, created on
first start); PostgreSQL for a team server with
``PARKSIM_DATABASE_URL=postgresql+psycopg://user:password@host:5432/parksim``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError as UrlError
from sqlalchemy.exc import DBAPIError, IntegrityError, NoSuchModuleError
from sqlalchemy.orm import Session

from parksim.errors import ArgumentError, StoreError
from parksim.store.throttle import Throttle

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Alembic (≈ 0.3 s to import) is imported where a migration runs, not by every ``parksim``
# command that merely lists its subcommands.

ENV_URL = "PARKSIM_DATABASE_URL"
ENV_DATA_DIR = "PARKSIM_DATA_DIR"
SQLITE_NAME = "parksim.sqlite3"
MIGRATIONS = Path(__file__).with_name("migrations")
DRIVERS = ("sqlite", "postgresql+psycopg")
MIGRATION_LOCK = 17_0001  # PostgreSQL advisory lock key held while migrating (issue 17)


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """``$PARKSIM_DATABASE_URL``, else the SQLite file in ``$PARKSIM_DATA_DIR`` (``./data``)."""
    env = os.environ if environ is None else environ
    if env.get(ENV_URL):
        return env[ENV_URL]
    folder = Path(env.get(ENV_DATA_DIR) or "data")
    return f"sqlite:///{folder / SQLITE_NAME}"


@dataclass
class Store:
    """An open store: the engine (schema at the newest version) and the sign-in throttle."""

    engine: Engine
    throttle: Throttle = field(default_factory=Throttle)

    @property
    def shown(self) -> str:
        """The database's URL as it may be printed: without its password."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back on any error;
        a database failure becomes one ``StoreError`` line (an ``IntegrityError`` passes,
        for the caller to read as a conflict). ``write`` takes SQLite's write lock at the
        start, so two writers queue instead of failing halfway."""
        bind = self.engine.execution_options(parksim_write=True) if write else self.engine
        with translated(self.engine.url), Session(bind) as session, session.begin():
            yield session


def open_store(url: str | None = None, *, throttle: Throttle | None = None) -> Store:
    """Open (and on first start create) the store at ``url`` (default ``database_url()``),
    its schema migrated to the newest version."""
    engine = make_engine(url or database_url())
    migrate(engine)
    return Store(engine, throttle or Throttle())


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite (its folder created) or PostgreSQL through psycopg 3."""
    try:
        parsed = make_url(url)
    except UrlError:
        raise ArgumentError(ENV_URL, f"{ENV_URL}: not a database URL: {url[:60]!r}") from None
    if parsed.drivername not in DRIVERS:
        shown = parsed.render_as_string(hide_password=True)
        raise ArgumentError(
            ENV_URL,
            f"{ENV_URL} = {shown}: must start with sqlite:/// or postgresql+psycopg://",
        )
    if parsed.drivername == "sqlite":
        _sqlite_folder(parsed)
    try:
        engine = create_engine(parsed, pool_pre_ping=parsed.drivername != "sqlite")
    except NoSuchModuleError as exc:  # pragma: no cover - psycopg is a dependency
        raise StoreError(f"{ENV_URL}: {exc}") from None
    if parsed.drivername == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_folder(url: URL) -> None:
    """Create the SQLite file's folder (not for ``:memory:`` nor a ``file:`` URI)."""
    name = url.database or ""
    if name and name != ":memory:" and not name.startswith("file:"):
        folder = Path(name).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot create the data folder ({exc.strerror})") from None


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Foreign keys checked, a writer waits up to 10 s for another to finish, and
    transactions begun by ``_sqlite_begin`` (the driver's own would skip savepoints)."""
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """``BEGIN IMMEDIATE`` for a write (the write lock first: no reader-turned-writer
    deadlock between two saves), a plain ``BEGIN`` for a read (a read-only file allows it)."""
    immediate = connection.get_execution_options().get("parksim_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration, built in code: the migrations shipped in the package, run
    on ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (an empty database gets every step), in one
    transaction; an unknown version or foreign tables are refused before anything runs.

    A database already at ``target`` is only read (so a read-only one opens). Two servers
    starting at once on a new database take turns: SQLite's write lock, PostgreSQL's
    advisory lock; the second finds the work done."""
    from alembic import command
    from alembic.script import ScriptDirectory

    with translated(engine.url), engine.connect() as connection:
        script = ScriptDirectory.from_config(alembic_config(connection))
        newest = script.get_current_head() if target == "head" else target
        if _check_version(connection, script, engine.url) == newest:
            return
    writer = engine.execution_options(parksim_write=True)
    with translated(engine.url), writer.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config = alembic_config(connection)
        _check_version(connection, script, engine.url)
        command.upgrade(config, target)


def schema_version(engine: Engine) -> str | None:
    """The schema version the database is at (None when it has none yet)."""
    from alembic.runtime.migration import MigrationContext

    with translated(engine.url), engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return heads[0] if heads else None


def known_versions() -> list[str]:
    """The schema versions this parksim ships, oldest first."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def _check_version(connection: Connection, script: ScriptDirectory, url: URL) -> str | None:
    """The database's schema version (None: none yet), if it is one this parksim knows."""
    from alembic.runtime.migration import MigrationContext

    shown = url.render_as_string(hide_password=True)
    heads = MigrationContext.configure(connection).get_current_heads()
    known = {s.revision for s in script.walk_revisions()}
    unknown = [h for h in heads if h not in known]
    if unknown:
        raise StoreError(
            f"{shown}: schema version {unknown[0]!r} is not one this parksim knows "
            f"({', '.join(sorted(known))}): the database was made by a newer parksim; "
            f"upgrade parksim, or set {ENV_URL} to another database"
        )
    tables = set(inspect(connection).get_table_names())
    if not heads and tables:
        raise StoreError(
            f"{shown}: holds tables parksim did not make ({', '.join(sorted(tables)[:5])}); "
            f"give parksim an empty database of its own"
        )
    return heads[0] if heads else None


@contextmanager
def translated(url: URL) -> Iterator[None]:
    """Database failures (not integrity errors) as one ``StoreError`` line."""
    try:
        yield
    except IntegrityError:
        raise
    except DBAPIError as exc:
        raise StoreError(describe_failure(url, exc)) from None


def describe_failure(url: URL, exc: DBAPIError) -> str:
    """One line for a database failure: which database, what happened, what to do."""
    text = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0][:200]
    lowered = text.lower()
    if url.drivername == "sqlite":
        where = url.database or ":memory:"
        if "not a database" in lowered or "malformed" in lowered:
            return (
                f"{where}: is not a SQLite database, or it is damaged ({text}); restore it "
                f"from a backup, or move it away and parksim starts a new one"
            )
        if "readonly" in lowered or "read-only" in lowered:
            return f"{where}: the database is read-only ({text}); saving needs write access"
        return f"{where}: cannot use the SQLite database ({text})"
    shown = url.render_as_string(hide_password=True)
    if "read-only" in lowered:
        return f"{shown}: the database is read-only ({text}); saving needs write access"
    if exc.connection_invalidated or "connection" in lowered or "connect" in lowered:
        return f"{shown}: cannot reach the database ({text}); check {ENV_URL} and the server"
    return f"{shown}: the database refused the request ({text})"


COUNTS = {
    "scenarios": "SELECT count(*) FROM documents WHERE kind = 'scenario'",
    "seeds": "SELECT count(*) FROM documents WHERE kind = 'scenario' AND seed",
    "revisions": "SELECT count(*) FROM revisions",
    "figures": "SELECT count(*) FROM figures",
    "accounts": "SELECT count(*) FROM accounts WHERE active",
    "audit entries": "SELECT count(*) FROM audit_log",
}


def status(store: Store) -> dict[str, str]:
    """What an IT person checks first: which database (no password), its schema version
    against the newest this parksim knows, and how much it holds."""
    found = {"database": store.shown}
    version, newest = schema_version(store.engine), known_versions()[-1]
    found["schema"] = f"{version} ({'the newest' if version == newest else f'newest {newest}'})"
    with translated(store.engine.url), store.engine.connect() as connection:
        for name, query in COUNTS.items():
            found[name] = str(connection.execute(text(query)).scalar_one())
    return found
