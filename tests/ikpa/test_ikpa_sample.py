"""The sample publishes IKPA per satker for 2025-01..2025-06 (sample_home: the shipped landing
refreshed once per session).

Two satker worked by hand from the sample's files, at 2025-01 (TW I targets 51 20 %, 52 15 %,
53 10 %; deviasi threshold 5 %; weights penyerapan 20, deviasi 15; revisi DIPA not computable,
so the score is renormalised over 35):

097215 Rupbasan Kelas II Sumbawa Besar (2025-01/pagu.csv, 2025-01/realisasi.csv, reference/rpd.xlsx)
  penyerapan  51: P = 905.697.000 - 0          target 181.139.400  R 19.943.092  -> 11,01  w 44,48 %
              52: P = 1.010.662.000 - 26.357.000 = 984.305.000
                                               target 147.645.750  R 14.447.710  ->  9,79  w 48,34 %
              53: P = 146.114.000              target  14.611.400  R 0           ->  0,00  w  7,18 %
              NK(1) = 11,0098 x 0,44482 + 9,7854 x 0,48342 = 4,8974 + 4,7305 = 9,63
  deviasi     51: RPD 21.539.000 (21.539 ribu) R 19.943.092 -> 1.595.908 / 21.539.000 = 7,41 %  w 43,91 %
              52: RPD 15.604.000               R 14.447.710 -> 1.156.290 / 15.604.000 = 7,41 %  w 49,00 %
              53: RPD 0, R 0 -> 0                                                          w  7,08 %
              D(1) = 7,4094 x 0,43913 + 7,4102 x 0,49002 = 3,2537 + 3,6312 = 6,88 > 5 -> 100 - 6,88 = 93,12
  IKPA = (9,628 x 20 + 93,115 x 15) / 35 = 1.589,28 / 35 = 45,41 -> Kurang
410207 Bapas Kelas II Sumbawa Besar
  penyerapan  51: P 1.283.572.000  target 256.714.400  R 59.246.542 -> 23,08  w 36,10 %
              52: P 2.340.332.000 - 95.421.000 = 2.244.911.000
                                   target 336.736.650  R 65.020.525 -> 19,31  w 63,14 %
              53: P 27.000.000     target   2.700.000  R 0          ->  0,00  w  0,76 %
              NK(1) = 23,0788 x 0,36101 + 19,3090 x 0,63139 = 8,3317 + 12,1916 = 20,52
  deviasi     51: RPD 59.247.000 R 59.246.542 -> 0,0008 %; 52: RPD 65.021.000 R 65.020.525 -> 0,0007 %
              D(1) = 0,0007 <= 5 -> 100
  IKPA = (20,523 x 20 + 100 x 15) / 35 = 1.910,47 / 35 = 54,58 -> Kurang
"""

from __future__ import annotations

import tomllib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from kinerja.warehouse.db import connect_published

JANUARY, APRIL, JUNE = "2025-01-01", "2025-04-01", "2025-06-01"


