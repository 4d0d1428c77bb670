"""Backfills, corrected extracts and concurrent runs on one home (issue: operations)."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from kinerja.pipeline import RefreshFailed, refresh_landing
from tests.conftest import SAMPLE_LANDING
from kinerja.warehouse.db import connect_published, connect_working
from kinerja.warehouse.publish import content_sha256

pytestmark = pytest.mark.slow

MONEY = ("realisasi_bulan", "realisasi_kumulatif", "sisa", "sisa_netto")
TABLE_KEYS = {
    "out_budget_satker_jenis_belanja": ("kode_satker", "kode_jenis_belanja"),
    "out_budget_satker": ("kode_satker",),
    "out_budget_jenis_satker": ("jenis_satker",),
    "out_budget_region_jenis_belanja": ("kode_jenis_belanja",),
    "out_budget_region": ("kode_kanwil",),
}


def published(home: Path) -> Path:
    return home / "published" / "kinerja.duckdb"


def snapshot(home: Path) -> dict[tuple, dict]:
    """Every published reporting row, keyed by (table, period, key...)."""
    con = connect_published(published(home))
    rows = {}
    for table, key in TABLE_KEYS.items():
        frame = con.sql(f"SELECT * FROM {table}").pl()
        for r in frame.iter_rows(named=True):
            rows[(table, str(r["period"])[:7], *(r[k] for k in key))] = r
    con.close()
    return rows


def content(home: Path) -> str:
    con = connect_published(published(home))
    try:
        return content_sha256(con)
    finally:
        con.close()


def test_backfill_twice_is_identical_and_the_second_does_no_work(sample_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    before_bytes, before = published(home).read_bytes(), content(home)
    again = refresh_landing(period_from="2025-01", period_to="2025-06", landing=str(SAMPLE_LANDING), home=str(home))
    assert set(again.periods.values()) == {"skipped"} and len(again.periods) == 6
    assert again.published is None and published(home).read_bytes() == before_bytes
    forced = refresh_landing(period_from="2025-05", period_to="2025-06", landing=str(SAMPLE_LANDING), home=str(home),
                             force=True)
    assert forced.periods == {"2025-05": "refreshed", "2025-06": "refreshed"}
    assert forced.content_sha256 == before == content(home)


def _add_sp2d_line(landing: Path, amount: int) -> tuple[str, str]:
    """Append one SP2D line to February's transactions; returns its (kode_satker, kode_akun)."""
    path = landing / "2025-02" / "realisasi_sp2d.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")
    cells = dict(zip(header, first, strict=True))
    cells["NOMOR SP2D"] = "KOREKSI-0001"
    cells["NILAI RUPIAH"] = str(amount)
    path.write_text("\n".join(lines + [",".join(cells[h] for h in header)]) + "\n", encoding="utf-8")
    return cells["KDSATKER"], cells["KODE AKUN"]


