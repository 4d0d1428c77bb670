"""The national flow: each region of a national landing refreshed as a Prefect task on Dask.

``national`` (the ``kinerja national`` command and the ``national`` deployment) runs
:func:`kinerja.pipeline.national.refresh_national`, passing it a fan-out that runs the
``regions`` subflow on Prefect's :class:`prefect_dask.DaskTaskRunner`: a temporary local
cluster of ``parallel`` single-threaded worker processes by default, or the scheduler at
``dask_address`` (``tcp://host:8786``), so the same flow runs on a multi-node cluster. At most
``parallel`` regions run at once either way (the default is ``KINERJA_NATIONAL_PARALLEL``, else 2).

Each region is one task (``region-410001``) that runs the region's whole refresh with the
plain core in a Dask worker; a region that fails ends its task Failed, named with its first
rule and its gate report, and the other regions go on. The national publish runs in the flow
after every region has finished. Tasks stay in the tens (one per region, not per step), which
keeps Prefect's own bookkeeping small at 34 regions (TRAPS.md, Prefect).
"""

from __future__ import annotations

import os
from decimal import Decimal

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.states import Failed, State
from prefect_dask import DaskTaskRunner

from kinerja.flows.refresh import NoLocation, _where
from kinerja.pipeline import Settings
from kinerja.pipeline import national as plain

PARALLEL_ENV = "KINERJA_NATIONAL_PARALLEL"


def default_parallel() -> int:
    """Regions at once when none is given: ``KINERJA_NATIONAL_PARALLEL``, else 2."""
    value = os.environ.get(PARALLEL_ENV, "2")
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{PARALLEL_ENV} must be a whole number of regions >= 1, got {value!r}")
    return int(value)


def task_runner(dask_address: str | None, parallel: int) -> DaskTaskRunner:
    """The scheduler at ``dask_address``, else a local cluster of ``parallel`` worker processes
    with one thread each (a region's DuckDB and polars use the worker's cores themselves)."""
    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": parallel, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})


@task(name="region", task_run_name="region-{region.kode_kanwil}", cache_policy=NO_CACHE)
def refresh_region(region: plain.RegionTask) -> plain.RegionOutcome | State:
    """One region's refresh in a Dask worker; Failed (with the outcome as its data) when the
    region failed, so the graph shows which."""
    outcome = plain.refresh_region(region)
    if outcome.status != "published":
        return Failed(message=f"kinerja: region {outcome.kode_kanwil} {outcome.status} at {outcome.failed_period}: "
                              f"{outcome.message} (report: {outcome.gate_report})", data=outcome)
    return outcome


@flow(name="kinerja-national-regions", flow_run_name="regions-{parallel}-at-once")
def regions(tasks: list[plain.RegionTask], parallel: int) -> list[plain.RegionOutcome]:
    """Submit the regions, never more than ``parallel`` at once; their outcomes as they finish."""
    logger = get_run_logger()
    queue, running, outcomes = list(tasks), [], []
    while queue or running:
        while queue and len(running) < parallel:
            running.append(refresh_region.submit(queue.pop(0)))
        done = next(as_completed(running))
        running.remove(done)
        outcome = done.result(raise_on_failure=False)
        logger.info("region %s %s (%.1f s on %s, peak %.0f MB)", outcome.kode_kanwil, outcome.status,
                    outcome.seconds, outcome.worker, outcome.peak_rss_mb)
        outcomes.append(outcome)
    return outcomes


def _flow_run_name() -> str:
    params = flow_run.parameters
    span = params.get("period") or f"{params.get('period_from') or 'first'}..{params.get('period_to') or 'last'}"
    return f"national-{span}"


@flow(name="kinerja-national", flow_run_name=_flow_run_name, validate_parameters=True)
def national(
    period: str | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
    landing: str | None = None,
    home: str | None = None,
    force: bool = False,
    dask_address: str | None = None,
    parallel: int | None = None,
    over_pagu_fail_ratio: str | None = None,
    capaian_cap: float | None = None,
    lock_timeout_s: float = 900.0,
    keep: int = 5,
) -> plain.NationalResult | State:
    """Refresh every region of a national landing on Dask and publish the national file once;
    the run ends Failed when a region failed (the others are published, the region marked missing).
    ``landing`` and ``home`` default to ``KINERJA_LANDING`` / ``KINERJA_HOME`` (the work pool's job
    variables), as for the regional deployments."""
    try:
        landing, home = _where(landing, home)
    except NoLocation as err:
        return Failed(message=str(err))
    width = parallel or default_parallel()
    runner = task_runner(dask_address, width)

    def on_dask(tasks: list[plain.RegionTask]) -> list[plain.RegionOutcome]:
        return regions.with_options(task_runner=runner)(tasks, width)

    settings = Settings(Decimal(over_pagu_fail_ratio) if over_pagu_fail_ratio else None, capaian_cap)
    try:
        return plain.refresh_national(landing, home, period, period_from, period_to, force, settings, keep,
                                      lock_timeout_s, flow_run.id, on_dask)
    except plain.RegionsFailed as err:
        return Failed(message=str(err), data=err)
