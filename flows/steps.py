"""The steps of one period's refresh, each a Prefect task at an I/O boundary.

Nothing domain-specific lives here: the domain is in transforms/, the rules in
expectations/, the storage in warehouse/. These functions decide the order and what is
handed from one room to the next.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from kinerja import expectations
from kinerja import readers
from kinerja import report
from kinerja.version import code_version
from kinerja.flows import indicators
from kinerja.issues import ExtractError, Issue
from kinerja.periods import Period
from kinerja.transforms import budget
from kinerja.warehouse import store
from kinerja.warehouse.home import Home
from kinerja.warehouse.publish import Published, publish

# Kinds a period cannot do without; every other known kind (pagu, rb, survei, iph, iku) is
# optional. Reference kinds come from <landing>/reference/ unless the period folder has one.
REQUIRED_KINDS = ("satker", "realisasi")
REFERENCE_KINDS = ("satker", "pk")


@dataclass
class RunContext:
    landing: Path
    home: Home
    con: duckdb.DuckDBPyConnection
    run_id: str
    flow_run_id: str | None
    over_pagu_fail_ratio: Decimal
    capaian_cap: float | None = None     # cap on indicator capaian_pct (configuration; None = no cap)


@dataclass
class Inputs:
    """The files of one period: found and hashed first, read into canonical frames after."""

    period: Period
    files: dict[str, list[Path]]
    sha256_by_file: dict[Path, str]
    extracts: dict[str, readers.Extract] = field(default_factory=dict)
    unreadable: list[tuple[str, Path, ExtractError]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """One hash over the period's own input files (kind, name and bytes)."""
        digest = hashlib.sha256()
        for kind in sorted(self.files):
            for path in sorted(self.files[kind]):
                digest.update(f"{kind}:{path.name}:{self.sha256_by_file[path]}\n".encode())
        return digest.hexdigest()

    def lineage_sha256(self, previous_lineage: str | None) -> str:
        """This period's inputs, everything the period before depended on, and the code."""
        text = f"{self.sha256}|{previous_lineage or ''}|{code_version()}"
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Outcome:
    period: Period
    status: str                       # refreshed | gate_failed | unreadable
    issues: list[Issue]
    gate_report: Path | None
    write: store.PeriodWrite | None = None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_id(kind: str, period: Period | None, sha256: str) -> str:
    """A loaded file's id: the same bytes of the same kind (and period) get the same id in
    every home, so reporting rows and their lineage compare equal across homes."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kinerja:{kind}:{period or 'reference'}:{sha256}"))


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _rel(landing: Path, path: Path) -> str:
    try:
        return str(path.relative_to(landing))
    except ValueError:
        return path.name


@task(name="find-extracts", cache_policy=NO_CACHE)
def find_inputs(landing: Path, period: Period) -> Inputs:
    """Find the period's files (and the reference master) and hash them; read nothing yet."""
    found = readers.discover(landing, str(period))
    files: dict[str, list[Path]] = {k: list(v) for k, v in found.items() if v}
    for kind in REFERENCE_KINDS:
        if not files.get(kind):
            files[kind] = readers.reference_files(landing, kind)[-1:]
        if not files[kind]:
            del files[kind]
    inputs = Inputs(period, files, {p: _sha256(p) for paths in files.values() for p in paths})
    folder = f"{period}/"
    for kind in sorted(set(files) | set(REQUIRED_KINDS)):
        required = kind in REQUIRED_KINDS
        paths = files.get(kind, [])
        if required and not paths:
            where = "reference/ or " + folder if kind == "satker" else folder
            inputs.issues.append(Issue(folder, "file.missing", f"no {kind} extract in {where}"))
        if len(paths) > 1:
            names = ", ".join(_rel(landing, p) for p in paths)
            inputs.issues.append(Issue(folder, "file.ambiguous",
                                       f"{len(paths)} {kind} extracts for one period ({names}); a corrected "
                                       f"delivery replaces the file it corrects: keep one"))
    return inputs


