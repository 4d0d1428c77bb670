"""Load a local Prefect server and count what its database does under it.

    python benchmarks/prefect_server_db.py [--clients 4] [--tasks 200] [--rounds 3]
        [--database-url postgresql+asyncpg://user:pass@127.0.0.1:5432/prefect]

Starts `prefect server start` on 127.0.0.1 (SQLite in a temporary PREFECT_HOME unless
--database-url is given), then runs `rounds` times `clients` processes at once, each one flow
run with `tasks` trivial tasks (a busy month: every refresh, backfill and report of several
homes hitting one server). Prints per round the wall time, the slowest flow run, failed
client processes, and the server log's 'database is locked' / 503 count. Stops the server by
its PID. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PREFECT = str(Path(sys.executable).parent / "prefect")

CLIENT = r"""
import sys, time
from prefect import flow, task

@task
def step(i: int) -> int:
    return i * 2

@flow
def busy(n: int) -> int:
    return sum(step(i) for i in range(n))

t = time.perf_counter()
busy(int(sys.argv[1]))
print(time.perf_counter() - t)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", help="PREFECT_API_DATABASE_CONNECTION_URL (default: SQLite)")
    args = parser.parse_args(argv)
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(PREFECT_HOME=tmp, PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false")
        if args.database_url:
            env["PREFECT_API_DATABASE_CONNECTION_URL"] = args.database_url
        log = Path(tmp) / "server.log"
        server = subprocess.Popen([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, start_new_session=True, stdout=log.open("w"), stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    urllib.request.urlopen(f"{env['PREFECT_API_URL']}/health", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit(f"server did not start:\n{log.read_text()[-3000:]}") from None
                    time.sleep(0.5)
            db = "postgresql" if args.database_url else "sqlite"
            print(f"database={db} clients={args.clients} tasks/flow={args.tasks}")
            print(f"{'round':>5} {'wall s':>8} {'slowest flow s':>15} {'failed clients':>15} {'locked/503 in log':>18}")
            for n in range(1, args.rounds + 1):
                start = time.perf_counter()
                procs = [subprocess.Popen([sys.executable, "-c", CLIENT, str(args.tasks)], env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                         for _ in range(args.clients)]
                outs = [p.communicate(timeout=900) for p in procs]
                wall = time.perf_counter() - start
                times = [float(o[0].strip().splitlines()[-1]) for p, o in zip(procs, outs, strict=True)
                         if p.returncode == 0 and o[0].strip()]
                failed = sum(p.returncode != 0 for p in procs)
                text = log.read_text(errors="replace")
                locked = text.count("database is locked") + text.count(" 503 ")
                print(f"{n:>5} {wall:>8.1f} {max(times, default=float('nan')):>15.1f} {failed:>15} {locked:>18}",
                      flush=True)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
