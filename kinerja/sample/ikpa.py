"""IKPA sample extracts (issue 10): the Halaman III plans and the official component table.

- ``reference/rpd.xlsx``: SYNTHETIC Halaman III DIPA as the SAKTI export gives it (title rows,
  a two-row header with merged cells, one block per satker, amounts in thousands of rupiah, a
  JUMLAH row per block), for all 14 satker, summing to the January DIPA per jenis belanja.
  Months 1..6 follow the sample's own realisation with a deterministic offset of -6..+8 %
  (the Kanwil and two UPT plan far off in February); months 7..12 share the rest equally.
- ``reference/rpd_2025-04.csv``: SYNTHETIC quarterly update (TW II) as plain CSV in rupiah, one
  row per month: January..March as planned before, April..June on the realisation with the
  same kind of offset, the rest spread to the revised DIPA (revisi 1, April).
- ``2025-06/ikpa.csv``: the Kanwil's official component table, one row per component. The final
  value 94,10 (category Baik) is the LKjIP Semester I 2025's own figure; the components are
  SYNTHETIC, chosen so that the weights of PER-5/PB/2024 give exactly 94,10.

Everything here is a pure function of the region's lines: no randomness of its own.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Protocol

import polars as pl
import xlsxwriter

from kinerja.sample.writers import KANWIL_TITLE

YEAR = 2025
JENIS_CODE = {"pegawai": "51", "barang": "52", "modal": "53"}
JENIS_TITLE = {"51": "BELANJA PEGAWAI", "52": "BELANJA BARANG", "53": "BELANJA MODAL"}
MONTHS_SAKTI = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOP", "DES"]
KNOWN_MONTHS = 6
# offset of the plan from the realisation, per month (in per mille), cycling over satker
OFFSET_PERMILLE = (-60, 0, 40, 80, -20, 20)
FAR_OFF = ("410001", "410127", "097215")      # plans February at 1,5 x the realisation
KANWIL_IKPA = (("Revisi DIPA", "100,00"), ("Deviasi Halaman III DIPA", "90,00"),
               ("Penyerapan Anggaran", "80,00"), ("Belanja Kontraktual", "100,00"),
               ("Penyelesaian Tagihan", "100,00"), ("Pengelolaan UP dan TUP", "100,00"),
               ("Capaian Output", "98,40"), ("Dispensasi SPM", "-"), ("Nilai Akhir", "94,10"))


class _Unit(Protocol):
    name: str
    kode: str


class _Line(Protocol):
    unit: _Unit
    kode_akun: str
    pagu_jan: int
    pagu_rev: int
    cum: list[int]

    @property
    def jenis(self) -> str: ...


def _plans(lines: list[_Line]) -> pl.DataFrame:
    """Per satker x jenis belanja: both DIPA versions and the monthly realisation 1..6."""
    rows = [{"kode_satker": ln.unit.kode, "nama_satker": ln.unit.name, "kode_jenis_belanja": JENIS_CODE[ln.jenis],
             "pagu_jan": ln.pagu_jan, "pagu_rev": ln.pagu_rev,
             **{f"r{m}": ln.cum[m - 1] - (ln.cum[m - 2] if m > 1 else 0) for m in range(1, KNOWN_MONTHS + 1)}}
            for ln in lines]
    order = {ln.unit.kode: i for i, ln in reversed(list(enumerate(lines)))}
    frame = pl.DataFrame(rows).group_by("kode_satker", "nama_satker", "kode_jenis_belanja").agg(
        pl.exclude("kode_satker", "nama_satker", "kode_jenis_belanja").sum())
    return frame.with_columns(pl.col("kode_satker").replace_strict(order, return_dtype=pl.Int64).alias("_order")
                              ).sort("_order", "kode_jenis_belanja")


def _spread(frame: pl.DataFrame, known: list[str], total: str, first: int) -> list[pl.Expr]:
    """Months ``first``..12 sharing ``total`` minus the ``known`` months equally (December
    takes the remainder), never below 0."""
    rest = pl.max_horizontal(pl.col(total) - pl.sum_horizontal(known), pl.lit(0))
    n = 12 - first + 1
    share = rest // n
    return [share.alias(f"m{m}") for m in range(first, 12)] + [(rest - share * (n - 1)).alias("m12")]


def january_plan(lines: list[_Line]) -> pl.DataFrame:
    """The January Halaman III per satker x jenis belanja with pagu, in thousands of rupiah."""
    plans = _plans(lines).filter(pl.col("pagu_jan") > 0)
    index = pl.col("_order")
    months = []
    for m in range(1, KNOWN_MONTHS + 1):
        offset = pl.lit(OFFSET_PERMILLE)
        permille = offset.list.get((index + m) % len(OFFSET_PERMILLE))
        far = pl.col("kode_satker").is_in(list(FAR_OFF)) & (m == 2)
        planned = pl.when(far).then(pl.col(f"r{m}") * 3 // 2).otherwise(pl.col(f"r{m}") * (1000 + permille) // 1000)
        months.append(pl.max_horizontal((planned + 500) // 1000, pl.lit(0)).alias(f"m{m}"))
    plans = plans.with_columns(((pl.col("pagu_jan") + 500) // 1000).alias("pagu_ribu")).with_columns(months)
    return plans.with_columns(_spread(plans, [f"m{m}" for m in range(1, KNOWN_MONTHS + 1)], "pagu_ribu",
                                      KNOWN_MONTHS + 1))


def april_plan(lines: list[_Line], january: pl.DataFrame) -> pl.DataFrame:
    """The TW II update in rupiah: January..March as planned, April..June on the realisation
    (offset -6..+8 %), the rest to the revised pagu."""
    plans = _plans(lines).filter(pl.col("pagu_rev") > 0).join(
        january.select("kode_satker", "kode_jenis_belanja", *(pl.col(f"m{m}") * 1000 for m in (1, 2, 3))),
        on=["kode_satker", "kode_jenis_belanja"], how="left").with_columns(
        pl.col("m1", "m2", "m3").fill_null(0), *(pl.max_horizontal(
            pl.col(f"r{m}") * (1000 + pl.lit(OFFSET_PERMILLE).list.get((pl.col("_order") + m + 3) % 6)) // 1000,
            pl.lit(0)).alias(f"m{m}") for m in (4, 5, 6)))
    return plans.with_columns(_spread(plans, [f"m{m}" for m in range(1, 7)], "pagu_rev", 7))


def write_rpd_xlsx(plan: pl.DataFrame, path: Path) -> None:
    """The SAKTI Halaman III export: one block per satker, amounts in thousands."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": datetime(YEAR, 1, 2), "author": "SAKTI", "company": KANWIL_TITLE})
    ws = wb.add_worksheet("Halaman III")
    bold = wb.add_format({"bold": True})
    center = wb.add_format({"bold": True, "align": "center"})
    money = wb.add_format({"num_format": "#,##0"})
    ws.set_column(0, 0, 28)
    ws.set_column(1, 13, 12)
    r = 0
    for (kode, nama), block in plan.group_by("kode_satker", "nama_satker", maintain_order=True):
        for title in ("HALAMAN III DIPA PETIKAN (SINTETIS)", f"SATKER : ({kode}) {str(nama).upper()}",
                      f"TAHUN ANGGARAN {YEAR}", "(dalam ribuan rupiah)"):
            ws.write_string(r, 0, title, bold)
            r += 1
        ws.merge_range(r, 0, r + 1, 0, "URAIAN", center)
        ws.merge_range(r, 1, r, 12, "RENCANA PENARIKAN DANA", center)
        ws.merge_range(r, 13, r + 1, 13, "JUMLAH", center)
        ws.write_row(r + 1, 1, MONTHS_SAKTI, center)
        r += 2
        months = [f"m{m}" for m in range(1, 13)]
        for row in block.select("kode_jenis_belanja", *months).iter_rows():
            ws.write_string(r, 0, f"{row[0]} {JENIS_TITLE[row[0]]}")
            for k, value in enumerate(row[1:]):
                ws.write_number(r, 1 + k, value, money)
            ws.write_number(r, 13, sum(row[1:]), money)
            r += 1
        ws.write_string(r, 0, "JUMLAH", bold)
        sums = block.select(pl.col(months).sum()).row(0)
        for k, value in enumerate(sums):
            ws.write_number(r, 1 + k, value, money)
        ws.write_number(r, 13, sum(sums), money)
        r += 2
    ws.write_string(r, 10, "Mataram, 2 Januari 2025")
    ws.write_string(r + 1, 10, "Kuasa Pengguna Anggaran")
    wb.close()


