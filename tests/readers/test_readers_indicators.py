"""Indicator extracts (rb, pk, iku, survei, iph): new column types, checkpoint from a title,
free text dropped at the boundary, n/a kept distinct from 0."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import xlsxwriter

from kinerja.issues import ExtractError, Issue
from kinerja.readers import read_extract

LANDING = Path(__file__).resolve().parents[2] / "data" / "sample" / "landing"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _issues(path: Path, kind: str) -> list[Issue]:
    with pytest.raises(ExtractError) as err:
        read_extract(path, kind)
    return err.value.issues


def test_sample_rb_xlsx_checkpoint_from_title_and_jumlah_row() -> None:
    ext = read_extract(LANDING / "2025-06" / "rb.xlsx", "rb", LANDING)
    assert ext.shape == "rb"
    assert ext.data.columns == ["checkpoint", "kode_satker", "target", "terlaksana", "source_row",
                                "file_period"]
    assert set(ext.data["checkpoint"]) == {"B06"}
    assert ext.data.height == 12 and ext.data["target"].sum() == 578
    assert ext.totals.select("label", "target", "terlaksana").rows() == [("JUMLAH", 578, 508)]
    assert "capaian" not in ext.data.columns  # the file's own percentage is never loaded


def test_sample_rb_csv_checkpoint_column() -> None:
    ext = read_extract(LANDING / "2025-03" / "rb.csv", "rb", LANDING)
    assert set(ext.data["checkpoint"]) == {"B03"} and ext.data["terlaksana"].sum() == 344


def test_rb_without_checkpoint_is_null_for_the_folder(tmp_path: Path) -> None:
    ext = read_extract(_write(tmp_path, "rb.csv", "kode_satker,target,terlaksana\n012345,29,29\n"), "rb")
    assert ext.data["checkpoint"].to_list() == [None]


@pytest.mark.parametrize(("text", "expected"), [
    ("B03", "B03"), ("B-06", "B06"), ("b 9", "B09"), ("Triwulan I (B-03)", "B03"),
    ("TW IV", "B12"), ("Triwulan III", "B09"),
])
def test_checkpoint_notations(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, "rb.csv", f"kode_satker;checkpoint;target;terlaksana\n012345;{text};29;20\n")
    assert read_extract(path, "rb").data["checkpoint"].to_list() == [expected]


def test_checkpoint_invalid(tmp_path: Path) -> None:
    path = _write(tmp_path, "rb.csv", "kode_satker;checkpoint;target;terlaksana\n012345;B13;29;20\n")
    [issue] = _issues(path, "rb")
    assert (issue.rule, issue.row, issue.column) == ("checkpoint.invalid", 2, "checkpoint")


def test_rb_title_checkpoint_in_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "rb.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_string(0, 0, "MONITORING RENCANA AKSI RB Triwulan I (B-03)")
    ws.write_row(2, 0, ["Kode Satker", "Jumlah Rencana Aksi", "Rencana Aksi Terlaksana"])
    ws.write_row(3, 0, ["012345", 29, 28])
    wb.close()
    ext = read_extract(path, "rb")
    assert ext.data.select("checkpoint", "target", "terlaksana").rows() == [("B03", 29, 28)]


def test_whole_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path, "rb.csv", "kode_satker;target;terlaksana\n"
                                      "012345;1.200;12,0\n012346;48;3,5\n012347;48;abc\n")
    issues = _issues(path, "rb")
    assert [(i.rule, i.row) for i in issues] == [("number.not_integer", 3), ("number.invalid", 4)]
    assert "bilangan bulat" in issues[0].message


def test_sample_survey_drops_free_text() -> None:
    path = LANDING / "2025-06" / "survei.csv"
    assert "Saran" in path.read_text(encoding="utf-8").splitlines()[0]
    ext = read_extract(path, "survei", LANDING)
    assert ext.data.columns == ["id_responden", "kode_satker", "tanggal", *[f"l{i}" for i in range(1, 10)],
                                "source_row", "file_period"]
    values = {str(v) for col in ext.data.columns for v in ext.data[col].unique().to_list()}
    assert not any("Pelayanan" in v or "Petugas" in v for v in values)
    assert ext.data["tanggal"].min() >= date(2025, 1, 1) and ext.data["tanggal"].max() <= date(2025, 6, 30)


def test_survey_free_text_with_separator_inside_quotes(tmp_path: Path) -> None:
    head = "id_responden;kode_satker;tanggal;" + ";".join(f"L{i}" for i in range(1, 10)) + ";Saran\n"
    path = _write(tmp_path, "survei.csv", head + 'R1;012345;30-06-2025;' + "4;" * 9 + '"ruang; AC rusak"\n')
    ext = read_extract(path, "survei")
    assert ext.data.row(0)[:4] == ("R1", "012345", date(2025, 6, 30), 4) and "saran" not in ext.data.columns


def test_sample_iph_comma_decimals() -> None:
    ext = read_extract(LANDING / "2025-06" / "iph.csv", "iph", LANDING)
    assert ext.data.columns == ["kode_satker", "dimensi", "nilai_dimensi", "source_row", "file_period"]
    assert ext.data.height == 88 and sorted(set(ext.data["dimensi"])) == list(range(1, 9))
    assert ext.data["nilai_dimensi"].min() >= 1 and ext.data["nilai_dimensi"].max() <= 4


@pytest.mark.parametrize(("text", "value"), [
    ("3,6", 3.6), ("3.6", 3.6), ("87,50%", 87.5), ("3,6250", 3.625), ("1.234,5", 1234.5),
    ("100", 100.0), ("n/a", None), ("N/A", None), ("-", None), ("", None),
])
def test_measures(tmp_path: Path, text: str, value: float | None) -> None:
    path = _write(tmp_path, "iku.csv", f"kode_indikator;realisasi;keterangan\nX;{text};alasan\n")
    assert read_extract(path, "iku").data["realisasi"].to_list() == [value]


@pytest.mark.parametrize(("text", "rule"), [("3.625", "number.ambiguous"), ("1,234.5", "number.ambiguous"),
                                            ("tiga", "number.invalid")])
def test_measures_refused(tmp_path: Path, text: str, rule: str) -> None:
    path = _write(tmp_path, "iku.csv", f"kode_indikator;realisasi;keterangan\nX;{text};alasan\n")
    [issue] = _issues(path, "iku")
    assert (issue.rule, issue.row, issue.column) == (rule, 2, "realisasi")


def test_sample_iku_na_is_null_with_reason() -> None:
    ext = read_extract(LANDING / "2025-06" / "iku.csv", "iku", LANDING)
    assert ext.data.select("kode_indikator", "realisasi", "keterangan").rows() == [
        ("SYN.IKU1", None, "menunggu LHP BPK")]


def test_sample_pk() -> None:
    ext = read_extract(LANDING / "reference" / "pk.csv", "pk", LANDING)
    rows = {r["kode_indikator"]: r for r in ext.data.iter_rows(named=True)}
    assert {k: (r["target_tahunan"], r["sumber"], r["polaritas"]) for k, r in rows.items()} == {
        "SK1.IKU1": (3.6, "iph", "positif"), "SK2.IKU1": (100.0, "rb", "positif"),
        "SK2.IKU2": (3.1, "survei", "positif"), "SYN.IKU1": (10.0, None, "negatif")}


def test_an_alias_may_serve_different_kinds(tmp_path: Path) -> None:
    # "Tanggal" is tanggal_sp2d in realisasi and the response date in survei
    head = "Tanggal;Kode Satker;ID Responden;" + ";".join(f"L{i}" for i in range(1, 10)) + "\n"
    ext = read_extract(_write(tmp_path, "survei.csv", head + "01/02/2025;012345;R1;" + ";".join("3" * 9) + "\n"),
                       "survei")
    assert ext.data["tanggal"].to_list() == [date(2025, 2, 1)]
