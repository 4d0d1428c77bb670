"""Suite for the ``pk`` shape: the Perjanjian Kinerja (performance agreement), yearly.

Indicator codes unique (key.unique); polaritas positif|negatif (pk.polaritas); satuan
persen|indeks|angka (pk.satuan); sumber empty or rb|survei|iph (pk.sumber); target_tahunan
and any quarterly target > 0 (pk.target: capaian divides by it). Text is compared
case-insensitively (the transforms lower-case it).
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.issues import cut_value
from kinerja.rules import Rules
from kinerja.transforms.attainment import POLARITAS, SATUAN, SUMBER

from .core import Check
from .extract import FLOAT64, STRING, ShapeSuite, unique_key
from kinerja.expectations.gx import gxe

TARGETS: Final[tuple[str, ...]] = ("target_tahunan", "target_tw1", "target_tw2", "target_tw3",
                                   "target_tw4")
COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "kode_indikator": (STRING, True),
    "sasaran_kegiatan": (STRING, False),
    "indikator": (STRING, True),
    "satuan": (STRING, True),
    "polaritas": (STRING, True),
    **{t: (FLOAT64, t == "target_tahunan") for t in TARGETS},
    "sumber": (STRING, False),
}


def _in_set(column: str, values: tuple[str, ...] | list[str], rule: str) -> tuple[pl.Expr, Check]:
    derived = f"{column}_norm"
    expr = pl.col(column).str.strip_chars().str.to_lowercase().alias(derived)
    check = Check(rule, gxe.ExpectColumnValuesToBeInSet(column=derived, value_set=list(values)),
                  lambda r: (f"indikator {r['kode_indikator']}: {column} {cut_value(r[column])!r} bukan "
                             f"salah satu dari {', '.join(values)}"),
                  column=column)
    return expr, check


def build(data: pl.DataFrame, period: str, usable: frozenset[str],
          rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    checks: list[Check] = []
    derived: list[pl.Expr] = []
    if "kode_indikator" in usable:
        checks.append(unique_key(["kode_indikator"]))
    for column, values, rule in (("polaritas", POLARITAS, "pk.polaritas"),
                                 ("satuan", SATUAN, "pk.satuan"),
                                 ("sumber", tuple(SUMBER), "pk.sumber")):
        if column in usable:
            expr, check = _in_set(column, values, rule)
            derived.append(expr)
            checks.append(check)
    for target in TARGETS:
        if target in usable:
            checks.append(Check(
                "pk.target",
                gxe.ExpectColumnValuesToBeBetween(column=target, min_value=0, strict_min=True),
                lambda r, t=target: (f"indikator {r['kode_indikator']}: {t} {r[t]} harus lebih dari "
                                     f"0 (capaian dihitung dengan membaginya)"),
                column=target))
    frame = data.with_columns(derived) if derived else data
    return frame, checks


SUITE = ShapeSuite("pk", COLUMNS, amounts=(), build=build)
