"""Shared fixtures. Domain and end-to-end tests run the plain pipeline (kinerja.pipeline, no
Prefect); the few tests of the Prefect wiring share one temporary local server per session
(``prefect_server``: prefect_test_harness, about 10 s once).

The suite runs on every core (pytest-xdist, ``-n auto`` in pyproject.toml). Tests that use the
Prefect test server form one group, so one worker starts it; the longest tests (those that
start real services or subprocesses, then the slow end-to-end ones) are handed out first, so
no worker is left with one long test at the end.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_LANDING = REPO / "data" / "sample" / "landing"
SEED_FACTS = REPO / "data" / "seed_facts"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _weight(item: pytest.Item) -> int:
    if item.get_closest_marker("integration"):
        return 0
    if "prefect_server" in getattr(item, "fixturenames", ()):
        return 1
    if item.get_closest_marker("slow"):
        return 2
    return 3


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_weight)            # stable: the collection order within each weight


@pytest.fixture(scope="session")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


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
def sample_home(tmp_path_factory) -> Path:
    """A home refreshed once from the shipped sample, January..June 2025 (one per session, shared
    by the workers). Read it, never write it."""
    from kinerja.pipeline import refresh_landing

    return built_once(tmp_path_factory, "sample_home", lambda home: refresh_landing(SAMPLE_LANDING, home))


@pytest.fixture
def landing_copy(tmp_path) -> Path:
    """A private copy of the sample landing that a test may break."""
    dst = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, dst)
    return dst

