"""The briefing for leadership (汇报材料) in one call: ``parksim brief`` and the app's
下载汇报材料 both come here.

:func:`make` computes and writes the .docx in memory, reporting its progress (simulate,
compared scenarios, what it takes, charts, document); :func:`write` checks the output name
first, converts to PDF when asked and LibreOffice is there, and writes atomically. Without a
PDF route it says so in one line and writes the .docx beside the asked name.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from parksim._io import write_atomic
from parksim.errors import ArgumentError
from parksim.export.meta import resolve_created_at
from parksim.inputs.scenario import Scenario
from parksim.report.document import document_bytes
from parksim.report.gather import Numbers, run, run_compared, what_it_takes
from parksim.report.images import fan_images
from parksim.report.pdf import pdf_bytes, soffice
from parksim.text.labels import Lang
from parksim.text.words import word

Progress = Callable[[float, str], None]  # (share done, what runs now)
SUFFIXES = (".docx", ".pdf")


@dataclass(frozen=True)
class Written:
    """Where the briefing went, and the one line to show when it is not what was asked."""

    path: Path
    note: str | None = None


def check_out(out: Path) -> None:
    """A name the briefing can be written to: ``.docx`` or ``.pdf``, in a folder that exists
    and takes a new file (checked before any simulation runs)."""
    if out.suffix.lower() not in SUFFIXES:
        raise ArgumentError(
            "-o", f"-o {out}: a briefing is written as .docx or .pdf, not {out.suffix or '(none)'}"
        )
    if out.is_dir():
        raise ArgumentError("-o", f"-o {out}: is a folder; name the file to write")
    if not out.parent.is_dir():
        raise ArgumentError("-o", f"-o {out}: no such folder {out.parent}")
    try:
        with tempfile.TemporaryFile(dir=out.parent):
            pass
    except OSError as exc:
        problem = exc.strerror or type(exc).__name__
        raise ArgumentError("-o", f"-o {out}: cannot write in {out.parent} ({problem})") from None


def make(
    scenario: Scenario,
    others: Sequence[Scenario] = (),
    *,
    lang: Lang = "zh",
    paths: int | None = None,
    seed: int | None = None,
    pipeline_runs: int | None = None,
    out_name: str = "brief.docx",
    created_at: datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The briefing of ``scenario`` (compared with ``others``) as .docx bytes; ``out_name``
    is the file the reproduce command names."""
    report = progress or _quiet
    report(0.0, word("brief.step_simulate", lang))
    summary, options = run(scenario, paths=paths, seed=seed, pipeline_runs=pipeline_runs)
    if others:
        report(0.15, word("brief.step_compare", lang))
    compared = run_compared(others, summary, pipeline_runs)
    report(0.3, word("brief.step_solve", lang))
    takes = what_it_takes(scenario, summary, pipeline_runs=pipeline_runs)
    report(0.65, word("brief.step_charts", lang))
    images = fan_images(summary, scenario, lang)
    report(0.9, word("brief.step_document", lang))
    numbers = Numbers(scenario, summary, compared, takes, options, resolve_created_at(created_at))
    data = document_bytes(numbers, images, out_name, lang)
    report(1.0, word("brief.step_done", lang))
    return data


def write(
    scenario: Scenario,
    out: Path,
    others: Sequence[Scenario] = (),
    *,
    lang: Lang = "zh",
    paths: int | None = None,
    seed: int | None = None,
    pipeline_runs: int | None = None,
    progress: Progress | None = None,
) -> Written:
    """Write the briefing to ``out`` (.docx, or .pdf through LibreOffice), atomically."""
    check_out(out)
    wants_pdf = out.suffix.lower() == ".pdf"
    program = soffice() if wants_pdf else None
    data = make(
        scenario,
        others,
        lang=lang,
        paths=paths,
        seed=seed,
        pipeline_runs=pipeline_runs,
        out_name=str(out),
        progress=progress,
    )
    if not wants_pdf:
        return Written(write_atomic(out, data))
    if program is None:
        docx_path = write_atomic(out.with_suffix(".docx"), data)
        return Written(docx_path, word("brief.no_pdf", lang).format(path=docx_path))
    if progress is not None:
        progress(0.95, word("brief.step_pdf", lang))
    return Written(write_atomic(out, pdf_bytes(data, program)))


def _quiet(share: float, step: str) -> None:
    """No progress shown."""
