"""Reads and writes of the working DB: what a period needs, and the period's one transaction."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

import duckdb
import polars as pl

from kinerja.issues import Issue

OUT_TABLES = (
    "out_budget_satker_jenis_belanja",
    "out_budget_satker",
    "out_budget_jenis_satker",
    "out_budget_region_jenis_belanja",
    "out_budget_region",
    "out_rb_satker",
    "out_rb_region",
    "out_survey_satker",
    "out_survey_region",
    "out_iph_satker",
    "out_iph_region",
    "out_iku",
    "out_iku_summary",
    "out_ikpa_satker",
    "out_ikpa_komponen",
    "out_ikpa_rekonsiliasi",
    "out_ikpa_region",
    "out_ikpa_deviasi",
    "out_ikpa_budget_execution",
    "out_ikpa_aturan",
)
# extract shape -> its append-only raw table
RAW_TABLE = {
    "satker": "raw_satker",
    "pagu": "raw_pagu",
    "summary": "raw_realisasi_summary",
    "transactions": "raw_realisasi_sp2d",
    "rb": "raw_rb",
    "pk": "raw_pk",
    "iku": "raw_iku",
    "survei": "raw_survei",
    "iph": "raw_iph",
    "rpd": "raw_rpd",
    "ikpa": "raw_ikpa",
}


@dataclass
class LoadRecord:
    """One row of audit_load (kinerja.metadata.audit describes each field)."""

    load_id: str
    run_id: str
    flow_run_id: str | None
    period: date
    kind: str
    shape: str | None
    file_name: str
    sha256: str
    rows_read: int | None
    rows_loaded: int
    gate_outcome: str
    n_errors: int
    n_warnings: int
    status: str
    started_at: datetime
    finished_at: datetime


@dataclass
class RunRecord:
    """One row of audit_run."""

    run_id: str
    flow_run_id: str | None
    period: date
    status: str
    gate_report: str | None
    code_version: str
    inputs_sha256: str | None
    lineage_sha256: str | None
    started_at: datetime
    finished_at: datetime
    rules_sha256: str | None = None      # the fiscal-year rule set the refresh used


@dataclass
class PeriodWrite:
    """Everything one period's refresh writes, applied in one transaction."""

    period: date
    run: RunRecord
    loads: list[LoadRecord] = field(default_factory=list)       # new loads only
    raw: list[tuple[str, str, pl.DataFrame]] = field(default_factory=list)  # (shape, load_id, frame)
    # (core table, rows, scope): scope None replaces the whole table (a reference master);
    # a column name replaces the rows whose column equals the period ("period", "effective_period")
    core: list[tuple[str, pl.DataFrame, str | None]] = field(default_factory=list)
    out: dict[str, pl.DataFrame] = field(default_factory=dict)   # the period's rows of out_* tables
    issues: list[tuple[str | None, Issue]] = field(default_factory=list)  # (load_id, issue)
    results: list[dict] = field(default_factory=list)            # audit_gate_result rows


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params).pl() if params else con.sql(sql).pl()


def deliveries(con: duckdb.DuckDBPyConnection, table: str, before: date) -> pl.DataFrame:
    """Rows of a per-delivery core table (core_rb, core_survei, core_iph) delivered in the
    same year before ``before``, with their ``period`` and ``load_id``."""
    return _frame(con, f"""SELECT * FROM {table} WHERE period < ? AND year(period) = year(?::DATE)
        ORDER BY ALL""", [before, before])


def previous_cumulative(con: duckdb.DuckDBPyConnection, period: date) -> pl.DataFrame | None:
    """Cumulative realisasi at the month before ``period`` and ``previous_file``, the landing file
    that brought it (gate messages name it); None if that month is not loaded."""
    prev = _frame(con, """
        SELECT c.kode_satker, c.kode_akun, c.realisasi_kumulatif, l.file_name AS previous_file
        FROM core_realisasi c
        LEFT JOIN (SELECT load_id, any_value(file_name) AS file_name FROM audit_load GROUP BY load_id) l
            USING (load_id)
        WHERE c.period = (DATE_TRUNC('month', ?::DATE) - INTERVAL 1 MONTH)::DATE
        ORDER BY ALL""", [period])
    loaded = con.execute("""SELECT count(*) FROM audit_run WHERE status = 'refreshed'
        AND period = (DATE_TRUNC('month', ?::DATE) - INTERVAL 1 MONTH)::DATE""", [period]).fetchall()[0][0]
    return prev if loaded else None


def pagu_in_force(con: duckdb.DuckDBPyConnection, period: date) -> tuple[pl.DataFrame, str, date] | None:
    """The latest DIPA delivery on or before ``period`` in the same fiscal year."""
    row = con.execute("""
        SELECT effective_period, any_value(load_id) FROM core_pagu
        WHERE effective_period <= ? AND year(effective_period) = year(?::DATE)
        GROUP BY effective_period ORDER BY effective_period DESC LIMIT 1""", [period, period]).fetchall()
    if not row:
        return None
    effective, load_id = row[0]
    frame = _frame(con, """SELECT kode_satker, kode_akun, pagu, blokir FROM core_pagu
        WHERE effective_period = ? ORDER BY ALL""", [effective])
    return frame, load_id, effective


