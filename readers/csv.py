"""CSV files -> :class:`~readers.table.TextTable` (every cell as text).

Encoding: UTF-8 with or without BOM, else Windows-1252. Separator: ``;`` or ``,``, chosen
by which one splits a line among the first rows into a recognisable header, then verified on
every data line (quote-aware field count, vectorised). Lines after the last total row that do
not split like the header are a signature block and are dropped; any other inconsistent line
is ``csv.separator``. A quoted field spanning lines is not supported (``csv.separator``).
"""

from __future__ import annotations

import csv as stdlib_csv
import io
import logging
import re

import polars as pl

from kinerja.issues import ExtractError, Issue
from kinerja.readers.layouts import Layouts
from kinerja.readers.table import SOURCE_ROW, TextTable, cell_name, find_header, header_not_found

log = logging.getLogger(__name__)

SEPARATORS = (";", ",")
UNSUPPORTED_SEPARATORS = ("\t", "|")
_BOM = b"\xef\xbb\xbf"


def decode(data: bytes, file: str) -> str:
    """Text of a CSV file: UTF-8 (BOM stripped) or Windows-1252, else ``file.encoding``."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ExtractError([Issue(file, "file.encoding",
                                      f"expected UTF-8 or Windows-1252 text; byte "
                                      f"{data[exc.start]:#04x} at offset {exc.start} is neither")]
                               ) from None
        log.info("%s: read as Windows-1252", file)
    if "\x00" in text:
        raise ExtractError([Issue(file, "file.encoding",
                                  "expected UTF-8 or Windows-1252 text; the file contains NUL "
                                  "bytes (UTF-16 or a binary file saved as .csv?)")])
    return text


def _split(lines: list[str], separator: str) -> list[list[str]]:
    return list(stdlib_csv.reader(lines, delimiter=separator, quotechar='"'))


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
                                      f"fields are separated by {sep!r}; expected ';' or ','",
                                      row=hit[0] + 1)])
    raise ExtractError([header_not_found(file, layouts, kind, " (with ';' or ',' separators)")])


def _total_line_pattern(layouts: Layouts, sep: str) -> str:
    """Regex of a raw line whose first non-empty field is a total label."""
    labels = sorted(layouts.total_labels, key=len, reverse=True)
    words = "|".join(r"[^0-9A-Za-z]+".join(map(re.escape, label.split())) for label in labels)
    s = re.escape(sep)
    return rf'(?i)^[\s"{s}]*(?:{words})[^0-9A-Za-z{s}]*(?:{s}|$)'


def read_csv_table(data: bytes, file: str, layouts: Layouts, kind: str) -> TextTable:
    """Read a CSV file's bytes into a text table, raising ``ExtractError`` on any problem."""
    text = decode(data, file)
    lines = (pl.DataFrame({"line": [text]})
             .select(pl.col("line").str.split("\n")).explode("line")
             .with_row_index(SOURCE_ROW, offset=1)
             .with_columns(pl.col(SOURCE_ROW).cast(pl.Int64),
                           pl.col("line").str.strip_suffix("\r")))
    head = lines["line"].head(layouts.header_scan_rows).to_list()
    sep, header_index = _choose_separator(head, layouts, kind, file)
    header = tuple(c.strip() or None for c in _split([head[header_index]], sep)[0])
    width = len(header)
    log.debug("%s: separator %r, header on line %d", file, sep, header_index + 1)

    titles = tuple((i + 1, line.replace(sep, " ").replace('"', " ").strip())
                   for i, line in enumerate(head[:header_index]) if line.strip(sep + ' "\t'))
    escaped = re.escape(sep)
    body = (lines.slice(header_index + 1)
            .filter(pl.col("line").str.replace_all(rf'[\s"{escaped}]', "") != "")
            .with_columns(
                fields=pl.col("line").str.replace_all(r'"[^"]*"', "")
                .str.count_matches(sep, literal=True) + 1,
                odd_quotes=pl.col("line").str.count_matches('"', literal=True) % 2 == 1,
                total=pl.col("line").str.contains(_total_line_pattern(layouts, sep)))
            .with_columns(bad=(pl.col("fields") != width) | pl.col("odd_quotes")))
    last_total = body.filter(pl.col("total"))[SOURCE_ROW].max()
    if last_total is not None:
        trailer = (pl.col(SOURCE_ROW) > last_total) & pl.col("bad")
        log.info("%s: %d line(s) after the total row dropped as a trailer", file,
                 body.filter(trailer).height)
        body = body.filter(~trailer)
    bad = body.filter(pl.col("bad"))
    if bad.height:
        issues = [Issue(file, "csv.separator",
                        f"expected {width} fields separated by {sep!r} like the header "
                        f"(line {header_index + 1}); this line has {fields}"
                        + (" and an unbalanced quote" if odd else ""), row=row)
                  for row, fields, odd in bad.select(SOURCE_ROW, "fields", "odd_quotes")
                  .head(layouts.max_issues).iter_rows()]
        if bad.height > len(issues):
            issues.append(Issue(file, "file.issues_truncated",
                                f"{bad.height - len(issues)} more csv.separator problems"))
        raise ExtractError(issues)

    names = [cell_name(i) for i in range(width)]
    if body.height == 0:
        cells = pl.DataFrame({n: [] for n in names}, schema={n: pl.String for n in names})
    else:
        payload = body.select(pl.col("line").str.join("\n")).item().encode("utf-8")
        cells = pl.read_csv(io.BytesIO(payload), has_header=False, separator=sep,
                            quote_char='"', infer_schema=False, new_columns=names,
                            comment_prefix=None, raise_if_empty=False)
        if cells.height != body.height:
            raise ExtractError([Issue(file, "csv.separator",
                                      f"expected one record per line; {body.height} lines "
                                      f"gave {cells.height} records (unbalanced quotes?)")])
    return TextTable(header, header_index + 1, titles,
                     cells.with_columns(body[SOURCE_ROW]))
