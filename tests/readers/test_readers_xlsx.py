"""XLSX extracts: title rows, header search, total rows, signature blocks, numeric cells."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter

from kinerja.issues import ExtractError, Issue
from kinerja.readers import read_extract


def _workbook(path: Path, cells: dict[tuple[int, int], object], dates: tuple = ()) -> Path:
    """Write ``{(row, col): value}`` (0-based) to the first sheet; ``dates`` cells as dates."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Laporan")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for (row, col), value in cells.items():
        if (row, col) in dates:
            sheet.write_datetime(row, col, value, date_format)
        else:
            sheet.write(row, col, value)
    book.close()
    return path


def _rows(first: int, rows: list[list[object]], col: int = 0) -> dict[tuple[int, int], object]:
    return {(first + r, col + c): v for r, row in enumerate(rows) for c, v in enumerate(row)
            if v is not None}


def _issues(path: Path, kind: str) -> list[Issue]:
    with pytest.raises(ExtractError) as err:
        read_extract(path, kind)
    return err.value.issues


def test_title_rows_total_row_and_signature_block(tmp_path: Path) -> None:
    cells = {(0, 0): "LAPORAN REALISASI ANGGARAN", (1, 0): "Periode: Juni 2025"}
    cells |= _rows(3, [
        ["KODE SATKER", "NAMA SATKER", "KODE AKUN", "URAIAN AKUN", "REALISASI S.D. BULAN INI"],
        ["012345", "Lapas Mataram", "521111", "Belanja", 1234567.5],
        [None, None, None, None, None],
        ["012345", "Lapas Mataram", 522111, "Belanja", "2.000.000"],
        ["JUMLAH", None, None, None, 3234567.5],
        [None, None, None, "Mataram, 30 Juni 2025", None],
        [None, None, None, "Kepala Kantor Wilayah", None],
        ["NIP. 19700101", None, None, None, None],
    ])
    ext = read_extract(_workbook(tmp_path / "realisasi.xlsx", cells), "realisasi")
    assert ext.shape == "summary"
    assert ext.data["source_row"].to_list() == [5, 7]
    assert ext.data["kode_akun"].to_list() == ["521111", "522111"]
    assert ext.data["realisasi_sd_bulan_ini"].to_list() == [Decimal("1234567.50"),
                                                           Decimal("2000000")]
    assert ext.data["realisasi_bulan_ini"].to_list() == [None, None]
    assert ext.data["file_period"].to_list() == ["2025-06", "2025-06"]
    assert ext.totals.to_dicts() == [{"source_row": 8, "label": "JUMLAH",
                                      "realisasi_bulan_ini": None,
                                      "realisasi_sd_bulan_ini": Decimal("3234567.50")}]


def test_table_not_in_first_column_and_bulan_tahun_title(tmp_path: Path) -> None:
    cells = {(2, 2): "Bulan Mei Tahun 2025"}
    cells |= _rows(4, [["Kode Satker", "Nama Satker", "Kode Akun", "Uraian Akun", "Pagu",
                        "Blokir"],
                       ["012345", "Rutan", "521111", "x", 1000000, None],
                       [None, "TOTAL", None, None, 1000000, 0]], col=2)
    ext = read_extract(_workbook(tmp_path / "pagu.xlsx", cells), "pagu")
    assert ext.data.row(0) == ("012345", "521111", Decimal("1000000"), Decimal("0"), 6,
                               "2025-05")
    assert ext.totals["label"].to_list() == ["TOTAL"] and ext.totals["source_row"][0] == 7


def test_no_recognisable_header(tmp_path: Path) -> None:
    cells = _rows(0, [["LAPORAN"], ["Satu", "Dua", "Tiga"], [1, 2, 3]])
    [issue] = _issues(_workbook(tmp_path / "pagu.xlsx", cells), "pagu")
    assert issue.rule == "header.not_found" and "kode_satker" in issue.message


def test_numeric_code_cell_that_lost_its_zero_is_refused(tmp_path: Path) -> None:
    cells = _rows(0, [["KDSATKER", "KDAKUN", "PAGU"], [12345, 521111, 5], ["012345", 521111, 5]])
    [issue] = _issues(_workbook(tmp_path / "pagu.xlsx", cells), "pagu")
    assert (issue.rule, issue.row, issue.column) == ("code.format", 2, "KDSATKER")


def test_amount_text_cells_are_strict(tmp_path: Path) -> None:
    cells = _rows(0, [["KDSATKER", "KDAKUN", "PAGU"], ["012345", "521111", "1,234"]])
    [issue] = _issues(_workbook(tmp_path / "pagu.xlsx", cells), "pagu")
    assert (issue.rule, issue.row, issue.column) == ("number.ambiguous", 2, "PAGU")


def test_date_cells_and_text_dates(tmp_path: Path) -> None:
    cells = _rows(2, [["TANGGAL SP2D", "NOMOR SP2D", "KDSATKER", "KODE AKUN", "NILAI RUPIAH"],
                      [datetime(2025, 6, 30), "1", "012345", "521111", -1500.25],
                      ["15-06-2025", "2", "012345", "521111", 2000]])
    ext = read_extract(_workbook(tmp_path / "realisasi.xlsx", cells, dates=((3, 0),)),
                       "realisasi")
    assert ext.shape == "transactions"
    assert ext.data["tanggal_sp2d"].to_list() == [date(2025, 6, 30), date(2025, 6, 15)]
    assert ext.data["nilai"].to_list() == [Decimal("-1500.25"), Decimal("2000")]
    assert ext.data["source_row"].to_list() == [4, 5]


def test_empty_workbook(tmp_path: Path) -> None:
    [issue] = _issues(_workbook(tmp_path / "pagu.xlsx", {}), "pagu")
    assert issue.rule == "file.empty"


def test_header_without_data(tmp_path: Path) -> None:
    cells = _rows(0, [["KDSATKER", "KDAKUN", "PAGU"], ["JUMLAH", None, 0]])
    [issue] = _issues(_workbook(tmp_path / "pagu.xlsx", cells), "pagu")
    assert issue.rule == "file.empty"


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "pagu.xlsx"
    path.write_text("KDSATKER;KDAKUN;PAGU\n")
    [issue] = _issues(path, "pagu")
    assert issue.rule == "file.format"
