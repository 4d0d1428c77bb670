"""DOCX output (python-docx): the section ready to paste into the office's document.

Heading, narrative paragraphs (with their numbered lists), each table with its caption
below it as the LKjIP places them, and the charts with their ``Gambar`` captions.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from kinerja.report.charts import Chart
from kinerja.report.narrative import Paragraph
from kinerja.report.tables import Table, cell_text

_CHART_WIDTH = Cm(15)


def _table(doc: DocxDocument, table: Table) -> None:
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, col in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(col.header)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in table.all_rows():
        cells = grid.add_row().cells
        for cell, col in zip(cells, table.columns, strict=True):
            para = cell.paragraphs[0]
            run = para.add_run(cell_text(col, row[col.key]))
            run.bold = row is table.total
            run.font.size = Pt(9)
            if col.kind != "text":
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(table.caption, style="Caption")
    if table.note:
        doc.add_paragraph(table.note)


def write_docx(path: Path, heading: str, paragraphs: Sequence[Paragraph], tables: Sequence[Table],
               charts: Sequence[Chart]) -> Path:
    """Write the section as a Word document."""
    doc = Document()
    doc.add_heading(heading, level=1)
    for p in paragraphs:
        doc.add_paragraph(p.text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for item in p.items:
            doc.add_paragraph(item, style="List Number")
    for table in tables:
        _table(doc, table)
    for chart in charts:
        doc.add_picture(io.BytesIO(chart.png), width=_CHART_WIDTH)
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(chart.caption, style="Caption")
    doc.save(str(path))
    return path
