"""The working DB's schema: built from kinerja.metadata, versioned, migrated, checked for drift.

- A new working DB gets every table from the metadata, the views of ``warehouse/sql/`` and
  one ``audit_schema_version`` row at :data:`SCHEMA_VERSION`.
- An older one is brought up to date by the numbered :data:`MIGRATIONS`, all pending ones in
  one transaction, which ends by checking the result against the metadata: any difference
  rolls everything back and stops with the list. A DB without ``audit_schema_version`` that
  holds the tables of the first release is version 1.
- A DB newer than this code is never touched: the message names the version it needs.

``drift(con)`` lists every difference between a live database (information_schema) and the
metadata: missing or extra tables and columns, types, nullability, column order, primary
keys, and, for the published file, comments.

Run ``python -m kinerja.warehouse.schema <file.duckdb>`` to see a file's version and drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Final

import duckdb

from kinerja import metadata
from kinerja.metadata import TYPES, Table, column_comment

# Tables every working DB of schema version 1 (before versions were recorded) holds.
V1_TABLES: Final[frozenset[str]] = frozenset({
    "audit_load", "audit_gate_issue", "audit_gate_result", "audit_run", "audit_publish",
    "raw_satker", "raw_pagu", "raw_realisasi_summary", "raw_realisasi_sp2d", "core_satker",
    "core_pagu", "core_realisasi", "out_budget_region",
})


@dataclass(frozen=True)
class Migration:
    """One step from ``version - 1`` to ``version``. Its statements are history: written out
    in full, never derived from the (later) metadata."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(
        2,
        "audit_run gains rules_sha256 (the hash of the fiscal-year rule set a refresh used); "
        "audit_schema_version records the schema version; tables are created from kinerja.metadata",
        (
            """CREATE TABLE audit_schema_version (
                "version" INTEGER NOT NULL, "applied_at" TIMESTAMPTZ NOT NULL,
                "description" VARCHAR NOT NULL, PRIMARY KEY ("version"))""",
            "ALTER TABLE audit_run ADD COLUMN rules_sha256 VARCHAR",
        ),
    ),
    Migration(
        4,
        "IKPA (issue 10): raw_rpd and raw_ikpa keep the Halaman III plans and the official component "
        "tables as read; core_rpd (the plan in force per period) and core_ikpa; out_ikpa_satker, "
        "out_ikpa_komponen, out_ikpa_rekonsiliasi, out_ikpa_region, out_ikpa_deviasi and "
        "out_ikpa_budget_execution",
        (
            """CREATE TABLE "raw_rpd" (
                    "load_id" VARCHAR NOT NULL,
                    "source_row" BIGINT NOT NULL,
                    "kode_satker" VARCHAR NOT NULL,
                    "jenis_belanja" VARCHAR NOT NULL,
                    "kode_jenis_belanja" VARCHAR,
                    "bulan" BIGINT NOT NULL,
                    "rencana" DECIMAL(18,2) NOT NULL,
                    "satuan_rupiah" BIGINT NOT NULL,
                    "tahun_anggaran" BIGINT
                )""",
            """CREATE TABLE "raw_ikpa" (
                    "load_id" VARCHAR NOT NULL,
                    "source_row" BIGINT NOT NULL,
                    "kode_satker" VARCHAR NOT NULL,
                    "komponen" VARCHAR NOT NULL,
                    "nilai" DOUBLE NOT NULL,
                    "bobot" DOUBLE,
                    "kategori" VARCHAR
                )""",
            """CREATE TABLE "core_rpd" (
                    "period" DATE NOT NULL,
                    "kode_satker" VARCHAR NOT NULL,
                    "kode_jenis_belanja" VARCHAR NOT NULL,
                    "bulan" BIGINT NOT NULL,
                    "rencana" DECIMAL(38,2) NOT NULL,
                    "load_id" VARCHAR NOT NULL,
                    PRIMARY KEY ("period", "kode_satker", "kode_jenis_belanja", "bulan")
                )""",
            """CREATE TABLE "core_ikpa" (
                    "period" DATE NOT NULL,
                    "kode_satker" VARCHAR NOT NULL,
                    "komponen" VARCHAR NOT NULL,
                    "nilai" DOUBLE NOT NULL,
                    "bobot" DOUBLE,
                    "kategori" VARCHAR,
                    "load_id" VARCHAR NOT NULL,
                    PRIMARY KEY ("period", "kode_satker", "komponen")
                )""",
            """CREATE TABLE "out_ikpa_satker" (
                    "period" DATE NOT NULL,
                    "kode_kanwil" VARCHAR NOT NULL,
                    "kode_satker" VARCHAR NOT NULL,
                    "nama_satker" VARCHAR,
                    "jenis_satker" VARCHAR,
                    "nilai_akhir" DOUBLE,
                    "kategori" VARCHAR,
                    "status_nilai" VARCHAR NOT NULL,
                    "nilai_tertimbang" DOUBLE,
                    "bobot_aktif" DOUBLE NOT NULL,
                    "pengurang" DOUBLE NOT NULL,
                    "n_komponen" BIGINT NOT NULL,
                    "n_resmi" BIGINT NOT NULL,
                    "n_estimasi" BIGINT NOT NULL,
                    "nilai_akhir_resmi" DOUBLE,
                    "kategori_resmi" VARCHAR,
                    "penyerapan_nk_bulan" DOUBLE,
                    "deviasi_bulan_pct" DOUBLE,
                    "deviasi_rata_pct" DOUBLE,
                    "aturan_tahun_anggaran" INTEGER NOT NULL,
                    "aturan_sumber" VARCHAR NOT NULL,
                    PRIMARY KEY ("period", "kode_satker")
                )""",
            """CREATE TABLE "out_ikpa_komponen" (
                    "period" DATE NOT NULL,
                    "kode_kanwil" VARCHAR NOT NULL,
                    "kode_satker" VARCHAR NOT NULL,
                    "nama_satker" VARCHAR,
                    "jenis_satker" VARCHAR,
                    "komponen" VARCHAR NOT NULL,
                    "bobot" DOUBLE,
                    "is_pengurang" BOOLEAN NOT NULL,
                    "nilai" DOUBLE,
                    "sumber_nilai" VARCHAR,
                    "keterangan" VARCHAR,
                    "aturan_tahun_anggaran" INTEGER NOT NULL,
                    "aturan_sumber" VARCHAR NOT NULL,
                    PRIMARY KEY ("period", "kode_satker", "komponen")
                )""",
            """CREATE TABLE "out_ikpa_rekonsiliasi" (
                    "period" DATE NOT NULL,
                    "kode_kanwil" VARCHAR NOT NULL,
                    "kode_satker" VARCHAR NOT NULL,
                    "nama_satker" VARCHAR,
                    "jenis_satker" VARCHAR,
                    "komponen" VARCHAR NOT NULL,
                    "nilai_resmi" DOUBLE NOT NULL,
                    "nilai_estimasi" DOUBLE NOT NULL,
                    "selisih" DOUBLE NOT NULL,
                    "aturan_tahun_anggaran" INTEGER NOT NULL,
                    "aturan_sumber" VARCHAR NOT NULL,
                    PRIMARY KEY ("period", "kode_satker", "komponen")
                )""",
            """CREATE TABLE "out_ikpa_region" (
                    "period" DATE NOT NULL,
                    "kode_kanwil" VARCHAR NOT NULL,
                    "nama_kanwil" VARCHAR,
                    "n_satker" BIGINT NOT NULL,
                    "n_satker_resmi" BIGINT NOT NULL,
                    "nilai_rata_rata" DOUBLE NOT NULL,
                    "kategori" VARCHAR NOT NULL,
                    "konvensi" VARCHAR NOT NULL,
                    "aturan_tahun_anggaran" INTEGER NOT NULL,
                    "aturan_sumber" VARCHAR NOT NULL,
                    PRIMARY KEY ("period", "kode_kanwil")
                )""",
            """CREATE TABLE "out_ikpa_deviasi" (
                    "period" DATE NOT NULL,
                    "kode_kanwil" VARCHAR NOT NULL,
                    "kode_satker" VARCHAR NOT NULL,
                    "nama_satker" VARCHAR,
                    "jenis_satker" VARCHAR,
                    "kode_jenis_belanja" VARCHAR NOT NULL,
                    "jenis_belanja" VARCHAR,
                    "pagu" DECIMAL(38,2) NOT NULL,
                    "realisasi_bulan" DECIMAL(38,2) NOT NULL,
                    "rpd_bulan" DECIMAL(38,2) NOT NULL,
                    "deviasi_pct" DOUBLE NOT NULL,
                    "bobot_pct" DOUBLE,
                    "aturan_tahun_anggaran" INTEGER NOT NULL,
                    "aturan_sumber" VARCHAR NOT NULL,
                    PRIMARY KEY ("period", "kode_satker", "kode_jenis_belanja")
                )""",
            """CREATE TABLE "out_ikpa_budget_execution" (
                    "period" DATE NOT NULL,
                    "kode_kanwil" VARCHAR NOT NULL,
                    "kode_satker" VARCHAR NOT NULL,
                    "nama_satker" VARCHAR,
                    "jenis_satker" VARCHAR,
                    "kode_jenis_belanja" VARCHAR NOT NULL,
                    "jenis_belanja" VARCHAR,
                    "pagu_awal" DECIMAL(38,2) NOT NULL,
                    "pagu" DECIMAL(38,2) NOT NULL,
                    "perubahan_pagu" DECIMAL(38,2) NOT NULL,
                    "blokir" DECIMAL(38,2) NOT NULL,
                    "pagu_efektif" DECIMAL(38,2) NOT NULL,
                    "realisasi_kumulatif" DECIMAL(38,2) NOT NULL,
                    "penyerapan_pct" DOUBLE,
                    "penyerapan_efektif_pct" DOUBLE,
                    "target_pct" DOUBLE,
                    "target_nominal" DECIMAL(38,2),
                    "kekurangan_target" DECIMAL(38,2),
                    "capaian_target_pct" DOUBLE,
                    "bobot_pct" DOUBLE,
                    "aturan_tahun_anggaran" INTEGER NOT NULL,
                    "aturan_sumber" VARCHAR NOT NULL,
                    PRIMARY KEY ("period", "kode_satker", "kode_jenis_belanja")
                )""",
        ),
    ),
    Migration(
        5,
        "core_pagu and core_realisasi without a PRIMARY KEY (issue 13): gate 1 guarantees their key "
        "(effective_period or period, kode_satker, kode_akun), a period's rows are replaced whole, and "
        "the key's index cost more than the insert of a national month (1.5 M rows each); the published "
        "file keeps its keys. DuckDB cannot drop a constraint: each table is copied (every column it "
        "has, so the drift check still sees a hand-made one), its NOT NULL restored, and renamed",
        (
            'CREATE TABLE "core_pagu_v5" AS SELECT * FROM "core_pagu"',
            *(f'ALTER TABLE "core_pagu_v5" ALTER COLUMN "{c}" SET NOT NULL'
              for c in ("effective_period", "kode_satker", "kode_akun", "pagu", "blokir", "load_id")),
            'DROP TABLE "core_pagu"',
            'ALTER TABLE "core_pagu_v5" RENAME TO "core_pagu"',
            'CREATE TABLE "core_realisasi_v5" AS SELECT * FROM "core_realisasi"',
            *(f'ALTER TABLE "core_realisasi_v5" ALTER COLUMN "{c}" SET NOT NULL'
              for c in ("period", "kode_satker", "kode_akun", "realisasi_bulan", "realisasi_kumulatif",
                        "has_negative_correction", "load_id")),
            'DROP TABLE "core_realisasi"',
            'ALTER TABLE "core_realisasi_v5" RENAME TO "core_realisasi"',
        ),
    ),
    Migration(
        6,
        "The IKPA rule sources once per period (issue 13): out_ikpa_aturan lists the rules each period's "
        "estimates used, with their sources, split from the aturan_sumber text the IKPA rows carried; "
        "the six IKPA tables drop aturan_sumber (one 788-character text on every row: 237 MB in a "
        "national month, held until its commit) and keep aturan_tahun_anggaran",
        (
            """CREATE TABLE "out_ikpa_aturan" (
                    "period" DATE NOT NULL,
                    "aturan" VARCHAR NOT NULL,
                    "aturan_tahun_anggaran" INTEGER NOT NULL,
                    "berlaku_mulai" INTEGER NOT NULL,
                    "sumber" VARCHAR NOT NULL,
                    PRIMARY KEY ("period", "aturan")
                )""",
            # aturan_sumber was '<rule> TA <berlaku_mulai>: <sumber>' for these four rules, joined
            # by '; ' (a sumber may itself hold '; '): each rule's part runs to the next rule's name
            """INSERT INTO "out_ikpa_aturan"
                SELECT s.period, r.aturan, s.aturan_tahun_anggaran,
                       CAST(regexp_extract(s.aturan_sumber, r.aturan || ' TA (\\d{4}): ', 1) AS INTEGER),
                       regexp_extract(s.aturan_sumber, '(?s)' || r.aturan || ' TA \\d{4}: (.*?)(?:; (?:'
                           || 'target_penyerapan|deviasi_halaman_iii|ikpa_bobot|ikpa_kategori) TA \\d{4}: |$)', 1)
                FROM (SELECT DISTINCT period, aturan_tahun_anggaran, aturan_sumber FROM "out_ikpa_satker") AS s
                CROSS JOIN (VALUES ('target_penyerapan'), ('deviasi_halaman_iii'), ('ikpa_bobot'),
                                   ('ikpa_kategori')) AS r(aturan)""",
            *(f'ALTER TABLE "{t}" DROP COLUMN "aturan_sumber"'
              for t in ("out_ikpa_satker", "out_ikpa_komponen", "out_ikpa_rekonsiliasi", "out_ikpa_region",
                        "out_ikpa_deviasi", "out_ikpa_budget_execution")),
        ),
    ),
)


