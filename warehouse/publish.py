"""Write-audit-publish: build the BI file beside the served one, check it, swap it in.

BI tools open ``<home>/published/kinerja.duckdb`` read-only. A reader that has it open keeps
reading the version it opened (the old inode); a reader that connects after the swap sees
the new version whole. The served file is never opened read-write, so a reader never blocks
a publish and never sees half a refresh (TRAPS.md, DuckDB: os.replace of a new file).

Every table of the file is created from :mod:`kinerja.metadata`: its types, NOT NULL, primary
key, and a ``COMMENT ON`` for the table and each column, which BI tools show as descriptions
(dbt's persist_docs). The verification checks the content hash and that the file matches the
metadata exactly.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from kinerja import faults, metadata
from kinerja.files import file_sha256
from kinerja.metadata import quote
from kinerja.warehouse.db import connect_published
from kinerja.warehouse.model import STORAGE_VERSION, build_tables, create_views, view_differences
from kinerja.warehouse.schema import drift
from kinerja.warehouse.store import OUT_TABLES

# Reporting tables plus the load history (lineage) and the history of earlier publishes: every
# published table that the working DB holds (as a table or a view), in the metadata's order.
PUBLISHED_TABLES = tuple(t.name for t in metadata.published_tables() if t.working is not None)
# Written by the publish itself: one row describing this publish.
INFO_TABLE = metadata.table("publish_info")


@dataclass(frozen=True)
class Published:
    path: Path
    publish_id: str
    sha256: str
    content_sha256: str
    periods: tuple[str, ...]


def content_sha256(con: duckdb.DuckDBPyConnection, schema: str = "main",
                   tables: tuple[str, ...] = OUT_TABLES) -> str:
    """A hash of the reporting content, independent of file layout and row order.

    Per table: row count and the sum of DuckDB's row hashes (order-independent). Two homes
    holding the same reporting rows give the same value; history tables are left out by
    default, since every publish adds to them.
    """
    digest = hashlib.sha256()
    for table in tables:
        n, h = con.execute(
            f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR FROM {schema}.{table} AS t"
        ).fetchall()[0]
        digest.update(f"{table}:{n}:{h}\n".encode())
    return digest.hexdigest()


def publish(con: duckdb.DuckDBPyConnection, target: Path, run_id: str, flow_run_id: str | None) -> Published:
    """Copy the reporting tables from the working DB ``con`` into a new file and swap it in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    publish_id = str(uuid.uuid4())
    published_at = datetime.now(timezone.utc)
    tmp = target.with_name(f".{target.name}.{publish_id}.tmp")
    alias = "pub_" + publish_id.replace("-", "")[:12]
    # An older storage version, so that DuckDB 1.x clients (most BI drivers) open the file.
    con.execute(f"ATTACH '{tmp}' AS {alias} (STORAGE_VERSION '{STORAGE_VERSION}')")
    try:
        for name in PUBLISHED_TABLES:
            table = metadata.table(name)
            columns = ", ".join(quote(c) for c in table.column_names)
            con.execute(table.create_sql(alias, if_not_exists=False))
            con.execute(f"INSERT INTO {table.qualified(alias)} ({columns}) "
                        f"SELECT {columns} FROM main.{quote(name)} ORDER BY ALL")
        build_tables(con, alias)   # dim_*, fact_*: the BI model, from the working DB
        expected = content_sha256(con, "main")
        everything = content_sha256(con, "main", PUBLISHED_TABLES)
        periods = tuple(str(r[0])[:7] for r in con.execute(
            "SELECT DISTINCT period FROM main.out_budget_region ORDER BY 1").fetchall())
        con.execute(INFO_TABLE.create_sql(alias, if_not_exists=False))
        con.execute(f"""INSERT INTO {INFO_TABLE.qualified(alias)}
            (publish_id, run_id, flow_run_id, published_at, periods, content_sha256)
            VALUES (?, ?, ?, ?, ?, ?)""",
                    [publish_id, run_id, flow_run_id, published_at, ",".join(periods), expected])
        con.execute("\n".join(s for t in metadata.published_tables() for s in t.comment_sql(alias)))
        create_views(con, alias)
    except BaseException:
        con.execute(f"DETACH {alias}")
        tmp.unlink(missing_ok=True)   # e.g. a key the data break: no half-built file stays behind
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise
    con.execute(f"DETACH {alias}")
    try:
        _verify(tmp, everything)
        faults.point("publish:built")
    except BaseException:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise
    # A WAL left beside the served name would not match the new file and break every open.
    for stale in (target.with_name(target.name + ".wal"),):
        stale.unlink(missing_ok=True)
    # The swap, then its audit row. The served file carries its own ``publish_info`` row, so a
    # crash between the two is found and repaired by the next run (:func:`repair_audit`).
    os.replace(tmp, target)
    faults.point("publish:swapped")
    sha = file_sha256(target)
    con.execute("INSERT INTO audit_publish VALUES (?, ?, ?, ?, ?, ?, ?)",
                [publish_id, run_id, flow_run_id, published_at, ",".join(periods), sha, expected])
    return Published(target, publish_id, sha, expected, periods)


