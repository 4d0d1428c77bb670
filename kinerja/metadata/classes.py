"""The shape of the metadata: a ``Column`` and a ``Table``, and the SQL each one turns into.

A table is described once here; the working DB's DDL, the published file's tables and their
comments, the data dictionary and the drift check are all derived from that one description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

# Units a column may carry (None: a code, a name, a date, a flag, an identifier, free text).
UNITS: Final[dict[str, str]] = {
    "IDR": "rupiah, exact (DECIMAL with 2 decimals)",
    "percent": "percentage on a 0..100 scale, unrounded (round only when presenting)",
    "fraction": "a ratio as a fraction (0.3956 = 39,56 %), unrounded: show with a percent format, "
                "2 decimals; aggregate as a ratio of sums, never a mean",
    "count": "a number of things (rows, units, items, respondents)",
    "score_1_4": "score on the 1..4 scale of the survey form or the law-enforcement index",
    "score_25_100": "the satisfaction index converted to the 25..100 scale (x 25)",
    "satuan": "the unit the row's indicator names in its `satuan` (persen, indeks or angka)",
}

# Layers: the table-name prefix (or the one unprefixed published table) and what it holds.
LAYERS: Final[dict[str, str]] = {
    "raw": "append-only copies of every loaded file's rows, with load_id and source_row",
    "core": "current cleaned facts; a period's rows are replaced in one transaction",
    "out": "reporting tables, copied into the published file for BI tools",
    "audit": "what happened: loads, gate issues and results, runs, publishes, schema versions",
    "publish": "written by the publish into the published file only",
}

# The DuckDB types the schema uses, as written in DDL -> as information_schema reports them.
TYPES: Final[dict[str, str]] = {
    "VARCHAR": "VARCHAR",
    "BIGINT": "BIGINT",
    "INTEGER": "INTEGER",
    "DOUBLE": "DOUBLE",
    "BOOLEAN": "BOOLEAN",
    "DATE": "DATE",
    "TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE",
    "DECIMAL(18,2)": "DECIMAL(18,2)",
    "DECIMAL(38,2)": "DECIMAL(38,2)",
}

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def quote(identifier: str) -> str:
    """An identifier quoted for DuckDB SQL (some column names, e.g. ``rule``, are keywords)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Column:
    """One column: its DuckDB type, unit, nullability and an English description."""

    name: str
    type: str
    description: str
    unit: str | None = None
    nullable: bool = True

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"column name {self.name!r} is not snake_case")
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: type {self.type!r} is not one of {', '.join(TYPES)}")
        if self.unit is not None and self.unit not in UNITS:
            raise ValueError(f"{self.name}: unit {self.unit!r} is not one of {', '.join(UNITS)}")
        if not self.description.strip():
            raise ValueError(f"{self.name}: no description")

    def sql(self) -> str:
        """The column definition in CREATE TABLE."""
        return f"{quote(self.name)} {self.type}" + ("" if self.nullable else " NOT NULL")


