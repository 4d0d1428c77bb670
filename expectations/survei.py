"""Suite for the ``survei`` shape: satisfaction survey responses, one row per respondent.

Scores L1..L9 are whole numbers on the survey scale, 1..4 under PermenPAN-RB 14/2017
(survei.score_range, one check per element; ``Rules.survei_skala``, a fiscal-year rule); all nine are
given (survei.incomplete); id_responden is unique in the delivery (key.unique); tanggal lies
in the semester of the folder's period and not after it (period.mismatch); kode_satker is in
the master (satker.unknown). Free-text columns never get here: the reader drops them.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

from kinerja.periods import Period
from kinerja.rules import Rules
from kinerja.transforms.survey import ELEMENTS

from .core import Check
from .extract import DATE, INT64, STRING, ShapeSuite, satker_known, unique_key
from kinerja.expectations.gx import gxe

COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "id_responden": (STRING, True),
    "kode_satker": (STRING, True),
    "tanggal": (DATE, True),
    **{e: (INT64, False) for e in ELEMENTS},  # a missing score is survei.incomplete
}


def _window(period: str) -> tuple[date, date]:
    p = Period.parse(period)
    first = Period(p.year, 1 if p.month <= 6 else 7)
    return first.first_day, p.last_day


def build(data: pl.DataFrame, period: str, usable: frozenset[str],
          rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    checks: list[Check] = []
    frame = data
    if "kode_satker" in usable:
        checks.append(satker_known("kode_satker"))
    if "id_responden" in usable:
        checks.append(unique_key(["id_responden"]))
    scores = [e for e in ELEMENTS if e in usable]
    low, high = rules.survei_skala
    for e in scores:
        checks.append(Check(
            "survei.score_range",
            gxe.ExpectColumnValuesToBeBetween(column=e, min_value=low, max_value=high),
            lambda r, e=e: (f"responden {r['id_responden']}: {e.upper()} = {r[e]}; nilai harus "
                            f"bilangan bulat {low} (tidak baik) .. {high} (sangat baik)"),
            column=e))
    frame = frame.with_columns(
        n_scores=pl.sum_horizontal([pl.col(e).is_not_null().cast(pl.Int64) for e in scores])
        if scores else pl.lit(0, dtype=pl.Int64))
    checks.append(Check(
        "survei.incomplete",
        gxe.ExpectColumnValuesToBeBetween(column="n_scores", min_value=len(ELEMENTS),
                                          max_value=len(ELEMENTS)),
        lambda r: (f"responden {r['id_responden']}: baru {r['n_scores']} dari 9 nilai terisi "
                   f"(kosong: {', '.join(e.upper() for e in ELEMENTS if r.get(e) is None)}); "
                   f"L1..L9 wajib diisi semua"),
        column="n_scores"))
    if "tanggal" in usable:
        start, end = _window(period)
        frame = frame.with_columns(tanggal_in_window=pl.col("tanggal").is_between(start, end))
        checks.append(Check(
            "period.mismatch",
            gxe.ExpectColumnValuesToBeInSet(column="tanggal_in_window", value_set=[True]),
            lambda r: (f"responden {r['id_responden']}: tanggal {r['tanggal']} di luar "
                       f"{start} .. {end} (semester periode {period}, sampai akhir bulannya)"),
            column="tanggal"))
    return frame, checks


SUITE = ShapeSuite("survei", COLUMNS, amounts=(), build=build)
