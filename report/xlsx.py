"""XLSX output (xlsxwriter): one sheet per table, a narrative sheet and a chart sheet.

Numbers are stored as numbers: rupiah and counts as whole numbers with ``#,##0``, percentages
(0..100 scale) and indices, already rounded to 2 decimals, with ``0.00``; Excel draws the separators of the
viewer's regional settings (``123.380.040.660`` and ``39,56`` under id-ID). Every text cell is
written with ``write_string`` (never a formula or a link) and a text that begins with
``=``, ``+``, ``-`` or ``@`` also gets Excel's quote prefix, so it stays text if edited.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from kinerja.report.charts import Chart
from kinerja.report.narrative import Paragraph
from kinerja.report.tables import Cell, Column, Table

FORMULA_START = ("=", "+", "-", "@")
NUMBER_NOTE = (
    "Catatan: angka disimpan sebagai angka; pemisah ribuan dan desimal mengikuti pengaturan "
    "regional Excel (Indonesia: 123.456.789 dan 39,56). Rupiah dibulatkan ke rupiah penuh, "
    "persentase dan indeks ke 2 desimal (pembulatan ke atas pada 0,5)."
)
_HEADER_ROW = 2
_IMAGE_SCALE = 0.6
_ROW_PX = 20  # default row height in pixels


class _Formats:
    """The workbook's cell formats."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        border = {"border": 1, "valign": "top"}
        self.caption = wb.add_format({"bold": True, "font_size": 12})
        self.note = wb.add_format({"italic": True, "font_color": "#555555"})
        self.header = wb.add_format({**border, "bold": True, "bg_color": "#DDEBF7", "text_wrap": True,
                                     "align": "center", "valign": "vcenter"})
        self.cells: dict[tuple[str, bool, bool], xlsxwriter.format.Format] = {}
        for kind, num in (("no", "0"), ("money", "#,##0"), ("count", "#,##0"), ("pct", "0.00"), ("num", "0.00"),
                          ("text", "@")):
            for bold in (False, True):
                for quoted in (False, True):
                    props: dict[str, object] = {**border, "num_format": num, "bold": bold}
                    if quoted:
                        props["quote_prefix"] = True
                    self.cells[kind, bold, quoted] = wb.add_format(props)
        self.para = wb.add_format({"text_wrap": True, "valign": "top"})
        self.para_quoted = wb.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})


def write_text(ws: Worksheet, row: int, col: int, text: str, fmt: object, quoted_fmt: object) -> None:
    """Write inert text: ``write_string`` always, plus the quote prefix for formula-like text."""
    ws.write_string(row, col, text, quoted_fmt if text.startswith(FORMULA_START) else fmt)


def _cell(ws: Worksheet, fm: _Formats, r: int, c: int, col: Column, value: Cell, bold: bool) -> None:
    kind = col.kind
    if value is None:
        write_text(ws, r, c, "-" if kind == "pct" else "", fm.cells["text", bold, False], fm.cells["text", bold, True])
    elif isinstance(value, str):
        write_text(ws, r, c, value, fm.cells["text", bold, False], fm.cells["text", bold, True])
    else:
        whole = kind in ("no", "money", "count") and value == int(value)
        number = int(value) if whole else float(Decimal(value))
        ws.write_number(r, c, number, fm.cells[kind, bold, False])


def _table_sheet(wb: xlsxwriter.Workbook, fm: _Formats, table: Table) -> None:
    ws = wb.add_worksheet(table.sheet)
    write_text(ws, 0, 0, table.caption, fm.caption, fm.caption)
    for c, col in enumerate(table.columns):
        write_text(ws, _HEADER_ROW, c, col.header, fm.header, fm.header)
        width = 6 if col.kind == "no" else 40 if col.kind == "text" else 20
        ws.set_column(c, c, width)
    ws.set_row(_HEADER_ROW, 32)
    ws.freeze_panes(_HEADER_ROW + 1, 0)
    r = _HEADER_ROW
    for r, row in enumerate(table.all_rows(), start=_HEADER_ROW + 1):
        bold = row is table.total
        for c, col in enumerate(table.columns):
            _cell(ws, fm, r, c, col, row[col.key], bold)
    notes = ([table.note] if table.note else []) + [NUMBER_NOTE]
    for i, note in enumerate(notes, start=r + 2):
        write_text(ws, i, 0, note, fm.note, fm.note)


def _narrative_sheet(wb: xlsxwriter.Workbook, fm: _Formats, heading: str, paragraphs: Sequence[Paragraph]) -> None:
    ws = wb.add_worksheet("Narasi")
    ws.set_column(0, 0, 120)
    write_text(ws, 0, 0, heading, fm.caption, fm.caption)
    r = 2
    for p in paragraphs:
        write_text(ws, r, 0, p.text, fm.para, fm.para_quoted)
        r += 1
        for n, item in enumerate(p.items, start=1):
            write_text(ws, r, 0, f"{n}. {item}", fm.para, fm.para_quoted)
            r += 1
        r += 1


def _chart_sheet(wb: xlsxwriter.Workbook, fm: _Formats, charts: Sequence[Chart]) -> None:
    ws = wb.add_worksheet("Grafik")
    r = 0
    for chart in charts:
        write_text(ws, r, 0, chart.caption, fm.caption, fm.caption)
        ws.insert_image(r + 1, 0, f"{chart.key}.png",
                        {"image_data": io.BytesIO(chart.png), "x_scale": _IMAGE_SCALE, "y_scale": _IMAGE_SCALE,
                         "object_position": 3})
        height = struct.unpack(">I", chart.png[20:24])[0]  # PNG IHDR: width at 16, height at 20
        r += int(height * _IMAGE_SCALE / _ROW_PX) + 3


def write_xlsx(path: Path, heading: str, paragraphs: Sequence[Paragraph], tables: Sequence[Table],
               charts: Sequence[Chart]) -> Path:
    """Write the workbook: ``Narasi``, one sheet per table, ``Grafik``."""
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(str(path), options) as wb:
        fm = _Formats(wb)
        _narrative_sheet(wb, fm, heading, paragraphs)
        for table in tables:
            _table_sheet(wb, fm, table)
        if charts:
            _chart_sheet(wb, fm, charts)
    return path
