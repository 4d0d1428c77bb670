"""out_budget_*: budget absorption at five levels, what BI tools read and the LKjIP prints.

Money is DECIMAL(38,2) rupiah (sums of DECIMAL(18,2) lines). Percentages are DOUBLE on a
0..100 scale, always a ratio of the sums on the same row (never a mean of lower-level
percentages); round only when presenting. Every table is replaced per period in one
transaction. The measure columns mean the same in every table (kinerja.metadata.fields).
"""

from __future__ import annotations

from .classes import Column, Table
from .fields import col

_MONEY = ("pagu", "blokir", "pagu_netto", "realisasi_bulan", "realisasi_kumulatif", "sisa",
          "sisa_netto")
_LINEAGE = ("pagu_load_id", "realisasi_load_id", "satker_load_id")


def _measures(share_of: str | None) -> tuple[Column, ...]:
    """The shared measures; ``share_of`` names pagu_share_pct's parent level (None: no share)."""
    share = () if share_of is None else (
        col("pagu_share_pct", description=f"Share of {share_of}'s pagu: the row's pagu / the pagu of "
            f"{share_of} * 100"),)
    return (*(col(c) for c in _MONEY), col("penyerapan_pct"), col("penyerapan_netto_pct"), *share,
            col("n_akun_over_pagu"), *(col(c) for c in _LINEAGE))


def _budget(name: str, grain: str, description: str, key: tuple[str, ...], *columns: Column) -> Table:
    return Table(name, "out", grain, description, columns, primary_key=key, published=True)


_UNIT = (col("kode_kanwil"), col("kode_satker"), col("nama_satker"), col("jenis_satker"))

BUDGET = (
    _budget(
        "out_budget_satker_jenis_belanja", "period x kode_satker x kode_jenis_belanja",
        "Budget absorption per satker and jenis belanja. A jenis belanja appears for a satker when "
        "the satker has an akun line of it in the DIPA or realisasi on it. Reproduces Tabel 1.10 "
        "(pagu per UPT and jenis belanja) and Tabel 1.11 (the Kanwil).",
        ("period", "kode_satker", "kode_jenis_belanja"),
        col("period"), *_UNIT, col("kode_jenis_belanja"), col("jenis_belanja"),
        *_measures("the satker"),
    ),
    _budget(
        "out_budget_satker", "period x kode_satker",
        "Budget absorption per satker. Reproduces Tabel 1.12 (UPT cumulative realisasi and "
        "percentage).",
        ("period", "kode_satker"),
        col("period"), *_UNIT, *_measures("the region"),
    ),
    _budget(
        "out_budget_jenis_satker", "period x kode_kanwil x jenis_satker",
        "Budget absorption per unit type (KANWIL, LAPAS, RUTAN, BAPAS, LPKA, RUPBASAN) of a region.",
        ("period", "kode_kanwil", "jenis_satker"),
        col("period"), col("kode_kanwil"), col("nama_kanwil"), col("jenis_satker", nullable=False),
        col("n_satker", description="Number of satker of that unit type in the region"),
        *_measures("the region"),
    ),
    _budget(
        "out_budget_region_jenis_belanja", "period x kode_kanwil x kode_jenis_belanja",
        "Budget absorption per jenis belanja of a region (the report's komposisi belanja).",
        ("period", "kode_kanwil", "kode_jenis_belanja"),
        col("period"), col("kode_kanwil"), col("nama_kanwil"), col("kode_jenis_belanja"),
        col("jenis_belanja"),
        col("n_satker", description="Number of satker with that jenis belanja"),
        *_measures("the region"),
    ),
    _budget(
        "out_budget_region", "period x kode_kanwil",
        "Budget absorption of a region: the Kanwil and all its UPT. The report's headline figures "
        "(pagu, realisasi, sisa, penyerapan).",
        ("period", "kode_kanwil"),
        col("period"), col("kode_kanwil"), col("nama_kanwil"),
        col("n_satker", description="Number of satker in the region"),
        *_measures(None),
    ),
)
