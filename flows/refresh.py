"""The Prefect flows: thin wrappers that run the plain pipeline with each step as a task.

- ``refresh``: the CLI's ``kinerja run`` / ``kinerja backfill`` and the ``backfill`` deployment;
- ``monthly_refresh``: the scheduled deployment; its period defaults, at run time, to the
  month before today in Asia/Makassar (WITA), and it writes the LKjIP section afterwards.

What a period needs and in which order is decided in :mod:`kinerja.pipeline`; here each
step becomes a task named with its step and period (``gate-2025-06``), a step whose value
says the period failed (a gate that said no, an unreadable file) ends its task Failed, and
only steps at I/O boundaries that a second try can fix are retried.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Failed, State

from kinerja import pipeline
from kinerja.flows.summary import home_key, publish_artifact, report_artifact
from kinerja.periods import Period, ignored_note, landing_folders
from kinerja.warehouse.home import Home

# Reading files and swapping the published file can meet a passing condition (a file still
# being copied, a reader holding the old file on some systems); the period's write is one
# transaction that would fail the same way again, and gates are deterministic.
RETRIES = {"find": 1, "read": 1, "publish": 1}
_FAILED_BY_DATA = "kinerja: "


def _retry_on_error(task, task_run, state) -> bool:
    """Retry a step that raised, never one whose data failed (it would fail the same way)."""
    return not (state.message or "").startswith(_FAILED_BY_DATA)


def _as_task(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Run one pipeline step as a Prefect task run called ``name`` (``read-2025-06``)."""
    kind = re.sub(r"-\d{4}-\d{2}$", "", name)

    def body(*call_args: Any) -> Any:
        value = fn(*call_args)
        why = pipeline.step_failure(value)
        return Failed(message=_FAILED_BY_DATA + why, data=value) if why else value

    runner = task(body, name=kind, task_run_name=name, cache_policy=NO_CACHE, retries=RETRIES.get(kind, 0),
                  retry_delay_seconds=2, retry_condition_fn=_retry_on_error)
    state = runner(*args, return_state=True)
    if state.is_failed() and (state.message or "").startswith(_FAILED_BY_DATA):
        return state.result(raise_on_failure=False)
    return state.result()


class NoLocation(ValueError):
    """A deployment run that was told neither where the landing nor where the home is."""


def _where(landing: str | None, home: str | None) -> tuple[str, str]:
    """The landing and home of a run: the parameters, else the environment the work pool's job
    variables give the worker's process (``KINERJA_LANDING``, ``KINERJA_HOME``; prefect.yaml
    fills them from the Prefect variables ``kinerja_landing`` and ``kinerja_home``). There is
    no default: a deployment must never refresh the shipped sample by accident."""
    found = {"landing": landing or os.environ.get("KINERJA_LANDING"), "home": home or os.environ.get("KINERJA_HOME")}
    missing = [name for name, value in found.items() if not value]
    if missing:
        raise NoLocation(" ".join(
            f"No {name} given: pass the {name} parameter, or set the Prefect variable kinerja_{name} and deploy "
            f"again (prefect.yaml gives it to the run as the job variable env.KINERJA_{name.upper()})."
            for name in missing))
    return found["landing"], found["home"]


def _run(landing: str | None, home: str | None, periods: dict[str, str | None], force: bool,
         settings: pipeline.Settings, lock_timeout_s: float, keep: int = 5) -> pipeline.RefreshResult | State:
    logger = get_run_logger()
    try:
        landing, home = _where(landing, home)
    except NoLocation as err:
        return Failed(message=str(err))
    ignored = landing_folders(Path(landing))[1] if Path(landing).is_dir() else []
    if ignored:
        logger.warning(ignored_note(ignored))
    span = periods.get("period") or f"{periods.get('period_from') or 'first'}..{periods.get('period_to') or 'last'}"
    progress_id = create_progress_artifact(0.0, key=f"kinerja-progress-{home_key(Home(Path(home).resolve()))}",
                                           description=f"kinerja {span}, {home}")

    def progress(n: int, total: int, outcome: pipeline.Outcome) -> None:
        update_progress_artifact(progress_id, 100.0 * n / total)
        logger.info("[%d/%d] %s %s (%.1f s, %d issue(s))", n, total, outcome.period, outcome.status,
                    outcome.seconds, len(outcome.issues))

    try:
        result = pipeline.refresh_landing(landing, home, **periods, force=force, settings=settings,
                                          lock_timeout_s=lock_timeout_s, flow_run_id=flow_run.id, step=_as_task,
                                          progress=progress, keep=keep)
    except pipeline.RefreshFailed as err:
        if ignored:
            err.result.notes.insert(0, ignored_note(ignored))
        publish_artifact(err.result, Home(Path(home).resolve()))
        return Failed(message=str(err), data=err)
    if ignored:
        result.notes.insert(0, ignored_note(ignored))
    publish_artifact(result, Home(Path(home).resolve()))
    return result


