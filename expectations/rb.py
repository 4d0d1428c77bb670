"""Suite for the ``rb`` shape: one Reformasi Birokrasi checkpoint, one row per unit.

``0 <= terlaksana <= target`` (rb.terlaksana_range); ``target >= 0`` (rb.target_negative);
the checkpoint the file names is the quarter-end of its folder's month, and an rb file only
sits in a quarter-end folder (rb.checkpoint); total rows (JUMLAH) equal the sum of the rows
above (total.mismatch, counts summed exactly). "Target never falls between checkpoints" is
a cross-file rule: :func:`expectations.indicators.gate_indicators`.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.rules import Rules
from kinerja.transforms.rb import CHECKPOINTS, checkpoint_of

from .core import Check
from .extract import INT64, STRING, ShapeSuite, satker_known, unique_key
from kinerja.expectations.gx import gxe

COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "checkpoint": (STRING, False),  # null: taken from the folder's month
    "kode_satker": (STRING, True),
    "target": (INT64, True),
    "terlaksana": (INT64, True),
}


def build(data: pl.DataFrame, period: str, usable: frozenset[str],
          rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    checks: list[Check] = []
    frame = data
    if "kode_satker" in usable:
        checks += [satker_known("kode_satker"), unique_key(["kode_satker"])]
    if "target" in usable:
        checks.append(Check(
            "rb.target_negative",
            gxe.ExpectColumnValuesToBeBetween(column="target", min_value=0),
            lambda r: f"kode_satker {r['kode_satker']}: target {r['target']} bernilai negatif",
            column="target"))
    if {"target", "terlaksana"} <= usable:
        # null where target is negative (reported by rb.target_negative) or a value is missing
        frame = frame.with_columns(
            terlaksana_in_range=pl.when(pl.col("target") >= 0).then(
                (pl.col("terlaksana") >= 0) & (pl.col("terlaksana") <= pl.col("target"))))
        checks.append(Check(
            "rb.terlaksana_range",
            gxe.ExpectColumnValuesToBeInSet(column="terlaksana_in_range", value_set=[True]),
            lambda r: (f"kode_satker {r['kode_satker']}: terlaksana {r['terlaksana']} di luar "
                       f"0..target ({r['target']})"),
            column="terlaksana"))
    if "checkpoint" in usable:
        expected = checkpoint_of(period)
        effective = pl.col("checkpoint").fill_null(pl.lit(expected))
        frame = frame.with_columns(checkpoint_ok=(effective == expected)
                                   & effective.is_in(list(CHECKPOINTS)))
        checks.append(Check(
            "rb.checkpoint",
            gxe.ExpectColumnValuesToBeInSet(column="checkpoint_ok", value_set=[True]),
            lambda r: (f"file ini untuk checkpoint {r['checkpoint'] or expected}, sedangkan folder "
                       f"{period} adalah checkpoint {expected}; checkpoint RB adalah "
                       f"{', '.join(CHECKPOINTS)}, masing-masing dikirim di folder bulannya sendiri"),
            column="checkpoint"))
    return frame, checks


SUITE = ShapeSuite("rb", COLUMNS, amounts=("target", "terlaksana"), build=build)
