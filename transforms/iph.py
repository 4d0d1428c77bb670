"""Law-enforcement index (Indeks Penegakan Hukum Pemasyarakatan, IPHP) per unit and region.

DOMAIN.md section 6: eight dimensions weighted 12,5% each, so the index is the plain mean of
the eight dimension values, on the scale the values come in (stored raw, never rescaled).
The region's value of a dimension is the mean over its units; the region index is the mean
of those eight (equal to the mean of the unit indices when every unit has all eight, which
the gate guarantees).
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.transforms.units import kanwil_names, lineage, satker_lineage, with_unit

N_DIMENSIONS: Final[int] = 8
# The scale of the dimension values is a fiscal-year rule (kinerja/rules.toml, rule ``iph``:
# ``Rules.iph_skala``); the gate (iph.scale) rejects values outside it. Values are never rescaled.

# Dimension names (seed report, "Dimensi ukuran penilaian"; data/seed_facts/iph_dimensions.csv).
DIMENSIONS: Final[dict[int, str]] = {
    1: "Indeks Pelayanan Tahanan di Wilayah",
    2: "Indeks Pengelolaan Basan Baran di Wilayah",
    3: "Indeks Keberhasilan Pembinaan Narapidana di Wilayah",
    4: "Indeks Pemenuhan Hak Narapidana di Wilayah",
    5: "Indeks Keberhasilan Program Pembimbingan Klien Pemasyarakatan di Wilayah",
    6: "Indeks Pembinaan Khusus Anak di Wilayah",
    7: "Indeks Derajat Kesehatan Anak, Tahanan, dan Narapidana di Wilayah",
    8: "Indeks Keamanan dan Ketertiban pada Satuan Kerja Pemasyarakatan di Wilayah",
}

DIM_COLUMNS: Final[list[str]] = [f"dimensi_{d}" for d in range(1, N_DIMENSIONS + 1)]
SATKER_COLUMNS = ["kode_kanwil", "kode_satker", "nama_satker", "jenis_satker", "n_dimensi",
                  *DIM_COLUMNS, "iph", "iph_load_id", "satker_load_id"]
REGION_COLUMNS = ["kode_kanwil", "nama_kanwil", "n_satker", *DIM_COLUMNS, "iph", "iph_load_id",
                  "satker_load_id"]


def _dimension_means() -> list[pl.Expr]:
    return [pl.col("nilai_dimensi").filter(pl.col("dimensi") == d).mean().alias(f"dimensi_{d}")
            for d in range(1, N_DIMENSIONS + 1)]


def iph_tables(iph: pl.DataFrame, satker: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """``out_iph_satker`` and ``out_iph_region``.

    ``iph``: kode_satker, dimensi (1..8), nilai_dimensi; optionally load_id.
    """
    rows = with_unit(iph.select("kode_satker", pl.col("dimensi").cast(pl.Int64),
                                pl.col("nilai_dimensi").cast(pl.Float64),
                                lineage(iph, "iph_load_id")), satker)
    per_satker = (rows.group_by("kode_kanwil", "kode_satker", "nama_satker", "jenis_satker")
                  .agg(pl.col("dimensi").n_unique().cast(pl.Int64).alias("n_dimensi"),
                       *_dimension_means(), pl.col("nilai_dimensi").mean().alias("iph"),
                       pl.col("iph_load_id").drop_nulls().first()))
    region = (rows.group_by("kode_kanwil")
              .agg(pl.col("kode_satker").n_unique().cast(pl.Int64).alias("n_satker"),
                   *_dimension_means(), pl.col("iph_load_id").drop_nulls().first())
              .with_columns(pl.when(pl.all_horizontal(pl.col(DIM_COLUMNS).is_not_null()))
                            .then(pl.sum_horizontal(DIM_COLUMNS) / N_DIMENSIONS).alias("iph"))
              .join(kanwil_names(satker), on="kode_kanwil", how="left"))
    return {
        "out_iph_satker": per_satker.with_columns(satker_lineage(satker))
        .select(SATKER_COLUMNS).sort("kode_satker"),
        "out_iph_region": region.with_columns(satker_lineage(satker))
        .select(REGION_COLUMNS).sort("kode_kanwil"),
    }
