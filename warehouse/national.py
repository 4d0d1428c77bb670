"""The national publish: every region's published file attached, one national file written, swapped in.

Each region of a national run is refreshed into its own home and publishes its own file
(:mod:`kinerja.warehouse.publish`). The national publish attaches those files read-only and
writes ``<home>/published/kinerja.duckdb`` of the national home the same way a region's is
written: a new file beside the served one, in the older storage version every DuckDB 1.x
client reads, each table created from the metadata (:mod:`kinerja.metadata.national`: types,
NOT NULL, keys, a ``COMMENT ON`` for every table and column), verified, then ``os.replace``.

Which region's period is in the file is decided once, in ``out_national_region_status``: a
region's period is included when the region's published file holds it and the last national
run that tried it refreshed it (or found it unchanged). The regional tables hold the included
rows only; the national rollups sum them and say, per period, how many regions they sum, which
are missing and whether the total is complete.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from kinerja.files import file_sha256
from kinerja.metadata import literal, quote
from kinerja.metadata import national as meta
from kinerja.metadata.classes import Table, column_comment
from kinerja.warehouse.db import connect_published
from kinerja.warehouse.model import STORAGE_VERSION, declare_keys

INFO_TABLE = meta.NATIONAL_TABLES["publish_info"]
STATUS_TABLE = meta.STATUS.name
# Statuses of audit_national_region under which a region's period is in the national file.
INCLUDED_OUTCOMES = ("refreshed", "skipped")
# Columns that name a run or a path rather than content: left out of the content hash, so that
# two homes holding the same figures (a serial and a Dask run) give the same hash.
_NOT_CONTENT = {STATUS_TABLE: ("gate_report",)}
CONTENT_TABLES = tuple(name for name in meta.NATIONAL_TABLES if name not in ("out_load", "publish_info"))

__all__ = ["CONTENT_TABLES", "NationalPublished", "connect_national", "content_sha256",
           "publish_national", "record_outcomes", "structure_differences"]


@dataclass(frozen=True)
class NationalPublished:
    path: Path
    publish_id: str
    sha256: str
    content_sha256: str
    periods: tuple[str, ...]
    missing: tuple[tuple[str, str, str], ...]      # (period, kode_kanwil, status) of every region left out


def connect_national(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the national working DB: the national audit tables only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("SET TimeZone = 'UTC'")
    for table in meta.NATIONAL_AUDIT:
        con.execute(table.create_sql())
    return con


def record_outcomes(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Append one audit_national_region row per (run, region, period), in the table's column order."""
    if rows:
        names = ", ".join(quote(c) for c in meta.NATIONAL_AUDIT[0].column_names)
        marks = ", ".join("?" for _ in meta.NATIONAL_AUDIT[0].columns)
        con.executemany(f"INSERT INTO audit_national_region ({names}) VALUES ({marks})", rows)


def content_sha256(con: duckdb.DuckDBPyConnection, schema: str = "main") -> str:
    """A hash of the national content, independent of file layout and row order: per content
    table its row count and the sum of the row hashes (columns naming a run or a path left out)."""
    digest = hashlib.sha256()
    for name in CONTENT_TABLES:
        columns = [c for c in meta.NATIONAL_TABLES[name].column_names if c not in _NOT_CONTENT.get(name, ())]
        n, h = con.execute(
            f"SELECT count(*), coalesce(sum(hash({', '.join(quote(c) for c in columns)})::HUGEINT), 0)::VARCHAR "
            f"FROM {schema}.{quote(name)}").fetchall()[0]
        digest.update(f"{name}:{n}:{h}\n".encode())
    return digest.hexdigest()


def _alias(kode_kanwil: str) -> str:
    return f"region_{kode_kanwil}"


