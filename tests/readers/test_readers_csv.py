"""CSV extracts: separators, encodings, header mapping, shapes, codes, dates, periods, totals."""

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from kinerja.issues import ExtractError, Issue
from kinerja.readers import read_extract

SUMMARY = ("kdsatker,kdakun,realisasi_bulan_ini,realisasi_sd_bulan_ini\n"
           "012345,521111,1.500.000,3.000.000\n"
           "012345,522111,\"2.000,50\",(1.000)\n")


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _issues(path: Path, kind: str, landing: Path | None = None) -> list[Issue]:
    with pytest.raises(ExtractError) as err:
        read_extract(path, kind, landing)
    return err.value.issues


@pytest.mark.parametrize("sep", [",", ";"])
def test_separator_detected_both_ways(tmp_path: Path, sep: str) -> None:
    text = SUMMARY if sep == "," else SUMMARY.replace(",", ";").replace('"2.000;50"', "2.000,50")
    ext = read_extract(_write(tmp_path, "realisasi.csv", text), "realisasi")
    assert ext.shape == "summary"
    assert ext.data.columns == ["kode_satker", "kode_akun", "realisasi_bulan_ini",
                                "realisasi_sd_bulan_ini", "source_row", "file_period"]
    assert ext.data["realisasi_bulan_ini"].to_list() == [Decimal("1500000"), Decimal("2000.50")]
    assert ext.data["realisasi_sd_bulan_ini"].to_list() == [Decimal("3000000"),
                                                           Decimal("-1000")]
    assert ext.data["source_row"].to_list() == [2, 3]
    assert ext.data["file_period"].to_list() == [None, None]


@pytest.mark.parametrize("sep", ["\t", "|"])
def test_unsupported_separator(tmp_path: Path, sep: str) -> None:
    path = _write(tmp_path, "realisasi.csv", SUMMARY.replace(",", sep))
    [issue] = _issues(path, "realisasi")
    assert issue.rule == "csv.separator" and issue.row == 1


def test_lines_that_do_not_split_like_the_header(tmp_path: Path) -> None:
    text = ("KDSATKER;KDAKUN;PAGU;BLOKIR\n"
            "012345;521111;1.000;0\n"
            "012345,521211,2.000,0\n"
            "012345;521311;3.000;0;extra\n")
    issues = _issues(_write(tmp_path, "pagu.csv", text), "pagu")
    assert [(i.rule, i.row) for i in issues] == [("csv.separator", 3), ("csv.separator", 4)]


def test_utf8_bom_and_windows_1252(tmp_path: Path) -> None:
    text = ("kode_satker;nama_satker;jenis_satker;kode_kanwil;kabupaten;pulau\n"
            "012345;Lapas Kelas IIA Mataram – Süd;lapas;012300;Kota Mataram;Lombok\n")
    bom = tmp_path / "satker_bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    cp = _write(tmp_path, "satker_cp.csv", text, "cp1252")
    for path in (bom, cp):
        ext = read_extract(path, "satker")
        row = ext.data.row(0, named=True)
        assert row["kode_satker"] == "012345"
        assert row["nama_satker"] == "Lapas Kelas IIA Mataram – Süd"
        assert row["jenis_satker"] == "LAPAS"
        assert row["aktif_dari"] is None
    assert ext.data.schema["aktif_dari"] == pl.Date


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "pagu.csv"
    path.write_bytes(b"KDSATKER;KDAKUN;PAGU\n012345;521111;1\x81\n")
    [issue] = _issues(path, "pagu")
    assert issue.rule == "file.encoding"


