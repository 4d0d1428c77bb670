"""Reading the published database, read-only, into polars frames.

Every table, sentence and chart of a report is derived from the frames a :class:`Source`
hands out; a frame is queried once and cached, so a sentence and the table showing the
same figure read the very same in-memory data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from kinerja.rules import Rules

REGION_TABLE = "out_budget_region"
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


class PeriodNotPublished(LookupError):
    """The requested period (or region) has no rows in the published database."""


def parse_period(period: str) -> date:
    """``"2025-06"`` -> ``date(2025, 6, 1)`` (the warehouse's period key); ValueError otherwise."""
    match = _PERIOD.match(period)
    if not match:
        raise ValueError(f"period must be YYYY-MM, got {period!r}")
    return date(int(match[1]), int(match[2]), 1)


def connect(published_db: Path) -> duckdb.DuckDBPyConnection:
    """Open the published file read-only (it may be swapped by a publish at any time)."""
    path = Path(published_db)
    if not path.is_file():
        raise FileNotFoundError(f"published database not found: {path}")
    return duckdb.connect(str(path), read_only=True)


def table_names(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Names of the tables present in the published database."""
    rows = con.sql("SELECT table_name FROM information_schema.tables").fetchall()
    return frozenset(name for (name,) in rows)


@dataclass(frozen=True)
class Region:
    """The region (Kanwil and its UPT) a report is about."""

    kode_kanwil: str
    nama_kanwil: str


def resolve_region(con: duckdb.DuckDBPyConnection, period: date, kode_kanwil: str | None) -> Region:
    """The region published for ``period``; the only one when ``kode_kanwil`` is None.

    Raises PeriodNotPublished when nothing is published for the period (or that region),
    and ValueError when several regions are published and none was chosen.
    """
    if REGION_TABLE not in table_names(con):
        raise PeriodNotPublished(f"{REGION_TABLE} is absent: not a kinerja published database")
    rows = con.sql(
        f"SELECT DISTINCT kode_kanwil, nama_kanwil FROM {REGION_TABLE} WHERE period = $p ORDER BY 1",
        params={"p": period},
    ).fetchall()
    published = sorted(
        r[0] for r in con.sql(f"SELECT DISTINCT strftime(period, '%Y-%m') FROM {REGION_TABLE}").fetchall()
    )
    if kode_kanwil is not None:
        rows = [r for r in rows if r[0] == kode_kanwil]
    if not rows:
        where = f" for kode_kanwil {kode_kanwil}" if kode_kanwil else ""
        raise PeriodNotPublished(
            f"period {period:%Y-%m} is not published{where}; published periods: {', '.join(published) or 'none'}"
        )
    if len(rows) > 1:
        raise ValueError(f"several regions published for {period:%Y-%m}: {[r[0] for r in rows]}; choose kode_kanwil")
    return Region(kode_kanwil=rows[0][0], nama_kanwil=rows[0][1] or rows[0][0])


@dataclass
class Source:
    """Cached access to the published tables for one period and region, with the rules of
    the period's fiscal year (e.g. the estimated absorption targets the report prints)."""

    con: duckdb.DuckDBPyConnection
    period: date
    region: Region
    tables: frozenset[str]
    rules: Rules
    # data labels per sumber (``survei`` -> ``SINTETIS (...)``): from the office's narasi.md
    labels: dict[str, str] = field(default_factory=dict)
    _cache: dict[tuple[str, bool | date], pl.DataFrame] = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        """Whether every named table exists in the published database."""
        return all(name in self.tables for name in names)

    def frame(self, table: str) -> pl.DataFrame:
        """The table's rows for the period and region."""
        return self._load(table, year_to_date=False)

    def year_to_date(self, table: str) -> pl.DataFrame:
        """The table's rows for the region, every published period of the year up to the period."""
        return self._load(table, year_to_date=True)

    def frame_at(self, table: str, period: date) -> pl.DataFrame:
        """The table's rows for the region at another ``period`` (e.g. the same month a year earlier)."""
        return self._load(table, year_to_date=False, at=period)

    def _load(self, table: str, *, year_to_date: bool, at: date | None = None) -> pl.DataFrame:
        key: tuple[str, bool | date] = (table, at if at is not None else year_to_date)
        if key not in self._cache:
            if not _IDENT.match(table) or table not in self.tables:
                raise KeyError(f"table {table!r} is not in the published database")
            columns = {c for (c,) in self.con.sql(
                "SELECT column_name FROM information_schema.columns WHERE table_name = $t", params={"t": table}
            ).fetchall()}
            params: dict[str, object] = {"p": at or self.period}
            where = ["period BETWEEN date_trunc('year', $p::DATE) AND $p" if year_to_date else "period = $p"]
            if "kode_kanwil" in columns:
                where.append("kode_kanwil = $k")
                params["k"] = self.region.kode_kanwil
            sql = f"SELECT * FROM {table} WHERE {' AND '.join(where)} ORDER BY ALL"
            self._cache[key] = self.con.sql(sql, params=params).pl()
        return self._cache[key]
