"""Suites for the two ``realisasi`` shapes: ``summary`` and ``transactions`` (SP2D lines).

Summary ``realisasi_bulan_ini`` and transaction ``nilai`` may be negative (refunds and
corrections); the cumulative ``realisasi_sd_bulan_ini`` may not.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.rules import Rules

from .core import Check
from .extract import DATE, DECIMAL, STRING, ShapeSuite, akun_jenis_belanja, non_negative, satker_known, unique_key
from kinerja.expectations.gx import gxe

SUMMARY_COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "kode_satker": (STRING, True),
    "kode_akun": (STRING, True),
    "realisasi_bulan_ini": (DECIMAL, False),  # null when the file has no such column
    "realisasi_sd_bulan_ini": (DECIMAL, False),
}

TRANSACTION_COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "tanggal_sp2d": (DATE, True),
    "kode_satker": (STRING, True),
    "kode_akun": (STRING, True),
    "nilai": (DECIMAL, True),
}


def _codes(usable: frozenset[str]) -> list[Check]:
    checks = [satker_known("kode_satker")] if "kode_satker" in usable else []
    return checks + ([akun_jenis_belanja()] if "kode_akun" in usable else [])


def build_summary(data: pl.DataFrame, period: str, usable: frozenset[str],
                  rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    """Codes, key (kode_satker, kode_akun), cumulative realisation non-negative."""
    checks = _codes(usable)
    if {"kode_satker", "kode_akun"} <= usable:
        checks.append(unique_key(["kode_satker", "kode_akun"]))
    if "realisasi_sd_bulan_ini" in usable:
        checks.append(non_negative("realisasi_sd_bulan_ini"))
    return data, checks


def build_transactions(data: pl.DataFrame, period: str, usable: frozenset[str],
                       rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    """Codes, and every tanggal_sp2d inside the requested month.

    The month is compared as a ``YYYY-MM`` string (vectorised set membership; GX's date
    range expectation is row-wise Python, TRAPS.md).
    """
    checks = _codes(usable)
    frame = data
    if "tanggal_sp2d" in usable:
        frame = data.with_columns(sp2d_period=pl.col("tanggal_sp2d").dt.strftime("%Y-%m"))
        checks.append(Check(
            "period.mismatch",
            gxe.ExpectColumnValuesToBeInSet(column="sp2d_period", value_set={"$PARAMETER": "periods"}),
            lambda r: f"file menyebut {r['sp2d_period']} (tanggal_sp2d {r['tanggal_sp2d']}), sedangkan foldernya {period}",
            column="tanggal_sp2d",
        ))
    return frame, checks


SUMMARY = ShapeSuite("summary", SUMMARY_COLUMNS,
                     amounts=("realisasi_bulan_ini", "realisasi_sd_bulan_ini"), build=build_summary)
TRANSACTIONS = ShapeSuite("transactions", TRANSACTION_COLUMNS, amounts=("nilai",),
                          build=build_transactions)
