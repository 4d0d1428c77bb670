"""Great Expectations plumbing: one cached context, one runner, result -> ``Issue`` conversion.

Every rule is a ``Check``: a GX expectation plus our rule id, severity and a message built
from the failing row. Frames reach GX through ``to_gx_frame`` (polars -> pandas with numpy
dtypes, see /work/shared/TRAPS.md); exact Decimal work happens in polars before that, so GX
only compares signs, sets and differences, which survive the float conversion exactly.
A GX result is never trusted on ``success`` alone: any ``exception_info`` that raised becomes
a ``gate.exception`` error.

What GX is handed is kept small, because GX copies nothing it is not given but fingerprints
everything it is (``hash_pandas_object`` + md5 of the whole frame, on every batch it builds):
only the columns the checks read go to pandas, and each validation runs through a
``ValidationDefinition``, which builds its batch once (``get_batch`` + ``Batch.validate``
built it twice). Measured on a national month (docs/benchmarks.md, "The gate").
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from typing import TYPE_CHECKING

import polars as pl

from kinerja.expectations.gx import gx
from kinerja.issues import GateFailed, Issue

if TYPE_CHECKING:
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.expectations import Expectation

# At most this many failing rows per expectation become Issues (and stay in the stored GX
# JSON); the rest are counted in one summary Issue. 200 rows is more than a person fixes
# before re-exporting a file, and keeps a report of a 250k-row broken file small.
MAX_ROWS_PER_CHECK = 200

GATE_EXCEPTION = "gate.exception"

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Check:
    """One rule as a GX expectation.

    ``message`` builds the sentence for one failing row (the full row of the validated
    polars frame, exact values); table-level expectations (no rows) use ``summary``.
    The Issue's column is ``column``, or the value of the field ``column_from`` of the row.
    """

    rule: str
    expectation: Expectation
    message: Callable[[Row], str]
    column: str | None = None
    column_from: str | None = None
    severity: str = "error"
    summary: str = ""
    # (flag column, source column, code list name): the flag "source value is in the named
    # code list" is computed in polars before GX runs. A value set of tens of thousands of
    # codes handed to GX is deep-copied on every configuration access (measured: 36 s of a
    # 39 s gate at 25,000 satker); a boolean flag costs nothing.
    membership: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class SuiteRun:
    """One GX validation: suite, file, counts, the issues it produced and its JSON result."""

    suite: str
    file: str
    period: str
    success: bool
    evaluated: int
    failed: int
    issues: tuple[Issue, ...]
    result_json: str


@dataclass(frozen=True)
class GateResult:
    """What a gate found. ``success`` means no error-severity issue (warnings allowed)."""

    period: str
    success: bool
    issues: list[Issue] = field(default_factory=list)
    results: list[SuiteRun] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    def raise_for_errors(self) -> None:
        """Raise ``GateFailed`` listing every error; do nothing when the gate passed."""
        if not self.success:
            raise GateFailed(self.issues, self.period)

    @classmethod
    def from_runs(cls, period: str, runs: Iterable[SuiteRun]) -> GateResult:
        runs = list(runs)
        issues = [i for r in runs for i in r.issues]
        ok = all(r.success for r in runs) and not any(i.severity == "error" for i in issues)
        return cls(period=period, success=ok, issues=issues, results=runs)

    @classmethod
    def from_issues(cls, period: str, issues: Iterable[Issue]) -> GateResult:
        """A result for problems found outside GX (a missing file, a month not yet loaded)."""
        issues = list(issues)
        return cls(period=period, success=not any(i.severity == "error" for i in issues), issues=issues)

    @classmethod
    def combine(cls, results: Iterable[GateResult]) -> GateResult:
        """Merge several gate results (e.g. every extract of a period) into one."""
        results = list(results)
        if not results:
            raise ValueError("nothing to combine")
        periods = {r.period for r in results}
        if len(periods) != 1:
            raise ValueError(f"cannot combine gate results of periods {sorted(periods)}")
        return cls(period=results[0].period, success=all(r.success for r in results),
                   issues=[i for r in results for i in r.issues],
                   results=[run for r in results for run in r.results])


@functools.cache
def _batch_definition() -> BatchDefinition:
    """The process-wide ephemeral context's whole-dataframe batch definition (built once)."""
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,  # offline servers; no telemetry
        progress_bars=ProgressBarsConfig(globally=False),
    )
    context = gx.get_context(project_config=config, mode="ephemeral")
    asset = context.data_sources.add_pandas("kinerja").add_dataframe_asset("frame")
    return asset.add_batch_definition_whole_dataframe("whole")


