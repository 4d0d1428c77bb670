"""Budget reconciliation (gate 2): cumulative continuity and realisation against pagu.

Everything is computed exactly in polars (Decimal arithmetic, realisasi joined to the pagu in
force first); GX then checks signs and zero of the resulting differences, which are exact as
floats, and reports the failing kode_satker x kode_akun rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

from kinerja.rules import Rules

from .core import Check, GateResult, run_suite
from kinerja.expectations.gx import gxe

KEY = ["kode_satker", "kode_akun"]

# Realisation above pagu is a warning; above pagu x ``rules.over_pagu_fail_ratio`` an error
# (a fiscal-year rule, kinerja/rules.toml ``over_pagu``: 1.10 in 2025, as a month's SP2D can
# run ahead of a DIPA revision that is still in signing).


def reconcile_budget(realisasi: pl.DataFrame, pagu: pl.DataFrame, rules: Rules) -> pl.DataFrame:
    """One row per realisasi row, with the pagu line and every reconciliation difference.

    ``cumulative_difference``: sd_bulan_ini_given - (realisasi_kumulatif_prev + bulan_ini_given),
    null unless all three are known. ``fall``: realisasi_kumulatif - realisasi_kumulatif_prev,
    null where a negative correction explains a fall. ``over_pagu``: realisasi_kumulatif - pagu
    within the warning band (null beyond it); ``far_over_pagu``: realisasi_kumulatif -
    pagu x ``rules.over_pagu_fail_ratio``; ``unbudgeted``: realisation on a line with no pagu. Flows publish the
    over-pagu flags from this frame.
    """
    lines = pagu.select(*KEY, "pagu", "blokir")
    if lines.select(pl.struct(KEY).is_duplicated().any()).item():
        raise ValueError("pagu in force has duplicate kode_satker x kode_akun lines")
    ratio = pl.lit(rules.over_pagu_fail_ratio, dtype=pl.Decimal(10, 4))
    kum, prev = pl.col("realisasi_kumulatif"), pl.col("realisasi_kumulatif_prev")
    limit = pl.col("pagu") * ratio
    has_line = pl.col("pagu").is_not_null()
    return (
        realisasi.join(lines, on=KEY, how="left", maintain_order="left")
        .with_columns(
            cumulative_difference=pl.col("sd_bulan_ini_given") - (prev + pl.col("bulan_ini_given")),
            fall=pl.when(~pl.col("has_negative_correction").fill_null(False)).then(kum - prev),
            over_pagu=pl.when(has_line & (kum <= limit)).then(kum - pl.col("pagu")),
            far_over_pagu=pl.when(has_line).then(kum - limit),
            unbudgeted=~has_line & ((kum.fill_null(0) != 0) | (pl.col("realisasi_bulan").fill_null(0) != 0)),
        )
    )


def _where(r: dict[str, Any]) -> str:
    return f"kode_satker {r['kode_satker']}, kode_akun {r['kode_akun']}"


def _percent(r: dict[str, Any]) -> str:
    return f"{r['realisasi_kumulatif'] / r['pagu'] * 100:.2f}%" if r["pagu"] else "n/a"


def _checks(ratio: Decimal) -> list[Check]:
    return [
        # All differences are exact Decimals; zero stays zero as float: no tolerance.
        Check("cumulative.inconsistent",
              gxe.ExpectColumnValuesToBeBetween(column="cumulative_difference", min_value=0, max_value=0),
              lambda r: (f"{_where(r)}: sd_bulan_ini {r['sd_bulan_ini_given']} != previous cumulative "
                         f"{r['realisasi_kumulatif_prev']} + bulan_ini {r['bulan_ini_given']}"),
              column="sd_bulan_ini_given"),
        Check("cumulative.falls",
              gxe.ExpectColumnValuesToBeBetween(column="fall", min_value=0),
              lambda r: (f"{_where(r)}: cumulative realisation fell from {r['realisasi_kumulatif_prev']} "
                         f"to {r['realisasi_kumulatif']} with no negative correction in the data"),
              column="realisasi_kumulatif"),
        Check("realisasi.over_pagu",
              gxe.ExpectColumnValuesToBeBetween(column="over_pagu", max_value=0, severity="warning"),
              lambda r: (f"{_where(r)}: realisasi_kumulatif {r['realisasi_kumulatif']} exceeds pagu "
                         f"{r['pagu']} ({_percent(r)})"),
              column="realisasi_kumulatif", severity="warning"),
        Check("realisasi.far_over_pagu",
              gxe.ExpectColumnValuesToBeBetween(column="far_over_pagu", max_value=0),
              lambda r: (f"{_where(r)}: realisasi_kumulatif {r['realisasi_kumulatif']} exceeds pagu "
                         f"{r['pagu']} x {ratio} ({_percent(r)})"),
              column="realisasi_kumulatif"),
        Check("realisasi.far_over_pagu",
              gxe.ExpectColumnValuesToBeInSet(column="unbudgeted", value_set=[False]),
              lambda r: (f"{_where(r)}: realisation {r['realisasi_kumulatif']} on a line with no pagu"),
              column="kode_akun"),
    ]


def gate_budget(period: str, realisasi: pl.DataFrame, pagu: pl.DataFrame, file: str, rules: Rules) -> GateResult:
    """Gate 2 for ``period``: reconcile the derived realisasi frame with the pagu in force,
    under ``rules`` (the rules of the period's fiscal year)."""
    frame = reconcile_budget(realisasi, pagu, rules)
    run = run_suite("budget", file, period, frame, _checks(rules.over_pagu_fail_ratio))
    return GateResult.from_runs(period, [run])
