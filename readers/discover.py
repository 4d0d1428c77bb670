"""Find a period's extracts in the landing folder.

    <landing>/<YYYY-MM>/<kind>[_<anything>].<csv|xlsx>
    <landing>/reference/<kind>[_<anything>].<csv|xlsx>

Excel lock files (``~$*``) and hidden files are ignored, and so is the office's analysis file
``narasi.md`` (:data:`ANALYSIS_FILE`, read by the report, never as an extract). Any other file in a period folder
whose kind is unknown, or whose extension is not csv/xlsx, is an error: a file dropped in
the wrong place must not be skipped silently.

Reference extracts (``satker``, ``pk``, ``rpd``) apply by validity (:func:`reference_for`):
the name says from which period a file applies, and it applies until a newer one does.

    <kind>.csv, <kind>_<not a date>.csv   from the beginning
    <kind>_2026.csv                       from 2026-01
    <kind>_2025-07.csv, <kind>_202507.csv from 2025-07
    <kind>_2025-07_<anything>.csv         from 2025-07 (the date is the first part after the kind)

Only the name decides: the content is not read here (a ``tahun`` column in pk is checked,
if at all, by the gate against the period).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from kinerja.issues import ExtractError, Issue
from kinerja.periods import Period
from kinerja.readers.layouts import Layouts, load_layouts

log = logging.getLogger(__name__)

EXTENSIONS = (".csv", ".xlsx")
REFERENCE_DIR = "reference"
ANALYSIS_FILE = "narasi.md"  # the report's analysis text (kinerja.report.narasi), not an extract


def file_kind(path: Path) -> str:
    """The kind a landing file name announces: ``realisasi_sakti.csv`` -> ``realisasi``."""
    return path.stem.split("_", 1)[0].lower()


def _candidates(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(("~$", ".")))


def discover(landing: Path, period: str, layouts: Layouts | None = None
             ) -> dict[str, list[Path]]:
    """Extract files of ``period`` per kind (every known kind is a key, possibly empty)."""
    layouts = layouts or load_layouts()
    folder = Path(landing) / str(Period.parse(period))
    found: dict[str, list[Path]] = {kind: [] for kind in layouts.kinds}
    issues = []
    for path in _candidates(folder):
        if path.name.lower() == ANALYSIS_FILE:
            continue
        rel = path.relative_to(landing).as_posix()
        kind = file_kind(path)
        if path.suffix.lower() not in EXTENSIONS:
            issues.append(Issue(rel, "file.format", f"file harus .csv atau .xlsx dengan nama "
                                                    f"<kind>[_*]; file ini "
                                                    f"{f'berekstensi {path.suffix}' if path.suffix else 'tidak berekstensi'}"))
        elif kind not in found:
            issues.append(Issue(rel, "file.unknown_kind",
                                f"nama file menyebut jenis {kind!r}, yang tidak dikenal; harus salah satu dari "
                                f"{', '.join(found)} (<kind>[_apa saja].csv|xlsx)"))
        else:
            found[kind].append(path)
    if issues:
        raise ExtractError(issues)
    if not folder.is_dir():
        log.info("no landing folder %s", folder)
    return found


def reference_files(landing: Path, kind: str) -> list[Path]:
    """Files of ``kind`` in ``<landing>/reference/``, sorted by name (every version; use
    :func:`reference_for` to choose the one that applies to a period)."""
    return [p for p in _candidates(Path(landing) / REFERENCE_DIR)
            if p.suffix.lower() in EXTENSIONS and file_kind(p) == kind]


_YEAR = re.compile(r"^(?P<year>\d{4})$")
_MONTH = re.compile(r"^(?P<year>\d{4})-?(?P<month>\d{2})$")
_DATE_LIKE = re.compile(r"^\d[\d-]*$")


def reference_valid_from(path: Path) -> Period | None:
    """The first period a reference file applies to, from its name: ``satker.csv`` and
    ``pk_kanwil.csv`` -> None (from the beginning); ``pk_2026.csv`` -> 2026-01;
    ``satker_2025-07.xlsx`` / ``satker_202507.xlsx`` -> 2025-07.

    A first part after the kind that looks like a date but is none of these forms
    (``satker_2025-13.csv``, ``satker_20250701.csv``) is an ExtractError (``reference.name``):
    guessing would let the wrong master apply silently.
    """
    parts = Path(path).stem.split("_")
    if len(parts) < 2:
        return None
    token = parts[1]
    if year := _YEAR.match(token):
        return Period(int(year["year"]), 1)
    month = _MONTH.match(token)
    if month and 1 <= int(month["month"]) <= 12:
        return Period(int(month["year"]), int(month["month"]))
    if _DATE_LIKE.match(token):
        raise ExtractError([Issue(f"{REFERENCE_DIR}/{Path(path).name}", "reference.name",
                                  f"{token!r} terbaca sebagai tanggal tetapi bukan YYYY, YYYY-MM atau YYYYMM; "
                                  f"beri nama file <kind>_YYYY atau <kind>_YYYY-MM sesuai periode mulai berlakunya")])
    return None


def reference_for(landing: Path, kind: str, period: str | Period) -> Path | None:
    """The ``<landing>/reference/`` file of ``kind`` that applies to ``period``: the one whose
    validity (:func:`reference_valid_from`) starts latest on or before the period; None when
    no file applies yet.

    Two or more files claiming the validity that applies raise ExtractError with one Issue
    (``reference.ambiguous``) naming them all: a corrected master replaces the file it
    corrects. Files whose validity does not apply to the period are not compared.
    """
    period = period if isinstance(period, Period) else Period.parse(str(period))
    found: dict[Period | None, list[Path]] = {}
    issues: list[Issue] = []
    for path in reference_files(landing, kind):
        try:
            found.setdefault(reference_valid_from(path), []).append(path)
        except ExtractError as err:
            issues.extend(err.issues)
    if issues:
        raise ExtractError(issues)
    applicable = [start for start in found if start is None or start <= period]
    if not applicable:
        return None
    start = max(applicable, key=lambda s: (s is not None, s))
    paths = found[start]
    if len(paths) > 1:
        names = " and ".join(f"{REFERENCE_DIR}/{p.name}" for p in paths)
        since = "berlaku sejak awal" if start is None else f"berlaku mulai {start}"
        raise ExtractError([Issue(f"{REFERENCE_DIR}/", "reference.ambiguous",
                                  f"{names} sama-sama master {kind} yang {since} (dipakai untuk {period}); "
                                  f"simpan satu saja, atau beri nama file yang lebih baru <kind>_YYYY-MM "
                                  f"sesuai periode mulai berlakunya")])
    return paths[0]