# The context's stores hold one suite and one ValidationDefinition per suite name, replaced by
# the next validation of that name: two threads of one process validate one after the other.
_GX_LOCK = threading.Lock()


# suite name -> (the suite's expectations as JSON, its ValidationDefinition). Registering a suite
# and its ValidationDefinition costs about 0,1 s (GX serialises both into its store), more than
# validating a small extract: a suite is registered again only when its expectations changed
# (another fiscal year's rules), so a process validating month after month registers each once.
_VALIDATIONS: dict[str, tuple[str, Any]] = {}


def _validation(name: str, expectations: list[Expectation]) -> Any:
    """The ValidationDefinition of the suite ``name`` with ``expectations`` over the
    whole-dataframe batch, stored in the ephemeral context under the suite's name (a suite of
    the same name with other expectations replaces the one before)."""
    key = json.dumps([e.dict() for e in expectations], sort_keys=True, default=str)
    cached = _VALIDATIONS.get(name)
    if cached is not None and cached[0] == key:
        return cached[1]
    batch_definition = _batch_definition()
    context = batch_definition.data_asset.datasource.data_context
    stored = context.suites.add_or_update(gx.ExpectationSuite(name=name, expectations=expectations))
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=name, data=batch_definition, suite=stored))
    _VALIDATIONS[name] = (key, validation)
    return validation


def _columns_read(checks: list[Check]) -> list[str]:
    """The frame's columns the checks' expectations read, in order of first use."""
    names: list[str] = []
    for check in checks:
        expectation = check.expectation
        for name in (getattr(expectation, "column", None), *(getattr(expectation, "column_list", None) or ())):
            if name and name not in names:
                names.append(name)
    return names


def to_gx_frame(frame: pl.DataFrame, checks: list[Check] | None = None) -> Any:
    """polars -> pandas at the GX boundary: the columns ``checks`` read (every column when
    None); Decimal columns become float64 (callers compare only signs, zero and differences
    computed exactly in polars), the rest numpy dtypes.

    The pandas index is the file's row number (``source_row``) where it names each row once,
    so GX's failing index values (and the Data Docs) are the rows a person sees in the file;
    otherwise it is the row position. Failing rows are found by index, never through
    ``unexpected_index_column_names``: GX looks those up row by row (62 s for 250,000 failing
    rows, against 0.1 s by index).
    """
    read = frame if checks is None else frame.select(c for c in _columns_read(checks) if c in frame.columns)
    decimals = [c for c, t in read.schema.items() if isinstance(t, pl.Decimal)]
    pdf = read.with_columns(pl.col(decimals).cast(pl.Float64)).to_pandas()
    if _by_source_row(frame):
        pdf.index = frame["source_row"].to_numpy()   # unnamed: a named index is looked up row by row
    return pdf


def _by_source_row(frame: pl.DataFrame) -> bool:
    return ("source_row" in frame.columns and frame["source_row"].null_count() == 0
            and frame["source_row"].n_unique() == frame.height)


