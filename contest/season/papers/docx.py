"""A paper as a Word document (.docx, python-docx): the same description as the PDF, the
notice's table drawn as a fixed-width Word table, the QR code in the page header.

Chinese text is set with w:eastAsia (宋体; Word and WPS have it, LibreOffice substitutes a
Noto CJK serif) and Latin text with Times New Roman, as the notice's forms. A name cell is
marked w:noWrap and sized to its width, so Word keeps each name on one line.
"""

from __future__ import annotations

import io

from contest.season.papers.model import BASE_SIZE, Cell, Line, Paper, fits, name_size, names_size

EAST_ASIA = "宋体"
LATIN = "Times New Roman"
QR_MM = 22


def _fonts(element, size: float | None = None, bold: bool = False) -> None:
    """Set a run's (or style's) Latin and East Asian fonts, size and weight."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = element.font
    font.name = LATIN
    if size is not None:
        font.size = Pt(size)
    font.bold = bold or None
    properties = element.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(key), LATIN)
    fonts.set(qn("w:eastAsia"), EAST_ASIA)


# XML 1.0 has no place for these; typed text could hold one (pasted from elsewhere).
_NOT_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _text(paragraph, text: str, *, size: float | None = None, bold: bool = False, underline=False):
    run = paragraph.add_run(text.translate(_NOT_XML))
    _fonts(run, size, bold)
    if underline:
        run.font.underline = True
    return run


def _spacing(paragraph, after: float = 0, before: float = 0) -> None:
    from docx.shared import Pt

    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(before)


def _qr_png(text: str) -> bytes:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, box_size=8)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out, format="PNG")
    return out.getvalue()


def _header(section, paper: Paper) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    header = section.header
    picture = header.paragraphs[0]
    picture.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    picture.add_run().add_picture(io.BytesIO(_qr_png(paper.code)), width=Mm(QR_MM))
    _spacing(picture)
    caption = header.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _spacing(caption)
    _text(caption, paper.code, size=5)


def _cell_width(cell, millimetres: float) -> None:
    from docx.shared import Mm

    cell.width = Mm(millimetres)


def _no_wrap(cell) -> None:
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    # The schema's order: noWrap comes before tcMar, textDirection, tcFitText, vAlign, hideMark.
    properties.insert_element_before(
        properties.makeelement(qn("w:noWrap"), {}),
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
    )


def _fill(paper: Paper, row: tuple[Cell, ...], index: int, target) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell = row[index]
    target.vertical_alignment = (
        WD_ALIGN_VERTICAL.TOP if cell.kind == "text" else WD_ALIGN_VERTICAL.CENTER
    )
    first = target.paragraphs[0]
    if cell.kind == "text":
        _lines(target, cell.lines, first)
        return
    if cell.kind == "names":
        _names(paper.width(row, index), cell, target)
        return
    size = BASE_SIZE
    if cell.kind == "name":
        width = paper.width(row, index)
        size = name_size(cell.text, width)
        if fits(cell.text, width):
            _no_wrap(target)
    if cell.kind in ("label", "center"):
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(first)
    _text(first, cell.text, size=size, bold=cell.kind == "heading")


def _names(width: float, cell: Cell, target) -> None:
    """Each name on its own line, all at one size, the cell never wrapping them."""
    texts = [line.text for line in cell.lines]
    size = names_size(texts, width)
    if all(fits(text, width) for text in texts):
        _no_wrap(target)
    for number, text in enumerate(texts):
        paragraph = target.paragraphs[0] if number == 0 else target.add_paragraph()
        _spacing(paragraph)
        _text(paragraph, text, size=size)


def _lines(container, lines: tuple[Line, ...], first=None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for number, line in enumerate(lines):
        paragraph = first if number == 0 and first is not None else container.add_paragraph()
        _spacing(paragraph, after=2, before=4 if line.style == "heading" else 0)
        if line.style == "stamp":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _spacing(paragraph, before=18, after=6)
        elif line.style == "para":
            paragraph.paragraph_format.first_line_indent = Pt(BASE_SIZE * 2)
        _text(paragraph, line.text, size=BASE_SIZE, bold=line.style == "heading")


def _table(document, paper: Paper) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    grid = document.add_table(rows=len(paper.rows), cols=len(paper.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    grid._tbl.tblPr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    for column, width in zip(grid.columns, paper.columns, strict=True):
        column.width = Mm(width)
    for r, row in enumerate(paper.rows):
        for c in range(len(paper.columns)):
            _cell_width(grid.cell(r, c), paper.columns[c])
        start = 0
        for index, cell in enumerate(row):
            target = grid.cell(r, start)
            if cell.span > 1:
                target = target.merge(grid.cell(r, start + cell.span - 1))
            _cell_width(target, paper.width(row, index))
            _fill(paper, row, index, target)
            start += cell.span
        height = max((cell.height_mm for cell in row), default=0)
        if height:
            grid.rows[r].height = Mm(height)


def render(paper: Paper) -> bytes:
    """The paper as .docx bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Mm

    document = Document()
    normal = document.styles["Normal"]
    _fonts(normal, BASE_SIZE)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(16)
    section.header_distance = Mm(8)
    _header(section, paper)
    body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    _text(body, paper.lead)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(title, after=6)
    _text(title, paper.title, size=15, bold=True)
    if paper.subtitle:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _text(line, paper.subtitle)
    if paper.header:
        line = document.add_paragraph()
        _spacing(line, after=4)
        line.paragraph_format.tab_stops.add_tab_stop(Mm(174), WD_TAB_ALIGNMENT.RIGHT)
        for index, (label, value) in enumerate(paper.header):
            _text(line, ("\t" if index else "") + f"{label}：")
            _text(line, f" {value} ", underline=True)
    if paper.rows:
        _table(document, paper)
    _lines(document, paper.body)
    for text in paper.footer:
        line = document.add_paragraph()
        _spacing(line, before=6)
        _text(line, text)
    for index, text in enumerate(paper.notes):
        line = document.add_paragraph()
        _spacing(line, before=6 if index == 0 else 0)
        if index:
            line.paragraph_format.left_indent = Mm(7)
        _text(line, text, size=9.5)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
