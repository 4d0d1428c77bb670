"""Budget absorption: realisasi per month, pagu in force, and the facts at satker x jenis belanja.

All money stays exact (polars Decimal); percentages are ratios of sums computed at the level
they are shown, never means of lower-level percentages (DOMAIN.md 1.1).

A national month has 1,5 M satker x akun lines: the rollups above the satker x jenis belanja
level are sums of that level's sums (exact, Decimal), so only one aggregation reads the akun
lines (a group-by on four text columns of 1,5 M rows per rollup took five times as long).
"""

from __future__ import annotations

import polars as pl

from kinerja.transforms.codes import JENIS_BELANJA

MONEY = pl.Decimal(18, 2)
KEY = ["kode_satker", "kode_akun"]

DERIVED_COLUMNS = [
    "kode_satker", "kode_akun", "realisasi_bulan", "realisasi_kumulatif",
    "realisasi_kumulatif_prev", "bulan_ini_given", "sd_bulan_ini_given",
    "has_negative_correction", "source_row",
]


def _zero() -> pl.Expr:
    return pl.lit(0).cast(MONEY)


def empty_cumulative() -> pl.DataFrame:
    """The cumulative position before January: nothing spent."""
    return pl.DataFrame(schema={"kode_satker": pl.String, "kode_akun": pl.String,
                                "realisasi_kumulatif": MONEY})


def derive_realisasi(current: pl.DataFrame, shape: str, previous: pl.DataFrame) -> pl.DataFrame:
    """One row per satker x akun for the period: monthly and cumulative realisasi.

    ``current`` is a canonical ``summary`` or ``transactions`` frame; ``previous`` holds the
    cumulative realisasi of the month before (``kode_satker, kode_akun, realisasi_kumulatif``;
    empty in January), and optionally ``previous_file``, the file that brought it, carried to
    every row for the gate's messages.

    - summary with a cumulative column: the file is a snapshot; a satker x akun missing from
      it has a cumulative of zero (a fall that the gate then reports);
    - summary with only the monthly column, or transactions: cumulative = previous + month,
      and a key without activity this month carries its cumulative forward.
    """
    # the earlier month's file, when the warehouse says which (gate messages name it)
    carried = ["previous_file"] if "previous_file" in previous.columns else []
    prev = previous.select(*KEY, pl.col("realisasi_kumulatif").alias("realisasi_kumulatif_prev"), *carried)
    if shape == "transactions":
        month = current.group_by(KEY).agg(
            pl.col("nilai").sum().cast(MONEY).alias("bulan_ini_given"),
            (pl.col("nilai") < 0).any().alias("has_negative_correction"),
            pl.col("source_row").min().alias("source_row"),
        ).with_columns(pl.lit(None, dtype=MONEY).alias("sd_bulan_ini_given"))
        snapshot = False
    elif shape == "summary":
        month = current.select(
            *KEY,
            pl.col("realisasi_bulan_ini").cast(MONEY).alias("bulan_ini_given"),
            pl.col("realisasi_sd_bulan_ini").cast(MONEY).alias("sd_bulan_ini_given"),
            (pl.col("realisasi_bulan_ini") < 0).fill_null(False).alias("has_negative_correction"),
            pl.col("source_row"),
        )
        snapshot = current.height > 0 and current["realisasi_sd_bulan_ini"].null_count() < current.height
    else:
        raise ValueError(f"not a realisasi shape: {shape!r}")

    # January (nothing before it): no line to match, so no join of 1,5 M lines against nothing
    joined = (month.join(prev, on=KEY, how="full", coalesce=True) if prev.height else
              month.with_columns(pl.lit(None, dtype=MONEY).alias("realisasi_kumulatif_prev"))).with_columns(
        pl.col("realisasi_kumulatif_prev").fill_null(_zero()),
        pl.col("has_negative_correction").fill_null(False),
    )
    if snapshot:
        cumulative = pl.col("sd_bulan_ini_given").fill_null(_zero())
        joined = joined.with_columns(cumulative.alias("realisasi_kumulatif"))
        joined = joined.with_columns(
            (pl.col("realisasi_kumulatif") - pl.col("realisasi_kumulatif_prev")).cast(MONEY)
            .alias("realisasi_bulan"))
    else:
        joined = joined.with_columns(pl.col("bulan_ini_given").fill_null(_zero()).alias("realisasi_bulan"))
        joined = joined.with_columns(
            (pl.col("realisasi_kumulatif_prev") + pl.col("realisasi_bulan")).cast(MONEY)
            .alias("realisasi_kumulatif"))
    if carried:  # one file per month: a line new this month gets it too
        joined = joined.with_columns(pl.col("previous_file").fill_null(pl.col("previous_file").drop_nulls().first()))
    return joined.select(*DERIVED_COLUMNS, *carried).sort(KEY)


