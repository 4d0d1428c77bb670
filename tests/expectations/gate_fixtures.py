"""Helpers for the expectation tests: tiny valid canonical frames and a stand-in Extract.

``readers`` (which produces the real ``Extract``) is written concurrently, so these tests use
``StandInExtract``, a dataclass with the attributes the gate reads (kind, shape, file, data,
totals), built to the frames documented in docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from kinerja.expectations import GateResult
from kinerja.rules import rules_for

PERIOD = "2025-06"
RULES = rules_for(2025)  # the fiscal-year rules the gates apply (kinerja/rules.toml)
MONEY = pl.Decimal(18, 2)
KANWIL = "400001"
SATKER_CODES = [KANWIL] + [f"4000{n:02d}" for n in range(2, 15)]  # 14 units


@dataclass(frozen=True)
class StandInExtract:
    kind: str
    shape: str
    file: str
    data: pl.DataFrame
    totals: pl.DataFrame
    path: Path = Path("landing")
    sha256: str = ""


def money(*values: Any) -> pl.Series:
    return pl.Series([None if v is None else Decimal(str(v)) for v in values], dtype=MONEY)


def totals_for(data: pl.DataFrame, amounts: list[str]) -> pl.DataFrame:
    """A correct JUMLAH row just below the data."""
    row = {"source_row": data["source_row"].max() + 1, "label": "JUMLAH"}
    frame = pl.DataFrame([row], schema={"source_row": pl.Int64, "label": pl.String})
    return frame.with_columns(data.select(pl.col(amounts).sum().cast(MONEY)))


def set_value(frame: pl.DataFrame, column: str, index: int, value: Any) -> pl.DataFrame:
    """``frame`` with one cell changed (row position ``index``)."""
    dtype = frame.schema[column]
    if isinstance(dtype, pl.Decimal) and value is not None:
        value = Decimal(str(value))
    new = pl.lit(value, dtype=dtype)
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == index).then(new).otherwise(pl.col(column)).alias(column)
    )


def satker_data() -> pl.DataFrame:
    return pl.DataFrame({
        "kode_satker": [KANWIL, "400002", "400003"],
        "nama_satker": ["Kanwil Ditjenpas NTB", "Lapas Kelas IIA Mataram", "Rutan Kelas IIB Praya"],
        "jenis_satker": ["KANWIL", "LAPAS", "RUTAN"],
        "kode_kanwil": [KANWIL, KANWIL, KANWIL],
        "kabupaten": ["Kota Mataram", "Kota Mataram", "Lombok Tengah"],
        "pulau": ["Lombok", "Lombok", "Lombok"],
        "aktif_dari": pl.Series([None, None, date(2025, 3, 1)], dtype=pl.Date),
        "aktif_sampai": pl.Series([None, None, None], dtype=pl.Date),
        "source_row": pl.Series([2, 3, 4], dtype=pl.Int64),
        "file_period": pl.Series([None, None, None], dtype=pl.String),
    })


def pagu_data() -> pl.DataFrame:
    return pl.DataFrame({
        "kode_satker": ["400002", "400002", "400003"],
        "kode_akun": ["511111", "521111", "532111"],
        "pagu": money("1000000.00", "250000.50", "90000"),
        "blokir": money("0", "50000", "0"),
        "source_row": pl.Series([5, 6, 7], dtype=pl.Int64),
        "file_period": [PERIOD, PERIOD, PERIOD],
    })


def summary_data() -> pl.DataFrame:
    return pl.DataFrame({
        "kode_satker": ["400002", "400002", "400003"],
        "kode_akun": ["511111", "521111", "532111"],
        "realisasi_bulan_ini": money("80000", "-1500.25", None),
        "realisasi_sd_bulan_ini": money("480000", "100000", "0"),
        "source_row": pl.Series([2, 3, 4], dtype=pl.Int64),
        "file_period": pl.Series([None, None, None], dtype=pl.String),
    })


def transactions_data() -> pl.DataFrame:
    return pl.DataFrame({
        "tanggal_sp2d": [date(2025, 6, 2), date(2025, 6, 15), date(2025, 6, 30)],
        "kode_satker": ["400002", "400002", "400003"],
        "kode_akun": ["511111", "521111", "521111"],
        "nilai": money("80000", "-1500.25", "12000.10"),
        "source_row": pl.Series([2, 3, 4], dtype=pl.Int64),
        "file_period": pl.Series([None, None, None], dtype=pl.String),
    })


SHAPES: dict[str, tuple[str, Callable[[], pl.DataFrame], list[str]]] = {
    "satker": ("satker", satker_data, []),
    "pagu": ("pagu", pagu_data, ["pagu", "blokir"]),
    "summary": ("realisasi", summary_data, ["realisasi_bulan_ini", "realisasi_sd_bulan_ini"]),
    "transactions": ("realisasi", transactions_data, ["nilai"]),
}


def make_extract(shape: str, data: pl.DataFrame | None = None,
                 totals: pl.DataFrame | None = None) -> StandInExtract:
    """A stand-in extract of ``shape``; totals default to a correct JUMLAH row."""
    kind, builder, amounts = SHAPES[shape]
    data = builder() if data is None else data
    if totals is None:
        totals = (totals_for(data, amounts) if amounts
                  else pl.DataFrame(schema={"source_row": pl.Int64, "label": pl.String}))
    return StandInExtract(kind, shape, f"{PERIOD}/{shape}.csv", data, totals)


def error_rules(result: GateResult) -> set[str]:
    return {i.rule for i in result.errors}


def located(result: GateResult) -> set[tuple[str, int | None, str | None]]:
    return {(i.rule, i.row, i.column) for i in result.errors}
