"""DOCX output (python-docx): Bab III as the office files it.

A4 portrait (F4 215 x 330 mm as an option) with the margins of a government document (Tata
Naskah Dinas: left 3 cm, top, right and bottom 2 cm), Indonesian (``id-ID``) set on the
document defaults and on every style, page numbers in the footer. The chapter is written in
reading order: headings, paragraphs, each table with its caption *above* it in the
document's own ``Caption`` style (black, bold: a template's own Caption style is used as is),
its note below; charts with their ``Gambar`` caption below.

Tables have fixed column widths fitted to their content: a number is never narrower than its
widest value (no ``3.064.933.00/0``), a text column no narrower than its longest word; a
table whose columns do not fit the portrait text width is placed in its own landscape
section (and printed smaller if even that is too narrow). Header rows repeat on every page
and rows do not split across pages.

``template``: a .docx whose styles are used (its body text is removed; the paper and margins
stay those above).
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from kinerja.report.charts import Chart
from kinerja.report.narrative import Heading, Paragraph
from kinerja.report.tables import Table, cell_text

if TYPE_CHECKING:
    from kinerja.report.document import Report

LANG: Final = "id-ID"
FONT: Final = "Arial"
PAPERS: Final[dict[str, tuple[Cm, Cm]]] = {"A4": (Cm(21.0), Cm(29.7)), "F4": (Cm(21.5), Cm(33.0))}
MARGINS: Final = {"left": Cm(3), "right": Cm(2), "top": Cm(2), "bottom": Cm(2)}
_CHART_WIDTH = Cm(15)
_CELL_MARGIN_TWIPS = 57  # 0,1 cm left and right in every cell (Word's default is 0,19 cm)
_CELL_PAD = Cm(0.28)  # both cell margins and a little air
_TEXT_CAP = Cm(6.5)  # a text column grows up to this width before wrapping


def _set_lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANG)


def _styles(doc: DocxDocument, own: bool) -> None:
    """Indonesian on the defaults and every style; the report's own look unless a template gives one."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                rpr_default.append(rpr)
            _set_lang(rpr)
    for style in doc.styles:
        element = style.element
        rpr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else None
        if rpr is not None:
            _set_lang(rpr)
    if not own:
        return
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size in ((1, 14), (2, 12), (3, 11), (4, 11)):
        style = doc.styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.italic = level == 4
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(12 if level < 3 else 8), Pt(6)
    caption = doc.styles["Caption"]
    caption.font.name, caption.font.size, caption.font.bold, caption.font.italic = FONT, Pt(10), True, False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.space_before, caption.paragraph_format.space_after = Pt(8), Pt(4)
    caption.paragraph_format.keep_with_next = True


def _page(section, paper: str, landscape: bool) -> None:
    width, height = PAPERS[paper]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    if landscape:  # the binding edge (3 cm) stays on the side that is bound: the top of a turned page
        section.left_margin, section.right_margin = MARGINS["right"], MARGINS["right"]
        section.top_margin, section.bottom_margin = MARGINS["left"], MARGINS["bottom"]
    else:
        for side, value in MARGINS.items():
            setattr(section, f"{side}_margin", value)


def _page_numbers(section) -> None:
    para = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), tag)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def _text_width(text: str, size: float, bold: bool = False) -> int:
    """An estimate (EMU) of a text's width in Arial at ``size`` points (digits 0,556 em, others ~0,5 em)."""
    em = Pt(size)
    width = sum(0.556 if ch.isdigit() else 0.28 if ch in ".,;:!|iljtf()- " else 0.5 if ch.islower()
                else 0.722 if ch.isupper() else 0.6 for ch in text) * em
    return int(width * (1.15 if bold else 1.03))  # bold Arial is wider; a margin against rounding


def fit_columns(table: Table, size: float) -> tuple[list[int], list[int]]:
    """(minimum, desired) width (EMU) of each column: minimum = the widest unbreakable value (a
    whole number, a word), desired = the longest text up to :data:`_TEXT_CAP`."""
    minimum, desired = [], []
    for col in table.columns:
        texts = [(cell_text(col, row[col.key]), row is table.total) for row in table.all_rows()]
        header_words = [(w, True) for w in col.header.split()]
        if col.kind == "text":
            words = [(w, bold) for t, bold in texts for w in t.split()] + header_words
            low = max((_text_width(w, size, b) for w, b in words), default=0)
            high = max([low] + [min(_text_width(t, size, b), _TEXT_CAP) for t, b in texts])
        else:
            low = max([_text_width(t, size, b) for t, b in texts] + [_text_width(w, size, b) for w, b in header_words])
            high = low
        minimum.append(int(low + _CELL_PAD))
        desired.append(int(high + _CELL_PAD))
    return minimum, desired


def _widths(minimum: list[int], desired: list[int], available: int) -> list[int]:
    widths = list(minimum)
    room = available - sum(widths)
    want = [d - m for d, m in zip(desired, minimum, strict=True)]
    if room > 0 and sum(want) > 0:
        share = min(1.0, room / sum(want))
        widths = [m + int(w * share) for m, w in zip(minimum, want, strict=True)]
    return widths


def _text_area(section) -> int:
    return int(section.page_width - section.left_margin - section.right_margin)


def _row_props(row, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)
    if header:
        rep = OxmlElement("w:tblHeader")
        rep.set(qn("w:val"), "true")
        trpr.append(rep)


