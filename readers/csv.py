"""CSV files -> :class:`~readers.table.TextTable` (every cell as text).

Encoding: UTF-8 with or without BOM, else Windows-1252 (re-encoded as UTF-8 once). Separator:
``;`` or ``,``, chosen by which one splits a line among the first rows into a recognisable
header (the header is searched in those rows only), then verified on every data line: the
number of separators outside quotes and the balance of quotes per line. Lines after the last
total row that do not split like the header are a signature block and are dropped; any other
inconsistent line is ``csv.separator``. A quoted field spanning lines is not supported
(``csv.separator``).

No per-line Python: the cells are parsed by polars' native CSV reader; the per-line counts
come from numpy over the file's bytes (the position of every newline and separator), and a
file whose every line splits like the header and has no quote takes no other pass. Only a
file with quotes, blank lines or lines that do not split like the header gets a frame of its
lines, and its checks are vectorised polars expressions over that frame.
"""

from __future__ import annotations

import csv as stdlib_csv
import logging
import re
from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa

from kinerja.issues import ExtractError, Issue
from kinerja.readers.frames import cells_used
from kinerja.readers.layouts import Layouts
from kinerja.readers.table import SOURCE_ROW, TextTable, cell_name, find_header, header_not_found

log = logging.getLogger(__name__)

SEPARATORS = (";", ",")
UNSUPPORTED_SEPARATORS = ("\t", "|")
_BOM = b"\xef\xbb\xbf"
_NEWLINE, _QUOTE = ord("\n"), ord('"')


def as_utf8(data: bytes, file: str) -> bytes:
    """The file's bytes as UTF-8: UTF-8 as is (a BOM kept: the header line drops it),
    Windows-1252 re-encoded, else ``file.encoding``; NUL bytes (UTF-16, a binary file saved as
    .csv) are refused. Plain ASCII is recognised without decoding."""
    if b"\x00" in data:
        raise ExtractError([Issue(file, "file.encoding",
                                  "file harus berupa teks UTF-8 atau Windows-1252; file ini berisi "
                                  "byte NUL (UTF-16, atau file biner yang disimpan sebagai .csv?): "
                                  "simpan ulang sebagai CSV UTF-8")])
    skip = len(_BOM) if data.startswith(_BOM) else 0
    if len(data) == skip or int(np.frombuffer(data, dtype=np.uint8, offset=skip).max()) < 0x80:
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    try:
        text = data[skip:].decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ExtractError([Issue(file, "file.encoding",
                                  f"file harus berupa teks UTF-8 atau Windows-1252; byte "
                                  f"{data[skip + exc.start]:#04x} pada posisi {skip + exc.start} bukan "
                                  f"keduanya: simpan ulang sebagai CSV UTF-8")]
                           ) from None
    log.info("%s: read as Windows-1252", file)
    return text.encode("utf-8")


def _split(lines: list[str], separator: str) -> list[list[str]]:
    return list(stdlib_csv.reader(lines, delimiter=separator, quotechar='"'))


def _head(data: bytes, rows: int) -> tuple[list[str], list[int]]:
    """The first ``rows`` lines (without line ends or BOM) and the byte offset where each next
    line starts (``offsets[i]``: the start of line i + 1)."""
    lines, offsets, start = [], [], len(_BOM) if data.startswith(_BOM) else 0
    while len(lines) < rows and start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        lines.append(data[start:end].decode("utf-8").removesuffix("\r"))
        start = end + 1
        offsets.append(min(start, len(data)))
    return lines, offsets


def _choose_separator(head: list[str], layouts: Layouts, kind: str, file: str
                      ) -> tuple[str, int]:
    """Separator and header line index, from the first lines of the file."""
    found = []
    for sep in SEPARATORS:
        hit = find_header(_split(head, sep), layouts, kind)
        if hit is not None:
            found.append((hit[1], -SEPARATORS.index(sep), sep, hit[0]))
    if found:
        _, _, sep, index = max(found)
        return sep, index
    for sep in UNSUPPORTED_SEPARATORS:
        hit = find_header(_split(head, sep), layouts, kind)
        if hit is not None:
            raise ExtractError([Issue(file, "csv.separator",
                                      f"kolom dipisah dengan {sep!r}; pemisah harus ';' atau ','",
                                      row=hit[0] + 1)])
    raise ExtractError([header_not_found(file, layouts, kind, " (dengan pemisah ';' atau ',')")])


def _total_line_pattern(layouts: Layouts, sep: str) -> str:
    """Regex of a raw line whose first non-empty field is a total label."""
    labels = sorted(layouts.total_labels, key=len, reverse=True)
    words = "|".join(r"[^0-9A-Za-z]+".join(map(re.escape, label.split())) for label in labels)
    s = re.escape(sep)
    return rf'(?i)^[\s"{s}]*(?:{words})[^0-9A-Za-z{s}]*(?:{s}|$)'


