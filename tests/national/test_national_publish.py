"""The national publish on small region files built here (real DuckDB files, tables from the
regional metadata): which region's period is included, and rollups as ratios of sums."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

from kinerja import metadata
from kinerja.metadata import national as meta
from kinerja.warehouse.db import connect_published
from kinerja.warehouse.national import connect_national, publish_national, record_outcomes, structure_differences

JAN, FEB = date(2025, 1, 1), date(2025, 2, 1)


def _region_file(path: Path, kode: str, rb: dict, pagu: dict, kanwil_in_master: str | None = None) -> Path:
    """A region's published file with budget rows per period (``pagu``: period -> (pagu, realisasi))
    and RB rows at B03 (``rb``: period -> (target, terlaksana))."""
    con = duckdb.connect(str(path))
    for name in meta.REGIONAL_TABLES:
        con.execute(metadata.table(name).create_sql())
    kanwil = kanwil_in_master or kode
    for period, (p, r) in pagu.items():
        con.execute("""INSERT INTO out_budget_region VALUES (?, ?, 'Kanwil ' || ?, 3, ?, 0, ?, 0, ?, ? - ?, ? - ?,
                       ? / ? * 100, ? / ? * 100, 0, 'p', 'r', 's')""",
                    [period, kanwil, kode, p, p, r, p, r, p, r, r, p, r, p])
    for period, (target, done) in rb.items():
        con.execute("INSERT INTO out_rb_region VALUES (?, ?, 'Kanwil', 'B03', true, 2, ?, ?, ? / ? * 100, 'rb', 's')",
                    [period, kanwil, target, done, done, target])
        for kode_satker, jenis, share in ((kode[:3] + "101", "LAPAS", 1), (kode[:3] + "102", "RUTAN", 0)):
            t, d = (target, done) if share else (0, 0)
            con.execute("INSERT INTO out_rb_satker VALUES (?, ?, ?, 'U', ?, 'B03', true, ?, ?, NULL, 'rb', 's')",
                        [period, kanwil, kode_satker, jenis, t, d])
    con.close()
    return path


def test_included_periods_and_pooled_rollups(tmp_path):
    files = {
        "110001": _region_file(tmp_path / "a.duckdb", "110001", {JAN: (10, 9)}, {JAN: (1000, 100), FEB: (1000, 300)}),
        "120001": _region_file(tmp_path / "b.duckdb", "120001", {JAN: (30, 15)}, {JAN: (3000, 600), FEB: (3000, 900)}),
        "130001": _region_file(tmp_path / "c.duckdb", "130001", {}, {JAN: (500, 50)}, kanwil_in_master="139999"),
        "140001": None,                                     # never published anything
    }
    con = connect_national(tmp_path / "national.duckdb")
    at = datetime(2025, 3, 1, tzinfo=timezone.utc)
    record_outcomes(con, [
        ("run1", None, "120001", FEB, "refreshed", 0, None, None, at),             # an earlier run had February
        ("run2", None, "110001", FEB, "refreshed", 0, None, None, at.replace(day=2)),
        ("run2", None, "120001", FEB, "gate_failed", 3, "realisasi.csv, row 4: [satker.unknown] ...", "/g/index.html",
         at.replace(day=2)),
        ("run2", None, "140001", FEB, "error", 1, "HomeBusy: ...", None, at.replace(day=2)),
    ])
    published = publish_national(con, tmp_path / "published" / "kinerja.duckdb", files, "run2", None)
    con.close()
    assert published.periods == ("2025-01", "2025-02")
    assert set(published.missing) == {("2025-01", "130001", "kanwil_mismatch"), ("2025-01", "140001", "no_data"),
                                      ("2025-02", "120001", "gate_failed"), ("2025-02", "130001", "kanwil_mismatch"),
                                      ("2025-02", "140001", "error")}
    with connect_published(published.path) as out:
        assert structure_differences(out) == []
        budget = out.execute("""SELECT period, n_kanwil, n_kanwil_expected, kanwil_missing, is_complete, pagu,
                                       realisasi_kumulatif, penyerapan_pct FROM out_national_budget ORDER BY 1""").fetchall()
        assert budget == [(JAN, 2, 4, "130001,140001", False, 4000, 700, pytest.approx(17.5)),
                          (FEB, 1, 4, "120001,130001,140001", False, 1000, 300, pytest.approx(30.0))]
        # pooled: (9 + 15) / (10 + 30) = 60 %, not the mean of 90 % and 50 %
        assert out.execute("SELECT n_kanwil, target, terlaksana, capaian_pct FROM out_national_rb").fetchall() == \
            [(2, 40, 24, pytest.approx(60.0))]
        assert out.execute("""SELECT jenis_satker, target, terlaksana, capaian_pct FROM out_national_rb_jenis_satker
                              ORDER BY 1""").fetchall() == [("LAPAS", 40, 24, pytest.approx(60.0)), ("RUTAN", 0, 0, None)]
        message = out.execute("""SELECT message, gate_report FROM out_national_region_status
                                 WHERE kode_kanwil = '120001' AND period = ?""", [FEB]).fetchall()
        assert message == [("realisasi.csv, row 4: [satker.unknown] ...", "/g/index.html")]
        assert out.execute("SELECT DISTINCT kode_kanwil FROM out_budget_region WHERE period = ?", [FEB]).fetchall() \
            == [("110001",)]
