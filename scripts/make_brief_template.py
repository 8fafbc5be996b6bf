"""Writes ``src/parksim/report/templates/brief.docx``, the briefing's Word template: A4
portrait, 2.5 cm margins, Chinese fonts declared in the styles, page numbers in the footer.

The styling lives in that document, not in the code that fills it: a planner may restyle the
template in Word, and the briefing follows. This script only records how the shipped one was
made; run it again after changing it (``python3 scripts/make_brief_template.py``).

Fonts: every style names a Latin font (``w:ascii``/``w:hAnsi``) and an East Asian one
(``w:eastAsia``): 宋体 for text, 黑体 for headings, both on every Chinese Windows since XP.
The font table adds their English names (SimSun, SimHei) as ``w:altName`` and the GB2312
charset, so Word, WPS and LibreOffice substitute a Chinese font (e.g. Noto CJK) where neither
is installed, instead of drawing boxes.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "parksim" / "report" / "templates" / "brief.docx"
TEXT_FONTS = ("Calibri", "宋体")
HEADING_FONTS = ("Calibri", "黑体")
ALT_NAMES = {"宋体": "SimSun", "黑体": "SimHei"}
STYLES = {  # name: (fonts, size in points, bold, colour)
    "Normal": (TEXT_FONTS, 10.5, False, None),
    "Title": (HEADING_FONTS, 20, True, "1F3864"),
    "Subtitle": (TEXT_FONTS, 10.5, False, "595959"),
    "Heading 1": (HEADING_FONTS, 15, True, "1F3864"),
    "Heading 2": (HEADING_FONTS, 12, True, "1F3864"),
    "Caption": (TEXT_FONTS, 9, False, "595959"),
    "Footer": (TEXT_FONTS, 9, False, "595959"),
}


def set_fonts(rpr: object, latin: str, east_asian: str) -> None:
    """Explicit fonts on a run-properties element; theme fonts (which name a Japanese font in
    python-docx's default template) are removed so they cannot win."""
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attribute in list(fonts.attrib):
        if attribute.lower().endswith("theme"):
            del fonts.attrib[attribute]
    for name in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{name}"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    language = rpr.find(qn("w:lang"))  # type: ignore[attr-defined]
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)  # type: ignore[attr-defined]
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")


def add_font_entries(document: Document) -> None:
    """宋体 and 黑体 in the font table, with their English names and the GB2312 charset."""
    part = next(p for p in document.part.package.parts if p.partname.endswith("fontTable.xml"))
    root = etree.fromstring(part.blob)
    for name, alt in ALT_NAMES.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("altName", alt), ("charset", "86"), ("family", "auto")):
            etree.SubElement(font, qn(f"w:{tag}")).set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def page_number_footer(section: Section) -> None:
    """A centred PAGE field in the footer: Word and LibreOffice fill in the number."""
    paragraph = section.footer.paragraphs[0]
    paragraph.style = "Footer"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text or ""


def add_paragraph_styles(document: Document) -> None:
    """``Table Text`` (table cells: 9 pt, no space after) and ``Command`` (the reproduce
    command: a monospaced Latin font, 8.5 pt)."""
    for name, size, latin in (("Table Text", 9, TEXT_FONTS[0]), ("Command", 8.5, "Consolas")):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(size)
        style.paragraph_format.space_after = Pt(0 if name == "Table Text" else 6)
        style.paragraph_format.line_spacing = 1.0
        set_fonts(style.element.get_or_add_rPr(), latin, TEXT_FONTS[1])


def main() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), *TEXT_FONTS)
    for name, ((latin, east_asian), size, bold, colour) in STYLES.items():
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        if colour is not None:
            style.font.color.rgb = RGBColor.from_string(colour)
        set_fonts(style.element.get_or_add_rPr(), latin, east_asian)
    document.styles["Title"].paragraph_format.space_after = Pt(6)
    add_paragraph_styles(document)
    for fonts in document.styles.element.iter(qn("w:rFonts")):  # the styles not set above
        if fonts.get(qn("w:eastAsiaTheme")) is not None:
            major = "major" in fonts.get(qn("w:eastAsiaTheme"), "")
            set_fonts(fonts.getparent(), *(HEADING_FONTS if major else TEXT_FONTS))
    add_font_entries(document)
    page_number_footer(section)
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    document.core_properties.author = "parksim"
    document.core_properties.title = "parksim briefing template"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(OUT)
    print(f"written {OUT}")


if __name__ == "__main__":
    main()
