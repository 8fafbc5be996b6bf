"""A team server for the app's tests: a private copy of ``scenarios/`` and a real SQLite
store with one account per role (``vic`` viewer, ``pat`` and ``quinn`` planners, ``ada``
admin), found by the app through ``$PARKSIM_DATA_DIR``. Shared by the AppTest tests, the
browser test and the load benchmark."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from parksim.store import Actor, Store, add_account, open_store

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
ACCOUNTS = (("vic", "viewer"), ("pat", "planner"), ("quinn", "planner"), ("ada", "admin"))


@dataclass(frozen=True)
class TeamServer:
    scenarios: Path  # the shipped scenarios the app is given
    data: Path  # $PARKSIM_DATA_DIR: the store's SQLite file lives here
    url: str

    def env(self) -> dict[str, str]:
        found = {"PARKSIM_SCENARIOS": str(self.scenarios), "PARKSIM_DATA_DIR": str(self.data)}
        if not self.url.startswith("sqlite"):  # a team's PostgreSQL, by URL
            found["PARKSIM_DATABASE_URL"] = self.url
        return found

    def open(self) -> Store:
        """The same store the app opens (a second engine on the same file)."""
        return open_store(self.url)


def team_server(
    tmp: Path, accounts: tuple[tuple[str, str], ...] = ACCOUNTS, url: str | None = None
) -> TeamServer:
    """The accounts made as ``parksim users add`` makes them; the scenarios are stored by the
    app itself on its first start (as on a new team server). ``url``: a PostgreSQL database
    instead of the SQLite file under the data folder."""
    scenarios = tmp / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    data = tmp / "data"
    url = url or f"sqlite:///{data / 'parksim.sqlite3'}"
    store = open_store(url)
    try:
        for name, role in accounts:
            add_account(store, Actor.operator(), name, role, PASSWORD)
    finally:
        store.engine.dispose()
    return TeamServer(scenarios, data, url)