def _grid(doc: DocxDocument, table: Table, widths: list[int], size: float) -> None:
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    tblpr = grid._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(_CELL_MARGIN_TWIPS))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tblpr.append(margins)
    for gc, w in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        gc.set(qn("w:w"), str(int(Emu(w).twips)))
    _row_props(grid.rows[0], header=True)
    for cell, col, w in zip(grid.rows[0].cells, table.columns, widths, strict=True):
        cell.width = Emu(w)
        cell.text = ""
        run = cell.paragraphs[0].add_run(col.header)
        run.bold, run.font.size = True, Pt(size)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), "D9D9D9")
        cell._tc.get_or_add_tcPr().append(shade)
    # A body row is a copy of a template row (one for ordinary rows, one for the bold total),
    # built once per table through python-docx; each copy gets only its cells' text. Setting the
    # same properties cell by cell through python-docx cost about 1 ms a cell (the sample's DOCX
    # took 1,3-1,5 s to write, now 0,5-0,8 s); the XML written is the same.
    templates: dict[bool, Any] = {}
    for row in table.all_rows():
        bold = row is table.total
        if bold not in templates:
            templates[bold] = _template_row(grid, table, widths, size, bold)
        tr = copy.deepcopy(templates[bold])
        grid._tbl.append(tr)
        for r, col in zip(tr.iter(qn("w:r")), table.columns, strict=True):
            r.text = cell_text(col, row[col.key])


def _template_row(grid, table: Table, widths: list[int], size: float, bold: bool) -> Any:
    """A body row of ``grid`` with every cell's properties and an empty run, detached."""
    line = grid.add_row()
    _row_props(line, header=False)
    for cell, col, w in zip(line.cells, table.columns, widths, strict=True):
        cell.width = Emu(w)
        para = cell.paragraphs[0]
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run()
        run.bold = bold
        run.font.size = Pt(size)
        if col.kind != "text":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            tcpr = cell._tc.get_or_add_tcPr()
            tcpr.append(OxmlElement("w:noWrap"))
    grid._tbl.remove(line._tr)
    return line._tr


def _fit(table: Table, available: int, smallest: float) -> tuple[float, list[int], list[int]] | None:
    """The largest font size (9 pt down to ``smallest``) at which the columns' minimum widths fit."""
    size = 9.0
    while size >= smallest:
        minimum, desired = fit_columns(table, size)
        if sum(minimum) <= available:
            return size, minimum, desired
        size -= 0.5
    return None


def _table(doc: DocxDocument, table: Table, paper: str) -> None:
    portrait = _text_area(doc.sections[-1])
    fitted = _fit(table, portrait, 8.0)  # portrait down to 8 pt, else a landscape section
    landscape = fitted is None
    if landscape:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section, paper, landscape=True)
        available = _text_area(section)
        fitted = _fit(table, available, 6.0)
        if fitted is None:  # even landscape at 6 pt: print at 6 pt, text columns wrap at their words
            fitted = (6.0, *fit_columns(table, 6.0))
    else:
        available = portrait
    size, minimum, desired = fitted
    doc.add_paragraph(table.caption, style="Caption")
    _grid(doc, table, _widths(minimum, desired, available), size)
    if table.note:
        note = doc.add_paragraph()
        run = note.add_run(table.note)
        run.italic, run.font.size = True, Pt(8.5)
        note.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if landscape:
        _page(doc.add_section(WD_SECTION.NEW_PAGE), paper, landscape=False)


def _paragraph(doc: DocxDocument, p: Paragraph) -> None:
    para = doc.add_paragraph()
    run = para.add_run(p.text)
    if p.style == "placeholder":
        run.bold = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    elif p.style == "label":
        run.bold = True
        para.paragraph_format.keep_with_next = True
    elif p.style == "subtitle":
        run.italic = True
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if p.style != "subtitle":
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for item in p.items:
        doc.add_paragraph(item, style="List Number")


def _chart(doc: DocxDocument, chart: Chart) -> None:
    doc.add_picture(io.BytesIO(chart.png), width=min(_CHART_WIDTH, _text_area(doc.sections[-1])))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.add_paragraph(chart.caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER


def _empty(doc: DocxDocument) -> None:
    """Remove a template's body content, keeping its final section properties."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def write_docx(path: Path, report: Report, template: Path | None = None, paper: str = "A4") -> Path:
    """Write the chapter as a Word document (A4 or F4; a template's styles when given)."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; choose from {', '.join(PAPERS)}")
    doc = Document(str(template)) if template is not None else Document()
    if template is not None:
        _empty(doc)
    _page(doc.sections[0], paper, landscape=False)  # a template gives the styles; the paper is --paper
    _styles(doc, own=template is None)
    _page_numbers(doc.sections[0])
    for block in report.blocks:
        if isinstance(block, Heading):
            para = doc.add_heading(block.text, level=block.level)
            if block.level == 1:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            _table(doc, block, paper)
        elif isinstance(block, Chart):
            _chart(doc, block)
    for section in doc.sections[1:]:  # new sections inherit the footer (page numbers) of the first
        section.footer.is_linked_to_previous = True
    doc.save(str(path))
    return path


__all__ = ["LANG", "PAPERS", "fit_columns", "write_docx"]
