"""Fixtures for the store's tests: every test that takes ``url`` runs twice, on a real SQLite
file and on a real PostgreSQL database.

PostgreSQL is Debian's ``postgresql`` package: one throwaway cluster per test session
(``tests/store/pgcluster.py``), a fresh database per test. When PostgreSQL cannot start, the
tests fail under CI (``CI=true``) and are skipped, saying why, elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from parksim.store import Store, open_store
from parksim.store.accounts import Actor, add_account
from parksim.store.transfer import import_folder
from tests.store.pgcluster import ClusterError, start_cluster

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
PASSWORD = "correct horse battery"


def _unavailable(why: str) -> None:
    message = f"PostgreSQL cannot start: {why} (apt-get install postgresql)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running throwaway cluster: the URL of its ``postgres`` database (see ``pgcluster``)."""
    try:
        cluster = start_cluster()
    except ClusterError as exc:
        _unavailable(str(exc))
    try:
        yield cluster.url
    finally:
        cluster.stop()


def libpq(url: str) -> str:
    """The ``psycopg.connect`` string of one of our ``postgresql+psycopg://`` URLs."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's cluster, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq(postgres_server), autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield postgres_server.replace("/postgres?", f"/{name}?", 1)
    finally:
        with psycopg.connect(libpq(postgres_server), autocommit=True) as connection:
            connection.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file in ``tmp_path``, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'parksim.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    """The store at ``url``, opened (schema migrated), closed after the test."""
    opened = open_store(url)
    try:
        yield opened
    finally:
        opened.engine.dispose()


OPERATOR = Actor.operator()


def _seed(url: str) -> None:
    """The shipped scenarios imported as seeds, and one account per role: ``vic`` (viewer),
    ``pat`` and ``quinn`` (planners), ``ada`` (admin)."""
    store = open_store(url)
    import_folder(store, OPERATOR, SCENARIOS, seed=True)
    for name, role in (("vic", "viewer"), ("pat", "planner"), ("quinn", "planner")):
        add_account(store, OPERATOR, name, role, PASSWORD)
    add_account(store, OPERATOR, "ada", "admin", PASSWORD)
    store.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded SQLite file, made once per session; each test gets a copy."""
    file = tmp_path_factory.mktemp("seed") / "parksim.sqlite3"
    _seed(f"sqlite:///{file}")
    return file


@pytest.fixture(scope="session")
def postgres_seed(postgres_server: str) -> str:
    """A seeded PostgreSQL database, made once per session: the template of each test's."""
    with psycopg.connect(libpq(postgres_server), autocommit=True) as connection:
        connection.execute("CREATE DATABASE parksim_seed")
    _seed(postgres_server.replace("/postgres?", "/parksim_seed?", 1))
    return "parksim_seed"


@pytest.fixture
def seeded(url: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A store at ``url`` seeded as ``_seed`` says (a copy of the session's seeded one)."""
    name = make_url(url).database or ""
    if url.startswith("sqlite"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(request.getfixturevalue("sqlite_seed"), name)
    else:
        template = request.getfixturevalue("postgres_seed")
        server = request.getfixturevalue("postgres_server")
        with psycopg.connect(libpq(server), autocommit=True) as connection:
            connection.execute(f"DROP DATABASE {name}")
            connection.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    opened = open_store(url)
    try:
        yield opened
    finally:
        opened.engine.dispose()


def child_text(scenario_id: str, growth: float, parent: str = "baseline") -> str:
    """A child scenario of ``parent`` that sets big health's growth."""
    return (
        f'[scenario]\nid = "{scenario_id}"\nname = "子情景"\nname_en = "Child"\n'
        f'extends = "{parent}"\n\n[indicators.big_health]\ngrowth = {growth}\n'
        f'source.growth = "assumption: test"\n'
    )


CLI = [sys.executable, "-c", "import sys; from parksim.cli.main import main; sys.exit(main())"]


def cli(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``parksim ARGS`` as a real process, with ``env`` added to this one's environment."""
    return subprocess.run(
        [*CLI, *args],
        env={**os.environ, **env},
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def one_line_exit_2(done: subprocess.CompletedProcess[str]) -> str:
    """The one line a refused command prints (exit 2, no traceback)."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]