def _status_sql(regions: dict[str, Path | None]) -> str:
    """The SELECT of out_national_region_status over the attached regions and the audit."""
    held = [f"SELECT {literal(k)} AS kode_kanwil, period, max(nama_kanwil) AS nama_kanwil, "
            f"bool_or(kode_kanwil <> {literal(k)}) AS is_mismatch "
            f"FROM {_alias(k)}.main.out_budget_region GROUP BY period" for k, path in regions.items() if path]
    held_sql = " UNION ALL ".join(held) or \
        "SELECT NULL::VARCHAR AS kode_kanwil, NULL::DATE AS period, NULL::VARCHAR AS nama_kanwil, " \
        "NULL::BOOLEAN AS is_mismatch WHERE false"
    expected = ", ".join(f"({literal(k)})" for k in regions)
    included = ", ".join(literal(s) for s in INCLUDED_OUTCOMES)
    return f"""
        WITH expected(kode_kanwil) AS (VALUES {expected}),
        held AS ({held_sql}),
        mismatch AS (SELECT kode_kanwil FROM held GROUP BY kode_kanwil HAVING bool_or(is_mismatch)),
        latest AS (
            SELECT * FROM main.audit_national_region
            WHERE kode_kanwil IN (SELECT kode_kanwil FROM expected)
            QUALIFY row_number() OVER (PARTITION BY kode_kanwil, period ORDER BY finished_at DESC, run_id) = 1),
        periods AS (SELECT period FROM held UNION SELECT period FROM latest),
        names AS (SELECT kode_kanwil, max(nama_kanwil) AS nama_kanwil FROM held GROUP BY kode_kanwil),
        grid AS (
            SELECT p.period, e.kode_kanwil, n.nama_kanwil,
                   h.period IS NOT NULL AS is_held, m.kode_kanwil IS NOT NULL AS is_mismatch,
                   a.status AS outcome, a.n_errors, a.message, a.gate_report
            FROM periods p CROSS JOIN expected e
            LEFT JOIN held h ON h.kode_kanwil = e.kode_kanwil AND h.period = p.period
            LEFT JOIN mismatch m ON m.kode_kanwil = e.kode_kanwil
            LEFT JOIN names n ON n.kode_kanwil = e.kode_kanwil
            LEFT JOIN latest a ON a.kode_kanwil = e.kode_kanwil AND a.period = p.period)
        SELECT period, kode_kanwil, nama_kanwil,
            CASE WHEN is_mismatch THEN 'kanwil_mismatch'
                 WHEN outcome IS NOT NULL AND outcome NOT IN ({included}) THEN outcome
                 WHEN NOT is_held THEN 'no_data'
                 ELSE 'included' END AS status,
            is_held AND NOT is_mismatch AND (outcome IS NULL OR outcome IN ({included})) AS is_included,
            CASE WHEN outcome IN ({included}) THEN 0 ELSE coalesce(n_errors, 0) END AS n_errors,
            CASE WHEN is_mismatch THEN 'the satker master of folder ' || kode_kanwil || '/ names another '
                                       || 'kode_kanwil: move the region or correct the master'
                 WHEN outcome IN ({included}) THEN NULL
                 WHEN NOT is_held AND outcome IS NULL THEN 'no figures for this period in the region'
                 ELSE message END AS message,
            CASE WHEN outcome IN ({included}) OR is_mismatch THEN NULL ELSE gate_report END AS gate_report
        FROM grid"""


def _regional_sql(table: Table, regions: dict[str, Path | None], catalog: str) -> str:
    """INSERT of a national regional table: every attached region's rows, of included periods only."""
    columns = ", ".join(quote(c) for c in table.column_names)
    parts = []
    for kode, path in regions.items():
        if path is None:
            continue
        picked = ", ".join(f"{literal(kode)} AS kode_kanwil" if c == "kode_kanwil" else quote(c)
                           for c in table.column_names)
        parts.append(f"SELECT {picked} FROM {_alias(kode)}.main.{quote(table.name)}")
    if not parts:
        return ""
    rows = " UNION ALL ".join(parts)
    if "period" in table.column_names:
        rows = (f"SELECT u.* FROM ({rows}) AS u SEMI JOIN {catalog}.main.{quote(STATUS_TABLE)} AS s "
                f"ON s.kode_kanwil = u.kode_kanwil AND s.period = u.period AND s.is_included")
    else:    # out_load: the lineage of the regions with at least one included period
        rows = (f"SELECT u.* FROM ({rows}) AS u WHERE u.kode_kanwil IN (SELECT kode_kanwil FROM "
                f"{catalog}.main.{quote(STATUS_TABLE)} WHERE is_included)")
    return f"INSERT INTO {table.qualified(catalog)} ({columns}) SELECT {columns} FROM ({rows}) AS r ORDER BY ALL"


def _completeness_sql(catalog: str) -> str:
    return f"""SELECT period, count(*) FILTER (WHERE is_included) AS n_kanwil, count(*) AS n_kanwil_expected,
            string_agg(kode_kanwil, ',' ORDER BY kode_kanwil) FILTER (WHERE NOT is_included) AS kanwil_missing,
            bool_and(is_included) AS is_complete
        FROM {catalog}.main.{quote(STATUS_TABLE)} GROUP BY period"""


