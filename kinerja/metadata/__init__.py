"""Every table of the warehouse and of the published file, described once, as data.

Per table: layer, grain, description, primary key, where it lives (working DB as a table or a
view, published file); per column: DuckDB type, unit, description, nullability. From this:

- the working DB's tables (``create_table_sql``; views stay in ``warehouse/sql/``);
- the published file's tables with NOT NULL, keys and comments (``warehouse/publish.py``);
- ``docs/data_dictionary.md`` (``python -m kinerja.metadata > docs/data_dictionary.md``);
- the drift check against a live database (``kinerja.warehouse.schema.drift``);
- the tests that the readers, the gate and the transforms use the same column lists.

Public API: ``Column``, ``Table``, ``TABLES`` (name -> Table, in creation order), ``table``,
``column_names``, ``raw_table_for``, ``working_tables``, ``published_tables``,
``create_table_sql``, ``UNITS``, ``LAYERS``.
"""

from __future__ import annotations

from typing import Final

from .audit import AUDIT
from .bi import BI, VIEWS, MetricView
from .budget import BUDGET
from .classes import LAYERS, TYPES, UNITS, Column, Table, column_comment, literal, quote
from .core import CORE
from .ikpa import IKPA
from .indicators import INDICATORS
from .published import PUBLISHED
from .raw import RAW

TABLES: Final[dict[str, Table]] = {t.name: t for t in (*AUDIT, *RAW, *CORE, *BUDGET, *INDICATORS, *IKPA,
                                                       *PUBLISHED, *BI)}

__all__ = [
    "LAYERS", "TABLES", "TYPES", "UNITS", "VIEWS", "Column", "MetricView", "Table", "column_comment", "column_names",
    "create_table_sql", "literal", "published_tables", "quote", "raw_table_for", "table",
    "working_tables",
]


def table(name: str) -> Table:
    """The table called ``name`` (KeyError naming the known tables otherwise)."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"{name!r} is not in kinerja.metadata ({', '.join(TABLES)})") from None


def column_names(name: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """The columns of table ``name`` in order, without ``exclude``."""
    return [c for c in table(name).column_names if c not in exclude]


def raw_table_for(shape: str) -> Table:
    """The raw table that stores extract shape ``shape``."""
    for t in TABLES.values():
        if t.layer == "raw" and t.shape == shape:
            return t
    raise KeyError(f"no raw table stores the shape {shape!r}")


def working_tables(kind: str = "table") -> tuple[Table, ...]:
    """Tables of the working DB that exist as ``kind`` ("table" or "view"), in creation order."""
    return tuple(t for t in TABLES.values() if t.working == kind)


def published_tables() -> tuple[Table, ...]:
    """Tables of the published file, in the order publish writes them."""
    return tuple(t for t in TABLES.values() if t.published)


def create_table_sql() -> str:
    """``CREATE TABLE IF NOT EXISTS`` for every table of the working DB, in order."""
    return "\n\n".join(t.create_sql() for t in working_tables("table")) + "\n"
