"""The period's writes: the gate report, the audit of a failure, and the one transaction that
applies a passed period (raw appends, core and reporting replaces, audit rows)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from kinerja import expectations
from kinerja.issues import Issue
from kinerja.periods import Period
from kinerja.pipeline.derive import Derived
from kinerja.files import file_sha256
from kinerja.pipeline.inputs import Inputs
from kinerja.version import code_version
from kinerja.warehouse import store
from kinerja.warehouse.home import Home


@dataclass(frozen=True)
class RunInfo:
    """Who is writing: one run (its id, the Prefect flow run if any) into one home."""

    run_id: str
    flow_run_id: str | None
    landing: Path
    home: Home


def now() -> datetime:
    return datetime.now(timezone.utc)


def render_gate_report(run: RunInfo, period: Period, result: expectations.GateResult) -> Path:
    """Write the person-readable gate report (index.html + GX Data Docs) for this period."""
    return expectations.render_report([result], run.home.gate_dir(str(period), run.run_id),
                                      title=f"kinerja gate {period}")


def run_record(run: RunInfo, inputs: Inputs, status: str, report: Path | None, started: datetime,
               lineage: str | None, rules_sha256: str | None = None) -> store.RunRecord:
    return store.RunRecord(run.run_id, run.flow_run_id, inputs.period.first_day, status,
                           str(report) if report else None, code_version(), inputs.sha256,
                           lineage, started, now(), rules_sha256)


def _load_record(run: RunInfo, inputs: Inputs, kind: str, path: Path, load_id: str, status: str, outcome: str,
                 issues: list[Issue], started: datetime) -> store.LoadRecord:
    extract = inputs.extracts.get(kind)
    file_name = inputs.display(path)
    mine = [i for i in issues if i.file == (extract.file if extract else file_name)]
    return store.LoadRecord(
        load_id=load_id, run_id=run.run_id, flow_run_id=run.flow_run_id, period=inputs.period.first_day,
        kind=kind, shape=extract.shape if extract else None, file_name=file_name,
        sha256=extract.sha256 if extract else inputs.sha256_by_file.get(path) or file_sha256(path),
        rows_read=extract.data.height if extract else None,
        rows_loaded=extract.data.height if status == "loaded" else 0, gate_outcome=outcome,
        n_errors=sum(i.severity == "error" for i in mine), n_warnings=sum(i.severity == "warning" for i in mine),
        status=status, started_at=started, finished_at=now())


def _gate_rows(run: RunInfo, period: Period, result: expectations.GateResult) -> list[dict]:
    return [{"run_id": run.run_id, "period": period.first_day, "suite": r.suite, "file_name": r.file,
             "success": r.success, "n_evaluated": r.evaluated, "n_failed": r.failed,
             "result_json": r.result_json} for r in result.results]


def record_skipped(con: duckdb.DuckDBPyConnection, run: RunInfo, inputs: Inputs, started: datetime,
                   lineage: str) -> None:
    """Audit a period that was unchanged since its last refresh."""
    store.record_run(con, run_record(run, inputs, "skipped", None, started, lineage))


def failure_status(inputs: Inputs) -> str:
    """A failed period's status: ``unreadable`` (a file could not be read) or ``gate_failed``."""
    return "unreadable" if inputs.unreadable else "gate_failed"


def record_failure(con: duckdb.DuckDBPyConnection, run: RunInfo, inputs: Inputs,
                   result: expectations.GateResult, report: Path, started: datetime) -> None:
    """Audit a period that did not pass; raw, core and reporting tables stay untouched."""
    status = failure_status(inputs)
    write = store.PeriodWrite(inputs.period.first_day, run_record(run, inputs, status, report, started, None))
    for kind, paths in inputs.files.items():
        for path in paths[:1]:
            read = kind in inputs.extracts
            outcome = "unreadable" if not read else ("failed" if result.results and not result.success else "not_run")
            write.loads.append(_load_record(run, inputs, kind, path, str(uuid.uuid4()),
                                            "gate_failed" if read else "unreadable", outcome, result.issues, started))
    by_file = {load.file_name: load.load_id for load in write.loads}
    write.issues = [(by_file.get(i.file), i) for i in result.issues]
    write.results = _gate_rows(run, inputs.period, result)
    store.record_failure(con, write)


def write_period(con: duckdb.DuckDBPyConnection, run: RunInfo, inputs: Inputs, derived: Derived, report: Path,
                 started: datetime, lineage: str, rules_sha256: str) -> store.PeriodWrite:
    """Write the gated, derived period in one transaction: raw, core, reporting and audit."""
    period = inputs.period
    write = store.PeriodWrite(period.first_day,
                              run_record(run, inputs, "refreshed", report, started, lineage, rules_sha256))
    for kind in derived.new_loads:
        extract = inputs.extracts[kind]
        write.loads.append(_load_record(run, inputs, kind, extract.path, derived.load_ids[kind], "loaded", "passed",
                                        derived.result.issues, started))
        columns = [c for c in extract.data.columns if c != "file_period"]
        write.raw.append((extract.shape, derived.load_ids[kind], extract.data.select(columns)))
    write.core = list(derived.core)
    write.out = dict(derived.out)
    by_file = {e.file: derived.load_ids[k] for k, e in inputs.extracts.items()}
    write.issues = [(by_file.get(i.file), i) for i in derived.result.issues]
    write.results = _gate_rows(run, period, derived.result)
    store.apply_period(con, write)
    return write
