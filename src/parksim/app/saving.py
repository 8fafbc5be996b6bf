"""Saving what the planner set in the app as a child scenario file, safely.

The file extends the scenario on screen and holds only the changed values, each with
``source.<field> = "assumption: set in the app by <name>"``. It is written lock-free: the text
goes to a hidden temporary file in the same folder, is loaded back as a scenario (so a file that
would not load is never written), then is moved into place in one step — ``os.link`` for a new
name (fails if the name was taken meanwhile: nothing is overwritten without a confirmation) or
``os.replace`` to overwrite a saved scenario. A reader, or another session saving the same name
at the same moment, sees the old file or a new complete one, never half of one.

Which files may be overwritten: only those the app saved (first line :data:`SAVED_MARKER`).
Files written by hand (the shipped scenarios) never are, nor may their ids be reused.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parksim.app.catalog import SAVED_MARKER, Entry, is_saved_file
from parksim.errors import ParksimError, ScenarioError
from parksim.inputs.loader import load_scenario, read_toml
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SCENARIO_ID_PATTERN
from parksim.inputs.writer import dump_document, lay_over
from parksim.text.words import Lang, pick

MAX_ID = 64
MAX_TEXT = 80
SOURCE_TEMPLATE = "assumption: set in the app by {author}"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class SaveError(ParksimError):
    """A save refused, with the reason in both languages; ``exists`` asks for confirmation."""

    def __init__(self, zh: str, en: str, *, exists: bool = False) -> None:
        super().__init__(en)
        self.zh, self.en, self.exists = zh, en, exists

    def text(self, lang: Lang) -> str:
        """The reason in the planner's language."""
        return pick((self.zh, self.en), lang)


@dataclass(frozen=True)
class Request:
    """What the planner typed and what is on screen."""

    file_id: str
    name: str
    name_en: str
    author: str
    overrides: Mapping[str, Any]  # dotted key -> value, relative to ``base``
    seed: int | None = None  # None: as in the parent
    paths: int | None = None


def check_id(raw: str, entries: Sequence[Entry], current: Entry) -> str:
    """The scenario id (= file stem) for a typed name, or ``SaveError``: empty, path
    separators, not an id, a shipped scenario's id, or an ancestor of the current one."""
    name = raw.strip()
    if name.lower().endswith(".toml"):
        name = name[: -len(".toml")]
    if not name:
        raise SaveError("请填写文件名。", "Type a file name.")
    if any(sep in name for sep in ("/", "\\", os.sep)) or ".." in name:
        raise SaveError(
            f"文件名 “{name}” 不能包含路径分隔符(/ 或 \\)或 “..”。",
            f"File name {name!r}: no path separators (/ or \\) or '..'.",
        )
    if len(name) > MAX_ID or not re.match(SCENARIO_ID_PATTERN, name):
        raise SaveError(
            f"文件名 “{name}” 无效:只能用英文字母、数字、_ 和 -,以字母或数字开头,"
            f"最多 {MAX_ID} 个字符。",
            f"File name {name!r}: use letters, digits, _ and -, starting with a letter or digit, "
            f"at most {MAX_ID} characters.",
        )
    folded = name.casefold()  # a case-insensitive disk would mix Baseline and baseline
    for entry in entries:
        same = folded in (entry.id.casefold(), entry.path.stem.casefold())
        if same and not entry.saved:
            raise SaveError(
                f"“{name}” 是随项目提供的情景({entry.path.name}),不能覆盖;请换一个名字。",
                f"{name!r} is a shipped scenario ({entry.path.name}) and cannot be overwritten; "
                f"choose another name.",
            )
    if folded in {i.casefold() for i in _ancestors(current, entries)}:
        raise SaveError(
            f"“{name}” 是当前情景的上级情景,覆盖会造成循环继承;请换一个名字。",
            f"{name!r} is an ancestor of the current scenario; overwriting it would make "
            f"the chain a cycle. Choose another name.",
        )
    return name


def existing(file_id: str, folder: Path) -> bool:
    """Is there a (saved) file of this name already? Then overwriting needs a confirmation."""
    return (folder / f"{file_id}.toml").exists()


def child_text(base: Scenario, current: Entry, request: Request) -> str:
    """The TOML text of the child file.

    Saving under the current scenario's own name (a scenario saved before) rewrites it: its
    own values stay, the changes are laid over them, and it keeps its parent.
    """
    author = clean(request.author)
    if not author:
        raise SaveError(
            "请填写你的名字(写入数值来源)。", "Type your name (it goes into the sources)."
        )
    source = SOURCE_TEMPLATE.format(author=author)
    own: dict[str, Any]
    if request.file_id == current.id and current.saved:
        own = {k: v for k, v in read_toml(current.path).items() if k != "scenario"}
        parent = current.parent
        meta = {k: v for k, v in read_toml(current.path)["scenario"].items() if k != "extends"}
    else:
        own, parent, meta = {}, base.id, {}
    if parent is None:
        raise SaveError("当前情景没有上级情景,无法覆盖。", "The current scenario has no parent.")
    name = clean(request.name) or request.file_id
    description = (
        f"在应用中由 {author} 基于“{base.name}”保存。 Saved in the app by {author} from "
        f"“{base.name_en}”."
    )
    meta.update(
        id=request.file_id,
        name=name,
        name_en=clean(request.name_en) or name,
        description=meta.get("description", description),
        extends=parent,
    )
    if request.seed is not None and request.seed != base.spec.scenario.seed:
        meta["seed"] = request.seed
    if request.paths is not None and request.paths != base.spec.scenario.paths:
        meta["paths"] = request.paths
    for key, value in request.overrides.items():
        lay_over(own, key, value, source)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = [SAVED_MARKER, f"# {stamp} · {author} · extends {parent}", ""]
    return "\n".join(header) + dump_document({"scenario": meta, **own})


def save(folder: Path, file_id: str, text: str, *, overwrite: bool) -> Path:
    """Write ``text`` as ``folder/<file_id>.toml`` atomically, after checking it loads.

    Without ``overwrite`` an existing file is left alone (``SaveError`` with ``exists``);
    with it, only a file the app saved is replaced."""
    target = folder / f"{file_id}.toml"
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{file_id}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        try:
            load_scenario(temp)
        except ScenarioError as exc:
            raise SaveError(
                f"生成的文件无法加载:{exc}", f"The file would not load: {exc}"
            ) from None
        if overwrite:
            if target.exists() and not is_saved_file(target):
                raise SaveError(
                    f"{target.name} 不是应用保存的文件,不能覆盖。",
                    f"{target.name} was not saved by the app and cannot be overwritten.",
                )
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)  # atomic "create if absent": never clobbers
            except FileExistsError:
                raise SaveError(
                    f"“{file_id}” 已存在;确认后可覆盖。",
                    f"{file_id!r} exists; confirm to overwrite it.",
                    exists=True,
                ) from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def clean(text: str) -> str:
    """One line of at most ``MAX_TEXT`` characters, control characters removed."""
    return _CONTROL.sub("", text).strip()[:MAX_TEXT]


def _ancestors(current: Entry, entries: Sequence[Entry]) -> list[str]:
    by_id = {e.id: e for e in entries if e.error is None}
    found: list[str] = []
    parent = current.parent
    while parent is not None and parent not in found:
        found.append(parent)
        entry = by_id.get(parent)
        parent = entry.parent if entry is not None else None
    return found
