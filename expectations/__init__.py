"""Data-quality gates of kinerja: Great Expectations suites as code.

Public API:

- ``gate_extract(extract, period, satker_codes, rules)``: gate 1, one extract alone (schema,
  codes, keys, signs, period, total rows);
- ``gate_budget(period, realisasi, pagu, file, rules)``: gate 2, the budget reconciliation;
  ``reconcile_budget(realisasi, pagu, rules)`` gives the same figures as a frame (over-pagu
  flags);
- ``GateResult`` (``.raise_for_errors()``, ``GateResult.combine``), ``SuiteRun``;
- ``render_report(results, out_dir, title)``: a self-contained index.html in Indonesian;
- ``gate_indicators(period, pk=, iku=, rb=, rb_previous=, files=)``: cross-file rules of the
  performance indicators (RB target never falls between checkpoints, iku codes in the pk);
- ``gate_rpd_pagu(period, rpd, pagu, file)``: the Halaman III plan against the DIPA in force;
- ``REGISTRY``: extract shape -> its suite.

``rules`` is ``kinerja.rules.rules_for(<the period's year>)``: the fiscal-year values a gate
applies (over-pagu fail ratio, IPH and survey scales).

Rule ids: schema.column, schema.type, value.not_null, satker.unknown, satker.jenis_satker,
akun.jenis_belanja, key.unique, amount.negative, blokir.exceeds_pagu, period.mismatch,
total.mismatch, cumulative.inconsistent, cumulative.falls, realisasi.over_pagu (warning),
realisasi.far_over_pagu, gate.exception; indicators (issue 3): rb.terlaksana_range,
rb.target_negative, rb.checkpoint, rb.target_falls, pk.polaritas, pk.satuan, pk.sumber,
pk.target, iku.na_reason, iku.unknown_indicator, survei.score_range, survei.incomplete,
iph.dimension_count, iph.scale; IKPA (issue 10, ``expectations.ikpa``): rpd.jenis_belanja,
rpd.months, rpd.fiscal_year, rpd.pagu (``gate_rpd_pagu``, cross-file), ikpa.komponen,
ikpa.range (plus the shared schema.*, value.not_null, key.unique,
satker.unknown, period.mismatch, total.mismatch).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import Any, Final

from kinerja.rules import Rules

from .budget import gate_budget, reconcile_budget
from .core import GateResult, SuiteRun
from .extract import ShapeSuite, run_extract
from .indicators import gate_indicators
from .ikpa import IKPA, RPD, gate_rpd_pagu
from .iku import SUITE as IKU
from .iph import SUITE as IPH
from .pagu import SUITE as PAGU
from .pk import SUITE as PK
from .rb import SUITE as RB
from .realisasi import SUMMARY, TRANSACTIONS
from .report import render_report
from .satker import SUITE as SATKER
from .survei import SUITE as SURVEI

REGISTRY: Final[dict[str, ShapeSuite]] = {
    s.shape: s for s in (SATKER, PAGU, SUMMARY, TRANSACTIONS, RB, PK, IKU, SURVEI, IPH, RPD, IKPA)
}


def gate_extract(extract: Any, period: str, satker_codes: Collection[str], rules: Rules) -> GateResult:
    """Gate 1 for one extract (``readers.Extract``: ``.kind``, ``.shape``, ``.file``, ``.data``,
    ``.totals``) against ``period`` (``YYYY-MM``), the satker master's codes and the rules of
    the period's fiscal year. Issues name a column by the file's own header text (``Kode
    Satker``, ``PAGU``), as the officer who fixes the file sees it."""
    try:
        suite = REGISTRY[extract.shape]
    except KeyError:
        raise ValueError(f"no suite for extract shape {extract.shape!r} ({extract.file})") from None
    runs = run_extract(suite, extract, period, satker_codes, rules)
    headers = getattr(extract, "headers", None) or {}
    return GateResult.from_runs(period, [dataclasses.replace(run, issues=tuple(
        dataclasses.replace(i, column=headers.get(i.column, i.column)) for i in run.issues)) for run in runs])


__all__ = [
    "REGISTRY", "GateResult", "SuiteRun", "gate_budget", "gate_extract", "gate_indicators",
    "gate_rpd_pagu", "reconcile_budget", "render_report",
]
