"""Suite for the ``iph`` shape: law-enforcement index dimension scores per unit.

Exactly the eight dimensions 1..8 per unit (iph.dimension_count: a row fails when its
dimension is not 1..8 or its unit does not have all eight); a unit x dimension once
(key.unique); scores within the indicator's scale (iph.scale, ``Rules.iph_skala``, a
fiscal-year rule; values are stored raw); kode_satker in the master (satker.unknown).
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.rules import Rules
from kinerja.transforms.iph import N_DIMENSIONS

from .core import Check
from .extract import FLOAT64, INT64, STRING, ShapeSuite, plain, satker_known, unique_key
from kinerja.expectations.gx import gxe

COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "kode_satker": (STRING, True),
    "dimensi": (INT64, True),
    "nilai_dimensi": (FLOAT64, True),
}


def build(data: pl.DataFrame, period: str, usable: frozenset[str],
          rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    checks: list[Check] = []
    frame = data
    if "kode_satker" in usable:
        checks.append(satker_known("kode_satker"))
        if "dimensi" in usable:
            checks.append(unique_key(["kode_satker", "dimensi"]))
            valid = pl.col("dimensi").is_between(1, N_DIMENSIONS)
            frame = frame.with_columns(
                unit_dimensions=pl.col("dimensi").filter(valid).n_unique().over("kode_satker"))
            frame = frame.with_columns(
                dimension_ok=valid.fill_null(True) & (pl.col("unit_dimensions") == N_DIMENSIONS))
            checks.append(Check(
                "iph.dimension_count",
                gxe.ExpectColumnValuesToBeInSet(column="dimension_ok", value_set=[True]),
                lambda r: (f"kode_satker {r['kode_satker']}: dimensi {r['dimensi']}; setiap satker "
                           f"harus memuat tepat dimensi 1..{N_DIMENSIONS} (baru ada "
                           f"{r['unit_dimensions']} dimensi)"),
                column="dimensi"))
    if "nilai_dimensi" in usable:
        low, high = rules.iph_skala
        scale = f"{plain(low)}..{plain(high)}"
        checks.append(Check(
            "iph.scale",
            gxe.ExpectColumnValuesToBeBetween(column="nilai_dimensi", min_value=float(low), max_value=float(high)),
            lambda r: (f"kode_satker {r['kode_satker']}, dimensi {r['dimensi']}: nilai "
                       f"{r['nilai_dimensi']} di luar skala {scale}"),
            column="nilai_dimensi"))
    return frame, checks


SUITE = ShapeSuite("iph", COLUMNS, amounts=(), build=build)
