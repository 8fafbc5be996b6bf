"""Reading scenario files: TOML, the ``extends`` chain, per-file source checks, merging."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from parksim.errors import ScenarioError
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SOURCED_FIELDS, format_value
from parksim.inputs.sources import check_sources
from parksim.inputs.tablefile import read_file_bytes

OWN_KEYS = ("id", "name", "name_en")  # every file names itself; these are never inherited


def load_scenario(path: str | Path) -> Scenario:
    """Load a scenario file and everything it extends; raise ``ScenarioError`` if wrong."""
    chain = _read_chain(Path(path))
    merged: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for file, data in chain:
        _merge_file(merged, origins, data, file)
    return Scenario.from_raw(merged, origins, tuple(file for file, _ in chain))


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict (UTF-8, a BOM allowed, as Windows editors write it); a missing,
    odd or oversized file, another encoding or bad syntax is a ``ScenarioError``."""
    data = read_file_bytes(path, "a scenario")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(
            path, None, "is not UTF-8 text; save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(path, None, f"invalid TOML: {exc}") from None
    except RecursionError:
        problem = "invalid TOML: arrays or tables nested too deeply"
        raise ScenarioError(path, None, problem) from None


def scenario_ids(folder: Path) -> dict[str, Path]:
    """``{id: file}`` for the scenario files in ``folder`` that can be read."""
    found: dict[str, Path] = {}
    for file in sorted(folder.glob("*.toml")):
        try:
            scenario_id = _id_of(read_toml(file))
        except ScenarioError:
            continue
        if scenario_id is not None:
            found.setdefault(scenario_id, file)
    return found


def _id_of(data: Mapping[str, Any]) -> str | None:
    meta = data.get("scenario")
    scenario_id = meta.get("id") if isinstance(meta, dict) else None
    return scenario_id if isinstance(scenario_id, str) else None


def _read_chain(path: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The file and its ancestors, root first."""
    chain: list[tuple[Path, dict[str, Any]]] = []
    seen: list[Path] = []
    current: Path | None = path
    while current is not None:
        try:
            resolved = current.resolve()
        except (OSError, RuntimeError):  # RuntimeError: pathlib's word for a symlink loop
            raise ScenarioError(current, None, "is a loop of symbolic links") from None
        if resolved in seen:
            cycle = " -> ".join(p.name for p in [*seen, resolved])
            raise ScenarioError(path, None, f"extends forms a cycle: {cycle}")
        seen.append(resolved)
        data = read_toml(current)
        _check_file(current, data)
        chain.append((current, data))
        current = _parent_of(current, data["scenario"].get("extends"))
    return chain[::-1]


def _parent_of(file: Path, extends: Any) -> Path | None:
    if extends is None:
        return None
    key = "scenario.extends"
    if not isinstance(extends, str) or not extends.strip():
        raise ScenarioError(
            file,
            key,
            f"{key} = {format_value(extends)}: must be a file path "
            f"or the id of a scenario in the same folder",
        )
    if extends.endswith(".toml") or "/" in extends or "\\" in extends:
        parent = file.parent / extends
        if not parent.is_file():
            raise ScenarioError(
                file, key, f"{key} = {format_value(extends)}: no such file ({parent})"
            )
        return parent
    by_name = file.parent / f"{extends}.toml"
    if by_name.is_file() and _id_of(read_toml(by_name)) == extends:
        return by_name
    ids = scenario_ids(file.parent)
    if extends not in ids:
        known = ", ".join(sorted(ids)) or "none"
        raise ScenarioError(
            file,
            key,
            f"{key} = {format_value(extends)}: no scenario with "
            f"this id in {file.parent}; known ids: {known}",
        )
    return ids[extends]


def _check_file(file: Path, data: Mapping[str, Any]) -> None:
    """What must hold in each file on its own: its own name, table shapes, sources."""
    meta = data.get("scenario")
    if not isinstance(meta, dict):
        raise ScenarioError(
            file,
            "scenario",
            "scenario: every scenario file needs a [scenario] table with id, name and name_en",
        )
    for key in OWN_KEYS:
        if key not in meta:
            raise ScenarioError(
                file,
                f"scenario.{key}",
                "required key is missing (every file has its own id, name and name_en)",
            )
    for section in SOURCED_FIELDS:
        items = data.get(section, {})
        if not isinstance(items, dict):
            raise ScenarioError(
                file,
                section,
                f"{section} = {format_value(items)}: must be tables like [{section}.<id>]",
            )
        for item_id, item in items.items():
            if not isinstance(item, dict):
                raise ScenarioError(
                    file,
                    f"{section}.{item_id}",
                    f"{section}.{item_id} = {format_value(item)}: must be a "
                    f"table [{section}.{item_id}]",
                )
            check_sources(file, section, item_id, item)


def _merge_file(
    merged: dict[str, Any], origins: dict[str, str], data: Mapping[str, Any], file: Path
) -> None:
    """Lay one file over what its ancestors set: tables key by key, values whole."""
    origin = str(file)
    for section, content in data.items():
        if section in SOURCED_FIELDS:
            target = merged.setdefault(section, {})
            for item_id, item in content.items():
                _merge_item(
                    target.setdefault(item_id, {}),
                    origins,
                    f"{section}.{item_id}",
                    item,
                    SOURCED_FIELDS[section],
                    origin,
                )
        elif section in ("scenario", "status") and isinstance(content, dict):
            target = merged.setdefault(section, {})
            for key, value in content.items():
                if key != "extends":
                    target[key] = value
                    origins[f"{section}.{key}"] = origin
        else:
            merged[section] = content
            origins[section] = origin


def _merge_item(
    target: dict[str, Any],
    origins: dict[str, str],
    prefix: str,
    item: Mapping[str, Any],
    sourced: tuple[str, ...],
    origin: str,
) -> None:
    origins.setdefault(prefix, origin)
    for key, value in item.items():
        if key == "source":
            continue
        target[key] = value
        origins[f"{prefix}.{key}"] = origin
    source = item.get("source")
    if source is None:
        return
    cited = (
        source
        if isinstance(source, dict)
        else {name: source for name in sourced if name in item or name == "formula"}
    )
    sources = target.setdefault("source", {})
    for name, text in cited.items():
        sources[name] = text
        origins[f"{prefix}.source.{name}"] = origin
