"""A temporary Prefect server for one CLI run (``kinerja run --prefect temporary``) that never
outlives the CLI.

Prefect's own ephemeral server is a ``uvicorn`` subprocess stopped by an ``atexit`` hook: when
the CLI is killed (SIGKILL of its PID alone) the hook never runs and the server stays up,
orphaned. Here the server is started with the parent-death signal set (Linux
``PR_SET_PDEATHSIG``): the kernel sends it SIGKILL the moment the CLI ends, however it ends.
(Elsewhere only the CLI's ``finally`` stops it.)

Nothing here imports Prefect: the start is measured from the CLI and bounded by a time-out
(:class:`ServerStartTimeout`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

PR_SET_PDEATHSIG = 1


class ServerStartTimeout(RuntimeError):
    """The temporary Prefect server did not answer within the time allowed."""


def _die_with_parent() -> None:  # runs in the child between fork and exec
    os.setsid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def temporary_server(log_file: Path, timeout_s: float) -> Iterator[str]:
    """Start a Prefect API server on a free local port; yield its API URL; stop it on exit.

    Its output goes to ``log_file``. Raises :class:`ServerStartTimeout` (the server stopped)
    when ``/api/health`` does not answer within ``timeout_s`` seconds."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    env.pop("PREFECT_API_URL", None)
    with log_file.open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, preexec_fn=_die_with_parent)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise ServerStartTimeout(f"the temporary Prefect server exited with status {proc.returncode} "
                                         f"before answering (log: {log_file})")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() >= deadline:
                raise ServerStartTimeout(f"the temporary Prefect server did not start within {timeout_s:g} s "
                                         f"(log: {log_file}); nothing was changed")
            time.sleep(0.1)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
