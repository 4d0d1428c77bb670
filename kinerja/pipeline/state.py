"""What a period needs from the warehouse, read once into a value.

Derivation never goes back to the database: it gets a :class:`PeriodState` (the previous
cumulative, the pagu in force, the indicator deliveries earlier in the year, the loads that
already brought identical files) and the period's extracts, and returns frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl

from kinerja import expectations
from kinerja.issues import Issue
from kinerja.periods import Period
from kinerja.pipeline.inputs import REFERENCE_KINDS
from kinerja.transforms import budget
from kinerja.warehouse import store

# Indicator kinds delivered in a period folder, and the core table that keeps each delivery.
DELIVERED = {"rb": "core_rb", "survei": "core_survei", "iph": "core_iph", "iku": "core_iku"}


@dataclass(frozen=True)
class PeriodState:
    period: Period
    # cumulative realisasi at the month before (empty in January); None: that month is not
    # refreshed in this home, so this one cannot be derived
    previous_cumulative: pl.DataFrame | None
    # the latest DIPA delivered earlier in the fiscal year and the load that brought it
    pagu_in_force: tuple[pl.DataFrame, str] | None
    # rows of core_rb / core_survei / core_iph delivered earlier in the same year (with period)
    deliveries: dict[str, pl.DataFrame]
    # (kind, sha256) -> load_id of a load that already brought these exact bytes (reference
    # kinds in any period; monthly kinds for this period)
    known_loads: dict[tuple[str, str], str]
    # IKPA (issue 10): the first DIPA of the year delivered before the period (None: this
    # period's pagu is the first), and the monthly estimates of the earlier months of the year
    pagu_awal: pl.DataFrame | None = None
    ikpa_history: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"kode_satker": pl.String, "bulan": pl.Int64, "penyerapan_nk_bulan": pl.Float64,
                "deviasi_bulan_pct": pl.Float64}))


@dataclass(frozen=True)
class Lineage:
    """The lineage hashes of this period's last refresh and of the month before's."""

    last: str | None
    previous: str | None


def load_lineage(con: duckdb.DuckDBPyConnection, period: Period) -> Lineage:
    """Enough to decide whether a period is unchanged, before reading any file."""
    last = store.last_refresh(con, period.first_day)
    before = store.last_refresh(con, period.previous().first_day) if period.month > 1 else None
    return Lineage(last[0] if last else None, before[0] if before else None)


def load_period_state(con: duckdb.DuckDBPyConnection, period: Period) -> PeriodState:
    """Read everything the period's derivation needs from the working DB, once."""
    if period.month == 1:
        previous = budget.empty_cumulative()
    else:
        previous = store.previous_cumulative(con, period.first_day)
    found = store.pagu_in_force(con, period.first_day)
    deliveries = {kind: store.deliveries(con, table, period.first_day)
                  for kind, table in DELIVERED.items() if kind != "iku"}
    known = store.known_loads(con, period.first_day, REFERENCE_KINDS)
    return PeriodState(period, previous, (found[0], found[1]) if found else None, deliveries, known,
                       pagu_awal=store.pagu_awal(con, period.first_day),
                       ikpa_history=store.ikpa_history(con, period.first_day))


def load_verdict(con: duckdb.DuckDBPyConnection, period: Period, lineage: str) -> expectations.GateResult | None:
    """The gate verdict of the last refresh of ``period`` with exactly this ``lineage``.

    Equal lineage means equal files, an equal period before, equal rules and equal code (the
    suites are code), so validating again gives the same verdict: a forced refresh reuses it
    instead of starting Great Expectations. None when no refresh of this lineage is recorded.
    """
    found = con.execute("""SELECT run_id FROM audit_run WHERE period = ? AND status = 'refreshed'
        AND lineage_sha256 = ? ORDER BY finished_at DESC LIMIT 1""", [period.first_day, lineage]).fetchall()
    if not found:
        return None
    run_id = found[0][0]
    issues = [Issue(file or "", rule, message, row, column, severity) for file, rule, message, row, column, severity
              in con.execute("""SELECT file_name, rule, message, row_number, column_name, severity
                  FROM audit_gate_issue WHERE run_id = ? AND period = ? ORDER BY rowid""",
                             [run_id, period.first_day]).fetchall()]
    runs = [expectations.SuiteRun(suite, file or "", str(period), success, evaluated, failed,
                                  tuple(i for i in issues if i.file == file), result_json)
            for suite, file, success, evaluated, failed, result_json in con.execute(
                """SELECT suite, file_name, success, n_evaluated, n_failed, result_json FROM audit_gate_result
                   WHERE run_id = ? AND period = ? ORDER BY rowid""", [run_id, period.first_day]).fetchall()]
    return expectations.GateResult(str(period), True, issues, runs)
