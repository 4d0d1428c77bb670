"""kinerja.warehouse.schema.drift: a live database against the metadata, difference by difference."""

from __future__ import annotations

import duckdb
import pytest

from kinerja import metadata
from kinerja.warehouse.db import connect_working
from kinerja.warehouse.schema import Difference, apply_views, drift


@pytest.fixture
def built() -> duckdb.DuckDBPyConnection:
    """A DB made of exactly the generated DDL and the views."""
    con = duckdb.connect(":memory:")
    con.execute(metadata.create_table_sql())
    apply_views(con)
    return con


def test_generated_ddl_and_views_have_no_drift(built):
    assert drift(built) == []


def test_a_column_added_to_the_ddl_but_not_to_the_metadata_is_reported_exactly(built):
    built.execute("ALTER TABLE core_pagu ADD COLUMN pagu_awal DECIMAL(18,2)")
    assert drift(built) == [Difference("core_pagu", "pagu_awal", "column in the database but not in the metadata",
                                       None, "DECIMAL(18,2)")]
    assert [str(d) for d in drift(built)] == [
        "core_pagu.pagu_awal: column in the database but not in the metadata: metadata None, database DECIMAL(18,2)"]


def test_every_kind_of_difference_is_named(built):
    built.execute("ALTER TABLE audit_run DROP COLUMN rules_sha256")
    built.execute("ALTER TABLE raw_iku ALTER COLUMN realisasi TYPE VARCHAR")
    built.execute("ALTER TABLE raw_pagu ALTER COLUMN blokir DROP NOT NULL")
    built.execute("DROP TABLE out_iku_summary")
    built.execute("CREATE TABLE scratch (x INTEGER)")
    built.execute("DROP TABLE core_iku")
    built.execute("""CREATE TABLE core_iku (period DATE NOT NULL, kode_indikator VARCHAR NOT NULL,
        realisasi DOUBLE, keterangan VARCHAR, load_id VARCHAR NOT NULL)""")   # no primary key
    built.execute("CREATE OR REPLACE VIEW out_publish_history AS SELECT publish_id, run_id FROM audit_publish")
    got = {(d.table, d.column, d.problem) for d in drift(built)}
    assert got == {
        ("audit_run", "rules_sha256", "column in the metadata but not in the database"),
        ("raw_iku", "realisasi", "type"),
        ("raw_pagu", "blokir", "nullable"),
        ("out_iku_summary", None, "table in the metadata but not in the database"),
        ("scratch", None, "table in the database but not in the metadata"),
        ("core_iku", None, "primary key"),
        *{("out_publish_history", c, "column in the metadata but not in the database")
          for c in ("flow_run_id", "published_at", "periods", "sha256", "content_sha256")},
    }


def test_column_order_counts(built):
    built.execute("DROP TABLE raw_iph")
    built.execute("""CREATE TABLE raw_iph (load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
        dimensi BIGINT NOT NULL, kode_satker VARCHAR NOT NULL, nilai_dimensi DOUBLE NOT NULL)""")
    assert [(d.table, d.problem) for d in drift(built)] == [("raw_iph", "column order")]


def test_a_freshly_built_working_db_has_no_drift(tmp_path):
    con = connect_working(tmp_path / "w.duckdb")
    assert drift(con) == []
    con.close()
    con = connect_working(tmp_path / "w.duckdb")   # reopening changes nothing
    assert drift(con) == []
    assert con.execute("SELECT count(*) FROM audit_schema_version").fetchall() == [(1,)]
