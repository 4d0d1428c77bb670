"""XLSX output (xlsxwriter): a narrative sheet (the chapter's text in reading order), one sheet
per table and a chart sheet.

Every sheet is set up for printing: A4, fit to one page wide, the header row repeated on every
page, landscape when its columns are wider than a portrait page, columns sized to their
content and long text wrapped. The absorption-per-unit and RB-attainment charts are native
(editable) Excel charts over the table sheets' cells; the others are pictures.

Numbers are stored as numbers: rupiah and counts as whole numbers with ``#,##0``, percentages
(0..100 scale) and indices, already rounded to 2 decimals, with ``0.00``; Excel draws the separators of the
viewer's regional settings (``123.380.040.660`` and ``39,56`` under id-ID). Every text cell is
written with ``write_string`` (never a formula or a link) and a text that begins with
``=``, ``+``, ``-`` or ``@`` also gets Excel's quote prefix, so it stays text if edited.
"""

from __future__ import annotations

import io
import math
import struct
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import xlsxwriter
from xlsxwriter.worksheet import Worksheet
from typing import Final

from kinerja.report.charts import Chart
from kinerja.report.indicators import checkpoints
from kinerja.report.narrative import Heading, Paragraph
from kinerja.report.tables import Cell, Column, Table, cell_text

if TYPE_CHECKING:
    from kinerja.report.document import Report

FORMULA_START = ("=", "+", "-", "@")
NUMBER_NOTE = (
    "Catatan: angka disimpan sebagai angka; pemisah ribuan dan desimal mengikuti pengaturan "
    "regional Excel (Indonesia: 123.456.789 dan 39,56). Rupiah dibulatkan ke rupiah penuh, "
    "persentase dan indeks ke 2 desimal (pembulatan ke atas pada 0,5)."
)
_HEADER_ROW = 2
_IMAGE_SCALE = 0.6
_ROW_PX = 20  # default row height in pixels
A4: Final = 9  # xlsxwriter's paper code
PORTRAIT_CHARS: Final = 95  # column width units a portrait A4 page holds (margins 1,8 cm)
NARRATIVE_WIDTH: Final = 72  # fits a portrait A4 page at 100% (LibreOffice's substitute fonts are wider)
# native charts: chart key -> (table key, category column, value column or None for the latest RB checkpoint)
NATIVE: Final[dict[str, tuple[str, str, str | None]]] = {
    "penyerapan_upt": ("realisasi_upt", "unit", "persen"),
    "rb_satker": ("rb_satker", "unit", None),
}


