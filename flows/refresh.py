"""The refresh flows: one period, or a range of periods in order inside one flow run.

- ``refresh``: the CLI's ``kinerja run`` / ``kinerja backfill`` and the ``backfill`` deployment;
- ``monthly_refresh``: the scheduled deployment; its period defaults, at run time, to the
  month before today in Asia/Makassar (WITA).

Both put periods through one implementation, :func:`run_periods`.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.runtime import flow_run
from prefect.states import Failed, State

from kinerja.flows import steps
from kinerja.flows.summary import publish_artifact
from kinerja.issues import GateFailed
from kinerja.periods import Period, period_range
from kinerja.warehouse import store
from kinerja.warehouse.db import connect_working
from kinerja.warehouse.home import Home

DEFAULT_OVER_PAGU_FAIL_RATIO = "1.10"
REGION_TZ = ZoneInfo("Asia/Makassar")
_PERIOD_DIR = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class RefreshResult:
    periods: dict[str, str]          # period -> refreshed | skipped | gate_failed | unreadable
    published: str | None            # path of the published DB, if a publish happened
    content_sha256: str | None
    gate_reports: dict[str, str]     # period -> gate report index.html (none for skipped periods)


class RefreshFailed(GateFailed):
    """A period failed; earlier periods of the range were refreshed and published."""

    def __init__(self, period: Period, outcome: steps.Outcome, result: RefreshResult):
        self.period = str(period)
        self.result = result
        self.gate_report = outcome.gate_report
        super().__init__(outcome.issues, f"{period} ({outcome.status}; report: {outcome.gate_report})")


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


def _with_dependents(periods: list[Period], refreshed: list[Period]) -> list[Period]:
    """Add the later periods of the same fiscal year that are already refreshed in the home.

    Their cumulative and monthly figures continue from the requested ones, so a corrected
    month re-computes them too (each is skipped again if nothing it depends on changed).
    """
    last = periods[-1]
    later = [p for p in refreshed if p > last and p.year == last.year]
    return periods + later


def run_periods(periods: list[Period], landing: Path, home: Home, force: bool,
                over_pagu_fail_ratio: Decimal, lock_timeout_s: float,
                capaian_cap: float | None = None) -> RefreshResult | RefreshFailed:
    """Refresh ``periods`` in order under the home's lock; publish once at the end.

    A period whose input files, whose earlier periods and whose code are unchanged since it
    was last refreshed is skipped unless ``force``. The first period that fails stops the
    run: it is named, later periods are left as they were, earlier ones are published; the
    failure is returned (not raised) so the flow can end in a Failed state without a traceback.
    """
    logger = get_run_logger()
    run_id = str(uuid.uuid4())
    statuses: dict[str, str] = {}
    reports: dict[str, str] = {}
    failed: steps.Outcome | None = None
    published = None
    with home.lock(lock_timeout_s):
        con = connect_working(home.working_db)
        try:
            ctx = steps.RunContext(landing, home, con, run_id, flow_run.id, over_pagu_fail_ratio, capaian_cap)
            refreshed = [Period(d.year, d.month) for d in store.refreshed_periods(con)]
            periods = _with_dependents(periods, refreshed)
            logger.info("run %s: %d period(s) %s..%s, landing %s, home %s%s", run_id, len(periods), periods[0],
                        periods[-1], landing, home.root, " (forced)" if force else "")
            progress = create_progress_artifact(0.0, description=f"kinerja {periods[0]}..{periods[-1]}")
            outcomes = []
            for n, p in enumerate(periods, start=1):
                outcome = _refresh_one(ctx, p, force)
                statuses[str(p)] = outcome.status
                if outcome.gate_report:
                    reports[str(p)] = str(outcome.gate_report)
                update_progress_artifact(progress, 100.0 * n / len(periods))
                if outcome.status == "skipped":
                    logger.info("[%d/%d] %s unchanged since its last refresh: skipped", n, len(periods), p)
                    continue
                outcomes.append(outcome)
                if outcome.status != "refreshed":
                    failed = outcome
                    logger.error("[%d/%d] %s %s: %d error(s); report %s; later periods left as they were",
                                 n, len(periods), p, outcome.status,
                                 sum(i.severity == "error" for i in outcome.issues), outcome.gate_report)
                    break
                logger.info("[%d/%d] %s refreshed (%d warning(s))", n, len(periods), p, len(outcome.issues))
            if any(o.status == "refreshed" for o in outcomes):
                published = steps.publish_reporting(ctx)
                logger.info("published %s (periods %s)", published.path, ",".join(published.periods))
            publish_artifact(ctx, outcomes, published)
        finally:
            con.close()
    result = RefreshResult(statuses, str(published.path) if published else None,
                           published.content_sha256 if published else None, reports)
    if failed is not None:
        return RefreshFailed(failed.period, failed, result)
    return result


def _final(outcome: RefreshResult | RefreshFailed) -> RefreshResult | State:
    """A failed period ends the flow run in a Failed state whose message lists every broken
    rule; the caller of the flow gets the RefreshFailed raised."""
    if isinstance(outcome, RefreshFailed):
        return Failed(message=str(outcome), data=outcome)
    return outcome


def _refresh_one(ctx: steps.RunContext, period: Period, force: bool) -> steps.Outcome:
    started = datetime.now(timezone.utc)
    inputs = steps.find_inputs(ctx.landing, period)
    before = store.last_refresh(ctx.con, period.previous().first_day) if period.month > 1 else None
    lineage = inputs.lineage_sha256(before[0] if before else None)
    last = store.last_refresh(ctx.con, period.first_day)
    if not force and not inputs.issues and last is not None and last[0] == lineage:
        store.record_run(ctx.con, steps.run_record(ctx, inputs, "skipped", None, started, lineage))
        return steps.Outcome(period, "skipped", [], None)
    inputs = steps.read_inputs(ctx.landing, inputs)
    if inputs.issues:
        report = steps.render_gate_report(ctx, period, None, inputs.issues)
        return steps.record_failure(ctx, inputs, None, report, started)
    result, derived, pagu = steps.gate(ctx, inputs)
    report = steps.render_gate_report(ctx, period, result, [])
    if not result.success:
        return steps.record_failure(ctx, inputs, result, report, started)
    return steps.write_period(ctx, inputs, result, derived, pagu, report, started, lineage)


def _flow_run_name() -> str:
    params = flow_run.parameters
    if params.get("period"):
        return f"refresh-{params['period']}"
    return f"refresh-{params.get('period_from') or 'first'}-to-{params.get('period_to') or 'last'}"


@flow(name="kinerja-refresh", flow_run_name=_flow_run_name, validate_parameters=True)
def refresh(
    period: str | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
    landing: str = "data/sample/landing",
    home: str = ".kinerja",
    force: bool = False,
    over_pagu_fail_ratio: str = DEFAULT_OVER_PAGU_FAIL_RATIO,
    capaian_cap: float | None = None,
    lock_timeout_s: float = 900.0,
) -> RefreshResult | State:
    """Refresh ``period`` (or ``period_from``..``period_to``, or every landed period) in order.

    Each period goes read -> gate 1 -> derive -> gate 2 -> one transaction; the reporting
    tables are published once at the end, with every period that passed.
    """
    landing_dir = Path(landing).resolve()
    periods = resolve_periods(landing_dir, period, period_from, period_to)
    return _final(run_periods(periods, landing_dir, Home(Path(home).resolve()), force,
                              Decimal(over_pagu_fail_ratio), lock_timeout_s, capaian_cap))


@flow(name="kinerja-monthly-refresh",
      flow_run_name=lambda: f"monthly-{flow_run.parameters.get('period') or previous_month()}")
def monthly_refresh(
    period: str | None = None,
    landing: str = "data/sample/landing",
    home: str = ".kinerja",
    over_pagu_fail_ratio: str = DEFAULT_OVER_PAGU_FAIL_RATIO,
    capaian_cap: float | None = None,
    lock_timeout_s: float = 900.0,
) -> RefreshResult | State:
    """The scheduled run: ``period`` or, when none is given, the previous month (WITA).

    After a successful publish it writes the period's LKjIP section (xlsx, docx, html, md)
    under ``<home>/reports/<period>/`` and links it from the run's ``kinerja-report`` artifact.
    """
    target = Period.parse(period) if period else previous_month()
    home_obj = Home(Path(home).resolve())
    outcome = run_periods([target], Path(landing).resolve(), home_obj, False, Decimal(over_pagu_fail_ratio),
                          lock_timeout_s, capaian_cap)
    if not isinstance(outcome, RefreshFailed):
        steps.write_report(home_obj, target)
    return _final(outcome)
