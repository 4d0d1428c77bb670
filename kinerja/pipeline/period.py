"""One period end to end, and a range of periods under the home's lock: plain functions.

``run_period`` reads, gates, loads the period's warehouse state once, derives, gates again
and writes one transaction; ``refresh`` orders periods, adds the later months that depend on
them, and publishes once. Neither knows Prefect: each step goes through a ``step`` callable
(``step(name, fn, *args)``) that by default just calls ``fn``; the Prefect flows pass one that
runs the step as a task named after it (``gate-2025-06``).
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kinerja import expectations, faults
from kinerja.issues import GateFailed, Issue
from kinerja.periods import Period, period_range
from kinerja.pipeline import apply
from kinerja.pipeline.derive import Derived, Settings, derive, gate_extracts
from kinerja.pipeline.inputs import Inputs, find_inputs, read_inputs
from kinerja.pipeline.state import load_lineage, load_period_state, load_verdict
from kinerja.warehouse import store
from kinerja.warehouse.db import connect_working
from kinerja.warehouse.home import Home
from kinerja.warehouse.publish import Published, behind, clean_leftovers, period_contents, publish, repair_audit

REGION_TZ = ZoneInfo("Asia/Makassar")
_PERIOD_DIR = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

Step = Callable[..., Any]


def direct(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    """The default step runner: call the step."""
    return fn(*args)


def hooked(step: Step) -> Step:
    """``step`` with the named instants ``before:<step>`` and ``after:<step>`` of
    :mod:`kinerja.faults` around each call (what the crash tests stop a run at)."""
    def run(name: str, fn: Callable[..., Any], *args: Any) -> Any:
        faults.point(f"before:{name}")
        value = step(name, fn, *args)
        faults.point(f"after:{name}")
        return value
    return run


def step_failure(value: Any) -> str | None:
    """Why a step's value means the step failed (the period cannot go on), else None."""
    if isinstance(value, expectations.GateResult) and not value.success:
        errors = value.errors
        return f"{len(errors)} rule violation(s); first: {errors[0]}" if errors else "gate failed"
    if isinstance(value, Inputs):
        errors = [i for i in value.issues if i.severity == "error"]
        if errors:
            return f"{len(errors)} file problem(s); first: {errors[0]}"
    return None


@dataclass
class Outcome:
    period: Period
    status: str                       # refreshed | skipped | gate_failed | unreadable | passed (dry run)
    issues: list[Issue]
    gate_report: Path | None
    seconds: float = 0.0


@dataclass
class RefreshResult:
    periods: dict[str, str]                  # period -> refreshed | skipped | gate_failed | unreadable
    published: str | None                    # path of the published DB, if a publish happened
    content_sha256: str | None
    gate_reports: dict[str, str]             # period -> gate report index.html (none for skipped periods)
    outcomes: list[Outcome] = field(default_factory=list)
    run_id: str = ""
    published_periods: tuple[str, ...] = ()
    rewritten: tuple[str, ...] = ()          # the periods the publish wrote (the others kept from the served file)
    notes: list[str] = field(default_factory=list)   # what the run found and repaired (leftovers, a lagging publish)


class RefreshFailed(GateFailed):
    """A period failed; earlier periods of the range were refreshed and published."""

    def __init__(self, outcome: Outcome, result: RefreshResult):
        self.period = str(outcome.period)
        self.result = result
        self.gate_report = outcome.gate_report
        super().__init__(outcome.issues, f"{outcome.period} ({outcome.status}; report: {outcome.gate_report})")


