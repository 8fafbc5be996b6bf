"""The app's 下载汇报材料 (download briefing): the briefing of the view as it stands, with the
slider positions applied and the scenarios picked in the compare view, as .docx bytes.

No Streamlit here: ``app.py`` shows the progress that :func:`briefing_docx` reports.
"""

from __future__ import annotations

from collections.abc import Sequence

from parksim.app import catalog
from parksim.app.catalog import Entry
from parksim.inputs.scenario import Scenario
from parksim.report.brief import Progress, make
from parksim.text.labels import Lang

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def compared(picked: Sequence[str], entries: Sequence[Entry], shown: str | None) -> list[Scenario]:
    """The files picked in the compare view, without the view itself: ``shown`` is the id of
    a picked entry that is the view (its file, when no slider has moved), or None."""
    by_id = {entry.id: entry for entry in catalog.loadable(entries)}
    return [catalog.load(by_id[p]) for p in picked if p in by_id and p != shown]


def file_name(stem: str) -> str:
    """``baseline-variant`` → ``baseline-variant-briefing.docx``."""
    return f"{stem}-briefing.docx"


def briefing_docx(
    scenario: Scenario,
    others: Sequence[Scenario],
    run: tuple[int, int],
    lang: Lang,
    name: str,
    progress: Progress,
) -> bytes:
    """The briefing of ``scenario`` at the view's ``(paths, seed)``, compared with ``others``;
    ``name`` is the download's file name, which the reproduce command names."""
    paths, seed = run
    return make(
        scenario, others, lang=lang, paths=paths, seed=seed, out_name=name, progress=progress
    )
