"""Vietnamese administrative documents as DOCX (after Decree 30/2020/ND-CP): the building blocks every
service's printed form uses (Times New Roman, A4, centred rules, borderless layout tables)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

FONT = "Times New Roman"
BODY = 14  # points; the decree allows 13-14 for the body
TEXT_WIDTH = 16.5  # cm: A4 width 21 less the left (3) and right (1.5) margins
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT


def date_line(place: str, day: dt.date) -> str:
    """``Hải Phòng, ngày 05 tháng 01 năm 2027``: a zero before days below 10 and months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def para(
    where: DocxDocument | _Cell,
    text: str = "",
    *,
    size: float = BODY,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    after: float = 0,
) -> Paragraph:
    """A paragraph with one run; a fresh cell's empty first paragraph is reused, not left blank."""
    fresh = isinstance(where, _Cell) and len(where.paragraphs) == 1 and not where.paragraphs[0].runs
    p = where.paragraphs[0] if fresh else where.add_paragraph()
    if text:
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    p.alignment = align
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(0), Pt(after)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1)
    return p


def rule(where: DocxDocument | _Cell, space: float, length: float, *, after: float = 0) -> None:
    """A short centred line, drawn as the bottom border of an empty 2-pt paragraph."""
    p = para(where, after=after)
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm((space - length) / 2)
    fmt.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    border.append(OxmlElement("w:bottom", {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1"}))
    # w:pPr children have a fixed order; Word refuses a file where pBdr comes after these.
    p._p.get_or_add_pPr().insert_element_before(
        border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )


def table(doc: DocxDocument, rows: int, widths: Sequence[float], *, grid: bool) -> Table:
    table: Table = doc.add_table(rows=rows, cols=len(widths), style="Table Grid" if grid else None)
    table.alignment, table.autofit = WD_TABLE_ALIGNMENT.CENTER, False
    if not grid:
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(OxmlElement(f"w:{edge}", {qn("w:val"): "nil"}))
        table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    # LibreOffice reads the grid, Word the cell widths: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def page_setup(doc: DocxDocument) -> None:
    """A4, the decree's margins, the body font; pages numbered from the second one, centred at the top."""
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    number._p.append(OxmlElement("w:fldSimple", {qn("w:instr"): "PAGE"}))


def letterhead(doc: DocxDocument, issuer: Sequence[str], number: str, dated: str) -> None:
    """The issuing body (upper lines, bold, a rule under it) beside the national motto; its number and
    the place and date on the line below."""
    layout = table(doc, 2, (6.0, 10.5), grid=False)
    body = layout.cell(0, 0)
    for line in issuer:
        para(body, line.upper(), size=13, bold=True, align=CENTER)
    rule(body, 5.6, 2.2)  # within the 6-cm cell less its margins
    nation = layout.cell(0, 1)
    para(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True, align=CENTER)
    motto = para(nation, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER)
    motto.runs[0].underline = True
    para(layout.cell(1, 0), number, size=13, align=CENTER)
    para(layout.cell(1, 1), dated, size=13, italic=True, align=CENTER)
    for cell in layout.rows[1].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
