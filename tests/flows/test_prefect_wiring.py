"""The Prefect wiring of the plain pipeline: task runs named by step and period, a failed gate
ending its own task Failed, flow runs named from their parameters. Runs against the session's
temporary Prefect server (prefect_test_harness)."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SAMPLE_LANDING

# one worker runs every test of the session's Prefect test server (it starts once)
pytestmark = pytest.mark.xdist_group("prefect_server")


def _runs(flow_run_id) -> tuple[str, dict[str, str]]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(flow_run_id)
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return flow_run.name, {t.name: t.state.type.value for t in tasks}


def test_a_two_period_run_names_each_task_by_step_and_period(prefect_server, tmp_path):
    from kinerja.flows.refresh import refresh

    state = refresh(period_from="2025-01", period_to="2025-02", landing=str(SAMPLE_LANDING),
                    home=str(tmp_path / "home"), return_state=True)
    assert state.is_completed()
    name, tasks = _runs(state.state_details.flow_run_id)
    assert name == "backfill-2025-01..2025-02"
    for period in ("2025-01", "2025-02"):
        for step in ("find", "read", "gate", "state", "derive", "gate-report", "write"):
            assert tasks[f"{step}-{period}"] == "COMPLETED"
    assert tasks["publish"] == "COMPLETED"
    assert len(tasks) == 2 * 7 + 1          # no task without its period but the one publish


def test_a_failing_gate_fails_its_own_task_and_writes_nothing(prefect_server, sample_home, landing_copy, tmp_path):
    from kinerja.flows.refresh import refresh

    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    path = landing_copy / "2025-05" / "realisasi.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(lines[2].split(",")[0], "999999", 1)      # a satker not in the master
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    state = refresh(period="2025-05", landing=str(landing_copy), home=str(home), return_state=True)
    assert state.is_failed() and "[satker.unknown]" in state.message
    name, tasks = _runs(state.state_details.flow_run_id)
    assert name == "refresh-2025-05"
    assert tasks["find-2025-05"] == tasks["read-2025-05"] == "COMPLETED"
    assert tasks["gate-2025-05"] == "FAILED"                       # the graph shows where
    assert tasks["record-failure-2025-05"] == "COMPLETED"
    assert not any(t.startswith(("write-", "derive-", "publish")) for t in tasks)
    # June depends on May and is already refreshed: it is not attempted after May failed
    assert not any(t.endswith("2025-06") for t in tasks)