def pagu_awal(con: duckdb.DuckDBPyConnection, period: date) -> pl.DataFrame | None:
    """The first DIPA delivery of ``period``'s fiscal year delivered before ``period``
    (kode_satker, kode_akun, pagu); None when the year has none yet."""
    frame = _frame(con, """SELECT kode_satker, kode_akun, pagu FROM core_pagu
        WHERE effective_period = (SELECT min(effective_period) FROM core_pagu
                                  WHERE effective_period < ? AND year(effective_period) = year(?::DATE))
        ORDER BY ALL""", [period, period])
    return frame if frame.height else None


def ikpa_history(con: duckdb.DuckDBPyConnection, period: date) -> pl.DataFrame:
    """The monthly IKPA estimates of ``period``'s fiscal year before it, per satker: ``kode_satker,
    bulan, penyerapan_nk_bulan, deviasi_bulan_pct`` (from out_ikpa_satker)."""
    return _frame(con, """SELECT kode_satker, month(period)::BIGINT AS bulan, penyerapan_nk_bulan,
               deviasi_bulan_pct FROM out_ikpa_satker
        WHERE period < ? AND year(period) = year(?::DATE) ORDER BY ALL""", [period, period])


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame,
            constants: dict[str, object] | None = None) -> None:
    """Append ``frame`` to ``table`` by column name, one bulk insert from Arrow (string views
    handed over without a copy); ``constants`` (column -> value, the same on every row: a load
    id, a period) are given to DuckDB as parameters, not written out on a million rows."""
    constants = constants or {}
    con.register("_frame", frame.drop(list(constants), strict=False).to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        extra = "".join(f", ? AS {name}" for name in constants)
        con.execute(f"INSERT INTO {table} BY NAME SELECT *{extra} FROM _frame",   # a finished result
                    list(constants.values())).fetchall()                          # frees the connection (DuckDB 2)
    finally:
        con.unregister("_frame")


def _audit(con: duckdb.DuckDBPyConnection, write: PeriodWrite) -> None:
    for load in write.loads:
        _insert(con, "audit_load", pl.DataFrame([asdict(load)]))
    _insert(con, "audit_run", pl.DataFrame([asdict(write.run)]))
    if write.issues:
        rows = [{"run_id": write.run.run_id, "load_id": load_id, "period": write.period,
                 "file_name": i.file, "row_number": i.row, "column_name": i.column, "rule": i.rule,
                 "severity": i.severity, "message": i.message} for load_id, i in write.issues]
        _insert(con, "audit_gate_issue", pl.DataFrame(rows, infer_schema_length=None))
    if write.results:
        _insert(con, "audit_gate_result", pl.DataFrame(write.results, infer_schema_length=None))


def apply_period(con: duckdb.DuckDBPyConnection, write: PeriodWrite) -> None:
    """Write one period's refresh atomically: raw appends, core and out replaces, audit.

    On any exception the transaction is rolled back and the working DB is as before.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        for shape, load_id, frame in write.raw:
            _insert(con, RAW_TABLE[shape], frame, {"load_id": load_id})
        for table, frame, scope in write.core:
            if scope is None:
                con.execute(f"DELETE FROM {table}")
            else:
                con.execute(f"DELETE FROM {table} WHERE {scope} = ?", [write.period])
            _insert(con, table, frame, {scope: write.period} if scope else None)
        if write.out:
            # every reporting table loses the period's rows, also one with nothing to show now
            for table in OUT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE period = ?", [write.period])
        for table, frame in write.out.items():
            if frame.height:
                _insert(con, table, frame, {"period": write.period})
        _audit(con, write)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def record_failure(con: duckdb.DuckDBPyConnection, write: PeriodWrite) -> None:
    """Record a period that did not pass: audit rows only, nothing in raw/core/out."""
    con.execute("BEGIN TRANSACTION")
    try:
        _audit(con, write)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def refreshed_periods(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Periods whose reporting rows are in the working DB."""
    return [r[0] for r in con.execute("SELECT DISTINCT period FROM out_budget_region ORDER BY 1").fetchall()]


def last_refresh(con: duckdb.DuckDBPyConnection, period: date) -> tuple[str, str] | None:
    """(lineage_sha256, code_version) of the refresh whose rows are in core for ``period``."""
    row = con.execute("""SELECT lineage_sha256, code_version FROM audit_run
        WHERE period = ? AND status = 'refreshed' ORDER BY finished_at DESC LIMIT 1""", [period]).fetchall()
    return (row[0][0], row[0][1]) if row else None


def record_run(con: duckdb.DuckDBPyConnection, run: RunRecord) -> None:
    """Record a run that changed nothing (a skipped, unchanged period)."""
    _insert(con, "audit_run", pl.DataFrame([asdict(run)]))


def known_loads(con: duckdb.DuckDBPyConnection, period: date, reference_kinds: tuple[str, ...]
                ) -> dict[tuple[str, str], str]:
    """(kind, sha256) -> the latest load that already brought these exact bytes.

    Reference kinds match on kind and bytes alone; monthly kinds also on the period they were
    delivered for. Reusing the load keeps raw_* free of duplicates and keeps lineage stable
    when a period is refreshed again from unchanged files.
    """
    rows = con.execute("""SELECT kind, sha256, load_id FROM audit_load
        WHERE status = 'loaded' AND (period = ? OR list_contains(?, kind))
        ORDER BY finished_at""", [period, list(reference_kinds)]).fetchall()
    return {(kind, sha): load_id for kind, sha, load_id in rows}
