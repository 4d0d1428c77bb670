"""Suites of the IKPA kinds (issue 10).

``rpd`` (Halaman III DIPA, one long row per satker x jenis belanja x month, in rupiah):

- ``satker.unknown``: the satker is in the master; ``rpd.jenis_belanja``: the row names a
  jenis belanja (a 2-digit code 51..58 or its name) known to the chart of accounts;
- ``amount.negative``: no negative month; ``key.unique``: one plan per satker x jenis
  belanja x month; ``rpd.months``: every satker x jenis belanja has the months 1..12;
- ``rpd.fiscal_year``: a fiscal year named in the title ("TAHUN ANGGARAN 2025") is the
  period's year;
- ``rpd.pagu`` (cross-file, :func:`gate_rpd_pagu`): the plan of a jenis belanja sums to that
  jenis belanja's pagu in the DIPA in force, within half the file's amount unit per month
  (0 for a plan in rupiah with whole amounts: 6 rupiah; 6.000 rupiah for a plan in thousands).

``ikpa`` (the monitoring application's components, long): ``satker.unknown``,
``ikpa.komponen`` (a component EXTRACTS.md names), ``ikpa.range`` (0..100), ``key.unique``
(a satker x component once).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import polars as pl

from kinerja.issues import cut_value
from kinerja.rules import Rules
from kinerja.transforms.codes import JENIS_BELANJA
from kinerja.transforms.ikpa import KOMPONEN

from .core import Check, GateResult, run_suite
from .extract import DECIMAL, FLOAT64, INT64, STRING, ShapeSuite, non_negative, satker_known, unique_key
from kinerja.expectations.gx import gxe

RPD_COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "kode_satker": (STRING, True),
    "jenis_belanja": (STRING, True),
    "kode_jenis_belanja": (STRING, False),      # null: the text names no jenis belanja
    "bulan": (INT64, True),
    "rencana": (DECIMAL, True),
    "satuan_rupiah": (INT64, True),
    "tahun_anggaran": (INT64, False),
}
MONTHS_PER_YEAR = 12


def build_rpd(data: pl.DataFrame, period: str, usable: frozenset[str],
              rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    checks: list[Check] = []
    frame = data
    if "kode_satker" in usable:
        checks.append(satker_known("kode_satker"))
    if {"jenis_belanja", "kode_jenis_belanja"} <= usable:
        frame = frame.with_columns(
            jenis_ok=pl.col("kode_jenis_belanja").is_in(list(JENIS_BELANJA)).fill_null(False))
        checks.append(Check(
            "rpd.jenis_belanja", gxe.ExpectColumnValuesToBeInSet(column="jenis_ok", value_set=[True]),
            lambda r: (f"{cut_value(r['jenis_belanja'])!r} bukan jenis belanja: tulis kodenya "
                       f"({', '.join(sorted(JENIS_BELANJA))}) atau namanya (\"51 BELANJA PEGAWAI\")"),
            column="jenis_belanja"))
    if "rencana" in usable:
        checks.append(non_negative("rencana"))
    if {"kode_satker", "kode_jenis_belanja", "bulan"} <= usable:
        checks.append(unique_key(["kode_satker", "kode_jenis_belanja", "bulan"]))
        valid = pl.col("bulan").is_between(1, MONTHS_PER_YEAR)
        frame = frame.with_columns(
            n_months=pl.col("bulan").filter(valid).n_unique().over("kode_satker", "kode_jenis_belanja"))
        frame = frame.with_columns(months_ok=valid.fill_null(False) & (pl.col("n_months") == MONTHS_PER_YEAR))
        checks.append(Check(
            "rpd.months", gxe.ExpectColumnValuesToBeInSet(column="months_ok", value_set=[True]),
            lambda r: (f"kode_satker {r['kode_satker']}, jenis belanja {r['kode_jenis_belanja']}: bulan "
                       f"{r['bulan']}; rencana harus memuat setiap bulan 1..12 tepat satu kali (baru ada "
                       f"{r['n_months']} bulan)"),
            column="bulan"))
    if "tahun_anggaran" in usable:
        year = int(period[:4])
        checks.append(Check(
            "rpd.fiscal_year",
            gxe.ExpectColumnValuesToBeBetween(column="tahun_anggaran", min_value=year, max_value=year),
            lambda r: f"judul file menyebut TAHUN ANGGARAN {r['tahun_anggaran']}, sedangkan periodenya tahun {year}",
            column="tahun_anggaran"))
    return frame, checks


RPD = ShapeSuite("rpd", RPD_COLUMNS, amounts=("rencana",), build=build_rpd)

IKPA_COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    "kode_satker": (STRING, True),
    "komponen": (STRING, True),
    "nilai": (FLOAT64, True),
    "bobot": (FLOAT64, False),
    "kategori": (STRING, False),
}
OFFICIAL_COMPONENTS: Final[tuple[str, ...]] = (*KOMPONEN, "nilai_akhir")


def build_ikpa(data: pl.DataFrame, period: str, usable: frozenset[str],
               rules: Rules) -> tuple[pl.DataFrame, list[Check]]:
    checks: list[Check] = []
    if "kode_satker" in usable:
        checks.append(satker_known("kode_satker"))
        if "komponen" in usable:
            checks.append(unique_key(["kode_satker", "komponen"]))
    if "komponen" in usable:
        checks.append(Check(
            "ikpa.komponen",
            gxe.ExpectColumnValuesToBeInSet(column="komponen", value_set=list(OFFICIAL_COMPONENTS)),
            lambda r: (f"komponen {cut_value(r['komponen'])!r} bukan komponen IKPA "
                       f"({', '.join(OFFICIAL_COMPONENTS)})"),
            column="komponen"))
    if "nilai" in usable:
        checks.append(Check(
            "ikpa.range", gxe.ExpectColumnValuesToBeBetween(column="nilai", min_value=0, max_value=100),
            lambda r: f"kode_satker {r['kode_satker']}, {r['komponen']}: nilai {r['nilai']} di luar rentang 0..100",
            column="nilai"))
    return data, checks


IKPA = ShapeSuite("ikpa", IKPA_COLUMNS, amounts=(), build=build_ikpa)


def gate_rpd_pagu(period: str, rpd: pl.DataFrame, pagu: pl.DataFrame, file: str) -> GateResult:
    """``rpd.pagu``: per satker x jenis belanja, the year's plan against the pagu of the DIPA in
    force (``pagu``: kode_satker, kode_akun, pagu), within half the file's amount unit per
    month. A jenis belanja in only one of the two is compared with 0. Failing rows name the
    satker, the jenis belanja and both amounts; the row is the plan's first row."""
    plan = rpd.group_by("kode_satker", "kode_jenis_belanja").agg(
        pl.col("rencana").cast(pl.Decimal(38, 2)).sum().alias("rencana"),
        pl.col("source_row").min(), pl.col("satuan_rupiah").max())
    dipa = pagu.group_by("kode_satker", pl.col("kode_akun").str.slice(0, 2).alias("kode_jenis_belanja")).agg(
        pl.col("pagu").cast(pl.Decimal(38, 2)).sum())
    satker_in_plan = plan.select("kode_satker").unique()
    frame = plan.join(dipa.join(satker_in_plan, on="kode_satker"), on=["kode_satker", "kode_jenis_belanja"],
                      how="full", coalesce=True).with_columns(
        pl.col("rencana", "pagu").fill_null(Decimal(0)),
        pl.col("satuan_rupiah").fill_null(1),
    ).with_columns(
        selisih=(pl.col("rencana") - pl.col("pagu")),
        toleransi=(pl.col("satuan_rupiah") * MONTHS_PER_YEAR // 2).cast(pl.Int64),
    ).with_columns(
        within=(pl.col("selisih").cast(pl.Float64).abs() <= pl.col("toleransi")),
    ).sort("kode_satker", "kode_jenis_belanja")
    check = Check(
        "rpd.pagu", gxe.ExpectColumnValuesToBeInSet(column="within", value_set=[True]),
        lambda r: (f"kode_satker {r['kode_satker']}, jenis belanja {r['kode_jenis_belanja']}: jumlah rencana RPD "
                   f"{r['rencana']}, sedangkan pagu DIPA yang berlaku {r['pagu']} (selisih {r['selisih']}; "
                   f"toleransi {r['toleransi']})"),
        column="rencana")
    return GateResult.from_runs(period, [run_suite("rpd.pagu", file, period, frame, [check])])