@dataclass(frozen=True)
class Body:
    """The lines below the header: the file's UTF-8 bytes from ``start`` on (the ``skip``
    lines above it are the header and the titles). Nothing is copied."""

    data: bytes
    start: int
    skip: int

    @property
    def raw(self) -> np.ndarray:
        return np.frombuffer(self.data, dtype=np.uint8, offset=self.start)

    @property
    def empty(self) -> bool:
        return self.start >= len(self.data)

    def has(self, text: bytes) -> bool:
        return self.data.find(text, self.start) >= 0

    def line_ends(self) -> np.ndarray:
        """Where each line ends, from ``start`` (the offset of its ``\\n``, or the end of the
        data for a last line without one; a final line end opens no line)."""
        ends = np.flatnonzero(self.raw == _NEWLINE)
        return ends if self.empty or self.data.endswith(b"\n") else np.append(ends, len(self.data) - self.start)

    def separators(self, ends: np.ndarray, sep: str) -> np.ndarray:
        """How many ``sep`` bytes each line holds (quoted or not)."""
        return np.diff(np.searchsorted(np.flatnonzero(self.raw == ord(sep)), ends), prepend=0)

    def lines(self, ends: np.ndarray, rows: np.ndarray | None = None) -> pl.Series:
        """The text of each line (of the lines at ``rows`` when given) without its line end:
        Arrow offsets over the data's own buffer, no copy per line."""
        offsets = self.start + np.concatenate(([0], np.minimum(ends + 1, len(self.data) - self.start)))
        array = pa.LargeStringArray.from_buffers(len(ends), pa.py_buffer(offsets.astype(np.int64).tobytes()),
                                                 pa.py_buffer(self.data))
        if rows is not None:
            array = array.take(pa.array(rows))
        return (pl.Series("line", pl.from_arrow(array), dtype=pl.String)
                .str.strip_suffix("\n").str.strip_suffix("\r"))

    def cells(self, sep: str, names: list[str], read: list[int] | None = None) -> pl.DataFrame:
        return _cells(self.data, sep, names, read, self.skip) if not self.empty else _cells(b"", sep, names, read)


def _cells(payload: bytes, sep: str, names: list[str], read: list[int] | None = None, skip: int = 0
           ) -> pl.DataFrame:
    """The fields (those at the indices ``read``, when given) of the lines after ``skip`` as
    text, one record per line (a blank line is a record of nulls)."""
    schema = {n: pl.String for n in names}
    if not payload:
        return pl.DataFrame(schema=schema).select(names if read is None else [names[i] for i in read])
    return pl.read_csv(payload, has_header=False, separator=sep, quote_char='"', schema=schema,
                       columns=read, skip_lines=skip, missing_columns="insert", comment_prefix=None,
                       raise_if_empty=False, truncate_ragged_lines=True)


def _projected_cells(body: Body, ends: np.ndarray, sep: str, names: list[str], read: list[int]
                     ) -> pl.DataFrame:
    """Every cell of a body whose lines all split like the header, parsing only the cells at
    ``read`` (which include the first): the others are read only on lines whose first cell is
    empty, where a total label or a signature may sit in any cell; elsewhere they stay null,
    as nothing reads them."""
    cells = body.cells(sep, names, read)
    first = pl.col(names[0])
    empty_first = np.flatnonzero(cells.select(first.is_null() | (first.str.strip_chars() == "")).to_series()
                                 .to_numpy())
    unread = [pl.lit(None, dtype=pl.String).alias(n) for n in names if n not in cells.columns]
    cells = cells.with_columns(unread).select(names)
    if not len(empty_first):
        return cells
    payload = body.lines(ends, empty_first).str.join("\n").item().encode("utf-8")
    full = _cells(payload, sep, names).with_columns(pl.Series("_row", empty_first, dtype=pl.Int64))
    return (pl.concat([cells.with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))
                       .filter(~pl.col("_row").is_in(full["_row"].implode())), full.select("_row", *names)])
            .sort("_row").drop("_row"))