def run_period(con, run: apply.RunInfo, period: Period, settings: Settings, force: bool = False,
               step: Step = direct, dry_run: bool = False) -> Outcome:
    """Refresh one period in the working DB ``con``; publish nothing.

    Skipped when its files, the period before, the rules and the code are unchanged since its
    last refresh (unless ``force``). A forced refresh of an unchanged period derives and writes
    again but takes the gate's verdict from the refresh of the same lineage (the same inputs
    and code validate the same way) unless ``settings.revalidate``. A period that fails is audited and
    leaves raw, core and reporting tables as they were. ``dry_run`` checks the period (every
    gate, against the warehouse state) and writes nothing to the database: ``con`` may be
    read-only; the gate report is still written under the home.
    """
    started, clock = apply.now(), time.perf_counter()
    name = str(period)
    step = hooked(step)
    rules = settings.rules(period.year)
    inputs = step(f"find-{name}", find_inputs, run.landing, period)
    lineage_state = load_lineage(con, period)
    lineage = inputs.lineage_sha256(lineage_state.previous, rules.sha256)
    if not (force or dry_run) and not inputs.issues and lineage_state.last == lineage:
        apply.record_skipped(con, run, inputs, started, lineage)
        return Outcome(period, "skipped", [], None, time.perf_counter() - clock)
    if not inputs.issues:
        inputs = step(f"read-{name}", read_inputs, inputs)
    result = expectations.GateResult.from_issues(name, inputs.issues)
    derived: Derived | None = None
    verdict = None
    if result.success and not (settings.revalidate or dry_run) and lineage_state.last == lineage:
        verdict = step(f"verdict-{name}", load_verdict, con, period, lineage)
    if verdict is not None:
        result = verdict
    elif result.success:
        result = step(f"gate-{name}", gate_extracts, period, inputs.extracts, rules)
    if result.success:
        state = step(f"state-{name}", load_period_state, con, period)
        derived = step(f"derive-{name}", derive, period, inputs.extracts, state, rules, verdict is None)
        result = expectations.GateResult.combine([result, derived.result])
        derived.result = result
    report = step(f"gate-report-{name}", apply.render_gate_report, run, period, result)
    if not result.success:
        status = apply.failure_status(inputs)
        if not dry_run:
            step(f"record-failure-{name}", apply.record_failure, con, run, inputs, result, report, started)
        return Outcome(period, status, result.issues, report, time.perf_counter() - clock)
    if dry_run:
        return Outcome(period, "passed", result.issues, report, time.perf_counter() - clock)
    step(f"write-{name}", apply.write_period, con, run, inputs, derived, report, started, lineage, rules.sha256)
    return Outcome(period, "refreshed", result.issues, report, time.perf_counter() - clock)


def landing_periods(landing: Path) -> list[str]:
    """The ``YYYY-MM`` folders present under the landing root, in order."""
    if not landing.is_dir():
        raise ValueError(f"landing folder {landing} does not exist")
    return sorted(d.name for d in landing.iterdir() if d.is_dir() and _PERIOD_DIR.match(d.name))


def resolve_periods(landing: Path, period: str | None, period_from: str | None,
                    period_to: str | None) -> list[Period]:
    """The periods a run covers: one, a range, or (none given) every period in the landing."""
    if period and (period_from or period_to):
        raise ValueError("give either a period or a range (from/to), not both")
    if period:
        return [Period.parse(period)]
    available = landing_periods(landing)
    if not available and not (period_from and period_to):
        raise ValueError(f"no period folders (YYYY-MM) under {landing}")
    start = Period.parse(period_from) if period_from else Period.parse(available[0])
    end = Period.parse(period_to) if period_to else Period.parse(available[-1])
    return period_range(start, end)


def previous_month(now: datetime | None = None) -> Period:
    """The month before ``now`` (default: the current time) in the region's time zone."""
    local = (now or datetime.now(timezone.utc)).astimezone(REGION_TZ)
    return Period(local.year, local.month).previous()


def with_dependents(periods: list[Period], refreshed: list[Period]) -> list[Period]:
    """Add the later periods of the same fiscal year that are already refreshed in the home.

    Their cumulative and monthly figures continue from the requested ones, so a corrected
    month re-computes them too; each is skipped if nothing it depends on changed (its lineage
    chains the month before's).
    """
    last = periods[-1]
    return periods + [p for p in refreshed if p > last and p.year == last.year]


