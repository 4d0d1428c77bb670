"""Budget reconciliation (gate 2): cumulative continuity and realisation against pagu.

Everything is computed exactly in polars (Decimal arithmetic, realisasi joined to the pagu in
force first); GX then checks signs and zero of the resulting differences, which are exact as
floats, and reports the failing kode_satker x kode_akun rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import polars as pl

from kinerja.issues import Issue
from kinerja.periods import Period
from kinerja.rules import Rules

from .core import Check, GateResult, SuiteRun, run_suite
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


def _amount(value: Any) -> str:
    from kinerja.formatting import amount   # babel: imported when a message is written

    return amount(value)


def _percent(r: dict[str, Any]) -> str:
    from kinerja.formatting import percent

    return percent(r["realisasi_kumulatif"] * 100 / r["pagu"]) if r["pagu"] else "-"


def _ratio(ratio: Decimal) -> str:
    from kinerja.formatting import rule_number

    return rule_number(ratio, as_written=True)


def _earlier(period: str) -> Callable[[dict[str, Any]], str]:
    """How a message names the cumulative figure it compares with: the month before and the
    file that brought it (``s.d. April 2025 menurut 2025-04/realisasi_sp2d.csv``)."""
    before = Period.parse(period).previous()

    def said(r: dict[str, Any]) -> str:
        from kinerja.formatting import month_year

        if before.year != Period.parse(period).year:
            return "awal tahun anggaran"
        source = r.get("previous_file")
        month = month_year(before.first_day)
        return f"s.d. {month} menurut {source}" if source else f"s.d. {month} di warehouse"

    return said


def _checks(ratio: Decimal, period: str) -> list[Check]:
    earlier = _earlier(period)
    return [
        # All differences are exact Decimals; zero stays zero as float: no tolerance.
        Check("cumulative.inconsistent",
              gxe.ExpectColumnValuesToBeBetween(column="cumulative_difference", min_value=0, max_value=0),
              lambda r: (f"{_where(r)}: realisasi s.d. bulan ini {_amount(r['sd_bulan_ini_given'])} tidak sama "
                         f"dengan realisasi {earlier(r)} ({_amount(r['realisasi_kumulatif_prev'])}) ditambah "
                         f"realisasi bulan ini {_amount(r['bulan_ini_given'])}; selisih "
                         f"{_amount(r['cumulative_difference'])}"),
              column="realisasi_sd_bulan_ini"),
        Check("cumulative.falls",
              gxe.ExpectColumnValuesToBeBetween(column="fall", min_value=0),
              lambda r: (f"{_where(r)}: realisasi s.d. bulan ini turun dari {_amount(r['realisasi_kumulatif_prev'])} "
                         f"({earlier(r)}) menjadi {_amount(r['realisasi_kumulatif'])}, tanpa koreksi negatif "
                         f"di file ini"),
              column="realisasi_kumulatif"),
        Check("realisasi.over_pagu",
              gxe.ExpectColumnValuesToBeBetween(column="over_pagu", max_value=0, severity="warning"),
              lambda r: (f"{_where(r)}: realisasi s.d. bulan ini {_amount(r['realisasi_kumulatif'])} melebihi "
                         f"pagu {_amount(r['pagu'])} ({_percent(r)})"),
              column="realisasi_kumulatif", severity="warning"),
        Check("realisasi.far_over_pagu",
              gxe.ExpectColumnValuesToBeBetween(column="far_over_pagu", max_value=0),
              lambda r: (f"{_where(r)}: realisasi s.d. bulan ini {_amount(r['realisasi_kumulatif'])} melebihi "
                         f"pagu {_amount(r['pagu'])} x {_ratio(ratio)} ({_percent(r)})"),
              column="realisasi_kumulatif"),
        Check("realisasi.far_over_pagu",
              gxe.ExpectColumnValuesToBeInSet(column="unbudgeted", value_set=[False]),
              lambda r: (f"{_where(r)}: realisasi {_amount(r['realisasi_kumulatif'])} pada akun yang tidak "
                         f"mempunyai pagu dalam DIPA yang berlaku"),
              column="kode_akun"),
    ]


# A cumulative snapshot that leaves out lines of the month before: one message with the count
# and the first few (not one per line, which reads as hundreds of unrelated falls).
MISSING_NAMED = 5


def _missing_lines(frame: pl.DataFrame, run: SuiteRun, period: str) -> SuiteRun:
    """Replace the ``cumulative.falls`` issues of lines absent from the file (no source row)
    by one issue counting them, naming the first :data:`MISSING_NAMED` and the earlier file."""
    absent = frame.filter(pl.col("source_row").is_null() & (pl.col("fall") < 0))
    if absent.height == 0:
        return run
    kept = tuple(i for i in run.issues if not (i.rule == "cumulative.falls" and i.row is None))
    first = absent.head(MISSING_NAMED).rows(named=True)
    named = ", ".join(f"{r['kode_satker']}/{r['kode_akun']}" for r in first)
    more = f" dan {absent.height - len(first)} lainnya" if absent.height > len(first) else ""
    earlier = _earlier(period)(first[0])
    issue = Issue(run.file, "cumulative.falls",
                  f"{absent.height} baris kode_satker/kode_akun yang ada pada realisasi {earlier} tidak ada di "
                  f"file ini, sehingga realisasi kumulatifnya dianggap 0: {named}{more}. File realisasi "
                  f"kumulatif harus memuat semua akun, juga yang tidak bergerak bulan ini",
                  column="realisasi_sd_bulan_ini")
    return replace(run, issues=(*kept, issue))


def gate_budget(period: str, realisasi: pl.DataFrame, pagu: pl.DataFrame, file: str, rules: Rules) -> GateResult:
    """Gate 2 for ``period``: reconcile the derived realisasi frame with the pagu in force,
    under ``rules`` (the rules of the period's fiscal year)."""
    frame = reconcile_budget(realisasi, pagu, rules)
    run = run_suite("budget", file, period, frame, _checks(rules.over_pagu_fail_ratio, period))
    return GateResult.from_runs(period, [_missing_lines(frame, run, period)])
