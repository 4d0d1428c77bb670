"""A version-1 home (tests/fixtures/home_v1), migrated, refreshes like a new home: the same
reporting rows as the sample refreshed from scratch, its old audit rows kept. A version-5 home
(tests/fixtures/home_v5), migrated, holds the reporting rows a new home holds."""

from __future__ import annotations

from pathlib import Path

import duckdb

from kinerja.pipeline import refresh_landing
from kinerja.warehouse.db import connect_working
from kinerja.warehouse.schema import SCHEMA_VERSION, drift
from kinerja.warehouse.store import OUT_TABLES
from tests.conftest import SAMPLE_LANDING

from .test_schema_versions import import_v1


def tables_differing(con: duckdb.DuckDBPyConnection, sample_home: Path, last: str) -> list[str]:
    """The reporting tables whose rows up to the period ``last`` (a first day) differ between
    the DB of ``con`` and the new home ``sample_home`` (both ways, duplicates counted)."""
    con.execute(f"ATTACH '{sample_home / 'warehouse.duckdb'}' AS fresh (READ_ONLY)")
    return [table for table in OUT_TABLES if con.execute(f"""SELECT count(*) FROM (
        (SELECT * FROM main.{table} EXCEPT ALL SELECT * FROM fresh.{table} WHERE period <= '{last}')
        UNION ALL
        (SELECT * FROM fresh.{table} WHERE period <= '{last}' EXCEPT ALL SELECT * FROM main.{table}))
        """).fetchall()[0][0]]


def test_a_migrated_v1_home_refreshes_to_the_same_rows_as_a_new_home(sample_home, tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    before = import_v1(old / "warehouse.duckdb")
    migrated = refresh_landing(SAMPLE_LANDING, old, period_from="2025-01", period_to="2025-03")
    assert migrated.periods == {"2025-01": "refreshed", "2025-02": "refreshed", "2025-03": "refreshed"}
    con = duckdb.connect(str(old / "warehouse.duckdb"), read_only=True)
    try:
        assert tables_differing(con, sample_home, "2025-03-01") == []
        assert con.execute("SELECT count(*) FROM main.out_budget_region").fetchall()[0][0] == 3
        assert con.execute("SELECT max(version) FROM audit_schema_version").fetchall() == [(SCHEMA_VERSION,)]
        runs = con.execute("SELECT count(*), count(*) FILTER (WHERE period = '2025-03-01') FROM audit_run").fetchall()
        assert runs[0][0] > before["audit_run"] and runs[0][1] >= 1   # the v1 runs kept, new ones added
        assert con.execute("""SELECT count(*) FROM audit_run WHERE status = 'refreshed'
            AND rules_sha256 IS NOT NULL""").fetchall()[0][0] == 3      # the v2 column is filled in
    finally:
        con.close()


HOME_V5 = Path(__file__).resolve().parents[1] / "fixtures" / "home_v5"


def test_a_migrated_v5_home_holds_the_rule_sources_once_per_period(sample_home, tmp_path):
    # schema version 5: every IKPA row carried the rule set's sources as one text (aturan_sumber)
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"IMPORT DATABASE '{HOME_V5}'")
    assert con.execute("SELECT max(version) FROM audit_schema_version").fetchall() == [(5,)]
    assert con.execute("SELECT count(DISTINCT aturan_sumber) FROM out_ikpa_komponen").fetchall() == [(1,)]
    con.close()
    migrated = connect_working(path)
    try:
        assert drift(migrated) == []
        # the rules split out of the text are those a new home's refresh writes, and every other
        # reporting row of January and February is what a new home holds
        assert tables_differing(migrated, sample_home, "2025-02-01") == []
        assert migrated.execute("SELECT count(*) FROM out_ikpa_aturan").fetchall() == [(8,)]   # 2 periods x 4 rules
        assert not migrated.execute("""SELECT table_name FROM information_schema.columns
            WHERE column_name = 'aturan_sumber'""").fetchall()
    finally:
        migrated.close()
