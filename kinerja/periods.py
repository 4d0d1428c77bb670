"""Periods are calendar months written ``YYYY-MM``; fiscal years are calendar years.

Period arithmetic always carries the year (never month numbers alone), so a range that
crosses a year boundary is ordered correctly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# Indonesian month names and the abbreviations seen in real exports (EXTRACTS.md).
MONTHS_ID: dict[str, int] = {
    "januari": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2,
    "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
}
MONTH_NAMES_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                  "Agustus", "September", "Oktober", "November", "Desember"]


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Period":
        m = _PERIOD.match(str(text).strip())
        if not m:
            raise ValueError(f"period must be YYYY-MM, got {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        nxt = self.next()
        return date.fromordinal(nxt.first_day.toordinal() - 1)

    def next(self) -> "Period":
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> "Period":
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @property
    def label_id(self) -> str:
        """``Juni 2025``: how Indonesian reports name a month."""
        return f"{MONTH_NAMES_ID[self.month - 1]} {self.year}"


def period_range(start: Period | str, end: Period | str) -> list[Period]:
    a = start if isinstance(start, Period) else Period.parse(start)
    b = end if isinstance(end, Period) else Period.parse(end)
    if b < a:
        raise ValueError(f"range ends ({b}) before it starts ({a})")
    out = [a]
    while out[-1] < b:
        out.append(out[-1].next())
    return out


REFERENCE_FOLDER = "reference"


def landing_folders(landing: Path) -> tuple[list[str], list[str]]:
    """The ``YYYY-MM`` folders under a landing root, in order, and the other folders a run
    ignores and says so (``2025-13``, ``Juni 2025``); ``reference/`` and hidden folders are
    neither."""
    periods, ignored = [], []
    for folder in sorted(d for d in Path(landing).iterdir() if d.is_dir()):
        if _PERIOD.match(folder.name):
            periods.append(folder.name)
        elif folder.name != REFERENCE_FOLDER and not folder.name.startswith("."):
            ignored.append(folder.name)
    return periods, ignored


def ignored_note(names: list[str]) -> str:
    """The line a run prints about folders it ignores."""
    listed = ", ".join(f"{n}/" for n in names)
    return f"ignored in the landing (not a period folder YYYY-MM): {listed}"
