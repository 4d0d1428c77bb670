"""Cross-file rules of the performance indicators (run after each extract passed gate 1).

- ``rb.target_falls``: an RB target is cumulative, so a unit's target at a checkpoint is
  never below its target at the previous checkpoint of the same year;
- ``iku.unknown_indicator``: every typed realisation names an indicator of the pk in force.

Both are joined in polars first (GX has no cross-table expectation on pandas, TRAPS.md) and
the resulting frame is validated; failing rows point at the current file's rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from .core import Check, GateResult, SuiteRun, run_suite
from kinerja.expectations.gx import gxe


def _rb_falls(period: str, rb: pl.DataFrame, previous: pl.DataFrame, file: str) -> SuiteRun:
    prev = previous.select("kode_satker", pl.col("target").alias("target_prev"),
                           (pl.col("checkpoint") if "checkpoint" in previous.columns
                            else pl.lit(None, dtype=pl.String)).alias("checkpoint_prev"))
    frame = (rb.select("source_row", "kode_satker", "target",
                       (pl.col("checkpoint") if "checkpoint" in rb.columns
                        else pl.lit(None, dtype=pl.String)).alias("checkpoint"))
             .join(prev, on="kode_satker", how="left", maintain_order="left")
             .with_columns(target_fall=pl.col("target") - pl.col("target_prev")))
    check = Check(
        "rb.target_falls",
        gxe.ExpectColumnValuesToBeBetween(column="target_fall", min_value=0),
        lambda r: (f"kode_satker {r['kode_satker']}: target {r['target']} pada "
                   f"{r['checkpoint'] or 'checkpoint ini'} lebih rendah dari {r['target_prev']} pada "
                   f"{r['checkpoint_prev'] or 'checkpoint sebelumnya'}; target RB bersifat "
                   f"kumulatif dan tidak boleh turun"),
        column="target")
    return run_suite("rb.checkpoints", file, period, frame, [check])


def _iku_known(period: str, iku: pl.DataFrame, pk: pl.DataFrame, file: str) -> SuiteRun:
    codes = pk["kode_indikator"].drop_nulls().unique().sort().to_list()
    check = Check(
        "iku.unknown_indicator",
        gxe.ExpectColumnValuesToBeInSet(column="kode_indikator", value_set={"$PARAMETER": "pk_codes"}),
        lambda r: (f"kode_indikator {r['kode_indikator']} bukan indikator "
                   f"Perjanjian Kinerja ({', '.join(codes)})"),
        column="kode_indikator")
    return run_suite("iku.pk", file, period, iku.select("source_row", "kode_indikator"), [check],
                     {"pk_codes": codes})


def gate_indicators(
    period: str, *, pk: pl.DataFrame | None = None, iku: pl.DataFrame | None = None,
    rb: pl.DataFrame | None = None, rb_previous: pl.DataFrame | None = None,
    files: Mapping[str, str] | None = None,
) -> GateResult:
    """Cross-file rules for ``period`` over the canonical frames that are present.

    ``rb``: this period's rb delivery (checkpoint, kode_satker, target, source_row);
    ``rb_previous``: the previous checkpoint of the same year (kode_satker, target, optionally
    checkpoint), None at the first; ``pk``: the pk in force; ``iku``: this period's typed
    realisations (kode_indikator, source_row). ``files``: kind -> file name shown in
    messages (default ``<period>/<kind>``). A rule whose inputs are absent is not run.
    """
    files = dict(files or {})
    runs: list[SuiteRun] = []
    if rb is not None and rb_previous is not None:
        runs.append(_rb_falls(period, rb, rb_previous, files.get("rb", f"{period}/rb")))
    if iku is not None and pk is not None:
        runs.append(_iku_known(period, iku, pk, files.get("iku", f"{period}/iku")))
    return GateResult.from_runs(period, runs)