# The schema version this code builds: the last migration's. A migration is added with the
# next free number; migrations run in order of their numbers.
SCHEMA_VERSION: Final[int] = max(m.version for m in MIGRATIONS)


class SchemaError(RuntimeError):
    """The working DB cannot be brought to this code's schema; nothing was changed."""


@dataclass(frozen=True, order=True)
class Difference:
    """One way a database differs from the metadata."""

    table: str
    column: str | None
    problem: str          # e.g. "missing column", "extra column", "type", "nullable"
    expected: str | None = None
    actual: str | None = None

    def __str__(self) -> str:
        where = self.table + (f".{self.column}" if self.column else "")
        detail = "" if self.expected is None and self.actual is None else \
            f": metadata {self.expected}, database {self.actual}"
        return f"{where}: {self.problem}{detail}"


def view_files() -> list[tuple[str, str]]:
    """The numbered SQL files of ``warehouse/sql/`` (views), in order: (name, text)."""
    folder = resources.files("kinerja.warehouse") / "sql"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def _tables_in(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute("""SELECT table_name, table_type FROM information_schema.tables
        WHERE table_catalog = current_database() AND table_schema = 'main'""").fetchall()
    return dict(rows)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The DB's schema version: the highest ``audit_schema_version`` row; 1 for a DB of the first
    release (its tables, no version table); 0 for an empty DB."""
    tables = _tables_in(con)
    if "audit_schema_version" in tables:
        version = con.execute("SELECT max(version) FROM audit_schema_version").fetchall()[0][0]
        if version is None:
            raise SchemaError("audit_schema_version is empty: this working DB's schema version is unknown")
        return int(version)
    if not tables:
        return 0
    if V1_TABLES <= set(tables):
        return 1
    raise SchemaError(
        "this database holds tables (" + ", ".join(sorted(tables)[:6]) + ", ...) but neither "
        "audit_schema_version nor the tables of a kinerja working DB (missing: "
        + ", ".join(sorted(V1_TABLES - set(tables))) + "): it is not a kinerja working DB")


def apply_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the views of ``warehouse/sql/`` (each statement is CREATE OR REPLACE)."""
    for _name, text in view_files():
        con.execute(text)


def _record(con: duckdb.DuckDBPyConnection, version: int, description: str) -> None:
    con.execute("INSERT INTO audit_schema_version VALUES (?, ?, ?)",
                [version, datetime.now(timezone.utc), description])


def _build(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(metadata.create_table_sql())
    apply_views(con)
    _record(con, SCHEMA_VERSION, f"built from kinerja.metadata at schema version {SCHEMA_VERSION}")


def _migrate(con: duckdb.DuckDBPyConnection, version: int) -> None:
    for migration in sorted(MIGRATIONS, key=lambda m: m.version):
        if migration.version > version:
            for statement in migration.statements:
                con.execute(statement)
            _record(con, migration.version, migration.description)
    apply_views(con)


def ensure_current(con: duckdb.DuckDBPyConnection, where: str = "the working DB") -> int:
    """Bring the DB on ``con`` to :data:`SCHEMA_VERSION` in one transaction; return the version
    it had. Raises :class:`SchemaError` (and changes nothing) when that is not possible."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{where} is at schema version {version}, but this kinerja knows versions up to "
            f"{SCHEMA_VERSION}: it was written by a newer kinerja. Nothing was changed. Run the "
            f"kinerja release that wrote it (check out a commit whose kinerja/warehouse/schema.py "
            f"has SCHEMA_VERSION >= {version}, then `pip install -e .`).")
    con.execute("BEGIN TRANSACTION")
    try:
        if version == 0:
            _build(con)
        elif version < SCHEMA_VERSION:
            _migrate(con, version)
        else:
            apply_views(con)
        differences = drift(con) if version < SCHEMA_VERSION else []
        if differences:
            raise SchemaError(
                f"{where} (schema version {version}) does not match the metadata after migrating "
                f"to version {SCHEMA_VERSION}; nothing was changed. Differences:\n  "
                + "\n  ".join(map(str, differences))
                + "\nInspect it with `python -m kinerja.warehouse.schema <file.duckdb>`; restore the "
                "home from a backup or start a new home and refresh it (`kinerja backfill`).")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return version


def _expected(published: bool) -> list[Table]:
    if published:
        return list(metadata.published_tables())
    return [t for t in metadata.TABLES.values() if t.working is not None]


def drift(con: duckdb.DuckDBPyConnection, published: bool = False) -> list[Difference]:
    """Every difference between the database on ``con`` and the metadata, sorted.

    ``published=False``: the working DB (its tables and views). ``published=True``: the
    published file, where every published table is a table with its keys and its comments.
    """
    expected = {t.name: t for t in _expected(published)}
    kinds = _tables_in(con)
    columns: dict[str, list[tuple]] = {}
    for row in con.execute("""SELECT table_name, column_name, data_type, is_nullable, COLUMN_COMMENT
            FROM information_schema.columns
            WHERE table_catalog = current_database() AND table_schema = 'main'
            ORDER BY table_name, ordinal_position""").fetchall():
        columns.setdefault(row[0], []).append(row[1:])
    keys: dict[str, tuple[str, ...]] = {}
    for table, column in con.execute("""SELECT k.table_name, k.column_name
            FROM information_schema.key_column_usage k
            JOIN information_schema.table_constraints c
              ON c.constraint_name = k.constraint_name AND c.table_name = k.table_name
             AND c.table_catalog = k.table_catalog AND c.table_schema = k.table_schema
            WHERE c.constraint_type = 'PRIMARY KEY' AND k.table_catalog = current_database()
              AND k.table_schema = 'main'
            ORDER BY k.table_name, k.ordinal_position""").fetchall():
        keys[table] = keys.get(table, ()) + (column,)
    comments = dict(con.execute("""SELECT table_name, TABLE_COMMENT FROM information_schema.tables
        WHERE table_catalog = current_database() AND table_schema = 'main'""").fetchall())

    out: list[Difference] = []
    # the published file's metric views are described apart (kinerja.warehouse.model.view_differences)
    views = {v.name for v in metadata.VIEWS} if published else set()
    for name in sorted(set(kinds) - set(expected) - views):
        out.append(Difference(name, None, "table in the database but not in the metadata"))
    for name, table in expected.items():
        if name not in kinds:
            out.append(Difference(name, None, "table in the metadata but not in the database"))
            continue
        want_kind = "VIEW" if table.working == "view" and not published else "BASE TABLE"
        if kinds[name] != want_kind:
            out.append(Difference(name, None, "kind", want_kind, kinds[name]))
        out += _column_drift(table, columns.get(name, []), is_view=want_kind == "VIEW",
                             with_comments=published)
        if want_kind == "BASE TABLE" and keys.get(name, ()) != table.enforced_key:
            out.append(Difference(name, None, "primary key", ", ".join(table.enforced_key) or "none",
                                  ", ".join(keys.get(name, ())) or "none"))
        if published and comments.get(name) != table.comment():
            out.append(Difference(name, None, "comment", table.comment(), comments.get(name)))
    return sorted(out)


def _column_drift(table: Table, actual: list[tuple], is_view: bool, with_comments: bool) -> list[Difference]:
    out: list[Difference] = []
    have = {r[0]: r for r in actual}
    for name in have:
        if name not in table.column_names:
            out.append(Difference(table.name, name, "column in the database but not in the metadata",
                                  None, have[name][1]))
    for column in table.columns:
        row = have.get(column.name)
        if row is None:
            out.append(Difference(table.name, column.name, "column in the metadata but not in the "
                                  "database", column.type, None))
            continue
        _, data_type, is_nullable, comment = row
        if data_type != TYPES[column.type]:
            out.append(Difference(table.name, column.name, "type", TYPES[column.type], data_type))
        # a view's columns are always reported nullable: only tables say NOT NULL
        if not is_view and (is_nullable == "YES") != column.nullable:
            out.append(Difference(table.name, column.name, "nullable", str(column.nullable),
                                  str(is_nullable == "YES")))
        if with_comments and comment != column_comment(column):
            out.append(Difference(table.name, column.name, "comment", column_comment(column), comment))
    common = [n for n in have if n in table.column_names]
    if common != [n for n in table.column_names if n in have]:
        out.append(Difference(table.name, None, "column order", ", ".join(table.column_names),
                              ", ".join(have)))
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m kinerja.warehouse.schema FILE [--published]``: version and drift, read-only."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kinerja.warehouse.schema",
                                     description="A kinerja DuckDB file's schema version and its "
                                     "differences from kinerja.metadata (opened read-only).")
    parser.add_argument("file", type=Path)
    parser.add_argument("--published", action="store_true", help="the file is a published file")
    args = parser.parse_args(argv)
    con = duckdb.connect(str(args.file), read_only=True)
    try:
        if not args.published:
            print(f"{args.file}: schema version {schema_version(con)} (this kinerja: {SCHEMA_VERSION})")
        differences = drift(con, published=args.published)
    finally:
        con.close()
    for d in differences:
        print(d)
    print(f"{len(differences)} difference(s) from kinerja.metadata")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
