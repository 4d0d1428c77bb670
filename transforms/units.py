"""Unit attributes shared by the indicator tables: satker names, unit type, region, lineage.

The satker master is the canonical ``satker`` frame (kode_satker, nama_satker, jenis_satker,
kode_kanwil, optionally ``load_id``). A region is the set of units whose ``kode_kanwil`` is
the Kanwil's code; the Kanwil belongs to its own region.
"""

from __future__ import annotations

import polars as pl

SATKER_ATTRS = ["kode_kanwil", "kode_satker", "nama_satker", "jenis_satker"]


def with_unit(frame: pl.DataFrame, satker: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (with kode_satker) plus kode_kanwil, nama_satker, jenis_satker."""
    attrs = satker.select(SATKER_ATTRS)
    return frame.join(attrs, on="kode_satker", how="left", maintain_order="left")


def kanwil_names(satker: pl.DataFrame) -> pl.DataFrame:
    """kode_kanwil -> nama_kanwil (the Kanwil satker's own name)."""
    return satker.select(pl.col("kode_satker").alias("kode_kanwil"),
                         pl.col("nama_satker").alias("nama_kanwil"))


def lineage(frame: pl.DataFrame, name: str) -> pl.Expr:
    """The load that brought ``frame`` as column ``name``: its ``load_id`` column when the
    caller passed one (the first per group when aggregated), else null."""
    if "load_id" in frame.columns:
        return pl.col("load_id").cast(pl.String).alias(name)
    return pl.lit(None, dtype=pl.String).alias(name)


def satker_lineage(satker: pl.DataFrame) -> pl.Expr:
    """``satker_load_id``: the master's load (a literal; null when unknown)."""
    value = satker["load_id"][0] if "load_id" in satker.columns and satker.height else None
    return pl.lit(value, dtype=pl.String).alias("satker_load_id")