class _Formats:
    """The workbook's cell formats."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        border = {"border": 1, "valign": "top"}
        self.caption = wb.add_format({"bold": True, "font_size": 12})
        self.caption_wrap = wb.add_format({"bold": True, "font_size": 12, "text_wrap": True, "valign": "top"})
        self.note = wb.add_format({"italic": True, "font_color": "#555555"})
        self.header = wb.add_format({**border, "bold": True, "bg_color": "#DDEBF7", "text_wrap": True,
                                     "align": "center", "valign": "vcenter"})
        self.cells: dict[tuple[str, bool, bool], xlsxwriter.format.Format] = {}
        for kind, num in (("no", "0"), ("money", "#,##0"), ("count", "#,##0"), ("pct", "0.00"), ("num", "0.00"),
                          ("text", "@")):
            for bold in (False, True):
                for quoted in (False, True):
                    props: dict[str, object] = {**border, "num_format": num, "bold": bold,
                                                "text_wrap": kind == "text"}
                    if quoted:
                        props["quote_prefix"] = True
                    self.cells[kind, bold, quoted] = wb.add_format(props)
        self.para = wb.add_format({"text_wrap": True, "valign": "top"})
        self.para_quoted = wb.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
        self.note = wb.add_format({"italic": True, "font_color": "#555555", "text_wrap": True, "valign": "top"})
        self.heading = wb.add_format({"bold": True, "font_size": 12, "text_wrap": True})
        self.label = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.placeholder = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#FFF3CD"})


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


def _lines(text: str, width: float) -> int:
    return max(1, math.ceil(len(text) * 1.1 / max(width, 1)))


def _widths(table: Table) -> list[float]:
    """Column widths (character units) fitted to the content: numbers never wrap, text up to 45."""
    widths = []
    for col in table.columns:
        texts = [cell_text(col, row[col.key]) for row in table.all_rows()]
        longest = max((len(t) for t in texts), default=0)
        header = max((len(w) for w in col.header.split()), default=0)
        if col.kind == "text":
            widths.append(float(min(max(longest, header, 8) + 2, 45)))
        else:
            widths.append(float(max(longest + 3, header + 2, 6)))
    return widths


def _print_setup(ws: Worksheet, header_row: int | None, wide: bool) -> None:
    ws.set_paper(A4)
    ws.set_landscape() if wide else ws.set_portrait()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as the rows need
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_margins(left=0.7, right=0.5, top=0.75, bottom=0.75)
    ws.set_footer("&CHalaman &P dari &N")


def _table_sheet(wb: xlsxwriter.Workbook, fm: _Formats, table: Table) -> None:
    ws = wb.add_worksheet(table.sheet)
    widths = _widths(table)
    total_width = sum(widths)
    if len(table.columns) > 1:  # the caption wraps over the table's width (never widens the printed page)
        ws.merge_range(0, 0, 0, len(table.columns) - 1, "", fm.caption_wrap)
    write_text(ws, 0, 0, table.caption, fm.caption_wrap, fm.caption_wrap)
    ws.set_row(0, 17 * _lines(table.caption, total_width * 0.9))
    for c, (col, width) in enumerate(zip(table.columns, widths, strict=True)):
        write_text(ws, _HEADER_ROW, c, col.header, fm.header, fm.header)
        ws.set_column(c, c, width)
    header_lines = max(_lines(col.header, w) for col, w in zip(table.columns, widths, strict=True))
    ws.set_row(_HEADER_ROW, 15 * header_lines + 4)
    ws.freeze_panes(_HEADER_ROW + 1, 0)
    r = _HEADER_ROW
    for r, row in enumerate(table.all_rows(), start=_HEADER_ROW + 1):
        bold = row is table.total
        for c, col in enumerate(table.columns):
            _cell(ws, fm, r, c, col, row[col.key], bold)
        lines = max(_lines(cell_text(col, row[col.key]), w) if col.kind == "text" else 1
                    for col, w in zip(table.columns, widths, strict=True))
        if lines > 1:
            ws.set_row(r, 15 * lines)
    notes = ([table.note] if table.note else []) + [NUMBER_NOTE]
    last_col = len(table.columns) - 1
    for i, note in enumerate(notes, start=r + 2):
        if last_col > 0:
            ws.merge_range(i, 0, i, last_col, "", fm.note)
        write_text(ws, i, 0, note, fm.note, fm.note)
        ws.set_row(i, 15 * _lines(note, total_width))
    _print_setup(ws, _HEADER_ROW, wide=total_width > PORTRAIT_CHARS)


def _narrative_sheet(wb: xlsxwriter.Workbook, fm: _Formats, report: Report) -> None:
    ws = wb.add_worksheet("Narasi")
    ws.set_column(0, 0, NARRATIVE_WIDTH)
    write_text(ws, 0, 0, report.heading, fm.heading, fm.heading)
    r = 2
    for b in report.blocks:
        if isinstance(b, Heading):
            write_text(ws, r, 0, b.text, fm.heading, fm.heading)
            ws.set_row(r, 18 * _lines(b.text, NARRATIVE_WIDTH * 0.85))
            r += 1
        elif isinstance(b, Paragraph):
            fmt = {"label": fm.label, "placeholder": fm.placeholder}.get(b.style, fm.para)
            write_text(ws, r, 0, b.text, fmt, fm.para_quoted)
            ws.set_row(r, 15 * _lines(b.text, NARRATIVE_WIDTH))
            r += 1
            for n, item in enumerate(b.items, start=1):
                write_text(ws, r, 0, f"{n}. {item}", fm.para, fm.para_quoted)
                ws.set_row(r, 15 * _lines(item, NARRATIVE_WIDTH))
                r += 1
            r += 1
        elif isinstance(b, Table | Chart):
            ref = f"[{b.caption}: lihat lembar {b.sheet if isinstance(b, Table) else 'Grafik'}]"
            write_text(ws, r, 0, ref, fm.note, fm.note)
            ws.set_row(r, 15 * _lines(ref, NARRATIVE_WIDTH))
            r += 2
    _print_setup(ws, None, wide=False)


def _native_chart(wb: xlsxwriter.Workbook, chart: Chart, tables: dict[str, Table]) -> xlsxwriter.chart.Chart | None:
    spec = NATIVE.get(chart.key)
    if spec is None or spec[0] not in tables:
        return None
    table = tables[spec[0]]
    value_key = spec[2] or f"capaian_{checkpoints(table)[-1]}"
    keys = [c.key for c in table.columns]
    cat, val = keys.index(spec[1]), keys.index(value_key)
    first, last = _HEADER_ROW + 1, _HEADER_ROW + len(table.rows)
    native = wb.add_chart({"type": "bar"})
    native.add_series({
        "name": table.columns[val].header,
        "categories": [table.sheet, first, cat, last, cat],
        "values": [table.sheet, first, val, last, val],
        "data_labels": {"value": True, "num_format": "0.00"},
        "fill": {"color": "#2F6F9F"},
    })
    native.set_title({"name": chart.caption, "name_font": {"size": 10}})
    native.set_x_axis({"min": 0, "max": 110, "num_format": "0", "name": "%"})
    native.set_y_axis({"reverse": True})
    native.set_legend({"none": True})
    native.set_size({"width": 620, "height": 26 * len(table.rows) + 120})
    return native


def _chart_sheet(wb: xlsxwriter.Workbook, fm: _Formats, charts: list[Chart], tables: dict[str, Table]) -> None:
    ws = wb.add_worksheet("Grafik")
    ws.set_column(0, 0, 90)
    r = 0
    breaks = []
    for chart in charts:
        if r:
            breaks.append(r)  # each chart starts a page: none is cut in two
        write_text(ws, r, 0, chart.caption, fm.caption, fm.caption)
        native = _native_chart(wb, chart, tables)
        if native is not None:
            ws.insert_chart(r + 1, 0, native, {"object_position": 3})
            height = 26 * len(tables[NATIVE[chart.key][0]].rows) + 120
            r += int(height / _ROW_PX) + 3
            continue
        width, height = struct.unpack(">II", chart.png[16:24])  # PNG IHDR: width at 16, height at 20
        scale = min(_IMAGE_SCALE, 620 / width)
        ws.insert_image(r + 1, 0, f"{chart.key}.png",
                        {"image_data": io.BytesIO(chart.png), "x_scale": scale, "y_scale": scale, "object_position": 3})
        r += int(height * scale / _ROW_PX) + 3
    _print_setup(ws, None, wide=False)
    ws.set_h_pagebreaks(breaks)


def write_xlsx(path: Path, report: Report) -> Path:
    """Write the workbook: ``Narasi``, one sheet per table (in the chapter's numbering), ``Grafik``."""
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    tables = sorted(report.tables, key=lambda t: t.number)
    with xlsxwriter.Workbook(str(path), options) as wb:
        fm = _Formats(wb)
        _narrative_sheet(wb, fm, report)
        for table in tables:
            _table_sheet(wb, fm, table)
        if report.charts:
            _chart_sheet(wb, fm, report.charts, {t.key: t for t in tables})
    return path