@dataclass(frozen=True)
class Table:
    """One table of the warehouse or the published file.

    ``working``: how it exists in the working DB: ``"table"`` (created from this
    metadata), ``"view"`` (its SELECT lives in ``warehouse/sql/``; the metadata describes its
    columns) or None (only in the published file). ``published``: copied into the published
    file, where it is always a table created from this metadata. ``shape``: for raw tables,
    the canonical extract shape whose rows it stores (``docs/architecture.md``).
    ``key_enforced``: False for a working table of a million rows a month whose key gate 1
    already guarantees (the period's rows are replaced whole): the key is documented but the
    table carries no PRIMARY KEY, whose index costs more than the insert itself.
    """

    name: str
    layer: str
    grain: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    working: str | None = "table"
    key_enforced: bool = True
    published: bool = False
    shape: str | None = None
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.layer not in LAYERS:
            raise ValueError(f"{self.name}: layer {self.layer!r} is not one of {', '.join(LAYERS)}")
        if self.layer != "publish" and not self.name.startswith(self.layer + "_"):
            raise ValueError(f"{self.name}: a {self.layer} table's name starts with {self.layer}_")
        if self.working not in ("table", "view", None):
            raise ValueError(f"{self.name}: working must be 'table', 'view' or None")
        if self.working is None and not self.published:
            raise ValueError(f"{self.name}: neither in the working DB nor published")
        by_name = {c.name: c for c in self.columns}
        if len(by_name) != len(self.columns):
            raise ValueError(f"{self.name}: a column name appears twice")
        for key in self.primary_key:
            if key not in by_name:
                raise ValueError(f"{self.name}: primary key column {key} is not a column")
            if by_name[key].nullable:
                raise ValueError(f"{self.name}: primary key column {key} must be NOT NULL")
        if not self.key_enforced and (self.published or not self.primary_key):
            raise ValueError(f"{self.name}: only an unpublished table with a key may leave it unenforced")
        if not self.grain.strip() or not self.description.strip():
            raise ValueError(f"{self.name}: grain and description are required")
        object.__setattr__(self, "_by_name", by_name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return self._by_name[name]

    def qualified(self, catalog: str | None = None) -> str:
        """The table's name, quoted, inside ``catalog`` (an attached database) when given."""
        return f"{catalog}.main.{quote(self.name)}" if catalog else quote(self.name)

    @property
    def enforced_key(self) -> tuple[str, ...]:
        """The PRIMARY KEY the database declares: the key, unless it is left to the gate."""
        return self.primary_key if self.key_enforced else ()

    @property
    def order_by(self) -> str:
        """The ORDER BY a publish writes the rows in: the key's columns, else every column. The
        order of a period's rows is then the same in every build; sorting on the key alone
        instead of every column saves 0,25-0,5 s on the national month's 1,5 M akun lines."""
        return "ORDER BY " + (", ".join(quote(k) for k in self.primary_key) if self.primary_key else "ALL")

    def create_sql(self, catalog: str | None = None, if_not_exists: bool = True, key: bool = True) -> str:
        """``CREATE TABLE`` with types, NOT NULL and the enforced primary key (in ``catalog``);
        ``key=False`` leaves the key to :meth:`add_key_sql` after the table is filled."""
        lines = [c.sql() for c in self.columns]
        if self.enforced_key and key:
            lines.append(self._key_clause())
        head = "CREATE TABLE IF NOT EXISTS" if if_not_exists else "CREATE TABLE"
        body = ",\n    ".join(lines)
        return f"{head} {self.qualified(catalog)} (\n    {body}\n);"

    def add_key_sql(self, catalog: str | None = None) -> str | None:
        """``ALTER TABLE ... ADD PRIMARY KEY`` for a table created with ``key=False`` (None when
        it has no enforced key). Declaring the key on a filled table builds its index in one
        pass: on 1,5 M rows 1,4 s, where inserting into a keyed table costs 3 s more than
        inserting into a bare one (docs/benchmarks.md)."""
        return f"ALTER TABLE {self.qualified(catalog)} ADD {self._key_clause()};" if self.enforced_key else None

    def _key_clause(self) -> str:
        return "PRIMARY KEY (" + ", ".join(quote(k) for k in self.enforced_key) + ")"

    def comment_sql(self, catalog: str | None = None) -> list[str]:
        """``COMMENT ON TABLE`` and ``COMMENT ON COLUMN`` for the table and every column."""
        name = self.qualified(catalog)
        out = [f"COMMENT ON TABLE {name} IS {literal(self.comment())};"]
        out += [f"COMMENT ON COLUMN {name}.{quote(c.name)} IS {literal(column_comment(c))};"
                for c in self.columns]
        return out

    def comment(self) -> str:
        """The table's comment as BI tools show it: description, grain, key."""
        key = f" Primary key: {', '.join(self.primary_key)}." if self.primary_key else ""
        if self.primary_key and not self.key_enforced:
            key = f" Key: {', '.join(self.primary_key)} (unique by gate 1, not declared in the working DB)."
        return f"{self.description} Grain: {self.grain}.{key}"


def column_comment(column: Column) -> str:
    """A column's comment: its description, plus its unit when it has one."""
    return column.description + (f" [{column.unit}]" if column.unit else "")
