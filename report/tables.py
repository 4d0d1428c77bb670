"""The table model every format renders, and the registry of report tables.

A :class:`Table` holds presentation values (whole rupiah, percentages rounded to 2
decimals) so that XLSX, DOCX, HTML, Markdown and the narrative all show the same figures.
Percent columns are derived from the amounts on the same row (``ratio``) or as a share of
the table's total (``share_of``); the total row is the sum of the rows shown, never a
figure copied from the database.

Counts (``count``) are whole numbers summed into the total like amounts; ``num`` is a
2-decimal figure that is not a percentage (an index such as IKM 3,21). A table may instead
end with a ``summary`` row given as is (a region figure the database pools, e.g. the IKM of
every respondent together), labelled as such.

The registry (``report.TABLES``, a sequence of :class:`TableSpec`) names, for each table,
the published tables it reads: a spec whose source tables are absent is skipped and
logged, and so is a spec whose builder finds no row for the period (returns None).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from kinerja.formatting import number, pct_number, ratio_pct, round_pct, round_rupiah
from kinerja.report.queries import Source

log = logging.getLogger(__name__)

CHAPTER = 3  # Bab III Akuntabilitas Kinerja: tables and figures are numbered 3.1, 3.2, ...
Kind = Literal["no", "text", "money", "count", "pct", "num"]
Cell = Decimal | int | str | None
Row = Mapping[str, Cell]
RawCell = Cell | float


@dataclass(frozen=True)
class Column:
    """One column: ``key`` in the row mappings, Indonesian ``header``, value ``kind``.

    ``ratio=(num, den)``: the value is ``num / den * 100`` of the same row.
    ``share_of=key``: the value is the row's ``key`` as a share of the table's total ``key``.
    """

    key: str
    header: str
    kind: Kind
    ratio: tuple[str, str] | None = None
    share_of: str | None = None


@dataclass(frozen=True)
class Table:
    """A numbered, captioned table ready to render."""

    key: str
    title: str
    sheet: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None
    note: str | None = None
    keys: tuple[str, ...] = ()
    number: int = 0

    @property
    def label(self) -> str:
        """``Tabel 3.4``: how sentences refer to the table (numbered within Bab III, in reading order)."""
        return f"Tabel {CHAPTER}.{self.number}"

    @property
    def caption(self) -> str:
        """``Tabel 3. Realisasi ...``."""
        return f"{self.label}. {self.title}"

    def all_rows(self) -> tuple[Row, ...]:
        """The body rows followed by the total row, if any."""
        return self.rows + ((self.total,) if self.total is not None else ())


def _present(columns: Sequence[Column], raw: Mapping[str, RawCell], no: int | None) -> dict[str, Cell]:
    """A row's presentation values: whole rupiah, whole counts, 2-decimal figures, the row number."""
    row: dict[str, Cell] = {}
    for c in columns:
        value = raw.get(c.key)
        if c.kind == "no":
            row[c.key] = no
        elif c.kind == "money":
            row[c.key] = round_rupiah(value or 0) if not isinstance(value, str) else value
        elif c.kind == "count" and isinstance(value, float | Decimal):
            row[c.key] = int(value)
        elif c.kind in ("pct", "num") and isinstance(value, float | Decimal | int):
            row[c.key] = round_pct(value)
        else:
            row[c.key] = value
    return row


def make_table(
    key: str,
    title: str,
    sheet: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, RawCell]],
    *,
    total_label: str | None = "TOTAL",
    summary: Mapping[str, RawCell] | None = None,
    note: str | None = None,
) -> Table:
    """Round the amounts and figures, number the rows, derive percent columns and the total row.

    A raw row may carry a hidden ``"_key"`` (a code or period) kept in ``Table.keys``.

    ``total_label`` None: no total row (for tables whose rows do not add up, e.g. a
    monthly series). The label goes in the first ``text`` column; ``money`` and ``count``
    columns are summed over the rows shown (an empty cell counts as nothing).
    ``summary``: a last row given as is (its label included) instead of the computed total.
    """
    cols = tuple(columns)
    body = [_present(cols, raw, i) for i, raw in enumerate(rows, start=1)]
    total: dict[str, Cell] | None = None
    if summary is not None:
        total = _present(cols, summary, None)
    elif total_label is not None:
        total = {c.key: None for c in cols}
        for c in cols:
            if c.kind == "money":
                total[c.key] = sum((r[c.key] for r in body if isinstance(r[c.key], Decimal)), Decimal(0))
            elif c.kind == "count":
                total[c.key] = sum(v for r in body if isinstance(v := r[c.key], int))
        label = next(c.key for c in cols if c.kind == "text")
        total[label] = total_label
    for row in body + ([total] if total is not None else []):
        for c in cols:
            if c.ratio is not None:
                num, den = (row[k] for k in c.ratio)
                ok = isinstance(num, Decimal | int) and isinstance(den, Decimal | int)
                row[c.key] = ratio_pct(Decimal(num), Decimal(den)) if ok else None
            elif c.share_of is not None and total is not None:
                row[c.key] = ratio_pct(row[c.share_of], total[c.share_of])
    keys = tuple(str(raw.get("_key", "")) for raw in rows)
    return Table(key, title, sheet, cols, tuple(body), total, note, keys)


def cell_text(col: Column, value: Cell) -> str:
    """A cell as documents print it: ``123.380.040.660``, ``39,56``, ``3,21``, ``-`` for an undefined figure."""
    if value is None:
        return "-" if col.kind in ("pct", "num") else ""
    if col.kind in ("money", "count") and isinstance(value, Decimal | int):
        return number(value)
    if col.kind in ("pct", "num") and isinstance(value, Decimal | int):
        return pct_number(Decimal(value))
    return str(value)


@dataclass(frozen=True)
class TableSpec:
    """A registered table: the published tables it ``requires`` and how to ``build`` it.

    ``build`` returns None when its sources hold nothing for the period (the table is skipped).
    """

    key: str
    requires: tuple[str, ...]
    build: Callable[[Source], Table | None]


def build_tables(source: Source, specs: Sequence[TableSpec]) -> list[Table]:
    """Build every spec whose sources exist and hold the period (others are skipped and logged), numbered 1..n."""
    tables: list[Table] = []
    for spec in specs:
        missing = [name for name in spec.requires if not source.has(name)]
        if missing:
            log.warning("report table %s skipped: %s absent in the published database", spec.key, ", ".join(missing))
            continue
        table = spec.build(source)
        if table is None:
            log.warning("report table %s skipped: no row for %s in %s", spec.key, f"{source.period:%Y-%m}",
                        ", ".join(spec.requires))
            continue
        tables.append(replace(table, number=len(tables) + 1))
    return tables


def by_key(tables: Sequence[Table]) -> dict[str, Table]:
    """Tables indexed by their key."""
    return {t.key: t for t in tables}

