"""Shared fixtures. Prefect runs against one temporary local server per test session
(prefect_test_harness: about 10 s once, instead of an ephemeral server per flow run)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_LANDING = REPO / "data" / "sample" / "landing"
SEED_FACTS = REPO / "data" / "seed_facts"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def sample_home(prefect_server, tmp_path_factory) -> Path:
    """A home refreshed once from the shipped sample, January..June 2025. Read it, never write it."""
    from kinerja.flows.refresh import refresh

    home = tmp_path_factory.mktemp("sample_home")
    refresh(landing=str(SAMPLE_LANDING), home=str(home))
    return home


@pytest.fixture
def landing_copy(tmp_path) -> Path:
    """A private copy of the sample landing that a test may break."""
    dst = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, dst)
    return dst
