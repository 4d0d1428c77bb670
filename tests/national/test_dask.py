"""The national flow on a real local Dask cluster of two worker processes, through Prefect's
Dask task runner: one task per region, and the same national content as the serial run."""

from __future__ import annotations

import os

import pytest

from tests.national.conftest import PERIODS

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("dask")]


def test_two_dask_workers_publish_what_the_serial_run_published(national_landing, national_home, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.testing.utilities import prefect_test_harness

    from kinerja.flows.national import national

    _, serial = national_home
    with prefect_test_harness(server_startup_timeout=120):
        state = national(landing=str(national_landing), home=str(tmp_path / "home"), parallel=2, **PERIODS,
                         return_state=True)
        assert state.is_completed(), state.message
        with get_client(sync_client=True) as client:
            tasks = {t.name: t.state.type.value for t in client.read_task_runs() if t.name.startswith("region-")}
            flows = {f.name for f in client.read_flow_runs()}
    result = state.result()
    assert result.published.content_sha256 == serial.published.content_sha256
    assert {r.kode_kanwil: r.periods for r in result.regions} == {r.kode_kanwil: r.periods for r in serial.regions}
    # each region ran in a Dask worker process of its own, not in this process
    workers = {r.worker.rsplit(":", 1)[1] for r in result.regions}
    assert len(workers) == 2 and str(os.getpid()) not in workers
    assert tasks == {"region-410001": "COMPLETED", "region-420001": "COMPLETED"}
    assert flows == {"national-2025-01..2025-01", "regions-2-at-once"}
