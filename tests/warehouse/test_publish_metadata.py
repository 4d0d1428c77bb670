"""The published file carries the metadata: types, NOT NULL, primary keys and comments."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone
from decimal import Decimal as D

import duckdb
import polars as pl
import pytest

from kinerja import metadata
from kinerja.metadata import column_comment
from kinerja.warehouse import publish as publish_module
from kinerja.warehouse import store
from kinerja.warehouse.db import connect_published, connect_working
from kinerja.warehouse.publish import PUBLISHED_TABLES, content_sha256, publish
from kinerja.warehouse.schema import Difference, drift

NOW = datetime(2025, 7, 1, tzinfo=timezone.utc)
JUNE = date(2025, 6, 1)


def region_row(pagu: str) -> pl.DataFrame:
    zero, p = D("0"), D(pagu)
    return pl.DataFrame([{
        "kode_kanwil": "000001", "nama_kanwil": "Kanwil", "n_satker": 1, "pagu": p, "blokir": zero,
        "pagu_netto": p, "realisasi_bulan": zero, "realisasi_kumulatif": zero, "sisa": p, "sisa_netto": p,
        "penyerapan_pct": 0.0, "penyerapan_netto_pct": None, "n_akun_over_pagu": 0,
        "pagu_load_id": "L1", "realisasi_load_id": "L2", "satker_load_id": "L3"}])


@pytest.fixture
def working(tmp_path) -> duckdb.DuckDBPyConnection:
    con = connect_working(tmp_path / "w.duckdb")
    run = store.RunRecord("run-1", None, JUNE, "refreshed", None, "test", "abc", "lineage", NOW, NOW)
    load = store.LoadRecord("L2", "run-1", None, JUNE, "realisasi", "summary", "2025-06/realisasi.csv", "sha",
                            3, 3, "passed", 0, 0, "loaded", NOW, NOW)
    store.apply_period(con, store.PeriodWrite(JUNE, run, loads=[load], out={"out_budget_region": region_row("5")}))
    return con


def test_published_tables_match_the_metadata_with_keys_and_comments(working, tmp_path):
    first = publish(working, tmp_path / "pub" / "kinerja.duckdb", "run-1", None)
    second = publish(working, tmp_path / "pub" / "kinerja.duckdb", "run-2", "flow-2")
    assert second.content_sha256 == first.content_sha256 == content_sha256(working)
    pub = connect_published(second.path)
    assert drift(pub, published=True) == []
    iku = metadata.table("out_iku")
    assert pub.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'out_iku'").fetchall() == [
        (iku.comment(),)]
    assert "Grain: period x kode_indikator. Primary key: period, kode_indikator." in iku.comment()
    comments = dict(pub.execute("""SELECT column_name, comment FROM duckdb_columns()
        WHERE table_name = 'out_budget_region'""").fetchall())
    assert comments["pagu"] == column_comment(metadata.table("out_budget_region").column("pagu"))
    assert comments["pagu"].endswith("[IDR]") and "DIPA" in comments["pagu"]
    assert all(comments.values())
    keys = {r[0]: r[1] for r in pub.execute("""SELECT table_name, constraint_column_names FROM duckdb_constraints()
        WHERE constraint_type = 'PRIMARY KEY'""").fetchall()}
    assert keys["out_budget_region"] == ["period", "kode_kanwil"]
    assert keys["out_load"] == ["load_id"] and keys["publish_info"] == ["publish_id"]
    assert set(keys) == set(PUBLISHED_TABLES) | {"publish_info", "publish_period"} | {t.name for t in metadata.bi.BI}
    # content kept: the row, the load history (a view in the working DB, a table here), both publishes
    assert pub.execute("SELECT pagu, penyerapan_netto_pct FROM out_budget_region").fetchall() == [(D("5.00"), None)]
    assert pub.execute("SELECT load_id, is_current FROM out_load").fetchall() == [("L2", True)]
    assert pub.execute("SELECT publish_id FROM out_publish_history").fetchall() == [(first.publish_id,)]
    assert pub.execute("SELECT publish_id, run_id, flow_run_id, periods, content_sha256 FROM publish_info").fetchall() \
        == [(second.publish_id, "run-2", "flow-2", "2025-06", second.content_sha256)]
    pub.close()


def test_published_keys_and_not_null_are_enforced(working, tmp_path):
    published = publish(working, tmp_path / "pub" / "kinerja.duckdb", "run-1", None)
    copy = tmp_path / "copy.duckdb"
    shutil.copy(published.path, copy)
    con = duckdb.connect(str(copy))
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO out_budget_region SELECT * FROM out_budget_region")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("UPDATE out_budget_region SET pagu = NULL")
    con.close()


def test_a_copy_that_does_not_match_the_metadata_is_never_swapped_in(working, tmp_path, monkeypatch):
    target = tmp_path / "pub" / "kinerja.duckdb"
    first = publish(working, target, "run-1", None)
    before = target.read_bytes()
    monkeypatch.setattr(publish_module, "drift",
                        lambda con, published: [Difference("out_iku", "x", "column in the database but not "
                                                           "in the metadata")])
    with pytest.raises(RuntimeError, match="does not match kinerja.metadata: out_iku.x"):
        publish(working, target, "run-2", None)
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".*.tmp"))
    assert working.execute("SELECT publish_id FROM audit_publish").fetchall() == [(first.publish_id,)]


def test_data_that_break_a_published_key_stop_the_publish_and_leave_no_file(working, tmp_path):
    target = tmp_path / "pub" / "kinerja.duckdb"
    first = publish(working, target, "run-1", None)
    before = target.read_bytes()
    # a view gone wrong: every earlier publish listed twice
    working.execute("""CREATE OR REPLACE VIEW out_publish_history AS
        SELECT publish_id, run_id, flow_run_id, published_at, periods, sha256, content_sha256 FROM audit_publish
        UNION ALL SELECT publish_id, run_id, flow_run_id, published_at, periods, sha256, content_sha256
        FROM audit_publish""")
    with pytest.raises(duckdb.ConstraintException, match=first.publish_id):
        publish(working, target, "run-2", None)
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["kinerja.duckdb"]
    assert working.execute("SELECT publish_id FROM audit_publish").fetchall() == [(first.publish_id,)]


def test_data_that_break_a_key_stop_a_whole_build_too(working, tmp_path):
    # a first publish builds the file whole and declares each key after filling its table
    working.execute("INSERT INTO audit_publish VALUES ('P1', 'run-0', NULL, now(), '2025-06', NULL, 'x')")
    working.execute("""CREATE OR REPLACE VIEW out_publish_history AS
        SELECT publish_id, run_id, flow_run_id, published_at, periods, sha256, content_sha256 FROM audit_publish
        UNION ALL SELECT publish_id, run_id, flow_run_id, published_at, periods, sha256, content_sha256
        FROM audit_publish""")
    target = tmp_path / "pub" / "kinerja.duckdb"
    with pytest.raises(duckdb.ConstraintException,
                       match=r"out_publish_history: duplicate primary key \(publish_id\): publish_id=P1 \(2 rows\)"):
        publish(working, target, "run-1", None)
    assert not target.parent.exists() or list(target.parent.iterdir()) == []