def with_jenis_belanja(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``kode_jenis_belanja`` (akun[:2]) and its name ``jenis_belanja``."""
    return frame.with_columns(pl.col("kode_akun").str.slice(0, 2).alias("kode_jenis_belanja")).with_columns(
        pl.col("kode_jenis_belanja").replace_strict(JENIS_BELANJA, default=None).alias("jenis_belanja"))


def akun_facts(pagu: pl.DataFrame, realisasi: pl.DataFrame) -> pl.DataFrame:
    """Pagu in force and realisasi side by side at satker x akun; a key in either appears."""
    lines = pagu.select(*KEY, pl.col("pagu").cast(MONEY), pl.col("blokir").cast(MONEY)).join(
        realisasi.select(*KEY, "realisasi_bulan", "realisasi_kumulatif"), on=KEY, how="full", coalesce=True,
    ).with_columns(
        pl.col("pagu", "blokir", "realisasi_bulan", "realisasi_kumulatif").fill_null(_zero()),
    )
    return with_jenis_belanja(lines).with_columns(
        (pl.col("realisasi_kumulatif") > pl.col("pagu")).alias("is_over_pagu"))


_SUMS = ["pagu", "blokir", "realisasi_bulan", "realisasi_kumulatif"]


def _measures(frame: pl.DataFrame) -> pl.DataFrame:
    """Derived measures from summed money columns (ratio of sums at this level)."""
    pagu_f = pl.col("pagu").cast(pl.Float64)
    netto = pl.when(pl.col("pagu") > pl.col("blokir")).then(pl.col("pagu") - pl.col("blokir")).otherwise(_zero())
    return frame.with_columns(netto.cast(pl.Decimal(38, 2)).alias("pagu_netto")).with_columns(
        (pl.col("pagu") - pl.col("realisasi_kumulatif")).alias("sisa"),
        (pl.col("pagu_netto") - pl.col("realisasi_kumulatif")).alias("sisa_netto"),
        pl.when(pl.col("pagu") > 0)
        .then(pl.col("realisasi_kumulatif").cast(pl.Float64) / pagu_f * 100).alias("penyerapan_pct"),
        pl.when(pl.col("pagu_netto") > 0)
        .then(pl.col("realisasi_kumulatif").cast(pl.Float64) / pl.col("pagu_netto").cast(pl.Float64) * 100)
        .alias("penyerapan_netto_pct"),
    )


def rollup(lines: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Sum money over ``lines`` grouped ``by`` and derive the measures at that level. ``lines``
    are akun lines (``is_over_pagu``) or rows already summed below ``by`` (``n_akun_over_pagu``)."""
    over = "n_akun_over_pagu" if "n_akun_over_pagu" in lines.columns else "is_over_pagu"
    summed = lines.group_by(by).agg(
        *[pl.col(c).sum().cast(pl.Decimal(38, 2)) for c in _SUMS],
        pl.col(over).sum().cast(pl.Int64).alias("n_akun_over_pagu"),
        pl.col("kode_satker").n_unique().cast(pl.Int64).alias("n_satker"),
    )
    return _measures(summed).sort(by)


def with_share(frame: pl.DataFrame, parent: list[str], name: str = "pagu_share_pct") -> pl.DataFrame:
    """Share of each row's pagu in the pagu of its ``parent`` group (ratio of sums)."""
    total = pl.col("pagu").cast(pl.Float64).sum().over(parent)
    return frame.with_columns(
        pl.when(total > 0).then(pl.col("pagu").cast(pl.Float64) / total * 100).alias(name))


SATKER_ATTRS = ["kode_kanwil", "kode_satker", "nama_satker", "jenis_satker"]


def budget_tables(lines: pl.DataFrame, satker: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Every reporting rollup of one period's akun lines, keyed by reporting table name.

    ``lines`` comes from :func:`akun_facts`; ``satker`` is the master (kode_satker,
    nama_satker, jenis_satker, kode_kanwil). Shares of pagu are taken within the next level
    up: a jenis belanja within its satker (or region), a satker or unit type within its region.
    """
    jenis = ["kode_jenis_belanja", "jenis_belanja"]
    # one pass over the akun lines: satker x jenis belanja; every rollup sums these sums
    enriched = (lines.group_by("kode_satker", *jenis).agg(
        *[pl.col(c).sum().cast(pl.Decimal(38, 2)) for c in _SUMS],
        pl.col("is_over_pagu").sum().cast(pl.Int64).alias("n_akun_over_pagu"))
        .join(satker.select(SATKER_ATTRS), on="kode_satker", how="left"))
    kanwil = satker.select(pl.col("kode_satker").alias("kode_kanwil"), pl.col("nama_satker").alias("nama_kanwil"))

    def regional(frame: pl.DataFrame) -> pl.DataFrame:
        named = frame.join(kanwil, on="kode_kanwil", how="left")
        return named.select("kode_kanwil", "nama_kanwil", pl.exclude("kode_kanwil", "nama_kanwil"))

    satker_jenis = with_share(rollup(enriched, SATKER_ATTRS + jenis), ["kode_satker"]).drop("n_satker")
    per_satker = with_share(rollup(enriched, SATKER_ATTRS), ["kode_kanwil"]).drop("n_satker")
    per_type = regional(with_share(rollup(enriched, ["kode_kanwil", "jenis_satker"]), ["kode_kanwil"]))
    region_jenis = regional(with_share(rollup(enriched, ["kode_kanwil"] + jenis), ["kode_kanwil"]))
    region = regional(rollup(enriched, ["kode_kanwil"]))
    return {
        "out_budget_satker_jenis_belanja": satker_jenis,
        "out_budget_satker": per_satker,
        "out_budget_jenis_satker": per_type,
        "out_budget_region_jenis_belanja": region_jenis,
        "out_budget_region": region,
    }