_MONEY = ("pagu", "blokir", "realisasi_bulan", "realisasi_kumulatif")


def _ratio(numerator: str, denominator: str) -> str:
    return f"CASE WHEN {denominator} > 0 THEN {numerator}::DOUBLE / {denominator}::DOUBLE * 100 END"


def _rollup_sql(table: Table, catalog: str) -> str:
    """INSERT of a national rollup: sums over the national regional table it rolls up, the measures
    derived from those sums (as :mod:`kinerja.transforms.budget` and ``.rb`` derive them per
    region), and the period's completeness."""
    source = {"out_national_budget": "out_budget_region",
              "out_national_budget_jenis_satker": "out_budget_jenis_satker",
              "out_national_budget_jenis_belanja": "out_budget_region_jenis_belanja",
              "out_national_rb": "out_rb_region",
              "out_national_rb_jenis_satker": "out_rb_satker"}[table.name]
    # the rollup's key without period, and the name that goes with a code
    by = [c for c in table.column_names if (c in table.primary_key and c != "period") or c == "jenis_belanja"]
    sums = [c for c in ("n_satker", *_MONEY, "n_akun_over_pagu", "target", "terlaksana") if c in table.column_names]
    group = ", ".join(["period", *by])
    summed = ", ".join([group] + [f"sum({quote(c)})::{table.column(c).type} AS {quote(c)}" for c in sums])
    derived = {
        "pagu_netto": "CASE WHEN pagu > blokir THEN pagu - blokir ELSE 0 END::DECIMAL(38,2)",
        "sisa": "(pagu - realisasi_kumulatif)::DECIMAL(38,2)",
        "sisa_netto": "((CASE WHEN pagu > blokir THEN pagu - blokir ELSE 0 END) - realisasi_kumulatif)::DECIMAL(38,2)",
        "penyerapan_pct": _ratio("realisasi_kumulatif", "pagu"),
        "penyerapan_netto_pct": _ratio("realisasi_kumulatif", "CASE WHEN pagu > blokir THEN pagu - blokir ELSE 0 END"),
        "pagu_share_pct": _ratio("pagu", "sum(pagu) OVER (PARTITION BY period)"),
        "capaian_pct": _ratio("terlaksana", "target"),
    }
    select = ", ".join(derived.get(c, quote(c)) + f" AS {quote(c)}" for c in table.column_names)
    columns = ", ".join(quote(c) for c in table.column_names)
    return f"""INSERT INTO {table.qualified(catalog)} ({columns})
        SELECT {select} FROM (SELECT {summed} FROM {catalog}.main.{quote(source)} GROUP BY {group}) AS g
        JOIN ({_completeness_sql(catalog)}) AS c USING (period) ORDER BY ALL"""


