"""Reformasi Birokrasi action plans (RAT RB): pooled ratio per unit and region, per checkpoint.

DOMAIN.md section 5 and "Decisions kinerja takes": targets are cumulative (B06 includes the
B03 items), so the figure for a period is the pooled ratio sum(terlaksana) / sum(target) at
the latest checkpoint on or before it, per unit and for the region; summing checkpoints
would count B03's actions twice. Percentages are ratios of sums, never means.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.transforms.units import kanwil_names, lineage, satker_lineage, with_unit

# Quarterly checkpoints: B + 2-digit month (Tabel 1.13: B03 = Triwulan I ... B12 = Triwulan IV).
CHECKPOINTS: Final[tuple[str, ...]] = ("B03", "B06", "B09", "B12")

RB_COLUMNS = ["checkpoint", "kode_satker", "target", "terlaksana"]

SATKER_COLUMNS = ["kode_kanwil", "kode_satker", "nama_satker", "jenis_satker", "checkpoint",
                  "is_latest", "target", "terlaksana", "capaian_pct", "rb_load_id",
                  "satker_load_id"]
REGION_COLUMNS = ["kode_kanwil", "nama_kanwil", "checkpoint", "is_latest", "n_satker", "target",
                  "terlaksana", "capaian_pct", "rb_load_id", "satker_load_id"]


def checkpoint_of(period: str) -> str:
    """``2025-06`` -> ``B06``: the checkpoint a delivery in that month's folder stands for."""
    return f"B{int(str(period)[5:7]):02d}"


def with_checkpoint(rb: pl.DataFrame, period: str) -> pl.DataFrame:
    """The canonical rb frame with ``checkpoint`` filled from the folder's month where the
    file names none (no column, no title)."""
    return rb.with_columns(pl.col("checkpoint").fill_null(pl.lit(checkpoint_of(period))))


def _capaian(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col("target") > 0)
        .then(pl.col("terlaksana").cast(pl.Float64) / pl.col("target").cast(pl.Float64) * 100)
        .alias("capaian_pct"))


def rb_tables(rb: pl.DataFrame, satker: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """``out_rb_satker`` and ``out_rb_region`` for one period.

    ``rb``: every checkpoint delivered on or before the period in its year (columns
    checkpoint, kode_satker, target, terlaksana; optionally load_id). ``satker``: the master.
    ``is_latest`` marks the latest checkpoint: the row that is the period's figure.
    """
    rows = rb.select(*RB_COLUMNS, lineage(rb, "rb_load_id")).with_columns(
        pl.col("target", "terlaksana").cast(pl.Int64))
    latest = rows["checkpoint"].max()
    rows = rows.with_columns((pl.col("checkpoint") == pl.lit(latest)).alias("is_latest"))
    per_satker = _capaian(with_unit(rows, satker)).with_columns(satker_lineage(satker))
    region = (with_unit(rows, satker)
              .group_by("kode_kanwil", "checkpoint", "is_latest")
              .agg(pl.col("kode_satker").n_unique().cast(pl.Int64).alias("n_satker"),
                   pl.col("target").sum().cast(pl.Int64),
                   pl.col("terlaksana").sum().cast(pl.Int64),
                   pl.col("rb_load_id").drop_nulls().first())
              .join(kanwil_names(satker), on="kode_kanwil", how="left"))
    region = _capaian(region).with_columns(satker_lineage(satker))
    return {
        "out_rb_satker": per_satker.select(SATKER_COLUMNS).sort("kode_satker", "checkpoint"),
        "out_rb_region": region.select(REGION_COLUMNS).sort("kode_kanwil", "checkpoint"),
    }