def run_suite(
    suite_name: str,
    file: str,
    period: str,
    frame: pl.DataFrame,
    checks: list[Check],
    parameters: Mapping[str, Any] | None = None,
) -> SuiteRun:
    """Validate ``frame`` against ``checks`` in one GX call and convert the result."""
    expectations = [
        c.expectation.copy(update={"meta": {"rule": c.rule, "check": n}}) for n, c in enumerate(checks)
    ]
    try:
        batch = {"dataframe": to_gx_frame(frame, checks)}
        # First pass with the cheapest result format: most suites pass, and GX's per-expectation
        # cost halves without the row lists (2.3 s -> 1.2 s for a sample month's gate 1). A
        # suite where anything failed or raised is validated again for the first failing rows
        # and the count (SUMMARY: 0.3 s for 125,000 failing rows, where COMPLETE's full lists
        # took 2.8 s, and GX stores the result of every run).
        with _GX_LOCK:
            validation = _validation(suite_name, expectations)
            result = validation.run(batch_parameters=batch, result_format={"result_format": "BOOLEAN_ONLY"},
                                    expectation_parameters=dict(parameters or {}))
            if not all(evr.success and not _raised(evr.exception_info) for evr in result.results):
                result = validation.run(batch_parameters=batch, expectation_parameters=dict(parameters or {}),
                                        result_format={"result_format": "SUMMARY",
                                                       "partial_unexpected_count": MAX_ROWS_PER_CHECK})
    except Exception as exc:  # noqa: BLE001 - a crashing validation is a failed gate, not a pass
        issue = Issue(file, GATE_EXCEPTION, f"pemeriksaan {suite_name} gagal dijalankan "
                      f"({type(exc).__name__}: {exc}); ini bukan kesalahan isi file: laporkan ke pengelola kinerja")
        return SuiteRun(suite_name, file, period, False, len(checks), len(checks), (issue,), "{}")

    issues: list[Issue] = []
    failed = 0
    for evr in result.results:
        check = checks[evr.expectation_config.meta["check"]]
        res = evr.result if evr.result is not None else {}
        _truncate(res)  # before serialising: full lists of 250k rows cost ~30 s
        found = _issues_for(check, evr.success, evr.exception_info, res, file, frame)
        failed += bool(found) or not evr.success
        issues.extend(found)
    payload = result.to_json_dict()
    # GX's own success is False on a failed warning-severity expectation and blind to
    # exceptions: every failed expectation became an Issue above, so errors decide.
    success = not any(i.severity == "error" for i in issues)
    return SuiteRun(
        suite_name, file, period, success, len(checks), failed, tuple(issues), json.dumps(payload)
    )


def _raised(exception_info: Mapping[str, Any] | None) -> str | None:
    """The exception message if GX raised, in either of its two ``exception_info`` shapes."""
    if not exception_info:
        return None
    infos = [exception_info] if "raised_exception" in exception_info else exception_info.values()
    messages = [str(i.get("exception_message")) for i in infos if i.get("raised_exception")]
    return "; ".join(messages) or None


def _issues_for(
    check: Check, success: bool | None, exception_info: Mapping[str, Any] | None,
    res: Mapping[str, Any], file: str, frame: pl.DataFrame,
) -> list[Issue]:
    raised = _raised(exception_info)
    if raised is not None:
        return [Issue(file, GATE_EXCEPTION, f"{check.rule}: Great Expectations gagal menjalankan pemeriksaan: "
                      f"{raised}", column=check.column)]
    if success:
        return []
    index_rows = res.get("partial_unexpected_index_list") or []
    if not index_rows:
        return [Issue(file, check.rule, check.summary or check.rule, column=check.column,
                      severity=check.severity)]
    rows = _lookup(frame, index_rows[:MAX_ROWS_PER_CHECK])
    issues = [
        Issue(
            file,
            check.rule,
            check.message(row),
            row=row.get("source_row"),
            column=row[check.column_from] if check.column_from else check.column,
            severity=check.severity,
        )
        for row in rows
    ]
    total = res.get("unexpected_count") or len(index_rows)
    if total > MAX_ROWS_PER_CHECK:
        issues.append(Issue(
            file, check.rule,
            f"{total} baris melanggar aturan ini; hanya {MAX_ROWS_PER_CHECK} baris pertama yang ditampilkan",
            column=check.column, severity=check.severity,
        ))
    return issues


def _lookup(frame: pl.DataFrame, index_values: list[Any]) -> list[dict]:
    """Full polars rows (exact values) for GX's failing index values, in GX's order."""
    values = [_plain(v) for v in index_values]
    if _by_source_row(frame):
        keys = pl.DataFrame({"source_row": values}, schema={"source_row": frame.schema["source_row"]})
        return keys.join(frame, on="source_row", how="left", maintain_order="left").to_dicts()
    return frame.select(pl.all().gather(values)).to_dicts()


def _plain(value: Any) -> Any:
    """numpy scalars -> Python; NaN (pandas' null) -> None."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def _truncate(res: dict[str, Any]) -> None:
    """Keep at most MAX_ROWS_PER_CHECK failing values per list (``unexpected_count`` stays)."""
    for key in ("unexpected_list", "unexpected_index_list", "partial_unexpected_list",
                "partial_unexpected_index_list", "partial_unexpected_counts"):
        if isinstance(res.get(key), list) and len(res[key]) > MAX_ROWS_PER_CHECK:
            res[key] = res[key][:MAX_ROWS_PER_CHECK]
    res.pop("unexpected_index_query", None)  # a pandas snippet listing every failing index
