"""Synthetic benchmark landing: N satker x M months from January 2025, all SYNTHETIC.

Built with polars expressions only (no per-row Python), so 25,000 satker x 10 akun take
seconds. Pseudo-random values come from a multiplicative hash of the row index, so the output
is deterministic and independent of library random generators. Shapes per month: pagu CSV in
month 1; realisasi alternates the ``;`` Indonesian summary CSV (odd months) and the
Windows-1252 SP2D transactions CSV (even months); month 3 is the XLSX summary when N <= 5000.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from kinerja.periods import Period
from kinerja.sample import writers
from kinerja.sample.catalog import AKUN_NAMES

YEAR = 2025
UNITS_PER_KANWIL = 100
XLSX_MAX_SATKER = 5000
# code = (i * CODE_STEP + CODE_OFFSET) mod 10^6: CODE_STEP is coprime with 10^6, so codes are
# unique for up to a million satker, and some start with 0.
CODE_STEP, CODE_OFFSET = 7919, 104_729
UNIT_TYPES = ("LAPAS", "RUTAN", "BAPAS", "LPKA", "RUPBASAN")
# Ten akun per satker with the pagu range of each, in thousands of rupiah.
AKUN_RANGES = {"511111": (900_000, 4_000_000), "511121": (40_000, 200_000), "511129": (150_000, 600_000),
               "512211": (10_000, 80_000), "521111": (100_000, 600_000), "521211": (50_000, 400_000),
               "522111": (80_000, 500_000), "523121": (50_000, 300_000), "524111": (30_000, 200_000),
               "532111": (0, 500_000)}
# Odd multipliers of a Weyl/Knuth hash, one per independent pseudo-random stream.
_MULTIPLIERS = (2654435761, 2246822519, 3266489917, 668265263, 374761393)


def _uniform(index: pl.Expr, stream: int) -> pl.Expr:
    """Deterministic pseudo-random value in [0, 1) from an integer index."""
    return ((index * _MULTIPLIERS[stream] + 12345 * (stream + 1)) % 2**32) / 2**32


def _code(index: pl.Expr) -> pl.Expr:
    return ((index * CODE_STEP + CODE_OFFSET) % 1_000_000).cast(pl.String).str.zfill(6)


def satker_frame(n: int) -> pl.DataFrame:
    """N satker; the first of every block of UNITS_PER_KANWIL is that block's Kanwil."""
    i = pl.col("i")
    unit_type = (i % len(UNIT_TYPES)).replace_strict(dict(enumerate(UNIT_TYPES)), return_dtype=pl.String)
    jenis = pl.when(i % UNITS_PER_KANWIL == 0).then(pl.lit("KANWIL")).otherwise(unit_type)
    block = (i // UNITS_PER_KANWIL).cast(pl.String).str.zfill(3)
    return pl.select(pl.int_range(n, dtype=pl.Int64).alias("i")).select(
        _code(i).alias("kode_satker"),
        pl.concat_str(jenis, pl.lit(" Sintetis "), i.cast(pl.String).str.zfill(6)).alias("nama_satker"),
        jenis.alias("jenis_satker"),
        _code(i - i % UNITS_PER_KANWIL).alias("kode_kanwil"),
        pl.concat_str(pl.lit("Kabupaten Sintetis "), block).alias("kabupaten"),
        pl.concat_str(pl.lit("Pulau Sintetis "), block).alias("pulau"),
    )


def line_frame(satker: pl.DataFrame) -> pl.DataFrame:
    """satker x akun with pagu, blokir (barang/modal only, <= 15%) and a June-to-December
    absorption rate (30-85% of pagu by December) as an integer permille."""
    akun = pl.DataFrame({"kode_akun": list(AKUN_RANGES),
                         "nama_akun": [AKUN_NAMES[a] for a in AKUN_RANGES],
                         "lo": [lo for lo, _ in AKUN_RANGES.values()],
                         "hi": [hi for _, hi in AKUN_RANGES.values()]})
    r = pl.col("r")
    pagu = ((pl.col("lo") + _uniform(r, 0) * (pl.col("hi") - pl.col("lo"))).floor().cast(pl.Int64) * 1000)
    blokir_pct = pl.when(~pl.col("kode_akun").str.starts_with("51") & (_uniform(r, 1) < 0.2)) \
        .then((_uniform(r, 2) * 15).floor().cast(pl.Int64)).otherwise(0)
    return (
        satker.select("kode_satker", "nama_satker").join(akun, how="cross")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("r"))
        .with_columns(pagu.alias("pagu"))
        .with_columns((pl.col("pagu") * blokir_pct // 100_000 * 1000).alias("blokir"),
                      (300 + (_uniform(r, 3) * 550).floor().cast(pl.Int64)).alias("permille"))
    )


def summary_frame(lines: pl.DataFrame, month: int) -> pl.DataFrame:
    """Cumulative realisation = pagu x permille x month / 12, and its monthly difference."""
    def cum(m: int) -> pl.Expr:
        return pl.col("pagu") * pl.col("permille") * m // 12_000
    return lines.select("kode_satker", "nama_satker", "kode_akun", "nama_akun", "r",
                        (cum(month) - cum(month - 1)).alias("realisasi_bulan_ini"),
                        cum(month).alias("realisasi_sd_bulan_ini"))


def transactions_frame(summary: pl.DataFrame, month: int) -> pl.DataFrame:
    """Two SP2D lines per satker x akun (60/40 split), dated in the two halves of the month."""
    amount, r = pl.col("realisasi_bulan_ini"), pl.col("r")
    first = summary.select("kode_satker", "kode_akun", (1 + r % 14).alias("day"), (amount * 3 // 5).alias("nilai"))
    second = summary.select("kode_satker", "kode_akun", (15 + r % 14).alias("day"),
                            (amount - amount * 3 // 5).alias("nilai"))
    return (
        pl.concat([first, second]).filter(pl.col("nilai") > 0)
        .with_columns(pl.date(YEAR, month, pl.col("day")).alias("tanggal_sp2d"))
        .sort("tanggal_sp2d", "kode_satker", "kode_akun")
        .with_columns(
            pl.concat_str(pl.lit(f"25{month:02d}1130"),
                          (pl.int_range(pl.len()) + 1).cast(pl.String).str.zfill(7)).alias("nomor_sp2d"),
            pl.lit(None, dtype=pl.String).alias("keterangan"))
        .select("tanggal_sp2d", "nomor_sp2d", "kode_satker", "kode_akun", "nilai", "keterangan")
    )


def generate_scale(n: int, months: int, out: Path) -> list[Path]:
    """Write an N-satker, M-month synthetic landing under ``out``; return the files."""
    satker = satker_frame(n)
    lines = line_frame(satker)
    files = [out / "reference" / "satker.csv", out / "2025-01" / "pagu.csv"]
    writers.write_satker_csv(satker, files[0])
    writers.write_pagu_csv(lines, files[1])
    for month in range(1, months + 1):
        period = Period(YEAR, month)
        folder = out / str(period)
        summary = summary_frame(lines, month)
        if month == 3 and n <= XLSX_MAX_SATKER:
            files.append(folder / "realisasi.xlsx")
            writers.write_summary_xlsx(summary, files[-1], period, with_monthly=True)
        elif month % 2:
            files.append(folder / "realisasi.csv")
            writers.write_summary_semicolon_csv(summary, files[-1], period)
        else:
            files.append(folder / "realisasi_sp2d.csv")
            writers.write_transactions_semicolon_csv(transactions_frame(summary, month), files[-1])
    return files