def test_backfill_stops_at_a_broken_month_and_leaves_later_months_untouched(sample_home, landing_copy, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    before = snapshot(home)
    satker, akun = _add_sp2d_line(landing_copy, 1_000_000)        # a valid correction of February
    broken = landing_copy / "2025-04" / "realisasi_sp2d.csv"       # and an April that fails its gate
    broken.write_bytes(broken.read_bytes().replace(satker.encode(), b"999999", 1))

    with pytest.raises(RefreshFailed) as failed:
        refresh_landing(period_from="2025-01", period_to="2025-06", landing=str(landing_copy), home=str(home))

    err = failed.value
    assert err.period == "2025-04" and "satker.unknown" in {i.rule for i in err.issues}
    assert err.result.periods == {"2025-01": "skipped", "2025-02": "refreshed", "2025-03": "refreshed",
                                  "2025-04": "gate_failed"}
    after = snapshot(home)
    jenis = ("out_budget_satker_jenis_belanja", "2025-02", satker, akun[:2])
    assert after[jenis]["realisasi_kumulatif"] - before[jenis]["realisasi_kumulatif"] == D(1_000_000)
    march = ("out_budget_satker_jenis_belanja", "2025-03", satker, akun[:2])
    assert after[march]["realisasi_bulan"] - before[march]["realisasi_bulan"] == D(-1_000_000)
    for key, row in before.items():
        if key[1] in ("2025-04", "2025-05", "2025-06"):
            assert after[key] == row, key        # untouched, nothing of the broken April
    con = connect_published(published(home))
    shas = {s for (s,) in con.execute("SELECT sha256 FROM out_load WHERE period = '2025-04-01'").fetchall()}
    con.close()

    assert hashlib.sha256(broken.read_bytes()).hexdigest() not in shas


def _cumulative_only_may(landing: Path) -> None:
    """May's summary with only the cumulative column: a shape whose monthly figure is derived."""
    path = landing / "2025-05" / "realisasi.csv"
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("\n".join(",".join((r[0], r[1], r[3])) for r in rows) + "\n", encoding="utf-8")


def test_a_corrected_march_changes_exactly_what_depends_on_it(sample_home, landing_copy, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    _cumulative_only_may(landing_copy)
    first = refresh_landing(landing=str(landing_copy), home=str(home))     # May's new shape, June after it
    assert first.periods == {"2025-01": "skipped", "2025-02": "skipped", "2025-03": "skipped",
                             "2025-04": "skipped", "2025-05": "refreshed", "2025-06": "refreshed"}
    before = snapshot(home)
    march = landing_copy / "2025-03" / "realisasi.xlsx"
    old_sha = hashlib.sha256(march.read_bytes()).hexdigest()

    wb = openpyxl.load_workbook(march)
    ws = wb.active
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "KODE SATKER")
    first, total = header + 1, next(r[0].row for r in ws.iter_rows() if r[0].value == "JUMLAH")
    satker, akun = ws.cell(first, 1).value, ws.cell(first, 3).value
    delta = 1_000_000
    ws.cell(first, 5, ws.cell(first, 5).value + delta)
    ws.cell(total, 5, ws.cell(total, 5).value + delta)
    wb.save(march)

    result = refresh_landing(period="2025-03", landing=str(landing_copy), home=str(home))
    assert result.periods == {p: "refreshed" for p in ("2025-03", "2025-04", "2025-05", "2025-06")}

    # Which figures depend on March's cumulative, for these shapes:
    #   March (cumulative snapshot):      realisasi_bulan +d, realisasi_kumulatif +d (sisa -d)
    #   April (SP2D: previous + month):   realisasi_kumulatif +d (sisa -d), realisasi_bulan unchanged
    #   May (cumulative only):            realisasi_bulan -d, realisasi_kumulatif unchanged
    #   June (monthly and cumulative):    nothing
    # on the satker x jenis row of the corrected akun and every rollup above it; nowhere else.
    d = D(delta)
    expected = {"2025-03": {"realisasi_bulan": d, "realisasi_kumulatif": d, "sisa": -d, "sisa_netto": -d},
                "2025-04": {"realisasi_kumulatif": d, "sisa": -d, "sisa_netto": -d},
                "2025-05": {"realisasi_bulan": -d}}
    after = snapshot(home)
    assert after.keys() == before.keys()
    jenis_satker = before[("out_budget_satker", "2025-03", satker)]["jenis_satker"]
    affected = {("out_budget_satker_jenis_belanja", satker, akun[:2]), ("out_budget_satker", satker),
                ("out_budget_jenis_satker", jenis_satker), ("out_budget_region_jenis_belanja", akun[:2]),
                ("out_budget_region", before[("out_budget_satker", "2025-03", satker)]["kode_kanwil"])}
    for key, old in before.items():
        table, period, *ident = key
        changes = {c: after[key][c] - old[c] for c in MONEY if after[key][c] != old[c]}
        want = expected.get(period, {}) if (table, *ident) in affected else {}
        assert changes == want, key

    con = connect_published(published(home))
    history = con.execute("""SELECT sha256, is_current, superseded_at IS NOT NULL FROM out_load
        WHERE kind = 'realisasi' AND period = '2025-03-01' ORDER BY finished_at""").fetchall()
    con.close()
    new_sha = hashlib.sha256(march.read_bytes()).hexdigest()
    assert history == [(old_sha, False, True), (new_sha, True, False)]


@pytest.mark.xdist_group("kinerja_process")   # with the crash test: one preloaded fork server
def test_two_refreshes_at_once_on_one_home_equal_a_single_refresh(sample_home, kinerja_process, tmp_path):
    home = tmp_path / "home"
    procs = [kinerja_process("run", "--period", "2025-01", "--landing", str(SAMPLE_LANDING), "--home", str(home),
                             "--prefect", "off", "--wait", "600", "-q") for _ in range(2)]
    for proc in procs:
        proc.join(timeout=600)
    assert [p.exitcode for p in procs] == [0, 0]
    # one run did the work, the other waited for the lock and found every period unchanged
    con = connect_working(home / "warehouse.duckdb")
    runs = con.execute("SELECT run_id, status FROM audit_run WHERE period = DATE '2025-01-01'").fetchall()
    con.close()
    assert sorted(status for _, status in runs) == ["refreshed", "skipped"] and len({r for r, _ in runs}) == 2
    # the same rows as the single refresh of the sample, for the period refreshed here
    got, want = snapshot(home), snapshot(sample_home)
    assert got == {key: row for key, row in want.items() if key[1] == "2025-01"}