@pytest.mark.parametrize("text", ["", "\n\n", "KDSATKER;KDAKUN;PAGU\n", "KDSATKER;KDAKUN;PAGU\n;;\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    [issue] = _issues(_write(tmp_path, "pagu.csv", text), "pagu")
    assert issue.rule == "file.empty"


def test_header_not_found(tmp_path: Path) -> None:
    [issue] = _issues(_write(tmp_path, "pagu.csv", "a;b;c\n1;2;3\n"), "pagu")
    assert issue.rule == "header.not_found"
    assert "kode_satker" in issue.message and "pagu" in issue.message


def test_missing_column_names_aliases(tmp_path: Path) -> None:
    [issue] = _issues(_write(tmp_path, "pagu.csv", "KDSATKER;PAGU\n012345;1.000\n"), "pagu")
    assert issue.rule == "column.missing" and issue.row == 1
    assert "kode_akun" in issue.message and "KDAKUN" in issue.message


def test_duplicate_column(tmp_path: Path) -> None:
    text = "KDSATKER;Kode Satker;KDAKUN;PAGU\n012345;012345;521111;1\n"
    [issue] = _issues(_write(tmp_path, "pagu.csv", text), "pagu")
    assert (issue.rule, issue.column) == ("column.duplicate", "Kode Satker")


def test_header_aliases_and_optional_columns(tmp_path: Path) -> None:
    text = ("KDSATKER;NMSATKER;KDAKUN;NMAKUN;Pagu Revisi;Keterangan Lain\n"
            "012345;Lapas;521111;Belanja;Rp 10.000,-;x\n")
    ext = read_extract(_write(tmp_path, "pagu.csv", text), "pagu")
    assert ext.shape == "pagu"
    assert ext.data.columns == ["kode_satker", "kode_akun", "pagu", "blokir", "source_row",
                                "file_period"]
    assert ext.data.row(0) == ("012345", "521111", Decimal("10000"), Decimal("0"), 2, None)


def test_codes_keep_leading_zeros_and_five_digits_are_refused(tmp_path: Path) -> None:
    text = "KDSATKER;KDAKUN;PAGU\n001234;051111;1\n12345;521111;1\n;521111;1\n"
    issues = _issues(_write(tmp_path, "pagu.csv", text), "pagu")
    assert [(i.rule, i.row, i.column) for i in issues] == [("code.format", 3, "KDSATKER"),
                                                           ("value.required", 4, "KDSATKER")]
    assert "'12345'" in issues[0].message
    ok = read_extract(_write(tmp_path, "pagu2.csv", "KDSATKER;KDAKUN;PAGU\n001234;051111;1\n"),
                      "pagu")
    assert ok.data.row(0)[:2] == ("001234", "051111")


def test_enum_checked(tmp_path: Path) -> None:
    text = "kode_satker,nama_satker,jenis_satker\n012345,X,Lapas\n012346,Y,POLRES\n"
    [issue] = _issues(_write(tmp_path, "satker.csv", text), "satker")
    assert (issue.rule, issue.row, issue.column) == ("enum.invalid", 3, "jenis_satker")
    assert "RUPBASAN" in issue.message


def test_tahun_bulan_give_file_period(tmp_path: Path) -> None:
    text = ("Tahun;Bulan;Kode Satker;Nama Satker;Kode Akun;Realisasi Bulan Ini;"
            "Realisasi s.d. Bulan Ini\n"
            "2025;Juni;012345;Lapas;521111;1.000;6.000\n"
            "2025;Mei;012345;Lapas;521111;1.000;5.000\n"
            "2025;12;012345;Lapas;521111;1.000;5.000\n"
            "2024;Nop;012345;Lapas;521111;1.000;5.000\n")
    ext = read_extract(_write(tmp_path, "realisasi.csv", text), "realisasi")
    assert ext.data["file_period"].to_list() == ["2025-06", "2025-05", "2025-12", "2024-11"]
    assert "tahun" not in ext.data.columns


def test_bad_month(tmp_path: Path) -> None:
    text = "Tahun;Bulan;KDSATKER;KDAKUN;Realisasi Bulan Ini\n2025;Juno;012345;521111;1\n"
    [issue] = _issues(_write(tmp_path, "realisasi.csv", text), "realisasi")
    assert (issue.rule, issue.row, issue.column) == ("period.invalid", 2, "Bulan")


def test_transactions_detected_with_day_first_dates(tmp_path: Path) -> None:
    text = ("TANGGAL SP2D,NOMOR SP2D,KDSATKER,KODE AKUN,NILAI RUPIAH\n"
            "30-06-2025,250001,012345,521111,1.000.000\n"
            "01/06/2025,250002,012345,521111,(250.000)\n"
            "2025-06-02,250003,012345,521111,\"1.000,50\"\n")
    ext = read_extract(_write(tmp_path, "realisasi_sakti.csv", text), "realisasi")
    assert ext.shape == "transactions"
    assert ext.data.columns == ["tanggal_sp2d", "kode_satker", "kode_akun", "nilai",
                                "source_row", "file_period"]
    assert ext.data["tanggal_sp2d"].to_list() == [date(2025, 6, 30), date(2025, 6, 1),
                                                  date(2025, 6, 2)]
    assert ext.data["nilai"].to_list() == [Decimal("1000000"), Decimal("-250000"),
                                           Decimal("1000.50")]


def test_invalid_date(tmp_path: Path) -> None:
    text = "Tanggal SP2D;Kode Satker;Akun;Nilai\n31-02-2025;012345;521111;1\n06-30-2025;012345;521111;1\n"
    issues = _issues(_write(tmp_path, "realisasi.csv", text), "realisasi")
    assert [(i.rule, i.row, i.column) for i in issues] == [("date.invalid", 2, "Tanggal SP2D"),
                                                           ("date.invalid", 3, "Tanggal SP2D")]


def test_realisasi_without_amounts_names_both_shapes(tmp_path: Path) -> None:
    [issue] = _issues(_write(tmp_path, "realisasi.csv", "KDSATKER;KDAKUN\n012345;521111\n"),
                      "realisasi")
    assert issue.rule == "column.missing"
    assert "transactions" in issue.message and "summary" in issue.message


def test_title_lines_total_row_and_signature(tmp_path: Path) -> None:
    text = ("LAPORAN PAGU\n"
            "Periode: Juni 2025\n"
            "\n"
            "KDSATKER;KDAKUN;PAGU;BLOKIR\n"
            "012345;521111;1.000;0\n"
            ";;;\n"
            "012345;521211;2.000;500\n"
            "JUMLAH;;3.000;500\n"
            "\n"
            "Mataram, 30 Juni 2025\n"
            "Kepala Kantor Wilayah\n")
    ext = read_extract(_write(tmp_path, "pagu.csv", text), "pagu")
    assert ext.data["source_row"].to_list() == [5, 7]
    assert ext.data["file_period"].to_list() == ["2025-06", "2025-06"]
    assert ext.totals.to_dicts() == [{"source_row": 8, "label": "JUMLAH",
                                      "pagu": Decimal("3000"), "blokir": Decimal("500")}]


def test_file_named_relative_to_landing_and_hashed(tmp_path: Path) -> None:
    folder = tmp_path / "2025-06"
    folder.mkdir()
    path = _write(folder, "pagu.csv", "KDSATKER;KDAKUN;PAGU\n1234567;521111;1\n")
    [issue] = _issues(path, "pagu", landing=tmp_path)
    assert issue.file == "2025-06/pagu.csv"
    path.write_text("KDSATKER;KDAKUN;PAGU\n123456;521111;1\n")
    ext = read_extract(path, "pagu", landing=tmp_path)
    assert ext.file == "2025-06/pagu.csv" and ext.kind == "pagu"
    assert ext.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_unknown_kind(tmp_path: Path) -> None:
    [issue] = _issues(_write(tmp_path, "foo.csv", SUMMARY), "foo")
    assert issue.rule == "file.unknown_kind"


def test_large_file_line_numbers_and_a_line_that_splits_otherwise(tmp_path: Path) -> None:
    # 30,000 lines, CRLF and a BOM: source_row is the line a person sees; one line in the
    # middle with a missing and one with an extra separator are named by their line numbers
    lines = [f"{100000 + i:06d};52{i % 100:04d};{i + 1:,}".replace(",", ".") + ";0" for i in range(30_000)]
    good = "\r\n".join(["KDSATKER;KDAKUN;PAGU;BLOKIR", *lines]) + "\r\n"
    path = tmp_path / "pagu.csv"
    path.write_bytes(b"\xef\xbb\xbf" + good.encode("utf-8"))
    ext = read_extract(path, "pagu")
    assert ext.data.height == 30_000
    assert ext.data["source_row"].to_list() == list(range(2, 30_002))
    assert ext.data["pagu"].sum() == Decimal(sum(range(1, 30_001)))
    assert ext.data.row(12_344, named=True)["kode_satker"] == "112344"
    broken = lines.copy()
    broken[12_344] = broken[12_344].rsplit(";", 1)[0]          # line 12.346: 3 fields
    broken[20_000] += ";x"                                      # line 20.002: 5 fields
    path.write_text("\n".join(["KDSATKER;KDAKUN;PAGU;BLOKIR", *broken]) + "\n", encoding="utf-8")
    issues = _issues(path, "pagu")
    assert [(i.rule, i.row) for i in issues] == [("csv.separator", 12_346), ("csv.separator", 20_002)]
    assert "baris ini berisi 3 kolom" in issues[0].message and "baris ini berisi 5 kolom" in issues[1].message


def test_total_label_in_a_column_the_layout_drops(tmp_path: Path) -> None:
    # NMSATKER/NMAKUN are not loaded, but a total row may name itself there (its first cell
    # empty); a name that is not a label, in a row with codes, stays a data row
    text = ("KDSATKER;NMSATKER;KDAKUN;NMAKUN;PAGU;BLOKIR\n"
            "012345;Lapas Mataram;521111;Belanja Keperluan;1.000;0\n"
            "012345;JUMLAH;521211;Belanja Bahan;2.000;500\n"
            ";JUMLAH;;;3.000;500\n")
    ext = read_extract(_write(tmp_path, "pagu.csv", text), "pagu")
    assert ext.data["source_row"].to_list() == [2, 3]
    assert ext.totals.to_dicts() == [{"source_row": 4, "label": "JUMLAH",
                                      "pagu": Decimal("3000"), "blokir": Decimal("500")}]
    # the same label in a dropped column of a row without codes, in the middle: a total row
    text = text.replace(";JUMLAH;;;3.000;500\n", ";Sub Total;;;1.000;0\n012345;x;522111;y;4.000;0\n")
    ext = read_extract(_write(tmp_path, "pagu2.csv", text), "pagu")
    assert ext.data["source_row"].to_list() == [2, 3, 5]
    assert [(t["source_row"], t["label"]) for t in ext.totals.to_dicts()] == [(4, "Sub Total")]
