"""The analysis the office writes for a period, merged verbatim into the report.

    <landing>/<YYYY-MM>/narasi.md

One level-1 heading per entry, its body the officers' text (paragraphs separated by a blank
line; a level-2 heading inside an entry, e.g. ``## Upaya``, starts a titled part)::

    # SK1.IKU1            analysis of an indicator of the PK (its kode_indikator)
    # ANGGARAN            analysis of the budget (section B)
    # KESIMPULAN          the conclusion (section E)
    # LABEL               one line per data source: ``- survei: sintetis`` (or ``estimasi``)

The text is never interpreted (no Markdown beyond the headings): every writer escapes it.
A missing entry is shown as a marked placeholder and listed by :func:`missing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

FILE_NAME: Final = "narasi.md"
BUDGET: Final = "ANGGARAN"
CONCLUSION: Final = "KESIMPULAN"
LABEL: Final = "LABEL"
PLACEHOLDER: Final = "[ANALISIS BELUM DIISI: {what}. Tuliskan pada {file} bagian \"# {key}\".]"
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_LABEL_LINE = re.compile(r"^[-*]?\s*([A-Za-z0-9_.]+)\s*:\s*(.+?)\s*$")


@dataclass(frozen=True)
class Part:
    """A titled (or untitled) part of an entry: its paragraphs, verbatim."""

    title: str | None
    paragraphs: tuple[str, ...]


@dataclass
class Narasi:
    """The entries of a period's analysis file, by key (upper case), and the data labels."""

    entries: dict[str, tuple[Part, ...]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    source: Path | None = None

    def get(self, key: str) -> tuple[Part, ...] | None:
        return self.entries.get(key.upper())


def _paragraphs(lines: list[str]) -> tuple[str, ...]:
    text = "\n".join(lines).strip()
    return tuple(" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip())


def parse(text: str, source: Path | None = None) -> Narasi:
    """Parse the file's text (headings split the entries; anything before the first is ignored)."""
    narasi = Narasi(source=source)
    key: str | None = None
    parts: list[tuple[str | None, list[str]]] = []

    def close() -> None:
        if key is None:
            return
        if key == LABEL:
            for title, lines in parts:
                for line in lines:
                    if m := _LABEL_LINE.match(line.strip()):
                        narasi.labels[m[1].lower()] = m[2]
            return
        built = tuple(Part(t, ps) for t, lines in parts if (ps := _paragraphs(lines)) or t)
        narasi.entries[key] = built

    for line in text.splitlines():
        if m := _H1.match(line) if not line.startswith("##") else None:
            close()
            key, parts = m[1].strip().upper(), [(None, [])]
        elif (m2 := _H2.match(line)) and key is not None:
            parts.append((m2[1].strip(), []))
        elif key is not None:
            parts[-1][1].append(line)
    close()
    return narasi


def read(landing: Path | None, period: str) -> Narasi:
    """The analysis file of ``period`` in ``landing`` (empty when there is none)."""
    if landing is None:
        return Narasi()
    path = Path(landing) / period / FILE_NAME
    if not path.is_file():
        return Narasi()
    return parse(path.read_text(encoding="utf-8-sig"), path)


def placeholder(key: str, what: str) -> str:
    """The marked text shown where an analysis is missing."""
    return PLACEHOLDER.format(what=what, file=FILE_NAME, key=key)
