"""Unit attributes shared by the indicator tables: satker names, unit type, region, lineage;
and which units a period expects.

The satker master is the canonical ``satker`` frame (kode_satker, nama_satker, jenis_satker,
kode_kanwil, optionally ``aktif_dari`` / ``aktif_sampai`` (Date, null) and ``load_id``). A
region is the set of units whose ``kode_kanwil`` is the Kanwil's code; the Kanwil belongs to
its own region.
"""

from __future__ import annotations

import polars as pl

from kinerja.periods import Period

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


def active_in(period: str | Period) -> pl.Expr:
    """True for a satker master row whose unit is active at some time in ``period``:
    ``aktif_dari`` on or before the period's last day (null: since always) and ``aktif_sampai``
    on or after its first day (null: still active). Needs both columns (see :func:`active_units`)."""
    p = period if isinstance(period, Period) else Period.parse(str(period))
    since, until = pl.col("aktif_dari").cast(pl.Date), pl.col("aktif_sampai").cast(pl.Date)
    return (since.is_null() | (since <= p.last_day)) & (until.is_null() | (until >= p.first_day))


def active_units(satker: pl.DataFrame, period: str | Period) -> pl.DataFrame:
    """The rows of the satker master whose units ``period`` expects (:func:`active_in`): a unit
    that closes on 31 March is expected in March and not in April; one that opens on 15 July
    is expected from July. A master without ``aktif_dari`` / ``aktif_sampai`` columns (both
    optional) expects every unit it lists."""
    missing = [pl.lit(None, dtype=pl.Date).alias(c) for c in ("aktif_dari", "aktif_sampai")
               if c not in satker.columns]
    return satker.filter(satker.with_columns(missing).select(active_in(period)).to_series())
