"""Connections and the rules of who opens what.

- The working DB's schema comes from :mod:`kinerja.metadata` (tables) and the numbered SQL
  files under ``warehouse/sql/`` (views); :mod:`kinerja.warehouse.schema` builds it, records
  its version and migrates an older one.
- The working DB (``<home>/warehouse.duckdb``) is opened read-write only by a run, which
  holds the home's lock (see :mod:`warehouse.home`) for its whole duration.
- The published DB is never opened read-write by anyone: it is built as a new file and
  moved over the old one (:mod:`warehouse.publish`). BI tools open it read-only.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from kinerja.warehouse.schema import ensure_current, view_files

# The numbered SQL files under warehouse/sql (the views), in order: (name, text).
schema_files = view_files


def apply_schema(con: duckdb.DuckDBPyConnection, where: str = "the working DB") -> None:
    """Build the schema on an empty DB, or migrate an older one, to the current version."""
    ensure_current(con, where)


def connect_working(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the working DB read-write and bring its schema up to date:
    an older home is migrated in one transaction, or the open stops with
    :class:`kinerja.warehouse.schema.SchemaError` naming what to run (nothing changed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("SET TimeZone = 'UTC'")
        apply_schema(con, str(path))
    except BaseException:
        con.close()
        raise
    return con


def connect_published(path: Path) -> duckdb.DuckDBPyConnection:
    """How a reader (BI tool, report, test) opens the published DB: read-only, always."""
    return duckdb.connect(str(path), read_only=True)
