"""The deployments of prefect.yaml on a real Prefect server, with a real process worker.

Starts `prefect server start` on 127.0.0.1 on a free port with its own PREFECT_HOME,
creates the process work pool, deploys from prefect.yaml, starts a worker, runs the
`backfill` deployment (2025-01..2025-02) and then `monthly-refresh` for 2025-03 on the
sample into a temporary home (both set as the Prefect variables kinerja_landing and kinerja_home
before the deploy, as the README says), and checks the published database and the monthly
report. Every process it starts
is stopped by its PID (process group), also when the test fails, and the test checks that
none is left.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO
from kinerja.warehouse.db import connect_published

pytestmark = pytest.mark.integration

PREFECT = str(Path(sys.executable).parent / "prefect")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"prefect server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"prefect server at {url} not healthy after {timeout_s} s")


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
def prefect_env(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect_home"), PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false",
               PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port),
               # the worker looks for scheduled runs every second, not every 10 s
               PREFECT_WORKER_QUERY_SECONDS="1")
    return env, port


def _run(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([PREFECT, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"prefect {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def test_deployments_run_on_a_real_server_and_publish(prefect_env, tmp_path):
    env, port = prefect_env
    home = tmp_path / "home"
    started: list[subprocess.Popen] = []
    logs = tmp_path / "logs"
    logs.mkdir()
    try:
        server = subprocess.Popen([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, cwd=tmp_path, start_new_session=True,
                                  stdout=(logs / "server.log").open("w"), stderr=subprocess.STDOUT)
        started.append(server)
        _wait_healthy(env["PREFECT_API_URL"], server)
        _run(env, "work-pool", "create", "kinerja-process", "--type", "process")
        # where the installation keeps its landing and home: Prefect variables, read by the deploy
        _run(env, "variable", "set", "kinerja_landing", "data/sample/landing")
        _run(env, "variable", "set", "kinerja_home", str(home))
        _run(env, "--no-prompt", "deploy", "--all")
        worker = subprocess.Popen([PREFECT, "worker", "start", "--pool", "kinerja-process"],
                                  env=env, cwd=REPO, start_new_session=True,
                                  stdout=(logs / "worker.log").open("w"), stderr=subprocess.STDOUT)
        started.append(worker)

        backfill = {"period_from": "2025-01", "period_to": "2025-02"}
        _run(env, "deployment", "run", "kinerja-refresh/backfill", "--params", json.dumps(backfill),
             "--watch", "--watch-timeout", "400", timeout=420)
        monthly = {"period": "2025-03"}
        out = _run(env, "deployment", "run", "kinerja-monthly-refresh/monthly-refresh", "--params",
                   json.dumps(monthly), "--watch", "--watch-timeout", "400", timeout=420)
        assert "Completed" in out.stdout + out.stderr

        con = connect_published(home / "published" / "kinerja.duckdb")
        periods = [str(p)[:7] for (p,) in con.execute(
            "SELECT DISTINCT period FROM out_budget_region ORDER BY 1").fetchall()]
        flow_runs = {r[0] for r in con.execute("SELECT DISTINCT flow_run_id FROM out_load").fetchall()}
        con.close()
        assert periods == ["2025-01", "2025-02", "2025-03"]
        assert len(flow_runs) == 2 and None not in flow_runs   # lineage names both deployment runs
        # the monthly flow's report step wrote the period's LKjIP section after the publish
        written = {p.name for p in (home / "reports" / "2025-03").iterdir()}
        assert {"kinerja_2025-03.xlsx", "kinerja_2025-03.docx", "kinerja_2025-03.html", "kinerja_2025-03.md"} <= written
    finally:
        for proc in reversed(started):
            _stop(proc)
    time.sleep(1)
    assert _processes_with(env["PREFECT_HOME"]) == []
