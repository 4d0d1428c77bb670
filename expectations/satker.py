"""Suite for the ``satker`` shape: the work-unit master (reference extract).

The master is checked against itself: codes unique, every ``kode_kanwil`` is a code of the
same file, ``jenis_satker`` in the documented enum.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.issues import cut_value
from kinerja.rules import Rules
from kinerja.transforms.codes import JENIS_SATKER

from .core import Check
from .extract import DATE, STRING, ShapeSuite, satker_known, unique_key
from kinerja.expectations.gx import gxe

COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "kode_satker": (STRING, True),
    "nama_satker": (STRING, True),
    "jenis_satker": (STRING, True),
    "kode_kanwil": (STRING, True),
    "kabupaten": (STRING, False),
    "pulau": (STRING, False),
    "aktif_dari": (DATE, False),
    "aktif_sampai": (DATE, False),
}


def build(data: pl.DataFrame, period: str, usable: frozenset[str],
          rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    """Checks on the master's rows; ``kode_kanwil`` is matched against the file's own codes."""
    checks: list[Check] = []
    if "kode_satker" in usable:
        checks.append(unique_key(["kode_satker"]))
        if "kode_kanwil" in usable:
            checks.append(satker_known("kode_kanwil", codes="file_codes"))
    if "jenis_satker" in usable:
        checks.append(Check(
            "satker.jenis_satker",
            gxe.ExpectColumnValuesToBeInSet(column="jenis_satker", value_set=list(JENIS_SATKER)),
            lambda r: f"jenis_satker {cut_value(r['jenis_satker'])!r} bukan salah satu dari {', '.join(JENIS_SATKER)}",
            column="jenis_satker",
        ))
    return data, checks


SUITE = ShapeSuite("satker", COLUMNS, amounts=(), build=build)
