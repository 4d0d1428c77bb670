"""readers: landing files (CSV/XLSX) -> typed canonical frames, driven by ``layouts.toml``.

Public API::

    read_extract(path, kind, landing=None) -> Extract
    discover(landing, period) -> {kind: [paths]}
    reference_for(landing, kind, period) -> path | None   (the reference file in force)
    reference_files(landing, kind) -> [paths]

Every problem is raised as one :class:`kinerja.issues.ExtractError` listing each
:class:`kinerja.issues.Issue` (file, row as seen in the file, column as written, rule id).

Rule ids raised here: ``file.empty``, ``file.encoding``, ``file.format`` (not csv/xlsx, or a
workbook that cannot be opened), ``file.unknown_kind``, ``file.issues_truncated`` (more than
``max_issues`` problems: the rest are counted), ``csv.separator``, ``header.not_found``,
``column.missing``, ``column.duplicate``, ``number.ambiguous``, ``number.invalid``,
``code.format``, ``date.invalid``, ``enum.invalid``, ``period.invalid`` (a ``tahun``/``bulan``
cell or a title period that is not a year/month), ``value.required``, ``number.not_integer``
(a fraction in a whole-number column), ``checkpoint.invalid`` (an RB checkpoint that is not
B01..B12 / Triwulan I..IV), ``reference.ambiguous`` (two reference files claim the validity
that applies to a period), ``reference.name`` (a reference name with a date-like part that
is not YYYY, YYYY-MM or YYYYMM).

Indicator kinds (issue 3): ``rb``, ``pk``, ``iku``, ``survei``, ``iph``; see layouts.toml.
IKPA kinds (issue 10): ``rpd`` (Halaman III DIPA: the SAKTI export's per-satker blocks, or a
plain table by month) and ``ikpa`` (component table, long or wide), both turned into one long
canonical frame by :mod:`kinerja.readers.ikpa`; ``rpd.row_label`` is a row with amounts in a
SAKTI block that is neither a jenis belanja nor a JUMLAH row.
Free-text columns of a survey (``saran``...) are recognised and dropped here.

Decisions: a 6-digit code that arrives with fewer digits (a number cell that lost its leading
zero) is ``code.format``, never padded. After the last total row, rows without valid codes
(signature blocks) are ignored; a file with no total row gets no such allowance.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from kinerja.issues import ExtractError, Issue
from kinerja.readers.csv import read_csv_table
from kinerja.readers.discover import discover, reference_for, reference_files, reference_valid_from
from kinerja.readers.frames import build_frames
from kinerja.readers.ikpa import canonical_ikpa, canonical_rpd, flatten_blocks
from kinerja.readers.layouts import load_layouts
from kinerja.readers.xlsx import read_xlsx_table

__all__ = ["Extract", "read_extract", "discover", "reference_files", "reference_for", "reference_valid_from"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extract:
    """One landing file read into its canonical frame (see docs/architecture.md)."""

    kind: str
    shape: str
    path: Path
    file: str
    sha256: str
    data: pl.DataFrame
    totals: pl.DataFrame
    headers: dict[str, str] = field(default_factory=dict)   # canonical column -> the file's header text
    period_title: tuple[int, str] | None = None              # the title row naming the file's period


def display_name(path: Path, landing: Path | None) -> str:
    """How messages name a file: relative to the landing root when given, else its name."""
    if landing is not None:
        try:
            return Path(path).resolve().relative_to(Path(landing).resolve()).as_posix()
        except ValueError:
            pass
    return Path(path).name


def read_extract(path: Path, kind: str, landing: Path | None = None) -> Extract:
    """Read one extract of ``kind`` (``satker``, ``pagu``, ``realisasi``, ``rb``, ``pk``,
    ``iku``, ``survei``, ``iph``) into an Extract."""
    path = Path(path)
    file = display_name(path, landing)
    layouts = load_layouts()
    if kind not in layouts.kinds:
        raise ExtractError([Issue(file, "file.unknown_kind",
                                  f"jenis file {kind!r} tidak dikenal; harus salah satu dari "
                                  f"{', '.join(layouts.kinds)}")])
    data = path.read_bytes()
    if not data or data.isspace():                       # no copy of a 100 MB file to find out
        raise ExtractError([Issue(file, "file.empty", "file ini kosong; harus berisi header "
                                                      "dan baris data")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = read_csv_table(data, file, layouts, kind, every_cell=kind == "rpd")
    elif suffix == ".xlsx":
        table = read_xlsx_table(path, file, layouts, kind)
    else:
        raise ExtractError([Issue(file, "file.format",
                                  f"file harus .csv atau .xlsx; file ini "
                                  f"{f'berekstensi {suffix}' if suffix else 'tidak berekstensi'}")])
    if kind == "rpd":
        table = flatten_blocks(table, layouts, file)       # SAKTI Halaman III blocks, if any
    frames = build_frames(table, layouts, kind, file)
    if kind == "rpd":
        frames = canonical_rpd(frames, table.titles)
    elif kind == "ikpa":
        frames = canonical_ikpa(frames, layouts)
    log.info("%s: %s/%s, %d rows, %d total rows", file, kind, frames.shape,
             frames.data.height, frames.totals.height)
    return Extract(kind=kind, shape=frames.shape, path=path, file=file,
                   sha256=hashlib.sha256(data).hexdigest(), data=frames.data,
                   totals=frames.totals, headers=frames.headers, period_title=frames.period_title)
