"""At 2025-06 the published tables reproduce the LKjIP Semester I 2025 figures.

Expected values are read from data/seed_facts/ (transcribed from the report, independent of
kinerja's code) or written here as printed in the report; never from kinerja's own output.
The report's TOTAL_AS_PRINTED rows are not used: they contradict the report's own rows.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.conftest import SEED_FACTS
from kinerja.warehouse.db import connect_published

JUNE = "2025-06-01"
JENIS = ("pegawai", "barang", "modal")


def seed_rows(name: str) -> list[dict]:
    with (SEED_FACTS / name).open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if not r[next(iter(r))].startswith("TOTAL_AS_PRINTED")]


def pct2(value: float) -> Decimal:
    """Round half-up to 2 decimals, as the report presents percentages."""
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def pub(sample_home):
    con = connect_published(sample_home / "published" / "kinerja.duckdb")
    yield con
    con.close()


def by_name_jenis(pub, column: str) -> dict[tuple[str, str], Decimal]:
    rows = pub.execute(f"""SELECT nama_satker, jenis_belanja, {column} FROM out_budget_satker_jenis_belanja
                           WHERE period = '{JUNE}'""").fetchall()
    return {(n, j): v for n, j, v in rows}


def test_upt_pagu_per_jenis_belanja_equals_tabel_1_10(pub):
    got = by_name_jenis(pub, "pagu")
    rows = seed_rows("budget_2025_upt_pagu.csv")
    assert len(rows) == 13
    for row in rows:
        for jenis in JENIS:
            expected = Decimal(row[f"pagu_{jenis}"])
            assert got.get((row["unit_name"], jenis), Decimal(0)) == expected, (row["unit_name"], jenis)


def test_upt_cumulative_realisation_equals_tabel_1_12(pub):
    got = {n: (p, r, pct) for n, p, r, pct in pub.execute(f"""
        SELECT nama_satker, pagu, realisasi_kumulatif, penyerapan_pct FROM out_budget_satker
        WHERE period = '{JUNE}' AND jenis_satker <> 'KANWIL'""").fetchall()}
    rows = seed_rows("budget_2025-06_upt_realisasi.csv")
    assert set(got) == {r["unit_name"] for r in rows}
    for row in rows:
        pagu, realisasi, pct = got[row["unit_name"]]
        assert pagu == Decimal(row["pagu_total"]), row["unit_name"]
        assert realisasi == Decimal(row["realisasi_total"]), row["unit_name"]
        assert pct2(pct) == Decimal(row["persen_realisasi_stated"]), row["unit_name"]


def test_kanwil_equals_tabel_1_11(pub):
    rows = {r["jenis_belanja"]: r for r in seed_rows("budget_2025-06_kanwil.csv")}
    got = {j: (p, r, pct) for j, p, r, pct in pub.execute(f"""
        SELECT jenis_belanja, pagu, realisasi_kumulatif, penyerapan_pct FROM out_budget_satker_jenis_belanja
        WHERE period = '{JUNE}' AND jenis_satker = 'KANWIL'""").fetchall()}
    for jenis in JENIS:
        pagu, realisasi, pct = got.get(jenis, (Decimal(0), Decimal(0), None))
        assert pagu == Decimal(rows[jenis]["pagu"]) and realisasi == Decimal(rows[jenis]["realisasi"]), jenis
        if rows[jenis]["persen_realisasi_stated"]:
            assert pct2(pct) == Decimal(rows[jenis]["persen_realisasi_stated"]), jenis
    total = pub.execute(f"""SELECT pagu, realisasi_kumulatif, penyerapan_pct FROM out_budget_satker
        WHERE period = '{JUNE}' AND jenis_satker = 'KANWIL'""").fetchall()[0]
    # Tabel 1.11's own total row: 3.064.933.000 / 655.486.966 / 21,39%
    assert total[:2] == (Decimal("3064933000"), Decimal("655486966")) and pct2(total[2]) == Decimal("21.39")


def test_region_headline_and_jenis_belanja(pub):
    pagu, realisasi, sisa, pct = pub.execute(f"""SELECT pagu, realisasi_kumulatif, sisa, penyerapan_pct
        FROM out_budget_region WHERE period = '{JUNE}'""").fetchall()[0]
    upt = seed_rows("budget_2025-06_upt_realisasi.csv")
    kanwil = {r["jenis_belanja"]: r for r in seed_rows("budget_2025-06_kanwil.csv")}
    seed_pagu = sum(Decimal(r["pagu_total"]) for r in upt) + sum(Decimal(kanwil[j]["pagu"]) for j in JENIS)
    seed_real = sum(Decimal(r["realisasi_total"]) for r in upt) + sum(Decimal(kanwil[j]["realisasi"]) for j in JENIS)
    # as printed in the report's summary table: 123.380.040.660 / 48.809.701.898 / 74.570.338.762 / 39,56
    assert (pagu, realisasi, sisa) == (seed_pagu, seed_real, Decimal("74570338762"))
    assert pagu == Decimal("123380040660") and realisasi == Decimal("48809701898")
    assert pct2(pct) == Decimal("39.56")
    per_jenis = {j: (p, r, x) for j, p, r, x in pub.execute(f"""SELECT jenis_belanja, pagu, realisasi_kumulatif,
        penyerapan_pct FROM out_budget_region_jenis_belanja WHERE period = '{JUNE}'""").fetchall()}
    # the report's narrative: pegawai 54,10% (Rp26.930.254.163), barang 31,50% (Rp21.461.961.237),
    # modal 7,64% (Rp417.486.498)
    printed = {"pegawai": ("26930254163", "54.10"), "barang": ("21461961237", "31.50"), "modal": ("417486498", "7.64")}
    for jenis, (amount, stated) in printed.items():
        assert per_jenis[jenis][1] == Decimal(amount), jenis
        assert pct2(per_jenis[jenis][2]) == Decimal(stated), jenis
    assert sum(v[0] for v in per_jenis.values()) == pagu


def test_region_rollup_is_not_the_mean_of_unit_percentages(pub):
    """The report's pooled UPT figure is 40,02%; the mean of the 13 UPT percentages is 43,20%."""
    pct, = pub.execute(f"""SELECT sum(realisasi_kumulatif) / sum(pagu) * 100 FROM out_budget_satker
        WHERE period = '{JUNE}' AND jenis_satker <> 'KANWIL'""").fetchall()[0]
    assert pct2(float(pct)) == Decimal("40.02")
    types = pub.execute(f"""SELECT sum(pagu), sum(realisasi_kumulatif) FROM out_budget_jenis_satker
        WHERE period = '{JUNE}' AND jenis_satker <> 'KANWIL'""").fetchall()[0]
    assert types == (Decimal("120315107660"), Decimal("48154214932"))   # Tabel 1.12's printed totals
