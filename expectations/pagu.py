"""Suite for the ``pagu`` shape: the DIPA allocation per kode_satker x kode_akun."""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.rules import Rules

from .core import Check
from .extract import DECIMAL, STRING, ShapeSuite, akun_jenis_belanja, non_negative, satker_known, unique_key
from kinerja.expectations.gx import gxe

COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "kode_satker": (STRING, True),
    "kode_akun": (STRING, True),
    "pagu": (DECIMAL, True),
    "blokir": (DECIMAL, True),  # the reader fills 0 when the file has no blokir column
}


def build(data: pl.DataFrame, period: str, usable: frozenset[str],
          rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    """Codes, key, signs, and blokir <= pagu (compared exactly in polars)."""
    checks: list[Check] = []
    frame = data
    if "kode_satker" in usable:
        checks.append(satker_known("kode_satker"))
    if "kode_akun" in usable:
        checks.append(akun_jenis_belanja())
        if "kode_satker" in usable:
            checks.append(unique_key(["kode_satker", "kode_akun"]))
    checks += [non_negative(c) for c in ("pagu", "blokir") if c in usable]
    if {"pagu", "blokir"} <= usable:
        # blokir - pagu exactly (Decimal); null where either is negative, which amount.negative
        # already reports. A positive Decimal stays positive as float: no tolerance.
        both_signed = (pl.col("pagu") >= 0) & (pl.col("blokir") >= 0)
        frame = data.with_columns(
            blokir_over_pagu=pl.when(both_signed).then(pl.col("blokir") - pl.col("pagu"))
        )
        checks.append(Check(
            "blokir.exceeds_pagu",
            gxe.ExpectColumnValuesToBeBetween(column="blokir_over_pagu", max_value=0),
            lambda r: f"blokir {r['blokir']} melebihi pagu {r['pagu']}",
            column="blokir",
        ))
    return frame, checks


SUITE = ShapeSuite("pagu", COLUMNS, amounts=("pagu", "blokir"), build=build)
