"""One writer per extract shape (EXTRACTS.md), shared by the region and the scale generator.

Every writer takes a polars frame with canonical column names and writes the bytes a real
office would receive: Indonesian number notation, ``;`` or ``,`` separators, BOM or
Windows-1252, XLSX title rows, ``JUMLAH`` rows and signature blocks. The output depends only
on the input frame (XLSX documents carry a fixed creation date), so runs are byte-identical.
Formatting is done with polars expressions: no per-row Python for the CSV shapes.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import xlsxwriter

from kinerja.periods import MONTH_NAMES_ID, Period

KANWIL_TITLE = "KANTOR WILAYAH DITJEN PEMASYARAKATAN NUSA TENGGARA BARAT"
SIGNER = "Kepala Bagian Umum"
SIGN_PLACE = "Mataram"


def grouped(col: str) -> pl.Expr:
    """Absolute value of an integer column in Indonesian thousands notation (``1.234.567``)."""
    return (
        pl.col(col).abs().cast(pl.String).str.reverse()
        .str.replace_all(r"(\d{3})", "${1}.").str.strip_chars_end(".").str.reverse()
    )


def _row_index() -> pl.Expr:
    return pl.int_range(pl.len(), dtype=pl.Int64)


def _csv_text(frame: pl.DataFrame, separator: str, line_terminator: str = "\n") -> str:
    return frame.write_csv(separator=separator, line_terminator=line_terminator, quote_style="necessary")


def _write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_satker_csv(satker: pl.DataFrame, path: Path) -> None:
    """``reference/satker.csv``: plain UTF-8, ``,``-separated, no BOM."""
    cols = ["kode_satker", "nama_satker", "jenis_satker", "kode_kanwil", "kabupaten", "pulau"]
    _write_bytes(path, _csv_text(satker.select(cols), ",").encode("utf-8"))


def write_pagu_csv(pagu: pl.DataFrame, path: Path) -> None:
    """DIPA as SAKTI users save it: ``;``, UTF-8 with BOM, ``1.234.567.000``, blokir ``-`` when 0."""
    out = pagu.select(
        pl.col("kode_satker").alias("KDSATKER"),
        pl.col("nama_satker").alias("NMSATKER"),
        pl.col("kode_akun").alias("KDAKUN"),
        pl.col("nama_akun").alias("NMAKUN"),
        grouped("pagu").alias("PAGU"),
        pl.when(pl.col("blokir") == 0).then(pl.lit("-")).otherwise(grouped("blokir")).alias("BLOKIR"),
    )
    _write_bytes(path, b"\xef\xbb\xbf" + _csv_text(out, ";").encode("utf-8"))


def _summary_amount(col: str) -> pl.Expr:
    """Indonesian amount with the usual mix: ``-`` for zero, every 7th row as ``Rp 1.234,-``."""
    text = grouped(col)
    return (
        pl.when(pl.col(col) == 0).then(pl.lit("-"))
        .when(pl.col(col) < 0).then(pl.concat_str(pl.lit("("), text, pl.lit(")")))
        .when(_row_index() % 7 == 3).then(pl.concat_str(pl.lit("Rp "), text, pl.lit(",-")))
        .otherwise(text)
    )


def write_summary_semicolon_csv(summary: pl.DataFrame, path: Path, period: Period) -> None:
    """Summary realisation, ``;``, UTF-8 with BOM, ``Tahun``/``Bulan`` columns, Indonesian amounts."""
    out = summary.select(
        pl.lit(str(period.year)).alias("Tahun"),
        pl.lit(MONTH_NAMES_ID[period.month - 1]).alias("Bulan"),
        pl.col("kode_satker").alias("Kode Satker"),
        pl.col("nama_satker").alias("Nama Satker"),
        pl.col("kode_akun").alias("Kode Akun"),
        _summary_amount("realisasi_bulan_ini").alias("Realisasi Bulan Ini"),
        _summary_amount("realisasi_sd_bulan_ini").alias("Realisasi s.d. Bulan Ini"),
    )
    _write_bytes(path, b"\xef\xbb\xbf" + _csv_text(out, ";").encode("utf-8"))


def write_summary_comma_csv(summary: pl.DataFrame, path: Path) -> None:
    """Summary realisation, ``,``, UTF-8 without BOM, snake_case header, plain integers."""
    out = summary.select(
        pl.col("kode_satker").alias("kdsatker"),
        pl.col("kode_akun").alias("kdakun"),
        "realisasi_bulan_ini",
        "realisasi_sd_bulan_ini",
    )
    _write_bytes(path, _csv_text(out, ",").encode("utf-8"))


def write_transactions_comma_csv(tx: pl.DataFrame, path: Path) -> None:
    """SP2D lines as SAKTI exports them: ``,``, UTF-8, ``dd/mm/yyyy``, plain (signed) integers."""
    out = tx.select(
        pl.col("tanggal_sp2d").dt.strftime("%d/%m/%Y").alias("TANGGAL SP2D"),
        pl.col("nomor_sp2d").alias("NOMOR SP2D"),
        pl.col("kode_satker").alias("KDSATKER"),
        pl.col("kode_akun").alias("KODE AKUN"),
        pl.col("nilai").alias("NILAI RUPIAH"),
    )
    _write_bytes(path, _csv_text(out, ",").encode("utf-8"))


def write_transactions_semicolon_csv(tx: pl.DataFrame, path: Path) -> None:
    """SP2D lines re-saved on an Indonesian Windows desktop: ``;``, Windows-1252, CRLF,
    ``dd-mm-yyyy``, ``12.345.678`` or ``12.345.678,00``, refunds as ``(1.234.567)``, and a free
    ``Keterangan`` column (the refund's note carries an en dash)."""
    text = grouped("nilai")
    out = tx.select(
        pl.col("tanggal_sp2d").dt.strftime("%d-%m-%Y").alias("Tanggal SP2D"),
        pl.col("nomor_sp2d").alias("No SP2D"),
        pl.col("kode_satker").alias("Kode Satker"),
        pl.col("kode_akun").alias("Akun"),
        pl.when(pl.col("nilai") < 0).then(pl.concat_str(pl.lit("("), text, pl.lit(")")))
        .when(_row_index() % 4 == 1).then(pl.concat_str(text, pl.lit(",00")))
        .otherwise(text).alias("Nilai"),
        pl.col("keterangan").alias("Keterangan"),
    )
    _write_bytes(path, _csv_text(out, ";", "\r\n").encode("cp1252"))


def _write_table_xlsx(
    path: Path,
    titles: list[str],
    header: list[str],
    text_cols: list[str],
    amount_cols: list[str],
    frame: pl.DataFrame,
    signed_on: datetime,
) -> None:
    """Title rows, a blank row, the header, the rows (codes as TEXT cells, amounts numeric),
    a ``JUMLAH`` row holding the exact sums as numbers, then a signature block two rows below."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"created": signed_on, "author": "SAKTI", "company": KANWIL_TITLE})
    ws = wb.add_worksheet("Sheet1")
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0"})
    money_bold = wb.add_format({"num_format": "#,##0", "bold": True})
    ws.set_column(0, 0, 12)
    ws.set_column(1, len(text_cols) - 1, 40)
    ws.set_column(len(text_cols), len(header) - 1, 20)
    for r, title in enumerate(titles):
        ws.write_string(r, 0, title, bold)
    r = len(titles) + 1
    ws.write_row(r, 0, header, bold)
    n_text = len(text_cols)
    for row in frame.select(text_cols + amount_cols).iter_rows():
        r += 1
        for c in range(n_text):
            ws.write_string(r, c, row[c])
        for c in range(n_text, len(row)):
            ws.write_number(r, c, row[c], money)
    r += 1
    ws.write_string(r, 0, "JUMLAH", bold)
    for k, col in enumerate(amount_cols):
        ws.write_number(r, n_text + k, int(frame[col].sum()), money_bold)
    sign_col = n_text
    ws.write_string(r + 2, sign_col, f"{SIGN_PLACE}, {signed_on.day} {MONTH_NAMES_ID[signed_on.month - 1]} {signed_on.year}")
    ws.write_string(r + 3, sign_col, SIGNER)
    wb.close()


def _signed_on(period: Period) -> datetime:
    last = period.last_day
    return datetime(last.year, last.month, last.day)


def write_pagu_xlsx(pagu: pl.DataFrame, path: Path, period: Period, revision: int) -> None:
    """DIPA revision as an XLSX report: ``DAFTAR PAGU DIPA REVISI KE-n``, ``Periode: ...``."""
    _write_table_xlsx(
        path,
        [f"DAFTAR PAGU DIPA REVISI KE-{revision}", f"Periode: {period.label_id}"],
        ["Kode Satker", "Nama Satker", "Kode Akun", "Uraian Akun", "Pagu", "Blokir"],
        ["kode_satker", "nama_satker", "kode_akun", "nama_akun"],
        ["pagu", "blokir"],
        pagu,
        _signed_on(period),
    )


def write_summary_xlsx(summary: pl.DataFrame, path: Path, period: Period, with_monthly: bool) -> None:
    """``LAPORAN REALISASI ANGGARAN`` XLSX. ``with_monthly=False``: the older upper-case template
    with the cumulative column only; ``True``: title-case header with both amount columns."""
    titles = ["LAPORAN REALISASI ANGGARAN", KANWIL_TITLE, f"Periode: {period.label_id}"]
    text_cols = ["kode_satker", "nama_satker", "kode_akun", "nama_akun"]
    if with_monthly:
        header = ["Kode Satker", "Nama Satker", "Kode Akun", "Uraian Akun",
                  "Realisasi Bulan Ini", "Realisasi s.d. Bulan Ini"]
        amounts = ["realisasi_bulan_ini", "realisasi_sd_bulan_ini"]
    else:
        header = ["KODE SATKER", "NAMA SATKER", "KODE AKUN", "URAIAN AKUN", "REALISASI S.D. BULAN INI"]
        amounts = ["realisasi_sd_bulan_ini"]
    _write_table_xlsx(path, titles, header, text_cols, amounts, summary, _signed_on(period))
