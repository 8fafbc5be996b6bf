"""The planners' workbook in the app: the template and the scenario on screen to download, and
an uploaded workbook imported as ``parksim import`` does it. No Streamlit here: ``app.py``
draws the buttons and the uploader; these functions give the bytes and the outcome.

An upload becomes ``<scenario id>.toml`` in the scenarios folder (with ``actuals/<id>.csv``
and ``history/<id>.csv`` when those sheets have rows), so it appears in the picker. Nothing
is ever overwritten: an id that names an existing file, or whose CSVs exist, is refused,
and a workbook that does not load writes nothing at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Protocol

from parksim.errors import ScenarioError
from parksim.export.workbook import EXAMPLE, scenario_workbook, template_workbook
from parksim.inputs.loader import load_scenario
from parksim.inputs.scenario import Scenario
from parksim.inputs.schema import SCENARIO_ID_PATTERN, format_value
from parksim.inputs.tablefile import MAX_FILE_BYTES
from parksim.inputs.workbook_import import save_content
from parksim.inputs.workbook_read import read_workbook
from parksim.text.words import WORDS, Lang, word


@dataclass(frozen=True)
class Outcome:
    """What an upload did: the scenario id written (None on failure) and the lines to show,
    a heading in the planner's language first, then each problem found."""

    scenario_id: str | None
    lines: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.scenario_id is not None


@lru_cache(maxsize=1)
def template_bytes() -> bytes:
    """The template workbook (the same bytes every time: cached once per process)."""
    return template_workbook()


def scenario_bytes(scenario: Scenario) -> bytes:
    """The scenario on screen as a workbook, after inheritance: a planner's starting point."""
    return scenario_workbook(scenario)


class Upload(Protocol):
    """What Streamlit's uploader gives: the file's name on the planner's computer, its bytes."""

    name: str

    def getvalue(self) -> bytes: ...


def import_upload(folder: Path, upload: Upload | None, lang: Lang) -> Outcome | None:
    """Import an uploaded workbook into ``folder`` (None when the upload was cleared); every
    problem is a line of the outcome, and nothing is written then."""
    if upload is None:
        return None
    shown = Path(Path(upload.name).name or "workbook.xlsx")  # the planner's name, no folder
    data = upload.getvalue()
    if len(data) > MAX_FILE_BYTES:
        return _failed(lang, f"{shown}: is larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        content = read_workbook(data, shown, WORDS)
        scenario_id = content.document.get("scenario", {}).get("id")
        problem = _refusal(folder, scenario_id)
        if problem is not None:
            return _failed(lang, f"{shown}: {problem}")
        save_content(content, shown, folder / f"{scenario_id}.toml")
    except ScenarioError as exc:
        server = (str(folder.resolve()), str(folder))  # a planner sees no folder of the server
        lines = [str(e) for e in (exc, *exc.more)]
        return _failed(
            lang, *(line.replace(server[0], ".").replace(server[1], ".") for line in lines)
        )
    return Outcome(str(scenario_id), (word("wb_imported", lang).format(id=scenario_id),))


def example_scenario() -> Scenario:
    """The example park the template shows: a few indicators, one target, one pipeline."""
    return load_scenario(Path(str(files("parksim.export").joinpath(EXAMPLE))))


def copy_as(folder: Path, scenario: Scenario, names: tuple[str, str, str], lang: Lang) -> Outcome:
    """新建情景: ``scenario`` (after inheritance) written as a new, independent scenario file
    ``<id>.toml`` with its own figures, through the workbook's reader and checks; ``names``
    are the new id, Chinese and English names. Nothing is overwritten."""
    new_id, name, name_en = (n.strip() for n in names)
    if _refusal(folder, new_id) is not None:
        key = "new_taken" if re.match(SCENARIO_ID_PATTERN, new_id) else "new_bad_id"
        return _failed(lang, word(key, lang).format(id=new_id), heading="new_failed")
    shown = Path(f"{scenario.id}.xlsx")
    try:
        content = read_workbook(scenario_workbook(scenario), shown, WORDS)
        meta = content.document.setdefault("scenario", {})
        meta.pop("extends", None)
        meta.update(id=new_id, name=name or new_id, name_en=name_en or name or new_id)
        save_content(content, shown, folder / f"{new_id}.toml")
    except ScenarioError as exc:
        return _failed(lang, *(str(e) for e in (exc, *exc.more)), heading="new_failed")
    return Outcome(new_id, (word("new_done", lang).format(id=new_id),))


def _refusal(folder: Path, scenario_id: object) -> str | None:
    """Why the workbook's scenario id cannot become a new file here, or None."""
    if not isinstance(scenario_id, str) or not re.match(SCENARIO_ID_PATTERN, scenario_id):
        return (
            f"sheet {' '.join(WORDS['wb.sheet.scenario'])}: the scenario id "
            f"{format_value(scenario_id)} must use letters, digits, _ and -"
        )
    taken = [
        path
        for path in (
            folder / f"{scenario_id}.toml",
            folder / "actuals" / f"{scenario_id}.csv",
            folder / "history" / f"{scenario_id}.csv",
        )
        if path.exists()
    ]
    known = {p.stem.casefold() for p in folder.glob("*.toml")}
    if taken or scenario_id.casefold() in known:
        where = taken[0].relative_to(folder) if taken else f"{scenario_id}.toml"
        return (
            f"the scenario id {scenario_id!r} is taken ({where} exists); nothing is overwritten "
            f"from a workbook: give the scenario a new id in the sheet "
            f"{' '.join(WORDS['wb.sheet.scenario'])}"
        )
    return None


def _failed(lang: Lang, *problems: str, heading: str = "wb_failed") -> Outcome:
    return Outcome(None, (word(heading, lang), *problems))