def write_rpd_csv(plan: pl.DataFrame, path: Path) -> None:
    """Long CSV in rupiah: ``kode_satker,jenis_belanja,bulan,rencana``."""
    long = plan.unpivot([f"m{m}" for m in range(1, 13)], index=["kode_satker", "kode_jenis_belanja"],
                        variable_name="bulan", value_name="rencana").with_columns(
        pl.col("bulan").str.strip_prefix("m").cast(pl.Int64)).sort("kode_satker", "kode_jenis_belanja", "bulan")
    out = long.select("kode_satker", pl.col("kode_jenis_belanja").alias("jenis_belanja"), "bulan", "rencana")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.write_csv(line_terminator="\n").encode("utf-8"))


def write_ikpa_csv(path: Path) -> None:
    """The Kanwil's component table, one row per component, ``;`` and ``,`` decimals."""
    text = "Kode Satker;Komponen;Nilai;Keterangan\n" + "".join(
        f"410001;{name};{value};{'LKjIP Semester I 2025' if name == 'Nilai Akhir' else 'SINTETIS'}\n"
        for name, value in KANWIL_IKPA)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def generate_ikpa(out: Path, lines: list[_Line]) -> list[str]:
    """Write the IKPA sample files under ``out``; return their paths relative to it."""
    january = january_plan(lines)
    files = {
        "reference/rpd.xlsx": lambda p: write_rpd_xlsx(january, p),
        "reference/rpd_2025-04.csv": lambda p: write_rpd_csv(april_plan(lines, january), p),
        "2025-06/ikpa.csv": write_ikpa_csv,
    }
    for rel, write in files.items():
        write(out / rel)
    return list(files)
