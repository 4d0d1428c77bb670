"""``kinerja export``: the published tables as Parquet or CSV files, for tools that prefer files.

Reads the served file read-only (as any BI tool does) and writes, under ``out``:

- ``<table>/period=YYYY-MM-DD/*.parquet|csv`` for every table with a NOT NULL ``period``
  column (hive partitioning; the files keep the ``period`` column too, so a reader that does
  not know hive partitions still gets it), ``<table>/<table>.parquet|csv`` for the others;
- ``_schema.json``: the publish it comes from, and per table its description (the file's
  ``COMMENT ON``), key, partitioning, files and columns with type, nullability and comment,
  and the metric views' SQL and comments (views are not exported as data).

The folder is written beside ``out`` and moved into place, so a reader never sees half an
export; an existing ``out`` is replaced.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from kinerja.metadata import quote
from kinerja.warehouse.db import connect_published

FORMATS = ("parquet", "csv")


def export(published: Path, out: Path, fmt: str = "parquet") -> dict:
    """Write every table of the published file ``published`` under ``out``; return the schema."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if not published.exists():
        raise FileNotFoundError(f"no published file at {published}: run `kinerja run` first")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.with_name(f".{out.name}.{uuid.uuid4().hex[:12]}.tmp")
    work.mkdir()
    con = connect_published(published)
    try:
        schema = _write(con, work, fmt)
    except BaseException:
        con.close()
        shutil.rmtree(work, ignore_errors=True)
        raise
    con.close()
    (work / "_schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    if out.exists():
        old = out.with_name(f".{out.name}.{uuid.uuid4().hex[:12]}.old")
        out.rename(old)
        work.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(out)
    return schema


def _write(con, work: Path, fmt: str) -> dict:
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
    info = con.execute("SELECT * FROM publish_info").fetchall()
    info_cols = [d[0] for d in con.description]
    tables = []
    for name, comment in con.execute("""SELECT table_name, comment FROM duckdb_tables()
            WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name"""
                                     ).fetchall():
        columns = [
            {"name": c, "type": t, "nullable": bool(n), "comment": cm}
            for c, t, n, cm in con.execute("""SELECT column_name, data_type, is_nullable, comment
                FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'
                  AND table_name = ? ORDER BY column_index""", [name]).fetchall()]
        keys = con.execute("""SELECT constraint_column_names FROM duckdb_constraints()
            WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?
              AND constraint_type = 'PRIMARY KEY'""", [name]).fetchall()
        partitioned = any(c["name"] == "period" and not c["nullable"] for c in columns)
        folder = work / name
        folder.mkdir()
        order = "ORDER BY ALL"
        if partitioned:
            con.execute(f"COPY (SELECT * FROM {quote(name)} {order}) TO '{folder}' "
                        f"({options}, PARTITION_BY (period), WRITE_PARTITION_COLUMNS true)")
        else:
            con.execute(f"COPY (SELECT * FROM {quote(name)} {order}) TO '{folder / (name + '.' + fmt)}' "
                        f"({options})")
        tables.append({
            "name": name, "description": comment,
            "primary_key": list(keys[0][0]) if keys else [],
            "partitioned_by": ["period"] if partitioned else [],
            "files": sorted(str(p.relative_to(work)) for p in folder.rglob(f"*.{fmt}")),
            "rows": con.execute(f"SELECT count(*) FROM {quote(name)}").fetchall()[0][0],
            "columns": columns,
        })
    views = [
        {"name": v, "description": cm, "sql": sql,
         "columns": [{"name": c, "comment": ccm} for c, ccm in con.execute(
             "SELECT column_name, comment FROM duckdb_columns() WHERE database_name = current_database() "
             "AND schema_name = 'main' AND table_name = ? ORDER BY column_index", [v]).fetchall()]}
        for v, cm, sql in con.execute("""SELECT view_name, comment, sql FROM duckdb_views()
            WHERE NOT internal AND database_name = current_database() AND schema_name = 'main'
            ORDER BY view_name""").fetchall()]
    return {
        "format": fmt,
        "publish": {k: str(v) if v is not None else None for k, v in zip(info_cols, info[0])} if info else None,
        "reading": ("Every table with a period column is partitioned hive-style by period "
                    "(period=YYYY-MM-DD); the files also hold the period column. Money is exact "
                    "DECIMAL(38,2) in Parquet; CSV writes it as text with a dot as the decimal "
                    "separator. Ratios named *_ratio are fractions, *_pct are on a 0..100 scale."),
        "tables": tables,
        "views": views,
    }
