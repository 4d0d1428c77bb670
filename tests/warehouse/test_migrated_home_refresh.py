"""A version-1 home (tests/fixtures/home_v1), migrated, refreshes like a new home: the same
reporting rows as the sample refreshed from scratch, its old audit rows kept."""

from __future__ import annotations

import duckdb

from kinerja.pipeline import refresh_landing
from kinerja.warehouse.schema import SCHEMA_VERSION
from kinerja.warehouse.store import OUT_TABLES
from tests.conftest import SAMPLE_LANDING

from .test_schema_versions import import_v1


def test_a_migrated_v1_home_refreshes_to_the_same_rows_as_a_new_home(sample_home, tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    before = import_v1(old / "warehouse.duckdb")
    migrated = refresh_landing(SAMPLE_LANDING, old, period_from="2025-01", period_to="2025-03")
    assert migrated.periods == {"2025-01": "refreshed", "2025-02": "refreshed", "2025-03": "refreshed"}
    con = duckdb.connect(str(old / "warehouse.duckdb"), read_only=True)
    try:
        con.execute(f"ATTACH '{sample_home / 'warehouse.duckdb'}' AS fresh (READ_ONLY)")
        for table in OUT_TABLES:
            differ = con.execute(f"""SELECT count(*) FROM (
                (SELECT * FROM main.{table} EXCEPT ALL SELECT * FROM fresh.{table} WHERE period <= '2025-03-01')
                UNION ALL
                (SELECT * FROM fresh.{table} WHERE period <= '2025-03-01' EXCEPT ALL SELECT * FROM main.{table}))
                """).fetchall()[0][0]
            assert differ == 0, table
        assert con.execute("SELECT count(*) FROM main.out_budget_region").fetchall()[0][0] == 3
        assert con.execute("SELECT max(version) FROM audit_schema_version").fetchall() == [(SCHEMA_VERSION,)]
        runs = con.execute("SELECT count(*), count(*) FILTER (WHERE period = '2025-03-01') FROM audit_run").fetchall()
        assert runs[0][0] > before["audit_run"] and runs[0][1] >= 1   # the v1 runs kept, new ones added
        assert con.execute("""SELECT count(*) FROM audit_run WHERE status = 'refreshed'
            AND rules_sha256 IS NOT NULL""").fetchall()[0][0] == 3      # the v2 column is filled in
    finally:
        con.close()
