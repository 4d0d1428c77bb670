"""The national flow on a real local Dask cluster of two worker processes, through Prefect's
Dask task runner: one task per region, and the same national content as the serial run.

The run is a forced re-run of January on a copy of the serial run's national home: each Dask
worker reads, derives and writes its region again (reusing the gate verdict recorded for the
same inputs; gating is tested on the serial path), and the national file is published from
what the workers wrote."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.national.conftest import PERIODS

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("prefect_server")]


def test_two_dask_workers_publish_what_the_serial_run_published(prefect_server, national_landing, national_home,
                                                                 tmp_path):
    from prefect.client.orchestration import get_client

    from kinerja.flows.national import national

    serial_home, serial = national_home
    home = tmp_path / "home"
    shutil.copytree(serial_home, home)
    state = national(landing=str(national_landing), home=str(home), parallel=2, force=True, **PERIODS,
                     return_state=True)
    assert state.is_completed(), state.message
    with get_client(sync_client=True) as client:    # this test alone runs national flows on the server
        tasks = {t.name: t.state.type.value for t in client.read_task_runs() if t.name.startswith("region-")}
        flows = {f.name for f in client.read_flow_runs() if f.name.startswith(("national-", "regions-"))}
    result = state.result()
    assert result.published.content_sha256 == serial.published.content_sha256
    assert result.published.publish_id != serial.published.publish_id          # published again, from the workers
    assert {r.kode_kanwil: r.periods for r in result.regions} == {r.kode_kanwil: r.periods for r in serial.regions}
    # each region ran in a Dask worker process of its own, not in this process
    workers = {r.worker.rsplit(":", 1)[1] for r in result.regions}
    assert len(workers) == 2 and str(os.getpid()) not in workers
    assert tasks == {"region-410001": "COMPLETED", "region-420001": "COMPLETED"}
    assert flows == {"national-2025-01..2025-01", "regions-2-at-once"}
