"""The table model every format renders, and the registry of report tables.

A :class:`Table` holds presentation values (whole rupiah, percentages rounded to 2
decimals) so that XLSX, DOCX, HTML, Markdown and the narrative all show the same figures.
Percent columns are derived from the amounts on the same row (``ratio``) or as a share of
the table's total (``share_of``); the total row is the sum of the rows shown, never a
figure copied from the database.

The registry (``report.TABLES``, a sequence of :class:`TableSpec`) names, for each table,
the published tables it reads: a spec whose source tables are absent is skipped and
logged, so sections for tables still being built (``out_rb_*``, ``out_iku``,
``out_survey_*``, ``out_iph_*``) can be added later by appending a spec.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from report.formatting import number, pct_number, ratio_pct, round_rupiah
from report.queries import Source

log = logging.getLogger(__name__)

Kind = Literal["no", "text", "money", "pct"]
Cell = Decimal | int | str | None
Row = Mapping[str, Cell]


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
        """``Tabel 3``: how sentences refer to the table."""
        return f"Tabel {self.number}"

    @property
    def caption(self) -> str:
        """``Tabel 3. Realisasi ...``."""
        return f"{self.label}. {self.title}"

    def all_rows(self) -> tuple[Row, ...]:
        """The body rows followed by the total row, if any."""
        return self.rows + ((self.total,) if self.total is not None else ())


def make_table(
    key: str,
    title: str,
    sheet: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Cell]],
    *,
    total_label: str | None = "TOTAL",
    note: str | None = None,
) -> Table:
    """Round the amounts, number the rows, derive percent columns and the total row.

    A raw row may carry a hidden ``"_key"`` (a code or period) kept in ``Table.keys``.

    ``total_label`` None: no total row (for tables whose rows do not add up, e.g. a
    monthly series). The label goes in the first ``text`` column.
    """
    cols = tuple(columns)
    money = [c.key for c in cols if c.kind == "money"]
    body: list[dict[str, Cell]] = []
    for i, raw in enumerate(rows, start=1):
        row = {c.key: raw.get(c.key) for c in cols}
        for k in money:
            row[k] = round_rupiah(row[k] or 0)
        for c in cols:
            if c.kind == "no":
                row[c.key] = i
        body.append(row)
    total: dict[str, Cell] | None = None
    if total_label is not None:
        total = {c.key: None for c in cols}
        for k in money:
            total[k] = sum((r[k] for r in body), Decimal(0))
        label = next(c.key for c in cols if c.kind == "text")
        total[label] = total_label
    for row in body + ([total] if total is not None else []):
        for c in cols:
            if c.ratio is not None:
                row[c.key] = ratio_pct(row[c.ratio[0]], row[c.ratio[1]])
            elif c.share_of is not None and total is not None:
                row[c.key] = ratio_pct(row[c.share_of], total[c.share_of])
    keys = tuple(str(raw.get("_key", "")) for raw in rows)
    return Table(key, title, sheet, cols, tuple(body), total, note, keys)


def cell_text(col: Column, value: Cell) -> str:
    """A cell as documents print it: ``123.380.040.660``, ``39,56``, ``-`` for an undefined percentage."""
    if value is None:
        return "-" if col.kind == "pct" else ""
    if col.kind == "money" and isinstance(value, Decimal | int):
        return number(value)
    if col.kind == "pct" and isinstance(value, Decimal | int):
        return pct_number(Decimal(value))
    return str(value)


@dataclass(frozen=True)
class TableSpec:
    """A registered table: the published tables it ``requires`` and how to ``build`` it."""

    key: str
    requires: tuple[str, ...]
    build: Callable[[Source], Table]


def build_tables(source: Source, specs: Sequence[TableSpec]) -> list[Table]:
    """Build every spec whose sources exist (others are skipped and logged), numbered 1..n."""
    tables: list[Table] = []
    for spec in specs:
        missing = [name for name in spec.requires if not source.has(name)]
        if missing:
            log.warning("report table %s skipped: %s absent in the published database", spec.key, ", ".join(missing))
            continue
        tables.append(replace(spec.build(source), number=len(tables) + 1))
    return tables


def by_key(tables: Sequence[Table]) -> dict[str, Table]:
    """Tables indexed by their key."""
    return {t.key: t for t in tables}

