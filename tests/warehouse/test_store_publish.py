"""warehouse/: schema, the period transaction and publishing, on real DuckDB files in tmp_path."""

from datetime import date, datetime, timezone
from decimal import Decimal as D

import duckdb
import polars as pl
import pytest

from kinerja.warehouse import store
from kinerja.warehouse.db import connect_published, connect_working
from kinerja.warehouse.publish import content_sha256, publish

NOW = datetime(2025, 7, 1, tzinfo=timezone.utc)
MONEY = pl.Decimal(18, 2)


def run_record(period: date, run_id: str = "run-1") -> store.RunRecord:
    return store.RunRecord(run_id, None, period, "refreshed", None, "test", "abc", "lineage", NOW, NOW)


def region_row(period_pagu: str, kanwil: str = "000001") -> pl.DataFrame:
    zero = D("0")
    return pl.DataFrame([{
        "kode_kanwil": kanwil, "nama_kanwil": "Kanwil", "n_satker": 1, "pagu": D(period_pagu), "blokir": zero,
        "pagu_netto": D(period_pagu), "realisasi_bulan": zero, "realisasi_kumulatif": zero, "sisa": D(period_pagu),
        "sisa_netto": D(period_pagu), "penyerapan_pct": 0.0, "penyerapan_netto_pct": 0.0, "n_akun_over_pagu": 0,
        "pagu_load_id": "L1", "realisasi_load_id": "L2", "satker_load_id": "L3"}])


def realisasi_rows(amount: str) -> pl.DataFrame:
    return pl.DataFrame([{"kode_satker": "000001", "kode_akun": "511111", "realisasi_bulan": D(amount),
                          "realisasi_kumulatif": D(amount), "has_negative_correction": False, "load_id": "L2"}],
                        schema_overrides={"realisasi_bulan": MONEY, "realisasi_kumulatif": MONEY})


def test_schema_applies_twice(tmp_path):
    connect_working(tmp_path / "w.duckdb").close()
    con = connect_working(tmp_path / "w.duckdb")   # second application: no error, no duplicates
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"audit_load", "raw_pagu", "core_realisasi", "out_budget_region", "out_load"} <= tables


def test_period_is_replaced_not_appended_and_other_periods_stay(tmp_path):
    con = connect_working(tmp_path / "w.duckdb")
    for period, pagu in ((date(2025, 5, 1), "10"), (date(2025, 6, 1), "20"), (date(2025, 6, 1), "30")):
        write = store.PeriodWrite(period, run_record(period, run_id=f"run-{pagu}"),
                                  core=[("core_realisasi", realisasi_rows(pagu), "period")],
                                  out={"out_budget_region": region_row(pagu)})
        store.apply_period(con, write)
    rows = con.execute("SELECT period, pagu FROM out_budget_region ORDER BY period").fetchall()
    assert rows == [(date(2025, 5, 1), D("10")), (date(2025, 6, 1), D("30"))]
    assert con.execute("SELECT count(*) FROM core_realisasi WHERE period = '2025-06-01'").fetchall()[0][0] == 1


def test_a_failing_write_rolls_back_everything(tmp_path):
    con = connect_working(tmp_path / "w.duckdb")
    period = date(2025, 6, 1)
    store.apply_period(con, store.PeriodWrite(period, run_record(period), out={"out_budget_region": region_row("5")}))
    bad = region_row("7").with_columns(pl.lit(None, dtype=pl.String).alias("kode_kanwil"))  # violates NOT NULL
    with pytest.raises(duckdb.Error):
        store.apply_period(con, store.PeriodWrite(period, run_record(period, "run-2"),
                                                  core=[("core_realisasi", realisasi_rows("9"), "period")],
                                                  out={"out_budget_region": bad}))
    assert con.execute("SELECT pagu FROM out_budget_region").fetchall() == [(D("5"),)]
    assert con.execute("SELECT count(*) FROM core_realisasi").fetchall()[0][0] == 0
    assert con.execute("SELECT count(*) FROM audit_run").fetchall()[0][0] == 1


def test_publish_swaps_a_verified_copy_and_an_open_reader_keeps_its_version(tmp_path):
    con = connect_working(tmp_path / "w.duckdb")
    target = tmp_path / "published" / "kinerja.duckdb"
    period = date(2025, 6, 1)
    store.apply_period(con, store.PeriodWrite(period, run_record(period), out={"out_budget_region": region_row("5")}))
    first = publish(con, target, "run-1", None)
    reader = connect_published(target)
    assert reader.execute("SELECT pagu FROM out_budget_region").fetchall() == [(D("5"),)]

    store.apply_period(con, store.PeriodWrite(period, run_record(period, "run-2"),
                                              out={"out_budget_region": region_row("8")}))
    second = publish(con, target, "run-2", None)   # the reader's open handle does not block it
    assert reader.execute("SELECT pagu FROM out_budget_region").fetchall() == [(D("5"),)]
    reader.close()
    fresh = connect_published(target)
    assert fresh.execute("SELECT pagu FROM out_budget_region").fetchall() == [(D("8"),)]
    assert fresh.execute("SELECT run_id, periods FROM publish_info").fetchall() == [("run-2", "2025-06")]
    assert content_sha256(fresh) == second.content_sha256 != first.content_sha256
    fresh.close()
    assert not list(target.parent.glob(".*.tmp"))   # no temporary file left behind


def test_known_loads_match_bytes_and_the_period_except_for_reference_kinds(tmp_path):
    con = connect_working(tmp_path / "w.duckdb")
    june, may = date(2025, 6, 1), date(2025, 5, 1)
    loads = [store.LoadRecord("L9", "run-1", None, june, "realisasi", "summary", "2025-06/realisasi.csv", "sha-a",
                              3, 3, "passed", 0, 0, "loaded", NOW, NOW),
             store.LoadRecord("S1", "run-1", None, may, "satker", "satker", "reference/satker.csv", "sha-s",
                              3, 3, "passed", 0, 0, "loaded", NOW, NOW),
             store.LoadRecord("X1", "run-1", None, june, "realisasi", "summary", "2025-06/bad.csv", "sha-x",
                              3, 0, "failed", 1, 0, "gate_failed", NOW, NOW)]
    store.apply_period(con, store.PeriodWrite(june, run_record(june), loads=loads))
    assert store.known_loads(con, june, ("satker", "pk")) == {("realisasi", "sha-a"): "L9", ("satker", "sha-s"): "S1"}
    # a monthly file loaded for June is not June's file when May is refreshed; the master is
    assert store.known_loads(con, may, ("satker", "pk")) == {("satker", "sha-s"): "S1"}
