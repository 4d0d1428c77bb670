"""A version-1 home (tests/fixtures/home_v1), migrated, refreshes like a new home: the same
reporting content, its old audit rows kept."""

from __future__ import annotations

import duckdb

from tests.conftest import SAMPLE_LANDING

from .test_schema_versions import import_v1


def test_a_migrated_v1_home_refreshes_to_the_same_content_as_a_new_home(prefect_server, tmp_path):
    from kinerja.flows.refresh import refresh

    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    before = import_v1(old / "warehouse.duckdb")
    migrated = refresh(period_from="2025-01", period_to="2025-03", landing=str(SAMPLE_LANDING), home=str(old))
    fresh = refresh(period_from="2025-01", period_to="2025-03", landing=str(SAMPLE_LANDING), home=str(new))
    assert set(migrated.periods) == set(fresh.periods) == {"2025-01", "2025-02", "2025-03"}
    assert migrated.content_sha256 == fresh.content_sha256
    con = duckdb.connect(str(old / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT max(version) FROM audit_schema_version").fetchall() == [(2,)]
        runs = con.execute("SELECT count(*), count(*) FILTER (WHERE period = '2025-03-01') FROM audit_run").fetchall()
        assert runs[0][0] > before["audit_run"] and runs[0][1] >= 1   # the v1 runs kept, new ones added
    finally:
        con.close()