def refresh(periods: list[Period], landing: Path, home: Home, settings: Settings | None = None,
            force: bool = False, lock_timeout_s: float = 900.0, flow_run_id: str | None = None,
            step: Step = direct, progress: Callable[[int, int, Outcome], None] | None = None,
            keep: int = 5) -> RefreshResult:
    """Refresh ``periods`` in order under the home's lock; publish once at the end; keep the
    gate reports of the last ``keep`` runs of each period and the last ``keep`` run logs.

    The first period that fails stops the range: it is named, later periods are left as they
    were, earlier ones are published, and :class:`RefreshFailed` is raised with the result.
    """
    settings = settings or Settings()
    run = apply.RunInfo(str(uuid.uuid4()), flow_run_id, Path(landing), home)
    result = RefreshResult({}, None, None, {}, run_id=run.run_id)
    failed: Outcome | None = None
    with home.lock(lock_timeout_s):
        # Only the lock holder may clean: another run's copy in progress is never touched.
        for path in clean_leftovers(home.published_db):
            result.notes.append(f"removed a temporary publish file left by a stopped run: {path.name}")
        con = connect_working(home.working_db)
        try:
            repaired = repair_audit(con, home.published_db)
            if repaired:
                result.notes.append(repaired)
            refreshed = [Period(d.year, d.month) for d in store.refreshed_periods(con)]
            todo = with_dependents(list(periods), refreshed)
            upstream_changed = False
            for n, period in enumerate(todo, start=1):
                # A later month is forced only when a month before it in this run changed its
                # rows; otherwise its lineage decides (unchanged: skipped).
                forced = force and (period in periods or upstream_changed)
                before = period_contents(con, "main", (str(period),)).get(str(period)) if forced else None
                outcome = run_period(con, run, period, settings, forced, step)
                if outcome.status == "refreshed":
                    upstream_changed = upstream_changed or not forced or (
                        period_contents(con, "main", (str(period),)).get(str(period)) != before)
                result.periods[str(period)] = outcome.status
                result.outcomes.append(outcome)
                if outcome.gate_report:
                    result.gate_reports[str(period)] = str(outcome.gate_report)
                if progress:
                    progress(n, len(todo), outcome)
                if outcome.status not in ("refreshed", "skipped"):
                    failed = outcome
                    break
            lagging = None if any(o.status == "refreshed" for o in result.outcomes) else behind(con, home.published_db)
            if lagging:
                result.notes.append(f"{lagging}: republishing")
            if lagging or any(o.status == "refreshed" for o in result.outcomes):
                published: Published = step("publish", publish, con, home.published_db, run.run_id, flow_run_id)
                result.published = str(published.path)
                result.content_sha256 = published.content_sha256
                result.published_periods = published.periods
                result.rewritten = published.rewritten
        finally:
            con.close()
            home.prune(keep)
    if failed is not None:
        raise RefreshFailed(failed, result)
    return result


def refresh_landing(landing: Path | str, home: Path | str, period: str | None = None, period_from: str | None = None,
                    period_to: str | None = None, force: bool = False, settings: Settings | None = None,
                    lock_timeout_s: float = 900.0, flow_run_id: str | None = None, step: Step = direct,
                    progress: Callable[[int, int, Outcome], None] | None = None, keep: int = 5) -> RefreshResult:
    """:func:`refresh` of ``period`` (or ``period_from``..``period_to``, or every landed period)
    of a landing folder into a home folder: what ``kinerja run`` and the flows do."""
    landing_dir = Path(landing).resolve()
    periods = resolve_periods(landing_dir, period, period_from, period_to)
    return refresh(periods, landing_dir, Home(Path(home).resolve()), settings, force, lock_timeout_s, flow_run_id,
                   step, progress, keep)
