"""Gate rules of the IKPA kinds on real files read by the readers (rpd in the SAKTI export
shape and as CSV; ikpa components)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from kinerja.expectations import gate_extract, gate_rpd_pagu
from kinerja.readers import read_extract
from kinerja.rules import rules_for
from tests.readers.test_readers_ikpa import BARANG, PEGAWAI, sakti_rpd

RULES = rules_for(2025)
CODES = ["410001", "041139"]


def pagu(rows: list[tuple[str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["kode_satker", "kode_akun", "pagu"], orient="row").with_columns(
        pl.col("pagu").cast(pl.Decimal(18, 2)))


def test_sakti_rpd_passes_and_a_plan_off_its_pagu_names_file_satker_jenis_and_amounts(tmp_path: Path) -> None:
    path = sakti_rpd(tmp_path / "rpd.xlsx", [
        ("410001", "KANTOR WILAYAH", [("51 BELANJA PEGAWAI", PEGAWAI), ("52 BELANJA BARANG", BARANG)]),
        ("041139", "LAPAS KELAS IIB SELONG", [("51 BELANJA PEGAWAI", PEGAWAI)])])
    extract = read_extract(path, "rpd", landing=tmp_path)
    assert gate_extract(extract, "2025-06", CODES, RULES).success
    # amounts in thousands: 1.400.000 ribu rounding -> 1.400.004 rupiah is within 6.000
    ok = pagu([("410001", "511111", 1_000_000), ("410001", "511121", 400_004), ("410001", "521111", 600_000),
               ("041139", "511111", 1_400_000)])
    assert gate_rpd_pagu("2025-06", extract.data, ok, extract.file).success
    off = pagu([("410001", "511111", 1_400_000), ("410001", "521111", 650_000), ("041139", "511111", 1_400_000)])
    result = gate_rpd_pagu("2025-06", extract.data, off, extract.file)
    assert not result.success
    [issue] = result.errors
    assert (issue.file, issue.rule) == ("rpd.xlsx", "rpd.pagu")
    assert "kode_satker 410001" in issue.message and "jenis belanja 52" in issue.message
    assert "600000.00" in issue.message and "650000.00" in issue.message


def test_rpd_csv_missing_month_negative_and_unknown_jenis(tmp_path: Path) -> None:
    path = tmp_path / "rpd.csv"
    path.write_text("kode_satker,jenis_belanja,bulan,rencana\n"
                    + "".join(f"410001,52,{m},{v}\n" for m, v in enumerate(BARANG[:11], start=1))
                    + "410001,51,1,(5)\n" + "410001,Belanja Hibah Lain,1,5\n", encoding="utf-8")
    extract = read_extract(path, "rpd", landing=tmp_path)
    result = gate_extract(extract, "2025-06", CODES, RULES)
    rules = {i.rule for i in result.errors}
    assert {"rpd.months", "amount.negative", "rpd.jenis_belanja"} <= rules
    # a plan in whole rupiah is held to 6 rupiah
    plan = extract.data.filter(pl.col("kode_jenis_belanja") == "52")
    assert not gate_rpd_pagu("2025-06", plan, pagu([("410001", "521111", sum(BARANG[:11]) + 7)]), "rpd.csv").success
    assert gate_rpd_pagu("2025-06", plan, pagu([("410001", "521111", sum(BARANG[:11]) + 6)]), "rpd.csv").success


def test_rpd_title_year_must_be_the_periods(tmp_path: Path) -> None:
    path = sakti_rpd(tmp_path / "rpd.xlsx", [("410001", "KANWIL", [("51 BELANJA PEGAWAI", PEGAWAI)])])
    extract = read_extract(path, "rpd")
    assert {i.rule for i in gate_extract(extract, "2026-01", CODES, rules_for(2026)).errors} == {"rpd.fiscal_year"}


def test_ikpa_components_range_and_names(tmp_path: Path) -> None:
    path = tmp_path / "ikpa.csv"
    path.write_text("Kode Satker;Komponen;Nilai\n410001;Revisi DIPA;100,00\n410001;Nilai Bonus;50\n"
                    "041139;Penyerapan Anggaran;101,5\n999999;Capaian Output;90\n", encoding="utf-8")
    extract = read_extract(path, "ikpa")
    got = sorted((i.rule, i.row) for i in gate_extract(extract, "2025-06", CODES, RULES).errors)
    assert got == [("ikpa.komponen", 3), ("ikpa.range", 4), ("satker.unknown", 5)]
