"""Find a period's extracts in the landing folder.

    <landing>/<YYYY-MM>/<kind>[_<anything>].<csv|xlsx>
    <landing>/reference/<kind>[_<anything>].<csv|xlsx>

Excel lock files (``~$*``) and hidden files are ignored. Any other file in a period folder
whose kind is unknown, or whose extension is not csv/xlsx, is an error: a file dropped in
the wrong place must not be skipped silently.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kinerja.issues import ExtractError, Issue
from kinerja.periods import Period
from kinerja.readers.layouts import Layouts, load_layouts

log = logging.getLogger(__name__)

EXTENSIONS = (".csv", ".xlsx")
REFERENCE_DIR = "reference"


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
        rel = path.relative_to(landing).as_posix()
        kind = file_kind(path)
        if path.suffix.lower() not in EXTENSIONS:
            issues.append(Issue(rel, "file.format", f"expected a .csv or .xlsx file named "
                                                    f"<kind>[_*]; got {path.suffix or 'no'} "
                                                    f"extension"))
        elif kind not in found:
            issues.append(Issue(rel, "file.unknown_kind",
                                f"the file name names kind {kind!r}; expected one of "
                                f"{', '.join(found)} (<kind>[_anything].csv|xlsx)"))
        else:
            found[kind].append(path)
    if issues:
        raise ExtractError(issues)
    if not folder.is_dir():
        log.info("no landing folder %s", folder)
    return found


def reference_files(landing: Path, kind: str) -> list[Path]:
    """Files of ``kind`` in ``<landing>/reference/``, sorted by name."""
    return [p for p in _candidates(Path(landing) / REFERENCE_DIR)
            if p.suffix.lower() in EXTENSIONS and file_kind(p) == kind]
