"""The briefing as a Word document (python-docx), filled into the template shipped beside this
module (``templates/brief.docx``: A4 portrait, Chinese fonts in the styles, page numbers).

Everything is real Word structure a planner can edit: headings in Word's heading styles, tables
as tables (the traffic lights as cell shading), charts as pictures with captions. Text from a
scenario (names, sources) is written as plain runs: Word never reads a run as a field, a
formula or a link, and characters XML cannot hold are dropped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from importlib import resources

import docx
import pandas as pd
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docx.table import Table, _Cell
from docx.text.run import Run

from parksim.report import cells, prose
from parksim.report.gather import Numbers
from parksim.text.labels import Lang
from parksim.text.tracking import surprise_lines
from parksim.text.words import word

TEXT_WIDTH_CM = 16.0  # A4 with 2.5 cm margins
PICTURE_WIDTH = Cm(TEXT_WIDTH_CM)
NAME_WIDTH_CM = 4.0  # a table's first column: the target's name, a few words to a line
TARGET_WIDTHS = (3.4, 1.3, 2.0, 1.4, 1.8, 1.9, 2.1, 2.1)
TRACKING_WIDTHS = (3.4, 1.3, 1.7, 1.7, 1.3, 1.2, 1.3, 1.6, 1.2, 1.3)
TAKE_WIDTHS = (4.0, 4.2, 1.8, 1.8, 4.2)
ASSUMPTION_WIDTHS = (3.8, 2.6, 2.4, 5.4, 1.8)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def template() -> Document:
    """A fresh document from the shipped template (styles, page size, footer)."""
    data = resources.files("parksim.report").joinpath("templates/brief.docx").read_bytes()
    return docx.Document(io.BytesIO(data))


def document_bytes(
    numbers: Numbers, images: Mapping[str, bytes], out_name: str, lang: Lang
) -> bytes:
    """The whole briefing as .docx bytes; ``out_name`` goes into the reproduce command."""
    document = template()
    title_block(document, numbers, lang)
    if len(numbers.summary.targets):
        targets_section(document, numbers, lang)
        charts_section(document, numbers, images, lang)
        tracking_section(document, numbers, lang)
        takes_section(document, numbers, lang)
    if numbers.compared:
        compare_section(document, numbers, lang)
    appendix(document, numbers, out_name, lang)
    properties = document.core_properties
    properties.title = clean(prose_title(numbers, lang))
    properties.author = properties.last_modified_by = "parksim"
    properties.created = properties.modified = numbers.created.replace(tzinfo=None)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def prose_title(numbers: Numbers, lang: Lang) -> str:
    return word("brief.title", lang).format(name=prose.scenario_name(numbers.scenario, lang))


def title_block(document: Document, numbers: Numbers, lang: Lang) -> None:
    """Title, date · paths · seed · file, and the summary written from the numbers."""
    document.add_heading(clean(prose_title(numbers, lang)), level=0)
    document.add_paragraph(clean(prose.meta_line(numbers, lang)), style="Subtitle")
    document.add_heading(word("brief.h_summary", lang), level=1)
    document.add_paragraph(clean(prose.summary_paragraph(numbers, lang)))


def targets_section(document: Document, numbers: Numbers, lang: Lang) -> None:
    """The target table with its traffic lights, as the app shows it."""
    document.add_heading(word("brief.h_targets", lang), level=1)
    table = cells.targets_view(numbers.summary, numbers.scenario, lang)
    lights = [str(s) for s in numbers.summary.targets["status"]]
    status = cells.TARGET_COLUMNS.index("col.status")
    frame_table(document, table, TARGET_WIDTHS, {status: lights})
    document.add_paragraph(prose.status_note(numbers.scenario, lang), style="Caption")


def charts_section(
    document: Document, numbers: Numbers, images: Mapping[str, bytes], lang: Lang
) -> None:
    """One fan chart per indicator that carries a target, each with its caption."""
    document.add_heading(word("brief.h_charts", lang), level=1)
    for n, (indicator, image) in enumerate(images.items(), start=1):
        document.add_picture(io.BytesIO(image), width=PICTURE_WIDTH)
        caption = prose.chart_caption(numbers.scenario, indicator, n, lang)
        document.add_paragraph(clean(caption), style="Caption")


def tracking_section(document: Document, numbers: Numbers, lang: Lang) -> None:
    """The latest figures against 序时进度, and the figures the forecast did not expect."""
    document.add_heading(word("brief.h_tracking", lang), level=1)
    summary, scenario = numbers.summary, numbers.scenario
    table = cells.tracking_view(summary, scenario, lang)
    if not len(table):
        document.add_paragraph(word("brief.no_tracking", lang))
        return
    pace = list(table.columns).index(word("col.pace", lang))
    frame_table(document, table, TRACKING_WIDTHS, {pace: cells.tracking_lights(summary)})
    flagged = surprise_lines(summary.surprises.to_dict(orient="records"), scenario, lang)
    if len(summary.surprises) and not flagged:
        flagged = [word("brief.no_surprise", lang)]
    for line in flagged:
        document.add_paragraph(clean(line))


def takes_section(document: Document, numbers: Numbers, lang: Lang) -> None:
    """ "What it takes" for the targets not on track."""
    document.add_heading(prose.takes_heading(lang), level=1)
    if not numbers.takes:
        document.add_paragraph(word("brief.takes_none", lang))
        return
    document.add_paragraph(prose.takes_note(lang))
    add_table(document, prose.take_header(lang), prose.take_rows(numbers, lang), TAKE_WIDTHS)


def compare_section(document: Document, numbers: Numbers, lang: Lang) -> None:
    """The targets of this scenario beside those of the compared ones, and the inputs on
    which they differ."""
    document.add_heading(word("brief.h_compare", lang), level=1)
    document.add_paragraph(word("brief.compare_note", lang))
    labels = prose.compared_labels(numbers)
    summaries = [numbers.summary, *(summary for _, summary in numbers.compared)]
    runs = list(zip(labels, summaries, strict=True))
    if len(numbers.summary.targets):
        frame_table(document, cells.compare_targets_view(runs, numbers.scenario, lang))
    document.add_heading(word("compare_assumptions", lang), level=2)
    scenarios = [numbers.scenario, *(other for other, _ in numbers.compared)]
    differ = cells.assumptions_view(scenarios, labels, lang)
    if len(differ):
        frame_table(document, differ, [6.0, *_share(len(labels) + 1, 10.0)])  # item, values, source
    else:
        document.add_paragraph(word("compare_no_diff", lang))


def appendix(document: Document, numbers: Numbers, out_name: str, lang: Lang) -> None:
    """The key inputs with their sources (✓ / ⚠), and the command that redoes it all."""
    document.add_heading(word("brief.h_appendix", lang), level=1)
    rows = prose.assumption_rows(numbers.scenario, lang)
    if rows:
        document.add_paragraph(word("brief.appendix_note", lang))
        add_table(document, prose.assumption_header(lang), rows, ASSUMPTION_WIDTHS)
    document.add_heading(word("brief.h_reproduce", lang), level=2)
    document.add_paragraph(word("brief.reproduce_note", lang))
    command = prose.reproduce_command(numbers, out_name, lang)
    document.add_paragraph(clean(command), style="Command")


# ----------------------------------------------------------------------------- tables


def frame_table(
    document: Document,
    frame: pd.DataFrame,
    widths: Sequence[float] | None = None,
    lights: Mapping[int, Sequence[str]] | None = None,
) -> Table:
    """A data frame of text cells as a Word table, its headers as the header row."""
    rows = [[str(cell) for cell in row] for row in frame.itertuples(index=False)]
    return add_table(document, [str(c) for c in frame.columns], rows, widths, lights=lights)


def add_table(
    document: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float] | None = None,
    *,
    lights: Mapping[int, Sequence[str]] | None = None,
) -> Table:
    """A grid table: a bold header row repeated on every page, then ``rows``; column widths
    in cm (default: the first column ``NAME_WIDTH_CM``, the others sharing the rest); the
    cells of a column in ``lights`` coloured by the status of their row (``on_track`` …)."""
    table: Table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths or _widths(len(header)), strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _fill(cell, text).bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for r, row in enumerate(rows, start=1):
        for cell, text in zip(table.rows[r].cells, row, strict=True):
            _fill(cell, text)
    for column, statuses in (lights or {}).items():
        for r, status in enumerate(statuses, start=1):
            _light(table.cell(r, column), status)
    return table


def _widths(columns: int) -> list[float]:
    """The name column first, then equal shares of the rest of the text width."""
    if columns == 1:
        return [TEXT_WIDTH_CM]
    return [NAME_WIDTH_CM, *_share(columns - 1, TEXT_WIDTH_CM - NAME_WIDTH_CM)]


def _share(columns: int, width: float) -> list[float]:
    return [width / columns] * columns


def _fill(cell: _Cell, text: str) -> Run:
    """Write ``text`` into a table cell as one plain run in the ``Table Text`` style."""
    paragraph = cell.paragraphs[0]
    paragraph.style = "Table Text"
    run: Run = paragraph.add_run(clean(text))
    return run


def _light(cell: _Cell, status: str) -> None:
    """A traffic light: the cell shaded and its text coloured as the app colours it."""
    colours = cells.LIGHT_COLOURS.get(status)
    if colours is None:
        return
    text, background = colours
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), background.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)
    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor.from_string(text.lstrip("#").upper())


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters, lone
    surrogates): they would make the document unreadable."""
    return NOT_XML.sub("", text)
