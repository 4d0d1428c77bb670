"""Shared fixtures. Domain and end-to-end tests run the plain pipeline (kinerja.pipeline, no
Prefect); the tests of the Prefect wiring, the deployments on a worker and the Dask flow share
one Prefect server per session (``prefect_server``: prefect_test_harness, about 25 s of CPU to
start, most of it creating its database).

The suite runs on every core and one worker more (pytest-xdist, ``-n auto`` in pyproject.toml,
see ``pytest_xdist_auto_num_workers``). Tests that use the Prefect server form one group, so
one worker starts it; the longest tests (those that start real services or subprocesses, then
the slow end-to-end ones) are handed out first, so no worker is left with one long test at the
end, and those that need no shared home before those that do. The homes the tests read
(``before_june``, ``sample_home``) are built once per session for every worker, the second from
a copy of the first. The project's packages are byte-compiled once before the workers start.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_LANDING = REPO / "data" / "sample" / "landing"
SEED_FACTS = REPO / "data" / "seed_facts"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: one worker more than the CPUs this process may use. A worker regularly waits
    on processes it started (a Prefect worker and its flow runs, forked ``kinerja`` runs, BI
    readers, a Dask cluster), and the extra worker fills those waits: on this project's 2-core
    machine 3 workers left 20 s of CPU idle where 2 left 40 s, and the suite ended 3-8 s sooner
    in paired runs. ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still decides when set (xdist's own rule)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return len(os.sched_getaffinity(0)) + 1


# The project's own packages, as the processes the tests start import them.
PACKAGES = ("kinerja", "readers", "transforms", "expectations", "warehouse", "flows", "report", "tests")


def pytest_configure(config: pytest.Config) -> None:
    """Byte-compile the project's packages once, before any worker starts. This environment sets
    ``PYTHONDONTWRITEBYTECODE=1``, so no process writes ``__pycache__``, and every process the
    suite starts (the xdist workers, the fork server, Prefect's flow-run processes, Dask workers,
    the ``kinerja`` subprocesses) compiled the kinerja modules it imports again from source: about
    1 s of CPU for one that imports the pipeline, the flows and the report (11,1 s instead of
    12,2 s with Great Expectations and Prefect). ``compileall`` writes only what is stale (it is
    what ``pip install`` does for a non-editable install); a process that finds a current
    ``.pyc`` reads it."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    import compileall

    for package in PACKAGES:
        compileall.compile_dir(str(REPO / package), quiet=2)


def _weight(item: pytest.Item) -> int:
    if item.get_closest_marker("integration"):
        return 0
    if "prefect_server" in getattr(item, "fixturenames", ()):
        return 1
    if item.get_closest_marker("slow"):
        return 2
    return 3


# Homes built once per session behind a lock (``built_once``): the first worker to need one builds
# it while the others that need it wait.
SHARED_HOMES = ("before_june", "sample_home")


def _order(item: pytest.Item) -> tuple[bool, bool, int]:
    """Long tests (integration, Prefect server, slow) before the others; within each, those that
    need no shared home first, so that the worker that starts while the homes are being built
    works instead of waiting (xdist hands out the Prefect server and fork-server groups first
    anyway)."""
    weight = _weight(item)
    return weight == 3, any(name in getattr(item, "fixturenames", ()) for name in SHARED_HOMES), weight


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_order)             # stable: the collection order within each key


@pytest.fixture(scope="session")
def prefect_server() -> str:
    """The session's Prefect server (a real server process with its own temporary database,
    started once by ``prefect_test_harness``): its API URL, which this process uses while it
    runs and which tests hand to the processes they start (a worker, ``prefect deploy``)."""
    from prefect.settings import PREFECT_API_BLOCKS_REGISTER_ON_START, PREFECT_API_URL, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    # Without registering Prefect's built-in block types at start (about 5 s of the server's
    # CPU): kinerja's flows, deployments and the process work pool use no blocks.
    with temporary_settings({PREFECT_API_BLOCKS_REGISTER_ON_START: False}), \
            prefect_test_harness(server_startup_timeout=120):
        yield PREFECT_API_URL.value()


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build) -> Path:
    """A folder that ``build(path)`` fills once per test session, shared by every xdist worker
    (under the session's common temporary root, behind a file lock): the first worker to ask
    builds it, the others wait and read it. For folders the tests only read."""
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent                     # the folder all workers' temporary roots are in
    path, done = root / name, root / f"{name}.built"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir()
            build(path)
            done.touch()
    return path


@pytest.fixture(scope="session")
def before_june(tmp_path_factory) -> Path:
    """A home refreshed and published 2025-01..05 with the plain pipeline (one per session,
    shared by the workers). Copy it before writing."""
    from kinerja.pipeline import refresh_landing

    return built_once(tmp_path_factory, "before_june", lambda home: refresh_landing(
        SAMPLE_LANDING, home, period_from="2025-01", period_to="2025-05"))


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory, before_june) -> Path:
    """The shipped sample refreshed January..June 2025: ``before_june`` and then June, as a
    home gets its months (one per session, shared by the workers). Read it, never write it."""
    from kinerja.pipeline import refresh_landing

    def build(home: Path) -> None:
        shutil.copytree(before_june, home, dirs_exist_ok=True)
        refresh_landing(SAMPLE_LANDING, home, period="2025-06")

    return built_once(tmp_path_factory, "sample_home", build)


def _run_cli(args: list[str], env: dict[str, str]) -> None:
    """The body of a :func:`kinerja_process`: ``kinerja <args>`` in this (forked) process."""
    os.environ.update(env)
    from kinerja.cli import main

    sys.exit(main(args))


@pytest.fixture(scope="session")
def kinerja_process():
    """Start ``kinerja <args>`` as a real process of its own (a ``multiprocessing`` Process; its
    ``exitcode`` is the command's exit status, 137 after a named crash instant).

    The processes are forked from one server process per test session that has already imported
    kinerja and Great Expectations (the ``forkserver`` start method with those modules preloaded):
    a fresh interpreter would spend 7-9 s on those imports before its first step, and tests that
    start several runs at once would spend most of their time there. Each process is otherwise
    what an operator's ``kinerja`` is: its own PID, its own DuckDB connections, killed and crashed
    independently of the test."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["great_expectations", "kinerja.cli", "kinerja.pipeline", "tests.conftest"])

    def start(*args: str, env: dict[str, str] | None = None) -> multiprocessing.Process:
        proc = context.Process(target=_run_cli, args=(list(args), env or {}))
        proc.start()
        return proc

    return start


@pytest.fixture
def landing_copy(tmp_path) -> Path:
    """A private copy of the sample landing that a test may break."""
    dst = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, dst)
    return dst


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Collect the session's garbage once (an object that fails in ``__del__`` is still reported
    by pytest as an unraisable exception), then leave what survives out of the collections that
    follow: pytest's four more before its report and the interpreter's own at exit. After a
    session of Prefect, Great Expectations and pandas objects each full collection walks
    millions of objects, and a worker spent 3-5 s exiting; now well under a second."""
    import gc

    gc.collect()
    gc.freeze()