def _settings(over_pagu_fail_ratio: str | None, capaian_cap: float | None, revalidate: bool = False
              ) -> pipeline.Settings:
    return pipeline.Settings(Decimal(over_pagu_fail_ratio) if over_pagu_fail_ratio else None, capaian_cap,
                             revalidate=revalidate)


def _flow_run_name() -> str:
    params = flow_run.parameters
    if params.get("period"):
        return f"refresh-{params['period']}"
    if params.get("period_from") or params.get("period_to"):
        return f"backfill-{params.get('period_from') or 'first'}..{params.get('period_to') or 'last'}"
    return "refresh-all-landed"


@flow(name="kinerja-refresh", flow_run_name=_flow_run_name, validate_parameters=True)
def refresh(
    period: str | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
    landing: str | None = None,
    home: str | None = None,
    force: bool = False,
    over_pagu_fail_ratio: str | None = None,
    capaian_cap: float | None = None,
    lock_timeout_s: float = 900.0,
    keep: int = 5,
    revalidate: bool = False,
) -> pipeline.RefreshResult | State:
    """Refresh ``period`` (or ``period_from``..``period_to``, or every landed period) in order
    and publish once; a failing period ends the run Failed, naming every broken rule.
    ``force`` reuses the gate verdict recorded for unchanged inputs; ``revalidate`` gates again.
    ``landing`` and ``home`` default to ``KINERJA_LANDING`` / ``KINERJA_HOME`` (the work pool's
    job variables); with neither the run fails, naming what to set."""
    return _run(landing, home, {"period": period, "period_from": period_from, "period_to": period_to}, force,
                _settings(over_pagu_fail_ratio, capaian_cap, revalidate), lock_timeout_s, keep)


@flow(name="kinerja-monthly-refresh",
      flow_run_name=lambda: f"monthly-{flow_run.parameters.get('period') or pipeline.previous_month()}")
def monthly_refresh(
    period: str | None = None,
    landing: str | None = None,
    home: str | None = None,
    over_pagu_fail_ratio: str | None = None,
    capaian_cap: float | None = None,
    lock_timeout_s: float = 900.0,
) -> pipeline.RefreshResult | State:
    """The scheduled run: ``period`` or, when none is given, the previous month (WITA).

    After a successful publish it writes the period's LKjIP section (xlsx, docx, html, md)
    under ``<home>/reports/<period>/`` and links it from the run's ``kinerja-report`` artifact.
    """
    target = Period.parse(period) if period else pipeline.previous_month()
    outcome = _run(landing, home, {"period": str(target)}, False, _settings(over_pagu_fail_ratio, capaian_cap),
                   lock_timeout_s)
    if isinstance(outcome, pipeline.RefreshResult):
        write_report(Home(Path(_where(landing, home)[1]).resolve()), target)
    return outcome


@task(name="report", task_run_name="report-{period}", cache_policy=NO_CACHE)
def write_report(home: Home, period: Period) -> list[Path]:
    """The LKjIP section of a published period, in every format, under <home>/reports/."""
    from kinerja import report

    written = report.build(home.published_db, str(period), out_dir=home.report_dir(str(period)))
    report_artifact(period, written)
    return written


def drain_to_server(timeout_s: float = 10.0) -> None:
    """Send the logs and events still queued in this process to the API: a caller that stops
    a temporary server after the flow run calls this first (else Prefect reports, at exit,
    that it could not log to the API)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=timeout_s)
    EventsWorker.drain_all(timeout=timeout_s)
