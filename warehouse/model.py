"""The BI model of the published file: dim_*, fact_* and the metric views, and its storage version.

The tables are described in :mod:`kinerja.metadata.bi` and filled by the SELECTs of
``warehouse/sql/published/<table>.sql``, which run on the working DB at publish time (so no
working table changes). The metric views' SELECTs, in the same folder, are stored in the
published file and run there (they name only published tables).
"""

from __future__ import annotations

from importlib import resources

import duckdb

from kinerja import metadata
from kinerja.metadata import quote

# The storage version the published file is written in: format 64, which every DuckDB since
# 1.0.0 reads (the maintained 1.x line, 1.4 LTS and 1.5, reads 64..68; DuckDB 2.x writes 69).
# BI drivers (DBeaver, Metabase, duckdb-engine, Node 1.x for Evidence) ship 1.x releases.
STORAGE_VERSION = "v1.0.0"

VIEW_NAMES = tuple(v.name for v in metadata.VIEWS)


def select_sql(name: str) -> str:
    """The SELECT of ``warehouse/sql/published/<name>.sql``."""
    return (resources.files("kinerja.warehouse") / "sql" / "published" / f"{name}.sql").read_text(
        encoding="utf-8")


def build_tables(con: duckdb.DuckDBPyConnection, catalog: str, names: tuple[str, ...] | None = None,
                 create: bool = True) -> None:
    """Fill the dim_*/fact_* tables ``names`` (default: all) in the attached ``catalog`` from
    the working DB, creating them first unless ``create`` is False (they exist and are emptied
    of what is refilled). Tables it creates have no key yet: the caller declares the keys once
    they are full (:func:`declare_keys`)."""
    for table in metadata.bi.BI:
        if names is not None and table.name not in names:
            continue
        columns = ", ".join(quote(c) for c in table.column_names)
        if create:
            con.execute(table.create_sql(catalog, if_not_exists=False, key=False))
        con.execute(f"INSERT INTO {table.qualified(catalog)} ({columns}) "
                    f"SELECT {columns} FROM (\n{select_sql(table.name)}\n) AS q {table.order_by}")


def declare_keys(con: duckdb.DuckDBPyConnection, catalog: str, tables) -> None:
    """Declare the primary key of each of ``tables`` (created with ``key=False`` and filled) in
    ``catalog``. Outside a transaction, a table whose rows break its key stops the build with
    the table, the key and the first duplicated values (DuckDB's own message names none of
    them); inside one, DuckDB checks the keys at the COMMIT (:func:`duplicate_key`)."""
    for table in tables:
        sql = table.add_key_sql(catalog)
        if sql is None:
            continue
        try:
            con.execute(sql)
        except duckdb.ConstraintException:
            raise duckdb.ConstraintException(duplicate_key(con, table, table.qualified(catalog))) from None


def duplicate_key(con: duckdb.DuckDBPyConnection, table, source: str) -> str | None:
    """How the rows of ``source`` (a table, or a SELECT in parentheses with an alias) break
    ``table``'s key: the table, the key and the first three duplicated values; None if they do not."""
    key = ", ".join(quote(k) for k in table.enforced_key)
    found = con.execute(f"SELECT {key}, count(*) FROM {source} GROUP BY ALL "
                        f"HAVING count(*) > 1 ORDER BY ALL LIMIT 3").fetchall()
    if not found:
        return None
    said = "; ".join(", ".join(f"{k}={v}" for k, v in zip(table.enforced_key, row[:-1])) + f" ({row[-1]} rows)"
                     for row in found)
    return f"{table.name}: duplicate primary key ({', '.join(table.enforced_key)}): {said}"


def create_views(con: duckdb.DuckDBPyConnection, catalog: str) -> None:
    """Create the metric views inside ``catalog`` (their table names resolve in that file) and
    comment them."""
    current = con.execute("SELECT current_database()").fetchall()[0][0]
    con.execute(f"USE {quote(catalog)}")
    try:
        for view in metadata.VIEWS:
            con.execute(f"CREATE VIEW {quote(view.name)} AS\n{select_sql(view.name)}")
    finally:
        con.execute(f"USE {quote(current)}")
    con.execute("\n".join(s for v in metadata.VIEWS for s in v.comment_sql(catalog)))


def view_differences(con: duckdb.DuckDBPyConnection) -> list[str]:
    """How the metric views of the published file on ``con`` differ from the metadata."""
    out: list[str] = []
    comments = dict(con.execute("SELECT view_name, comment FROM duckdb_views() "
                                "WHERE NOT internal AND schema_name = 'main'").fetchall())
    for view in metadata.VIEWS:
        if view.name not in comments:
            out.append(f"{view.name}: view missing")
            continue
        if comments[view.name] != view.description:
            out.append(f"{view.name}: comment differs")
        have = con.execute("SELECT column_name, COLUMN_COMMENT FROM information_schema.columns "
                           "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                           [view.name]).fetchall()
        if have != list(view.columns):
            out.append(f"{view.name}: columns or their comments differ from the metadata: {have}")
    for name in sorted(set(comments) - set(VIEW_NAMES)):
        out.append(f"{name}: view not in the metadata")
    return out
