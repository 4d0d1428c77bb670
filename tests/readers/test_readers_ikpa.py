"""The IKPA kinds: ``rpd`` as the SAKTI Halaman III export (XLSX, per-satker blocks, merged
header cells, amounts in thousands) and as plain CSV; ``ikpa`` in both component layouts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from kinerja.issues import ExtractError
from kinerja.readers import read_extract

MONTHS = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOP", "DES"]


def sakti_rpd(path: Path, blocks: list[tuple[str, str, list[tuple[str, list[int]]]]],
              total_fix: int = 0) -> Path:
    """A Halaman III workbook: per satker a title block, a two-row header (URAIAN and RENCANA
    PENARIKAN DANA merged over the months), the jenis belanja rows and a JUMLAH row."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Halaman III")
    row = 0
    for code, name, rows in blocks:
        sheet.write(row, 0, "HALAMAN III DIPA PETIKAN")
        sheet.write(row + 1, 0, f"SATKER : ({code}) {name}")
        sheet.write(row + 2, 0, "TAHUN ANGGARAN 2025")
        sheet.write(row + 3, 0, "(dalam ribuan rupiah)")
        sheet.merge_range(row + 4, 0, row + 5, 0, "URAIAN")
        sheet.merge_range(row + 4, 1, row + 4, 12, "RENCANA PENARIKAN DANA")
        sheet.merge_range(row + 4, 13, row + 5, 13, "JUMLAH")
        for i, month in enumerate(MONTHS):
            sheet.write(row + 5, 1 + i, month)
        row += 6
        for label, amounts in rows:
            sheet.write(row, 0, label)
            for i, value in enumerate(amounts):
                sheet.write_number(row, 1 + i, value)
            sheet.write_number(row, 13, sum(amounts))
            row += 1
        sheet.write(row, 0, "JUMLAH")
        for i in range(12):
            sheet.write_number(row, 1 + i, sum(r[1][i] for r in rows) + (total_fix if i == 0 else 0))
        row += 2
    sheet.write(row + 1, 0, "Mataram, 2 Januari 2025")
    sheet.write(row + 2, 0, "Kuasa Pengguna Anggaran")
    book.close()
    return path


PEGAWAI = [100, 100, 100, 100, 100, 200, 100, 100, 100, 100, 100, 200]      # 1.400 (ribu)
BARANG = [0, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 100]                   # 600 (ribu)


def test_sakti_export_loads_every_block_in_rupiah(tmp_path: Path) -> None:
    path = sakti_rpd(tmp_path / "rpd.xlsx", [
        ("410001", "KANTOR WILAYAH", [("51 BELANJA PEGAWAI", PEGAWAI), ("52 BELANJA BARANG", BARANG)]),
        ("041139", "LAPAS KELAS IIB SELONG", [("51 BELANJA PEGAWAI", PEGAWAI)]),
    ])
    extract = read_extract(path, "rpd")
    assert extract.shape == "rpd"
    data = extract.data
    assert data.height == 36                                # 3 satker x jenis belanja rows x 12 months
    sums = {(s, j): v for s, j, v in data.group_by("kode_satker", "kode_jenis_belanja")
            .agg(pl.col("rencana").sum()).iter_rows()}
    assert sums == {("410001", "51"): Decimal("1400000.00"), ("410001", "52"): Decimal("600000.00"),
                    ("041139", "51"): Decimal("1400000.00")}
    assert set(data["satuan_rupiah"]) == {1000} and set(data["tahun_anggaran"]) == {2025}
    june = data.filter((pl.col("kode_satker") == "041139") & (pl.col("bulan") == 6))
    assert june["rencana"].to_list() == [Decimal("200000.00")]
    assert data["file_period"].null_count() == data.height


def test_sakti_block_total_is_checked_within_its_block(tmp_path: Path) -> None:
    path = sakti_rpd(tmp_path / "rpd.xlsx", [
        ("410001", "KANTOR WILAYAH", [("51 BELANJA PEGAWAI", PEGAWAI)]),
        ("041139", "LAPAS", [("51 BELANJA PEGAWAI", PEGAWAI)]),
    ], total_fix=7)
    with pytest.raises(ExtractError) as err:
        read_extract(path, "rpd")
    issues = err.value.issues
    assert {i.rule for i in issues} == {"total.mismatch"} and len(issues) == 2
    assert issues[0].column == "JAN" and "tertulis 107" in issues[0].message and "berjumlah 100" in issues[0].message


def test_rpd_csv_wide_and_long(tmp_path: Path) -> None:
    wide = tmp_path / "rpd.csv"
    wide.write_text("Kode Satker;Jenis Belanja;" + ";".join(
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember"]) + "\n"
        + "410001;51;" + ";".join(f"{v}.000" for v in PEGAWAI) + "\n"
        + "410001;Belanja Barang;" + ";".join(f"{v}.000" if v else "-" for v in BARANG) + "\n"
        + "JUMLAH;;" + ";".join(f"{a + b}.000" for a, b in zip(PEGAWAI, BARANG)) + "\n", encoding="utf-8")
    data = read_extract(wide, "rpd").data
    assert data.height == 24 and set(data["kode_jenis_belanja"]) == {"51", "52"}
    assert data["rencana"].sum() == Decimal("2000000.00") and set(data["satuan_rupiah"]) == {1}
    long = tmp_path / "rpd_long.csv"
    long.write_text("kode_satker,jenis_belanja,bulan,rencana\n"
                    + "".join(f"410001,52,{m},{v * 1000}\n" for m, v in enumerate(BARANG, start=1)),
                    encoding="utf-8")
    extract = read_extract(long, "rpd")
    assert extract.shape == "rpd" and extract.data["bulan"].to_list() == list(range(1, 13))
    assert extract.data["rencana"].sum() == Decimal("600000.00")


def test_ikpa_long_and_wide_give_the_same_components(tmp_path: Path) -> None:
    long = tmp_path / "ikpa.csv"
    long.write_text("Kode Satker;Komponen;Nilai\n410001;Revisi DIPA;100,00\n410001;Deviasi Halaman III DIPA;90,00\n"
                    "410001;Belanja Kontraktual;-\n410001;Nilai Akhir;94,10\n", encoding="utf-8")
    wide = tmp_path / "ikpa_wide.csv"
    wide.write_text("Kode Satker;Revisi DIPA;Deviasi Halaman III DIPA;Belanja Kontraktual;Nilai Akhir;Kategori\n"
                    "410001;100,00;90,00;-;94,10;Baik\n", encoding="utf-8")
    a, b = read_extract(long, "ikpa"), read_extract(wide, "ikpa")
    assert a.shape == b.shape == "ikpa"
    rows = lambda e: sorted(e.data.select("kode_satker", "komponen", "nilai").rows())   # noqa: E731
    assert rows(a) == rows(b) == [("410001", "deviasi_halaman_iii", 90.0), ("410001", "nilai_akhir", 94.1),
                                  ("410001", "revisi_dipa", 100.0)]
    assert b.data.filter(pl.col("komponen") == "nilai_akhir")["kategori"].to_list() == ["Baik"]