def publish_national(con: duckdb.DuckDBPyConnection, target: Path, regions: dict[str, Path | None],
                     run_id: str, flow_run_id: str | None) -> NationalPublished:
    """Write the national file from the regions' published files (``None``: the region has none yet)
    and the national audit on ``con``; swap it in over ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    publish_id = str(uuid.uuid4())
    published_at = datetime.now(timezone.utc)
    tmp = target.with_name(f".{target.name}.{publish_id}.tmp")
    alias = "national_" + publish_id.replace("-", "")[:12]
    attached = []
    try:
        for kode, path in regions.items():
            if path is not None:
                con.execute(f"ATTACH {literal(str(path))} AS {_alias(kode)} (READ_ONLY)")
                attached.append(_alias(kode))
        con.execute(f"ATTACH {literal(str(tmp))} AS {alias} (STORAGE_VERSION '{STORAGE_VERSION}')")
        attached.append(alias)
        status = meta.STATUS
        con.execute(status.create_sql(alias, if_not_exists=False))
        names = ", ".join(quote(c) for c in status.column_names)
        con.execute(f"INSERT INTO {status.qualified(alias)} ({names}) SELECT {names} FROM ({_status_sql(regions)}) "
                    f"ORDER BY ALL")
        regional = [meta.NATIONAL_TABLES[name] for name in meta.REGIONAL_TABLES]
        for table in regional:
            con.execute(table.create_sql(alias, if_not_exists=False, key=False))
            insert = _regional_sql(table, regions, alias)
            if insert:
                con.execute(insert)
        for table in meta.ROLLUPS:
            con.execute(table.create_sql(alias, if_not_exists=False, key=False))
            con.execute(_rollup_sql(table, alias))
        # each key declared once its table is full: one bulk index build (see Table.add_key_sql)
        declare_keys(con, alias, (*regional, *meta.ROLLUPS))
        expected = content_sha256(con, alias)
        periods = tuple(str(r[0])[:7] for r in con.execute(
            f"SELECT DISTINCT period FROM {status.qualified(alias)} ORDER BY 1").fetchall())
        missing = tuple((str(p)[:7], k, s) for p, k, s in con.execute(
            f"SELECT period, kode_kanwil, status FROM {status.qualified(alias)} WHERE NOT is_included "
            f"ORDER BY ALL").fetchall())
        con.execute(INFO_TABLE.create_sql(alias, if_not_exists=False))
        con.execute(f"INSERT INTO {INFO_TABLE.qualified(alias)} (publish_id, run_id, flow_run_id, published_at, "
                    f"periods, content_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                    [publish_id, run_id, flow_run_id, published_at, ",".join(periods), expected])
        con.execute("\n".join(s for t in meta.NATIONAL_TABLES.values() for s in t.comment_sql(alias)))
    except BaseException:
        _detach(con, attached)
        _remove(tmp)
        raise
    _detach(con, attached)
    try:
        _verify(tmp, expected)
    except BaseException:
        _remove(tmp)
        raise
    target.with_name(target.name + ".wal").unlink(missing_ok=True)
    os.replace(tmp, target)
    sha = file_sha256(target)
    con.execute("INSERT INTO audit_national_publish VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [publish_id, run_id, flow_run_id, published_at, ",".join(periods), ",".join(regions), sha, expected])
    return NationalPublished(target, publish_id, sha, expected, periods, missing)


def _detach(con: duckdb.DuckDBPyConnection, aliases: list[str]) -> None:
    for name in reversed(aliases):
        con.execute(f"DETACH {name}")


def _remove(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)


def structure_differences(con: duckdb.DuckDBPyConnection) -> list[str]:
    """How the national file on ``con`` differs from :data:`kinerja.metadata.national.NATIONAL_TABLES`:
    tables, columns (type, NOT NULL, comment), primary keys and table comments."""
    out: list[str] = []
    tables = dict(con.execute("SELECT table_name, TABLE_COMMENT FROM information_schema.tables "
                              "WHERE table_schema = 'main'").fetchall())
    for name in sorted(set(tables) - set(meta.NATIONAL_TABLES)):
        out.append(f"{name}: table not in the national metadata")
    for name, table in meta.NATIONAL_TABLES.items():
        if name not in tables:
            out.append(f"{name}: table missing")
            continue
        if tables[name] != table.comment():
            out.append(f"{name}: table comment differs")
        have = con.execute("SELECT column_name, data_type, is_nullable, COLUMN_COMMENT FROM information_schema.columns "
                           "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                           [name]).fetchall()
        want = [(c.name, c.type.replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"), "YES" if c.nullable else "NO",
                 column_comment(c)) for c in table.columns]
        if have != want:
            out.append(f"{name}: columns differ from the metadata: "
                       + "; ".join(f"{h} != {w}" for h, w in zip(have, want) if h != w))
        keys = tuple(r[0] for r in con.execute(
            "SELECT k.column_name FROM information_schema.key_column_usage k JOIN information_schema.table_constraints c "
            "ON c.constraint_name = k.constraint_name AND c.table_name = k.table_name "
            "WHERE c.constraint_type = 'PRIMARY KEY' AND k.table_name = ? ORDER BY k.ordinal_position",
            [name]).fetchall())
        if keys != table.primary_key:
            out.append(f"{name}: primary key {keys} != {table.primary_key}")
    return out


def _verify(path: Path, expected: str) -> None:
    """Open the new file as a BI tool would: the same content, tables exactly as described."""
    check = connect_published(path)
    try:
        got = content_sha256(check)
        differences = structure_differences(check)
    finally:
        check.close()
    if differences:
        raise RuntimeError(f"national file {path} does not match kinerja.metadata.national: " + "; ".join(differences))
    if got != expected:
        raise RuntimeError(f"national file {path} does not hold what was written ({got} != {expected})")
