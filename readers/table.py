"""The raw text table both file formats produce, and header-row detection.

CSV and XLSX readers turn a file into a :class:`TextTable`: the header cells as written,
the title rows above the header, and every row below it as String cells with the row number
a person sees in the file. Nothing is typed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from kinerja.issues import Issue
from kinerja.readers.layouts import Layouts, normalise_header

SOURCE_ROW = "source_row"


@dataclass(frozen=True)
class TextTable:
    """A file read as text: header, title rows, body cells ``c0..c{n-1}`` + ``source_row``."""

    header: tuple[str | None, ...]
    header_row: int
    titles: tuple[tuple[int, str], ...]
    body: pl.DataFrame


def cell_name(index: int) -> str:
    """Name of the body column holding the ``index``-th header cell."""
    return f"c{index}"


def header_score(cells: Sequence[str | None], layouts: Layouts, kind: str) -> int:
    """How many distinct known columns of ``kind`` a row of cells names."""
    keys = {normalise_header(c) for c in cells if c}
    return sum(1 for col in layouts.known_columns(kind) if col.keys & keys)


def find_header(rows: Sequence[Sequence[str | None]], layouts: Layouts, kind: str
                ) -> tuple[int, int] | None:
    """Index and score of the best header row among the first scan rows, or None."""
    best: tuple[int, int] | None = None
    for index, cells in enumerate(rows[: layouts.header_scan_rows]):
        score = header_score(cells, layouts, kind)
        if score >= layouts.min_header_matches and (best is None or score > best[1]):
            best = (index, score)
    return best


def header_not_found(file: str, layouts: Layouts, kind: str, where: str) -> Issue:
    """The ``header.not_found`` issue, naming the columns a header of ``kind`` should have."""
    wanted = []
    for shape in layouts.shapes_of(kind):
        for name in dict.fromkeys((*shape.required, *shape.detect_any)):
            col = layouts.columns[name]
            text = f"{name} ({', '.join(col.aliases[:3])})" if col.aliases else name
            if text not in wanted:
                wanted.append(text)
    return Issue(file, "header.not_found",
                 f"tidak ada baris header yang memuat sedikitnya {layouts.min_header_matches} kolom "
                 f"yang dikenal di {layouts.header_scan_rows} baris pertama{where}; file {kind} "
                 f"memerlukan kolom seperti {'; '.join(wanted)}")
