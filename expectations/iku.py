"""Suite for the ``iku`` shape: typed realisations of indicators no extract computes.

Codes unique (key.unique); a realisation that is n/a (empty or ``n/a``) carries a reason in
``keterangan`` (iku.na_reason). Whether each code is in the pk is a cross-file rule
(iku.unknown_indicator, :func:`expectations.indicators.gate_indicators`).
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.rules import Rules

from .core import Check
from .extract import FLOAT64, STRING, ShapeSuite, unique_key
from kinerja.expectations.gx import gxe

COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "kode_indikator": (STRING, True),
    "realisasi": (FLOAT64, False),   # null = n/a, never 0
    "keterangan": (STRING, False),
}


def build(data: pl.DataFrame, period: str, usable: frozenset[str],
          rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    checks: list[Check] = []
    frame = data
    if "kode_indikator" in usable:
        checks.append(unique_key(["kode_indikator"]))
    if {"realisasi", "keterangan"} <= usable:
        frame = data.with_columns(
            na_reason_ok=pl.col("realisasi").is_not_null() | pl.col("keterangan").is_not_null())
        checks.append(Check(
            "iku.na_reason",
            gxe.ExpectColumnValuesToBeInSet(column="na_reason_ok", value_set=[True]),
            lambda r: (f"indikator {r['kode_indikator']}: realisasi n/a tanpa alasan; "
                       f"tulis alasannya di keterangan (n/a dibedakan dari 0)"),
            column="keterangan"))
    return frame, checks


SUITE = ShapeSuite("iku", COLUMNS, amounts=(), build=build)
