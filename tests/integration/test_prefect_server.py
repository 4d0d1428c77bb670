"""The deployments of prefect.yaml on a real Prefect server, with a real process worker.

Uses the session's Prefect server (``prefect_server``: a server process of its own, with a
temporary database). As the README says for an installation, it creates the process work pool
and sets the Prefect variables kinerja_landing and kinerja_home (here through the API client),
starts ``prefect worker start`` (a process of its own) and, while the worker starts, deploys
from prefect.yaml with ``prefect deploy --all`` through Prefect's in-process CLI runner (the
command's code in this process, which has Prefect imported already).
The home starts as an operator's would: January..May refreshed. The `backfill` deployment
re-runs April..May (forced: they reuse their recorded gate verdicts) and `monthly-refresh` runs
June, the month that arrives, which the worker's flow run gates. The published database, its
lineage and the monthly report are checked. The worker is stopped by its PID (process group),
also when the test fails, and the test checks that none of its processes is left.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from kinerja.warehouse.db import connect_published

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("prefect_server")]

PREFECT = str(Path(sys.executable).parent / "prefect")


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process group (a process worker needs two), then SIGKILL what is left."""
    for sig in (signal.SIGTERM, signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(proc.pid, signal.SIGKILL)   # children of an exited leader
    except ProcessLookupError:
        pass


def _processes_with(marker: str) -> list[int]:
    """PIDs whose environment mentions ``marker`` (our private PREFECT_HOME)."""
    found = []
    for env in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in env.read_bytes():
                found.append(int(env.parent.name))
        except OSError:
            continue
    return [pid for pid in found if pid != os.getpid()]


@pytest.fixture
def prefect_env(prefect_server, tmp_path) -> dict:
    """The environment of the processes this test starts: the session's server, a private
    PREFECT_HOME (how the test finds its processes again), the worker polling every second."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect_home"), PREFECT_API_URL=prefect_server,
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_WORKER_QUERY_SECONDS="1")
    return env


def _prefect_cli(*args: str) -> str:
    """``prefect <args>`` through Prefect's in-process CLI runner, from the repository root
    (where prefect.yaml is), against this process's server; its output."""
    from prefect.testing.cli import CycloptsCliRunner

    result = CycloptsCliRunner().invoke(list(args))
    assert result.exit_code == 0, f"prefect {' '.join(args)} failed ({result.exit_code}):\n{result.output[-3000:]}"
    return result.output


def _run_deployment(client, name: str, parameters: dict, timeout_s: float = 400) -> tuple[str, str]:
    """Run a deployment now (what ``prefect deployment run`` does) and wait for its end:
    (flow run id, final state type)."""
    deployment = client.read_deployment_by_name(name)
    flow_run = client.create_flow_run_from_deployment(deployment.id, parameters=parameters)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = client.read_flow_run(flow_run.id).state
        if state is not None and state.is_final():
            return str(flow_run.id), state.type.value
        time.sleep(1)
    raise AssertionError(f"{name}: flow run {flow_run.id} not finished after {timeout_s} s")


def test_deployments_run_on_a_real_server_and_publish(prefect_env, before_june, tmp_path, monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import VariableCreate, WorkPoolCreate
    from prefect.workers.process import ProcessWorker

    env = prefect_env
    home = tmp_path / "home"
    shutil.copytree(before_june, home)
    logs = tmp_path / "logs"
    logs.mkdir()
    worker = None
    try:
        with get_client(sync_client=True) as client:
            client.create_work_pool(WorkPoolCreate(name="kinerja-process", type="process",
                                                   base_job_template=ProcessWorker.get_default_base_job_template()))
            # where the installation keeps its landing and home: Prefect variables, read by the deploy
            client.create_variable(VariableCreate(name="kinerja_landing", value="data/sample/landing"))
            client.create_variable(VariableCreate(name="kinerja_home", value=str(home)))
            worker = subprocess.Popen([PREFECT, "worker", "start", "--pool", "kinerja-process"],
                                      env=env, cwd=REPO, start_new_session=True,
                                      stdout=(logs / "worker.log").open("w"), stderr=subprocess.STDOUT)
            monkeypatch.chdir(REPO)
            deployed = _prefect_cli("--no-prompt", "deploy", "--all")
            assert all(f"'{name}' successfully created" in deployed for name in (
                "kinerja-monthly-refresh/monthly-refresh", "kinerja-refresh/backfill")), deployed[-3000:]
            backfill = _run_deployment(client, "kinerja-refresh/backfill",
                                       {"period_from": "2025-04", "period_to": "2025-05", "force": True})
            monthly = _run_deployment(client, "kinerja-monthly-refresh/monthly-refresh", {"period": "2025-06"})
        assert (backfill[1], monthly[1]) == ("COMPLETED", "COMPLETED"), (logs / "worker.log").read_text()[-3000:]

        con = connect_published(home / "published" / "kinerja.duckdb")
        periods = [str(p)[:7] for (p,) in con.execute(
            "SELECT DISTINCT period FROM out_budget_region ORDER BY 1").fetchall()]
        runs = dict(con.execute("""SELECT flow_run_id, run_id FROM out_publish_history WHERE flow_run_id IS NOT NULL
            UNION ALL SELECT flow_run_id, run_id FROM publish_info""").fetchall())
        written_by = dict(con.execute("SELECT strftime(period, '%Y-%m'), run_id FROM publish_period").fetchall())
        june_loads = {r[0] for r in con.execute(
            "SELECT DISTINCT flow_run_id FROM out_load WHERE period = DATE '2025-06-01'").fetchall()}
        con.close()
        assert periods == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
        # the lineage names the deployment run that wrote each period (January..March: the plain runs)
        assert set(runs) == {backfill[0], monthly[0]}
        assert {p: r for p, r in written_by.items() if p >= "2025-04"} == {
            "2025-04": runs[backfill[0]], "2025-05": runs[backfill[0]], "2025-06": runs[monthly[0]]}
        assert runs[backfill[0]] not in {written_by[p] for p in ("2025-01", "2025-02", "2025-03")}
        assert june_loads == {monthly[0]}
        # the monthly flow's report step wrote the period's LKjIP section after the publish
        written = {p.name for p in (home / "reports" / "2025-06").iterdir()}
        assert {"kinerja_2025-06.xlsx", "kinerja_2025-06.docx", "kinerja_2025-06.html", "kinerja_2025-06.md"} <= written
    finally:
        if worker is not None:
            _stop(worker)
    time.sleep(1)
    assert _processes_with(env["PREFECT_HOME"]) == []