def d2(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def pub(sample_home):
    con = connect_published(sample_home / "published" / "kinerja.duckdb")
    yield con
    con.close()


def test_ikpa_per_satker_for_every_month(pub) -> None:
    rows = pub.execute("""SELECT period, count(*), count(nilai_akhir) FROM out_ikpa_satker
                          GROUP BY period ORDER BY period""").fetchall()
    assert [(str(p)[:7], n, k) for p, n, k in rows] == [(f"2025-0{m}", 14, 14) for m in range(1, 7)]


def test_two_satker_worked_by_hand(pub) -> None:
    got = {k: (d2(nk), d2(d), d2(n), kat) for k, nk, d, n, kat in pub.execute(f"""
        SELECT kode_satker, penyerapan_nk_bulan, deviasi_bulan_pct, nilai_akhir, kategori FROM out_ikpa_satker
        WHERE period = '{JANUARY}' AND kode_satker IN ('097215', '410207')""").fetchall()}
    assert got == {"097215": (Decimal("9.63"), Decimal("6.88"), Decimal("45.41"), "Kurang"),
                   "410207": (Decimal("20.52"), Decimal("0.00"), Decimal("54.58"), "Kurang")}


def test_kanwil_june_is_the_official_94_10_baik_and_reconciled(pub) -> None:
    row = pub.execute(f"""SELECT nilai_akhir, kategori, status_nilai, nilai_akhir_resmi, n_resmi, n_estimasi
                          FROM out_ikpa_satker WHERE period = '{JUNE}' AND kode_satker = '410001'""").fetchone()
    assert (d2(row[0]), row[1], row[2], d2(row[3]), row[4], row[5]) == (
        Decimal("94.10"), "Baik", "resmi", Decimal("94.10"), 7, 0)
    rec = pub.execute(f"""SELECT komponen, nilai_resmi, nilai_estimasi, selisih FROM out_ikpa_rekonsiliasi
                          WHERE period = '{JUNE}' ORDER BY komponen""").fetchall()
    assert [r[0] for r in rec] == ["deviasi_halaman_iii", "penyerapan_anggaran"]
    for _, official, estimate, diff in rec:
        assert diff == pytest.approx(official - estimate)


def test_estimates_are_labelled_with_their_rule_set(pub) -> None:
    labels = pub.execute(f"""SELECT komponen, sumber_nilai, count(*), min(aturan_tahun_anggaran),
                                    max(aturan_tahun_anggaran) FROM out_ikpa_komponen
                             WHERE period = '{JUNE}' AND komponen IN ('penyerapan_anggaran', 'revisi_dipa')
                             GROUP BY ALL ORDER BY ALL""").fetchall()
    assert labels == [("penyerapan_anggaran", "estimasi", 13, 2025, 2025),
                      ("penyerapan_anggaran", "resmi", 1, 2025, 2025),
                      ("revisi_dipa", "resmi", 1, 2025, 2025),
                      ("revisi_dipa", "tidak_dapat_dihitung", 13, 2025, 2025)]
    # the rule set's rules and their sources, once for the period: the rows of kinerja/rules.toml
    # (read here as TOML) in force for 2025, with their [C]/[T]/[U] tags
    book = tomllib.loads((Path(__file__).resolve().parents[2] / "kinerja" / "rules.toml").read_text("utf-8"))
    expected = []
    for rule in ("deviasi_halaman_iii", "ikpa_bobot", "ikpa_kategori", "target_penyerapan"):
        row = max((r for r in book[rule] if r["berlaku_mulai"] <= 2025), key=lambda r: r["berlaku_mulai"])
        expected.append((rule, 2025, row["berlaku_mulai"], row["sumber"]))
    assert pub.execute(f"""SELECT aturan, aturan_tahun_anggaran, berlaku_mulai, sumber FROM out_ikpa_aturan
                           WHERE period = '{JUNE}' ORDER BY aturan""").fetchall() == expected
    assert expected[-1][3].startswith("[T]")


def test_region_is_the_mean_of_its_satker_by_convention(pub) -> None:
    for period, mean, n, konvensi in pub.execute(
            "SELECT period, nilai_rata_rata, n_satker, konvensi FROM out_ikpa_region").fetchall():
        expected = pub.execute("SELECT avg(nilai_akhir) FROM out_ikpa_satker WHERE period = ?", [period]).fetchone()[0]
        assert mean == pytest.approx(expected) and n == 14 and "convention" in konvensi


def test_budget_execution_shows_pagu_awal_revisions_blokir_and_the_shortfall(pub) -> None:
    row = pub.execute(f"""SELECT pagu_awal, pagu, perubahan_pagu, blokir, pagu_efektif, target_pct,
                                 target_nominal, kekurangan_target, realisasi_kumulatif
                          FROM out_ikpa_budget_execution
                          WHERE period = '{APRIL}' AND nama_satker = 'Lapas Kelas IIA Lombok Barat'
                            AND kode_jenis_belanja = '52'""").fetchone()
    awal, pagu, change, blokir, efektif, target, nominal, short, real = row
    # the sample's January DIPA gave this line 1.250.000.000 less than revisi 1 (Tabel 1.10)
    assert change == pagu - awal == Decimal("1250000000.00") and pagu == Decimal("26775730000.00")
    assert efektif == pagu - blokir and target == 50.0
    assert nominal == efektif / 2 and short == max(nominal - real, Decimal(0))


def test_the_quarterly_rpd_update_replaces_the_plan_from_april_and_both_loads_are_kept(sample_home) -> None:
    con = duckdb.connect(str(sample_home / "warehouse.duckdb"), read_only=True)
    try:
        loads = con.execute("SELECT file_name FROM audit_load WHERE kind = 'rpd' ORDER BY file_name").fetchall()
        assert loads == [("reference/rpd.xlsx",), ("reference/rpd_2025-04.csv",)]
        plans = con.execute("""SELECT period, sum(rencana) FILTER (WHERE bulan = 4) FROM core_rpd
                               WHERE period IN ('2025-03-01', '2025-04-01') GROUP BY period ORDER BY period""").fetchall()
        assert plans[0][1] != plans[1][1]
    finally:
        con.close()