def read_csv_table(data: bytes, file: str, layouts: Layouts, kind: str, every_cell: bool = False
                   ) -> TextTable:
    """Read a CSV file's bytes into a text table, raising ``ExtractError`` on any problem.

    Cells that :func:`~readers.frames.build_frames` does not read (columns the layout drops or
    does not know) are parsed only where a line's first cell is empty, unless ``every_cell``
    (a reader that looks at every cell, like the SAKTI blocks of an RPD export)."""
    data = as_utf8(data, file)
    head, offsets = _head(data, layouts.header_scan_rows)
    sep, header_index = _choose_separator(head, layouts, kind, file)
    header = tuple(c.strip() or None for c in _split([head[header_index]], sep)[0])
    width = len(header)
    log.debug("%s: separator %r, header on line %d", file, sep, header_index + 1)
    titles = tuple((i + 1, line.replace(sep, " ").replace('"', " ").strip())
                   for i, line in enumerate(head[:header_index]) if line.strip(sep + ' "\t'))
    body = Body(data, offsets[header_index], header_index + 1)
    first_row = header_index + 2                       # the line number of the body's first line
    names = [cell_name(i) for i in range(width)]
    ends = body.line_ends()
    separators = body.separators(ends, sep)
    if not body.has(b'"') and bool((separators == width - 1).all()):
        used = None if every_cell else cells_used(header, layouts, kind)
        read = None if used is None or len(used | {0}) == width else sorted(used | {0})
        cells = body.cells(sep, names) if read is None else _projected_cells(body, ends, sep, names, read)
        kept = None                                      # every line splits like the header
    else:
        cells, kept = _checked_cells(body, ends, separators, sep, header_index, width, names,
                                     first_row, layouts, file)
    lines = len(ends) if kept is None else kept.len()
    if cells.height != lines:
        raise ExtractError([Issue(file, "csv.separator",
                                  f"setiap baris harus satu data; {lines} baris terbaca sebagai "
                                  f"{cells.height} data (ada tanda kutip yang tidak berpasangan?)")])
    rows = (pl.int_range(first_row, first_row + cells.height, dtype=pl.Int64) if kept is None
            else pl.lit(kept))
    return TextTable(header, header_index + 1, titles, cells.with_columns(rows.alias(SOURCE_ROW)))


def _checked_cells(body: Body, ends: np.ndarray, separators: np.ndarray, sep: str, header_index: int,
                   width: int, names: list[str], first_row: int, layouts: Layouts, file: str
                   ) -> tuple[pl.DataFrame, pl.Series]:
    """The careful path: a frame of the body's lines, each line's fields counted outside
    quotes; blank lines skipped, a signature block after the last total row dropped, any
    other line that does not split like the header reported. Returns the cells of the kept
    lines and their line numbers."""
    lines = body.lines(ends).to_frame()
    escaped = re.escape(sep)
    line = pl.col("line")
    frame = (lines.with_columns(pl.int_range(first_row, first_row + lines.height, dtype=pl.Int64)
                                .alias(SOURCE_ROW), pl.Series("separators", separators, dtype=pl.Int64))
             .with_columns(has_quote=line.str.contains('"', literal=True)))
    quoted = (frame.filter("has_quote")
              .select(SOURCE_ROW,
                      quoted_fields=line.str.replace_all(r'"[^"]*"', "").str.count_matches(sep, literal=True) + 1,
                      odd_quotes=line.str.count_matches('"', literal=True) % 2 == 1))
    frame = (frame.join(quoted, on=SOURCE_ROW, how="left", maintain_order="left")
             .with_columns(fields=pl.coalesce("quoted_fields", pl.col("separators") + 1),
                           odd_quotes=pl.col("odd_quotes").fill_null(False))
             .with_columns(blank=line.str.replace_all(rf'[\s"{escaped}]', "") == ""))
    frame = frame.filter(~pl.col("blank")).with_columns(
        bad=(pl.col("fields") != width) | pl.col("odd_quotes"),
        total=line.str.contains(_total_line_pattern(layouts, sep)))
    last_total = frame.filter(pl.col("total"))[SOURCE_ROW].max()
    if last_total is not None:
        trailer = (pl.col(SOURCE_ROW) > last_total) & pl.col("bad")
        log.info("%s: %d line(s) after the total row dropped as a trailer", file,
                 frame.filter(trailer).height)
        frame = frame.filter(~trailer)
    bad = frame.filter(pl.col("bad"))
    if bad.height:
        issues = [Issue(file, "csv.separator",
                        f"baris ini berisi {fields} kolom, padahal header (baris {header_index + 1}) "
                        f"berisi {width} kolom yang dipisah {sep!r}"
                        + (", dan ada tanda kutip yang tidak berpasangan" if odd else ""), row=row)
                  for row, fields, odd in bad.select(SOURCE_ROW, "fields", "odd_quotes")
                  .head(layouts.max_issues).iter_rows()]
        if bad.height > len(issues):
            issues.append(Issue(file, "file.issues_truncated",
                                f"{bad.height - len(issues)} masalah csv.separator lainnya tidak ditampilkan"))
        raise ExtractError(issues)
    kept = frame[SOURCE_ROW]
    if kept.len() == lines.height:
        return body.cells(sep, names), kept
    payload = frame.select(pl.col("line").str.join("\n")).item().encode("utf-8") if frame.height else b""
    return _cells(payload, sep, names), kept
