"""XLSX workbooks -> :class:`~readers.table.TextTable` (every cell as text, via fastexcel).

Every cell is read as a string so calamine never types a column: a ``JUMLAH`` footer in an
amount column would otherwise silently become null. Numeric cells arrive as their shortest
decimal text (``1234567``, ``1234567.89``), date cells as ``2025-06-30 00:00:00``. Rows keep
their sheet numbers (``skip_rows=0`` stops calamine from trimming leading empty rows). The
first sheet (in workbook order) whose first rows contain a recognisable header is read.
"""

from __future__ import annotations

import logging
from pathlib import Path

import fastexcel
import polars as pl

from kinerja.issues import ExtractError, Issue
from kinerja.readers.layouts import Layouts
from kinerja.readers.table import SOURCE_ROW, TextTable, cell_name, find_header, header_not_found

log = logging.getLogger(__name__)


def _sheet_frame(reader: fastexcel.ExcelReader, index: int) -> pl.DataFrame:
    """All cells of a sheet as text, columns ``c0..``, plus the 1-based sheet row number."""
    sheet = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
    frame = sheet.to_polars()
    frame = frame.rename({old: cell_name(i) for i, old in enumerate(frame.columns)})
    return frame.with_row_index(SOURCE_ROW, offset=1).with_columns(
        pl.col(SOURCE_ROW).cast(pl.Int64))


def read_xlsx_table(path: Path, file: str, layouts: Layouts, kind: str) -> TextTable:
    """Read the table of ``kind`` from a workbook, raising ``ExtractError`` on any problem."""
    try:
        reader = fastexcel.read_excel(str(path))
        sheet_names = reader.sheet_names
    except Exception as exc:  # calamine reports corrupt/non-xlsx files with several types
        # Said in plain words: the zip library's error (with paths) helps nobody who fixes the file.
        log.info("%s: cannot be opened as a workbook: %s", file, exc)
        raise ExtractError([Issue(file, "file.format",
                                  "file ini tidak dapat dibuka sebagai workbook Excel: rusak, belum lengkap "
                                  "(masih disalin?) atau sebenarnya bukan .xlsx; buka lalu simpan ulang di Excel, "
                                  "atau minta ekspor ulang")]) from None
    any_cells = False
    for index, name in enumerate(sheet_names):
        frame = _sheet_frame(reader, index)
        if frame.width <= 1 or frame.height == 0:
            continue
        any_cells = True
        cells = [c for c in frame.columns if c != SOURCE_ROW]
        head = frame.head(layouts.header_scan_rows).select(cells).rows()
        hit = find_header(head, layouts, kind)
        if hit is None:
            log.info("%s: sheet %r has no recognisable header", file, name)
            continue
        header_index = hit[0]
        header_cells = head[header_index]
        last = max(i for i, c in enumerate(header_cells) if c and c.strip())
        header = tuple((c.strip() or None) if c else None for c in header_cells[: last + 1])
        titles = tuple((i + 1, " ".join(c.strip() for c in row if c and c.strip()))
                       for i, row in enumerate(head[:header_index]) if any(c and c.strip()
                                                                           for c in row))
        body = frame.slice(header_index + 1).select(*cells[: last + 1], SOURCE_ROW)
        log.debug("%s: sheet %r, header on row %d", file, name, header_index + 1)
        return TextTable(header, header_index + 1, titles, body)
    if not any_cells:
        raise ExtractError([Issue(file, "file.empty", "workbook ini tidak berisi sel apa pun; "
                                                      "harus berisi tabel")])
    raise ExtractError([header_not_found(file, layouts, kind, " di sheet mana pun")])
