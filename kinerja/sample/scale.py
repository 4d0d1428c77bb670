"""Synthetic benchmark landings, all SYNTHETIC.

Built with polars expressions only (no per-row Python), so 25,000 satker x 60 akun take
seconds. Pseudo-random values come from a multiplicative hash of the row index, so the output
is deterministic and independent of library random generators.

- :func:`generate_scale`: N satker x M months from January 2025. Shapes per month: pagu CSV in
  month 1; realisasi alternates the ``;`` Indonesian summary CSV (odd months) and the
  Windows-1252 SP2D transactions CSV (even months); month 3 is the XLSX summary when N <= 5000.
- :func:`generate_national_month`: the national month (``benchmarks/national.py``): N satker x A akun
  lines in both the January DIPA and the January realisasi (``;`` CSV, Indonesian notation that
  every competitor's typed reader accepts), and February's SP2D lines for part of the lines.
- :func:`generate_history`: M months from January 2025 over as many fiscal years as they span
  (a DIPA every January, realisasi alternating summary and SP2D), for re-run and publish timings.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from kinerja.periods import MONTH_NAMES_ID, Period
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
# Akun beyond the ten above (national month, 60 akun per satker): synthetic codes per jenis
# belanja prefix, cycling 52, 51, 53, with the pagu range of each prefix in thousands of rupiah.
EXTRA_AKUN = (("52", 9000, (20_000, 300_000)), ("51", 9000, (50_000, 900_000)), ("53", 9000, (0, 400_000)))
MAX_AKUN = len(AKUN_RANGES) + 3 * 1000
# Share of the national month's lines that have SP2D lines in February (two each).
SP2D_SHARE = 5            # every 5th line
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


def akun_frame(n_akun: int = len(AKUN_RANGES)) -> pl.DataFrame:
    """``n_akun`` akun with names and pagu ranges: the ten of AKUN_RANGES first, then synthetic
    codes (``529000``, ``519000``, ``539000``, ``529001``, ...) named ``Akun Sintetis <code>``."""
    if not 1 <= n_akun <= MAX_AKUN:
        raise ValueError(f"akun per satker must be 1..{MAX_AKUN}; got {n_akun}")
    known = pl.DataFrame({"kode_akun": list(AKUN_RANGES),
                          "nama_akun": [AKUN_NAMES[a] for a in AKUN_RANGES],
                          "lo": [lo for lo, _ in AKUN_RANGES.values()],
                          "hi": [hi for _, hi in AKUN_RANGES.values()]})
    prefixes = pl.DataFrame({"pick": range(len(EXTRA_AKUN)), "prefix": [p for p, _, _ in EXTRA_AKUN],
                             "start": [s for _, s, _ in EXTRA_AKUN], "lo": [r[0] for _, _, r in EXTRA_AKUN],
                             "hi": [r[1] for _, _, r in EXTRA_AKUN]})
    k = pl.col("k")
    extra = (pl.select(pl.int_range(max(n_akun - known.height, 0), dtype=pl.Int64).alias("k"))
             .with_columns((k % len(EXTRA_AKUN)).alias("pick"))
             .join(prefixes, on="pick", how="left", maintain_order="left")
             .select(pl.concat_str("prefix", (pl.col("start") + k // len(EXTRA_AKUN)).cast(pl.String))
                     .alias("kode_akun"), "lo", "hi")
             .with_columns(pl.concat_str(pl.lit("Akun Sintetis "), "kode_akun").alias("nama_akun")))
    return pl.concat([known, extra.select(known.columns)], how="vertical_relaxed").head(n_akun)


def line_frame(satker: pl.DataFrame, akun: pl.DataFrame | None = None) -> pl.DataFrame:
    """satker x akun (default: the ten of AKUN_RANGES) with pagu, blokir (barang/modal only,
    <= 15%) and a June-to-December absorption rate (30-85% of pagu by December) as an integer
    permille."""
    akun = akun_frame() if akun is None else akun
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


def transactions_frame(summary: pl.DataFrame, month: int, year: int = YEAR) -> pl.DataFrame:
    """Two SP2D lines per satker x akun (60/40 split), dated in the two halves of the month."""
    amount, r = pl.col("realisasi_bulan_ini"), pl.col("r")
    first = summary.select("kode_satker", "kode_akun", (1 + r % 14).alias("day"), (amount * 3 // 5).alias("nilai"))
    second = summary.select("kode_satker", "kode_akun", (15 + r % 14).alias("day"),
                            (amount - amount * 3 // 5).alias("nilai"))
    return (
        pl.concat([first, second]).filter(pl.col("nilai") > 0)
        .with_columns(pl.date(year, month, pl.col("day")).alias("tanggal_sp2d"))
        .sort("tanggal_sp2d", "kode_satker", "kode_akun")
        .with_columns(
            pl.concat_str(pl.lit(f"{year % 100:02d}{month:02d}1130"),
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


def write_summary_national_csv(summary: pl.DataFrame, path: Path, period: Period) -> None:
    """The national realisasi export: ``;``, UTF-8 with BOM, ``Tahun``/``Bulan`` columns,
    amounts ``1.234.567`` (every 4th row ``1.234.567,00``), ``-`` for zero; no ``Rp`` prefixes
    or bracketed refunds, so that DuckDB's, polars' and pandas' typed readers take it as is."""
    def amount(col: str) -> pl.Expr:
        return (pl.when(pl.col(col) == 0).then(pl.lit("-"))
                .when(pl.int_range(pl.len()) % 4 == 1).then(pl.concat_str(writers.grouped(col), pl.lit(",00")))
                .otherwise(writers.grouped(col)))

    out = summary.select(
        pl.lit(str(period.year)).alias("Tahun"),
        pl.lit(MONTH_NAMES_ID[period.month - 1]).alias("Bulan"),
        pl.col("kode_satker").alias("Kode Satker"),
        pl.col("nama_satker").alias("Nama Satker"),
        pl.col("kode_akun").alias("Kode Akun"),
        amount("realisasi_bulan_ini").alias("Realisasi Bulan Ini"),
        amount("realisasi_sd_bulan_ini").alias("Realisasi s.d. Bulan Ini"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + out.write_csv(separator=";", quote_style="necessary").encode("utf-8"))


def generate_national_month(n: int, n_akun: int, out: Path) -> list[Path]:
    """The national month under ``out``: the satker master, the January DIPA and realisasi
    (n x n_akun lines each, ``;`` CSV) and February's SP2D lines for every SP2D_SHARE-th line
    (two each, Windows-1252 ``;`` CSV with refunds in brackets). Returns the files."""
    satker = satker_frame(n)
    lines = line_frame(satker, akun_frame(n_akun))
    files = [out / "reference" / "satker.csv", out / "2025-01" / "pagu.csv", out / "2025-01" / "realisasi.csv",
             out / "2025-02" / "realisasi_sp2d.csv"]
    writers.write_satker_csv(satker, files[0])
    writers.write_pagu_csv(lines, files[1])
    write_summary_national_csv(summary_frame(lines, 1), files[2], Period(YEAR, 1))
    february = summary_frame(lines.filter(pl.col("r") % SP2D_SHARE == 0), 2)
    writers.write_transactions_semicolon_csv(transactions_frame(february, 2), files[3])
    return files


def generate_history(n: int, n_akun: int, months: int, out: Path) -> list[Path]:
    """``months`` months from January 2025 (several fiscal years) under ``out``: the satker
    master; a DIPA every January; realisasi as the national summary CSV in odd months and SP2D
    lines in even months, cumulative within each fiscal year. Returns the files."""
    satker = satker_frame(n)
    lines = line_frame(satker, akun_frame(n_akun))
    files = [out / "reference" / "satker.csv"]
    writers.write_satker_csv(satker, files[0])
    for index in range(months):
        period = Period(YEAR + index // 12, index % 12 + 1)
        folder = out / str(period)
        if period.month == 1:
            files.append(folder / "pagu.csv")
            writers.write_pagu_csv(lines, files[-1])
        summary = summary_frame(lines, period.month)
        if period.month % 2:
            files.append(folder / "realisasi.csv")
            write_summary_national_csv(summary, files[-1], period)
        else:
            files.append(folder / "realisasi_sp2d.csv")
            writers.write_transactions_semicolon_csv(transactions_frame(summary, period.month, period.year), files[-1])
    return files
