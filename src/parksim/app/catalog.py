"""The scenarios of a folder, as the app's picker lists them: loadable or with their error.

A file is either *shipped* (written by hand, reviewed, kept in the repository) or *saved* from
the app: saved files start with :data:`SAVED_MARKER`, which only the app writes. Shipped files
are never overwritten by the app; that rule needs no git and survives a restart.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parksim.errors import ScenarioError
from parksim.inputs.loader import load_scenario, read_toml
from parksim.inputs.scenario import Scenario
from parksim.report.cache import memo
from parksim.text.labels import Lang

FOLDER_ENV = "PARKSIM_SCENARIOS"

SAVED_MARKER = "# parksim: saved from the app"
Stamp = tuple[tuple[str, int, int], ...]  # (file, mtime_ns, size) of every file it depends on


@dataclass(frozen=True)
class Entry:
    """One ``*.toml`` file of the folder; ``error`` is None when it loads."""

    id: str  # the scenario id, or the file's stem when it cannot be loaded
    path: Path
    name: str
    name_en: str
    error: str | None
    saved: bool
    parent: str | None  # the id it extends, if any
    stamp: Stamp  # changes whenever a file of its chain (or its actuals, history) changes

    def label(self, lang: Lang) -> str:
        """What the picker shows: the name in ``lang``, then the id."""
        if self.error is not None:
            return f"⚠️ {self.path.name}"
        name = self.name if lang == "zh" else self.name_en
        return f"{name} ({self.id})"


def short_labels(entries: Sequence[Entry | None], lang: Lang, current: str) -> list[str]:
    """Legend and column names for compared scenarios: each one's name in ``lang`` (``None``
    is the current settings, named ``current``); a name that two share gets its id too."""
    names = [
        current if e is None else (e.name if lang == "zh" else e.name_en) or e.id for e in entries
    ]
    return [
        f"{n} ({e.id})" if e is not None and names.count(n) > 1 else n
        for n, e in zip(names, entries, strict=True)
    ]


def scenarios_folder(app_file: str) -> Path:
    """``$PARKSIM_SCENARIOS``, else ``scenarios/`` beside ``app.py``."""
    return Path(os.environ.get(FOLDER_ENV) or Path(app_file).resolve().parent / "scenarios")


def folder_stamp(folder: Path) -> Stamp:
    """Names, mtimes and sizes of every file below ``folder`` (hidden temp files aside)."""
    rows = []
    for path in sorted(folder.rglob("*")):
        if path.name.startswith(".") or not path.is_file():
            continue
        info = path.stat()
        rows.append((str(path.relative_to(folder)), info.st_mtime_ns, info.st_size))
    return tuple(rows)


def list_scenarios(folder: Path) -> list[Entry]:
    """Every ``*.toml`` of ``folder``: shipped ones first (``baseline`` leading), then saved
    ones, each by file name. Cached until a file in the folder changes."""
    return list(_listing(folder.resolve(), folder_stamp(folder)))


def loadable(entries: Sequence[Entry]) -> list[Entry]:
    """The entries that load."""
    return [e for e in entries if e.error is None]


def find(entries: Sequence[Entry], scenario_id: str) -> Entry | None:
    """The loadable entry with this id."""
    return next((e for e in entries if e.error is None and e.id == scenario_id), None)


def load(entry: Entry) -> Scenario:
    """The entry's scenario (cached until one of its files changes)."""
    return _load(entry.path, entry.stamp)


def load_path(path: Path, stamp: Stamp) -> Scenario:
    """A scenario file by path and stamp (the stamp keys the cache)."""
    return _load(path, stamp)


def is_saved_file(path: Path) -> bool:
    """Was this file written by the app (its first line is the marker)?"""
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n") == SAVED_MARKER
    except (OSError, UnicodeDecodeError):
        return False


@memo("listing")
def _listing(folder: Path, stamp: Stamp) -> tuple[Entry, ...]:
    del stamp  # the cache key: any change below the folder lists it again
    entries: list[Entry] = []
    seen: dict[str, Path] = {}
    for path in sorted(p for p in folder.glob("*.toml") if not p.name.startswith(".")):
        entries.append(_entry(path, seen))
    return tuple(sorted(entries, key=lambda e: (e.saved, e.id != "baseline", e.path.name)))


def _entry(path: Path, seen: dict[str, Path]) -> Entry:
    saved = is_saved_file(path)
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        problem = _relative_to(str(exc), path.parent)
        return Entry(path.stem, path, path.stem, path.stem, problem, saved, None, ())
    except Exception as exc:  # one file no loader foresaw must not take the app down
        problem = f"{path.name}: could not be read ({type(exc).__name__})"
        return Entry(path.stem, path, path.stem, path.stem, problem, saved, None, ())
    if scenario.id in seen:
        problem = (
            f"{path.name}: scenario.id = {scenario.id!r} is already used by "
            f"{seen[scenario.id].name}"
        )
        return Entry(path.stem, path, path.stem, path.stem, problem, saved, None, ())
    seen[scenario.id] = path
    parent_id = _id_of_file(scenario.files[-2]) if len(scenario.files) > 1 else None
    return Entry(
        scenario.id,
        path,
        scenario.name,
        scenario.name_en,
        None,
        saved,
        parent_id,
        _stamp_of(scenario),
    )


def _id_of_file(file: Path) -> str | None:
    """The id a file of a loaded chain declares (it was read a moment ago)."""
    meta = read_toml(file).get("scenario", {})
    return str(meta["id"]) if isinstance(meta, dict) and "id" in meta else None


def _stamp_of(scenario: Scenario) -> Stamp:
    files = list(scenario.files)
    if scenario.actuals is not None:
        files.append(scenario.actuals.file)
    if scenario.history is not None:
        files.append(scenario.history.file)
    rows = []
    for file in files:
        info = file.stat()
        rows.append((str(file.resolve()), info.st_mtime_ns, info.st_size))
    return tuple(rows)


@memo("loaded")
def _load(path: Path, stamp: Stamp) -> Scenario:
    del stamp  # part of the cache key only
    return load_scenario(path)


def _relative_to(message: str, folder: Path) -> str:
    """The message with the server's folder left out: a planner sees ``x.toml``, not where
    the server keeps it (``/srv/…/scenarios/x.toml``)."""
    for prefix in {str(folder) + os.sep, str(folder.resolve()) + os.sep}:
        message = message.replace(prefix, "")
    return message
