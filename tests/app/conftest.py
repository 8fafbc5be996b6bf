"""Every app test runs without a team server unless it makes one: no database URL from the
environment, and the data folder (where a team's SQLite file would be) a private one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.conftest import postgres_server, postgres_url  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def no_team_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARKSIM_DATABASE_URL", raising=False)
    monkeypatch.setenv("PARKSIM_DATA_DIR", str(tmp_path / "no-team-data"))
