"""The refresh flow: one period, or a range of periods in order inside one flow run."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows import steps
from flows.summary import publish_artifact
from kinerja.issues import GateFailed
from kinerja.periods import Period, period_range
from warehouse.db import connect_working
from warehouse.home import Home

DEFAULT_OVER_PAGU_FAIL_RATIO = "1.10"
_PERIOD_DIR = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class RefreshResult:
    periods: dict[str, str]          # period -> status
    published: str | None            # path of the published DB, if a publish happened
    content_sha256: str | None
    gate_reports: dict[str, str]     # period -> gate report index.html


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
    over_pagu_fail_ratio: str = DEFAULT_OVER_PAGU_FAIL_RATIO,
    lock_timeout_s: float = 900.0,
) -> RefreshResult:
    """Refresh ``period`` (or ``period_from``..``period_to``, or every landed period) in order.

    Each period goes read -> gate 1 -> derive -> gate 2 -> one transaction; the reporting
    tables are published once at the end, with every period that passed. The first period
    that fails stops the range: later periods are left as they were, the failure is named.
    """
    logger = get_run_logger()
    landing_dir, home_obj = Path(landing).resolve(), Home(Path(home).resolve())
    periods = resolve_periods(landing_dir, period, period_from, period_to)
    run_id = str(uuid.uuid4())
    logger.info("run %s: %d period(s) %s..%s, landing %s, home %s", run_id, len(periods), periods[0],
                periods[-1], landing_dir, home_obj.root)
    statuses: dict[str, str] = {}
    reports: dict[str, str] = {}
    failed: steps.Outcome | None = None
    published = None
    with home_obj.lock(lock_timeout_s):
        con = connect_working(home_obj.working_db)
        try:
            ctx = steps.RunContext(landing_dir, home_obj, con, run_id, flow_run.id,
                                   Decimal(over_pagu_fail_ratio))
            outcomes = []
            for p in periods:
                outcome = _refresh_one(ctx, p)
                outcomes.append(outcome)
                statuses[str(p)] = outcome.status
                reports[str(p)] = str(outcome.gate_report)
                if outcome.status != "refreshed":
                    failed = outcome
                    logger.error("%s %s: %d error(s); report %s", p, outcome.status,
                                 sum(i.severity == "error" for i in outcome.issues), outcome.gate_report)
                    break
                logger.info("%s refreshed (%d warning(s))", p, len(outcome.issues))
            if any(o.status == "refreshed" for o in outcomes):
                published = steps.publish_reporting(ctx)
                logger.info("published %s (periods %s)", published.path, ",".join(published.periods))
            publish_artifact(ctx, outcomes, published)
        finally:
            con.close()
    result = RefreshResult(statuses, str(published.path) if published else None,
                           published.content_sha256 if published else None, reports)
    if failed is not None:
        raise RefreshFailed(failed.period, failed, result)
    return result


def _refresh_one(ctx: steps.RunContext, period: Period) -> steps.Outcome:
    started = datetime.now(timezone.utc)
    inputs = steps.read_inputs(ctx.landing, period)
    if inputs.issues:
        report = steps.render_gate_report(ctx, period, None, inputs.issues)
        return steps.record_failure(ctx, inputs, None, report, started)
    result, derived, pagu = steps.gate(ctx, inputs)
    report = steps.render_gate_report(ctx, period, result, [])
    if not result.success:
        return steps.record_failure(ctx, inputs, result, report, started)
    return steps.write_period(ctx, inputs, result, derived, pagu, report, started)