@dataclass(frozen=True)
class Served:
    """What the served file says it holds (its ``publish_info`` row)."""
    publish_id: str
    run_id: str
    flow_run_id: str | None
    published_at: datetime
    periods: tuple[str, ...]
    content_sha256: str


def served(target: Path) -> Served | None:
    """The served file's own record of its publish, or None when there is no served file."""
    if not target.exists():
        return None
    check = connect_published(target)
    try:
        row = check.execute(f"SELECT publish_id, run_id, flow_run_id, published_at, periods, content_sha256 "
                            f"FROM {quote(INFO_TABLE.name)}").fetchall()[0]
    finally:
        check.close()
    return Served(str(row[0]), str(row[1]), row[2], row[3], tuple(p for p in (row[4] or "").split(",") if p),
                  str(row[5]))


def working_periods(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The periods the working DB's reporting tables hold, as a publish records them."""
    return tuple(str(r[0])[:7] for r in con.execute(
        "SELECT DISTINCT period FROM main.out_budget_region ORDER BY 1").fetchall())


def behind(con: duckdb.DuckDBPyConnection, target: Path) -> str | None:
    """Why the served file does not hold what the working DB's reporting tables hold, or None.

    Compares the served file's recorded content hash and periods with the working DB's: a run
    killed after a period's transaction and before the swap leaves the warehouse ahead."""
    info = served(target)
    periods = working_periods(con)
    if info is None:
        return "no published file yet" if periods else None
    if info.periods != periods:
        missing = sorted(set(periods) - set(info.periods))
        extra = sorted(set(info.periods) - set(periods))
        said = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"extra {', '.join(extra)}"] if extra else [])
        return f"published file behind the warehouse ({'; '.join(said)})"
    if info.content_sha256 != content_sha256(con, "main"):
        return "published file behind the warehouse (content differs)"
    return None


def repair_audit(con: duckdb.DuckDBPyConnection, target: Path) -> str | None:
    """Write the audit row of a served publish that has none (a crash after the swap)."""
    info = served(target)
    if info is None:
        return None
    known = con.execute("SELECT count(*) FROM audit_publish WHERE publish_id = ?", [info.publish_id]).fetchall()[0][0]
    if known:
        return None
    con.execute("INSERT INTO audit_publish VALUES (?, ?, ?, ?, ?, ?, ?)",
                [info.publish_id, info.run_id, info.flow_run_id, info.published_at, ",".join(info.periods),
                 file_sha256(target), info.content_sha256])
    return f"audit row of publish {info.publish_id} was missing (a run stopped after its swap): recorded"


def leftovers(target: Path) -> list[Path]:
    """Temporary publish files beside the served one (a run stopped while building its copy)."""
    if not target.parent.is_dir():
        return []
    return sorted(p for p in target.parent.iterdir()
                  if p.name.startswith(f".{target.name}.") and (p.name.endswith(".tmp") or p.name.endswith(".tmp.wal")))


def clean_leftovers(target: Path) -> list[Path]:
    """Remove :func:`leftovers`; call only while holding the home's lock."""
    found = leftovers(target)
    for path in found:
        path.unlink(missing_ok=True)
    return found


def _verify(path: Path, expected: str) -> None:
    """Open the new file as a BI tool would and check it holds exactly the working content, in
    tables exactly as the metadata describes them (types, keys, comments)."""
    check = connect_published(path)
    try:
        got = content_sha256(check, "main", PUBLISHED_TABLES)
        differences = drift(check, published=True)
        differences += view_differences(check)
    finally:
        check.close()
    if got != expected or differences:
        path.unlink(missing_ok=True)
        if differences:
            raise RuntimeError(f"published copy {path} does not match kinerja.metadata: "
                               + "; ".join(map(str, differences)))
        raise RuntimeError(f"published copy {path} does not match the working DB ({got} != {expected})")
