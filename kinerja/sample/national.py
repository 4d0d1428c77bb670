"""A second sample region and the national sample landing built from both (issue 14).

``generate_second_region(out)`` writes Kanwil Ditjenpas Nusa Tenggara Timur and four UPT,
January-June 2025, ALL SYNTHETIC (codes, names of units as they exist, every amount), in
shapes of its own: the satker master ``;``-separated with other header names, the January DIPA
as an XLSX "REVISI KE-0" report, realisasi as SP2D lines re-saved on a Windows desktop
(Windows-1252, ``;``) in odd months and as a plain summary CSV in even months, RB action
plans at B-03 and B-06. It has no performance agreement of its own: the national one applies.

``generate_national(out)`` writes the national landing:

    <out>/reference/pk.csv     the national performance agreement (regions without their own use it)
    <out>/410001/...           the NTB sample region, byte for byte as data/sample/landing
    <out>/420001/...           the NTT region above

Amounts are integers from fixed tables and integer arithmetic: every run writes the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from kinerja.packaged import seed_facts_dir
from kinerja.periods import Period
from kinerja.sample import writers
from kinerja.sample.catalog import AKUN_NAMES
from kinerja.sample.indicators import pk_frame
from kinerja.sample.region import SATKER_CODES, generate_region

YEAR = 2025
MONTHS = 6
KODE_KANWIL = "420001"
# kode_satker, nama_satker, jenis_satker, kabupaten, pulau (SYNTHETIC codes; one keeps a leading zero)
UNITS = (
    (KODE_KANWIL, "Kantor Wilayah Ditjen Pemasyarakatan Nusa Tenggara Timur", "KANWIL", "Kota Kupang", "Timor"),
    ("420105", "Lapas Kelas IIA Kupang", "LAPAS", "Kota Kupang", "Timor"),
    ("042118", "Rutan Kelas IIB Atambua", "RUTAN", "Kabupaten Belu", "Timor"),
    ("420122", "Bapas Kelas II Kupang", "BAPAS", "Kota Kupang", "Timor"),
    ("420136", "LPKA Kelas I Kupang", "LPKA", "Kabupaten Kupang", "Timor"),
)
# Pagu per akun in thousands of rupiah by unit type (SYNTHETIC).
PAGU_RIBU = {
    "KANWIL": {"511111": 4_200_000, "511129": 960_000, "521111": 610_000, "522111": 240_000, "524111": 880_000,
               "532111": 350_000},
    "LAPAS": {"511111": 5_100_000, "511129": 1_150_000, "521112": 6_300_000, "522111": 410_000,
              "524111": 150_000, "533111": 1_800_000},
    "RUTAN": {"511111": 2_300_000, "511129": 520_000, "521112": 2_450_000, "522111": 190_000, "524111": 90_000},
    "BAPAS": {"511111": 1_400_000, "511129": 310_000, "521111": 160_000, "524111": 260_000},
    "LPKA": {"511111": 1_700_000, "511129": 380_000, "521112": 900_000, "522111": 130_000, "532111": 240_000},
}
# Share of pagu realised by December, in permille, by jenis belanja (modal is paid from April).
YEAR_PERMILLE = {"51": 960, "52": 900, "53": 700}
MODAL_FROM = 4
# Blokir: 10% of perjalanan dinas (524111) in every unit (SYNTHETIC).
BLOKIR_AKUN, BLOKIR_PERMILLE = "524111", 100
# RB action-plan items due and done per unit at B-03 and B-06 (SYNTHETIC).
NATIONAL_PK_NOTE = "SINTETIS: Perjanjian Kinerja tingkat Direktorat Jenderal, berlaku bagi Kanwil tanpa PK sendiri"
RB = {"B03": {"KANWIL": (12, 11), "LAPAS": (8, 7), "RUTAN": (8, 6), "BAPAS": (6, 6), "LPKA": (6, 5)},
      "B06": {"KANWIL": (24, 21), "LAPAS": (16, 13), "RUTAN": (16, 12), "BAPAS": (12, 11), "LPKA": (12, 9)}}


def satker_frame() -> pl.DataFrame:
    return pl.DataFrame(UNITS, schema=["kode_satker", "nama_satker", "jenis_satker", "kabupaten", "pulau"],
                        orient="row").with_columns(pl.lit(KODE_KANWIL).alias("kode_kanwil"))


def line_frame() -> pl.DataFrame:
    """satker x akun: pagu, blokir and the cumulative realisasi at the end of each month."""
    rows = [(kode, nama, akun, ribu * 1000) for kode, nama, jenis, _, _ in UNITS
            for akun, ribu in PAGU_RIBU[jenis].items()]
    frame = pl.DataFrame(rows, schema=["kode_satker", "nama_satker", "kode_akun", "pagu"], orient="row")
    year = pl.col("kode_akun").str.slice(0, 2).replace_strict(YEAR_PERMILLE, return_dtype=pl.Int64)
    modal = pl.col("kode_akun").str.starts_with("53")

    def cum(month: int) -> pl.Expr:
        months = pl.when(modal).then(max(0, month - MODAL_FROM + 1) * 12 // (12 - MODAL_FROM + 1)).otherwise(month)
        return pl.col("pagu") * year * months // 12_000

    return frame.with_columns(
        pl.Series("nama_akun", [AKUN_NAMES[a] for a in frame["kode_akun"]]),
        pl.when(pl.col("kode_akun") == BLOKIR_AKUN).then(pl.col("pagu") * BLOKIR_PERMILLE // 1000)
        .otherwise(0).alias("blokir"),
        *[cum(m).alias(f"cum_{m}") for m in range(0, MONTHS + 1)],
    )


def summary_frame(lines: pl.DataFrame, month: int) -> pl.DataFrame:
    return lines.select("kode_satker", "nama_satker", "kode_akun", "nama_akun",
                        (pl.col(f"cum_{month}") - pl.col(f"cum_{month - 1}")).alias("realisasi_bulan_ini"),
                        pl.col(f"cum_{month}").alias("realisasi_sd_bulan_ini"))


def transactions_frame(lines: pl.DataFrame, month: int) -> pl.DataFrame:
    """The month's realisasi as SP2D lines: two payments per akun (on the 10th and the 24th,
    60/40), and a refund of 1.250.000 on the Kanwil's perjalanan dinas in March."""
    amount = pl.col(f"cum_{month}") - pl.col(f"cum_{month - 1}")
    first = lines.select("kode_satker", "kode_akun", pl.lit(10).alias("day"), (amount * 3 // 5).alias("nilai"))
    second = lines.select("kode_satker", "kode_akun", pl.lit(24).alias("day"), (amount - amount * 3 // 5).alias("nilai"))
    parts = [first, second]
    if month == 3:
        refund = 1_250_000
        parts[1] = parts[1].with_columns(
            pl.when((pl.col("kode_satker") == KODE_KANWIL) & (pl.col("kode_akun") == BLOKIR_AKUN))
            .then(pl.col("nilai") + refund).otherwise(pl.col("nilai")).alias("nilai"))
        parts.append(pl.DataFrame({"kode_satker": [KODE_KANWIL], "kode_akun": [BLOKIR_AKUN], "day": [28],
                                   "nilai": [-refund]}, schema_overrides={"day": pl.Int32, "nilai": pl.Int64}))
    tx = pl.concat([p.with_columns(pl.col("day").cast(pl.Int32), pl.col("nilai").cast(pl.Int64)) for p in parts])
    return (
        tx.filter(pl.col("nilai") != 0)
        .with_columns(pl.date(YEAR, month, pl.col("day")).alias("tanggal_sp2d"))
        .sort("tanggal_sp2d", "kode_satker", "kode_akun", "nilai")
        .with_columns(
            pl.concat_str(pl.lit(f"25{month:02d}4200"), (pl.int_range(pl.len()) + 1).cast(pl.String).str.zfill(7))
            .alias("nomor_sp2d"),
            pl.when(pl.col("nilai") < 0).then(pl.lit("Pengembalian sisa UP perjalanan dinas \u2013 koreksi"))
            .otherwise(None).alias("keterangan"))
        .select("tanggal_sp2d", "nomor_sp2d", "kode_satker", "kode_akun", "nilai", "keterangan")
    )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_satker(path: Path) -> None:
    """The master as this Kanwil keeps it: ``;``, UTF-8 with BOM, its own header names."""
    out = satker_frame().select(
        pl.col("kode_satker").alias("Kode Satker"), pl.col("nama_satker").alias("Nama Satker"),
        pl.col("jenis_satker").alias("Jenis"), pl.col("kode_kanwil").alias("Kode Kanwil"),
        pl.col("kabupaten").alias("Kabupaten/Kota"), pl.col("pulau").alias("Pulau"))
    _write(path, b"\xef\xbb\xbf" + out.write_csv(separator=";").encode("utf-8"))


def write_rb(path: Path, checkpoint: str) -> None:
    """RB monitoring: ``;``, a ``B-03``/``B-06`` checkpoint column, the stated percentage (not loaded)."""
    due = RB[checkpoint]
    frame = pl.DataFrame({
        "Kode Satker": [u[0] for u in UNITS], "Nama Satker": [u[1] for u in UNITS],
        "Checkpoint": [f"B-{checkpoint[1:]}"] * len(UNITS),
        "Target": [due[u[2]][0] for u in UNITS], "Terlaksana": [due[u[2]][1] for u in UNITS],
    })
    _write(path, frame.write_csv(separator=";").encode("utf-8"))


def generate_second_region(out: Path) -> list[Path]:
    """Write the NTT region (reference + 2025-01..2025-06) under ``out``; return the files."""
    lines = line_frame()
    files: dict[str, object] = {
        "reference/satker.csv": write_satker,
        "2025-01/pagu.xlsx": lambda p: writers.write_pagu_xlsx(lines, p, Period(YEAR, 1), 0),
        "2025-03/rb.csv": lambda p: write_rb(p, "B03"),
        "2025-06/rb.csv": lambda p: write_rb(p, "B06"),
    }
    for month in range(1, MONTHS + 1):
        if month % 2:
            files[f"{YEAR}-{month:02d}/realisasi_sp2d.csv"] = (
                lambda p, m=month: writers.write_transactions_semicolon_csv(transactions_frame(lines, m), p))
        else:
            files[f"{YEAR}-{month:02d}/realisasi.csv"] = (
                lambda p, m=month: writers.write_summary_comma_csv(summary_frame(lines, m), p))
    for rel, write in files.items():
        write(out / rel)
    return [out / rel for rel in files]


def write_national_pk(path: Path) -> None:
    """The performance agreement every region without its own uses: the sample's indicators,
    remarked as the directorate-general's (so its bytes differ from the NTB region's own)."""
    pk = pk_frame(seed_facts_dir()).with_columns(pl.lit(NATIONAL_PK_NOTE).alias("Keterangan"))
    _write(path, b"\xef\xbb\xbf" + pk.write_csv(separator=";").encode("utf-8"))


def generate_national(out: Path) -> list[Path]:
    """Write the national sample landing (NTB, NTT, a national reference/) under ``out``."""
    write_national_pk(out / "reference" / "pk.csv")
    return [out / "reference" / "pk.csv", *generate_region(out / SATKER_CODES[0]),
            *generate_second_region(out / KODE_KANWIL)]