@task(name="read-extracts", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def read_inputs(landing: Path, inputs: Inputs) -> Inputs:
    """Read each found file into its canonical frame; collect every reader error."""
    for kind, paths in inputs.files.items():
        for path in paths[:1]:
            try:
                inputs.extracts[kind] = readers.read_extract(path, kind, landing=landing)
            except ExtractError as err:
                inputs.unreadable.append((kind, path, err))
                inputs.issues.extend(err.issues)
    return inputs


@task(name="gate", cache_policy=NO_CACHE)
def gate(ctx: RunContext, inputs: Inputs) -> tuple[expectations.GateResult, pl.DataFrame | None,
                                                   tuple[pl.DataFrame, str | None] | None]:
    """Gate 1 on each extract, then derive the month and run gate 2 on the reconciliation.

    Returns the combined result, the derived realisasi frame and the pagu in force with the
    load that brought it (None for a delivery in this very period: its load is new).
    """
    period = str(inputs.period)
    satker = inputs.extracts["satker"]
    codes = set(satker.data["kode_satker"].to_list())
    results = [expectations.gate_extract(e, period, codes) for e in inputs.extracts.values()]
    first = expectations.GateResult.combine(results)
    if not first.success:
        return first, None, None

    previous = budget.empty_cumulative()
    extra: list[Issue] = []
    if inputs.period.month > 1:
        prev = store.previous_cumulative(ctx.con, inputs.period.first_day)
        if prev is None:
            extra.append(Issue(f"{period}/", "previous.missing",
                               f"{inputs.period.previous()} is not loaded in this home; cumulative "
                               f"realisasi needs it. Refresh from January: kinerja run --from "
                               f"{inputs.period.year}-01 --to {period}"))
        else:
            previous = prev
    if "pagu" in inputs.extracts:
        pagu: tuple[pl.DataFrame, str | None] | None = (inputs.extracts["pagu"].data, None)
    else:
        found = store.pagu_in_force(ctx.con, inputs.period.first_day)
        pagu = (found[0], found[1]) if found else None
        if pagu is None:
            extra.append(Issue(f"{period}/", "pagu.missing",
                               f"no DIPA (pagu) delivered on or before {period} in {inputs.period.year}"))
    if extra:
        return expectations.GateResult.combine([first, expectations.GateResult.from_issues(period, extra)]), None, None

    realisasi = inputs.extracts["realisasi"]
    derived = budget.derive_realisasi(realisasi.data, realisasi.shape, previous)
    second = expectations.gate_budget(period, derived, pagu[0], realisasi.file, ctx.over_pagu_fail_ratio)
    return expectations.GateResult.combine([first, second, indicators.gate(ctx, inputs)]), derived, pagu


@task(name="gate-report", cache_policy=NO_CACHE)
def render_gate_report(ctx: RunContext, period: Period, result: expectations.GateResult | None,
                       issues: list[Issue]) -> Path:
    """Write the person-readable gate report (index.html + GX Data Docs) for this period."""
    out = ctx.home.gate_dir(str(period), ctx.run_id)
    if result is None:
        result = expectations.GateResult.from_issues(str(period), issues)
    return expectations.render_report([result], out, title=f"kinerja gate {period}")


def _load_record(ctx: RunContext, period: Period, kind: str, extract: readers.Extract | None, path: Path,
                 load_id: str, status: str, outcome: str, issues: list[Issue], started: datetime) -> store.LoadRecord:
    mine = [i for i in issues if i.file == (extract.file if extract else _rel(ctx.landing, path))]
    return store.LoadRecord(
        load_id=load_id, run_id=ctx.run_id, flow_run_id=ctx.flow_run_id, period=period.first_day,
        kind=kind, shape=extract.shape if extract else None, file_name=_rel(ctx.landing, path),
        sha256=extract.sha256 if extract else _sha256(path),
        rows_read=extract.data.height if extract else None,
        rows_loaded=extract.data.height if status == "loaded" else 0, gate_outcome=outcome,
        n_errors=sum(i.severity == "error" for i in mine), n_warnings=sum(i.severity == "warning" for i in mine),
        status=status, started_at=started, finished_at=_now())


def run_record(ctx: RunContext, inputs: Inputs, status: str, report: Path | None, started: datetime,
               lineage: str | None) -> store.RunRecord:
    return store.RunRecord(ctx.run_id, ctx.flow_run_id, inputs.period.first_day, status,
                           str(report) if report else None, code_version(), inputs.sha256, lineage, started, _now())


def _gate_rows(ctx: RunContext, period: Period, result: expectations.GateResult) -> list[dict]:
    return [{"run_id": ctx.run_id, "period": period.first_day, "suite": r.suite, "file_name": r.file,
             "success": r.success, "n_evaluated": r.evaluated, "n_failed": r.failed,
             "result_json": r.result_json} for r in result.results]


@task(name="record-failure", cache_policy=NO_CACHE)
def record_failure(ctx: RunContext, inputs: Inputs, result: expectations.GateResult | None,
                   report: Path, started: datetime) -> Outcome:
    """Audit a period that did not pass; raw, core and reporting tables stay untouched."""
    status = "unreadable" if inputs.unreadable else "gate_failed"
    issues = inputs.issues + (result.issues if result else [])
    write = store.PeriodWrite(inputs.period.first_day, run_record(ctx, inputs, status, report, started, None))
    for kind, paths in inputs.files.items():
        for path in paths[:1]:
            extract = inputs.extracts.get(kind)
            outcome = "unreadable" if extract is None else ("failed" if result and not result.success else "not_run")
            load = _load_record(ctx, inputs.period, kind, extract, path, str(uuid.uuid4()),
                                "unreadable" if extract is None else "gate_failed", outcome, issues, started)
            write.loads.append(load)
    by_file = {load.file_name: load.load_id for load in write.loads}
    write.issues = [(by_file.get(i.file), i) for i in issues]
    write.results = _gate_rows(ctx, inputs.period, result) if result else []
    store.record_failure(ctx.con, write)
    return Outcome(inputs.period, status, issues, report, write)


@task(name="write-period", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def write_period(ctx: RunContext, inputs: Inputs, result: expectations.GateResult, derived: pl.DataFrame,
                 pagu: tuple[pl.DataFrame, str | None], report: Path, started: datetime, lineage: str) -> Outcome:
    """Transform the gated period and write raw, core, reporting and audit in one transaction."""
    period = inputs.period
    write = store.PeriodWrite(period.first_day, run_record(ctx, inputs, "refreshed", report, started, lineage))
    load_ids: dict[str, str] = {}
    for kind, extract in inputs.extracts.items():
        reference = kind in REFERENCE_KINDS
        existing = store.find_load(ctx.con, kind, extract.sha256, None if reference else period.first_day)
        load_ids[kind] = existing or _load_id(kind, None if reference else period, extract.sha256)
        if existing is None:
            write.loads.append(_load_record(ctx, period, kind, extract, extract.path, load_ids[kind],
                                            "loaded", "passed", result.issues, started))
            columns = [c for c in extract.data.columns if c != "file_period"]
            write.raw.append((extract.shape, load_ids[kind], extract.data.select(columns)))
    satker = inputs.extracts["satker"].data.drop("source_row", "file_period", strict=False).with_columns(
        pl.lit(load_ids["satker"]).alias("load_id"))
    write.core.append(("core_satker", satker, None))
    pagu_frame, pagu_load = pagu
    if pagu_load is None:
        pagu_load = load_ids["pagu"]
        write.core.append(("core_pagu", pagu_frame.select("kode_satker", "kode_akun", "pagu", "blokir").with_columns(
            pl.lit(pagu_load).alias("load_id")), "effective_period"))
    write.core.append(("core_realisasi", derived.select(
        "kode_satker", "kode_akun", "realisasi_bulan", "realisasi_kumulatif", "has_negative_correction",
    ).with_columns(pl.lit(load_ids["realisasi"]).alias("load_id")), "period"))
    write.core.extend(indicators.core_rows(inputs, load_ids))
    lineage = [pl.lit(pagu_load).alias("pagu_load_id"), pl.lit(load_ids["realisasi"]).alias("realisasi_load_id"),
               pl.lit(load_ids["satker"]).alias("satker_load_id")]
    tables = budget.budget_tables(budget.akun_facts(pagu_frame, derived), satker)
    write.out = {name: frame.with_columns(lineage) for name, frame in tables.items()}
    write.out.update(indicators.out_tables(ctx, inputs, satker, load_ids))
    by_file = {e.file: load_ids[k] for k, e in inputs.extracts.items()}
    write.issues = [(by_file.get(i.file), i) for i in result.issues]
    write.results = _gate_rows(ctx, period, result)
    store.apply_period(ctx.con, write)
    return Outcome(period, "refreshed", result.issues, report, write)


@task(name="report", cache_policy=NO_CACHE)
def write_report(home: Home, period: Period) -> list[Path]:
    """The LKjIP section of a published period, in every format, under <home>/reports/."""
    written = report.build(home.published_db, str(period), out_dir=home.report_dir(str(period)))
    lines = [f"# kinerja report {period} ({period.label_id})", ""]
    lines += [f"- [{p.name}](file://{p})" for p in written]
    create_markdown_artifact(key="kinerja-report", markdown="\n".join(lines), description=f"LKjIP section {period}")
    return written


@task(name="publish", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def publish_reporting(ctx: RunContext) -> Published:
    """Swap a fresh copy of the reporting tables in for BI tools (audited by the publish)."""
    return publish(ctx.con, ctx.home.published_db, ctx.run_id, ctx.flow_run_id)
