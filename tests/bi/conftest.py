"""The published file of the session's sample home (2025-01..06), opened read-only."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kinerja.warehouse.db import connect_published


@pytest.fixture(scope="session")
def published_file(sample_home) -> Path:
    return sample_home / "published" / "kinerja.duckdb"


@pytest.fixture
def pub(published_file) -> duckdb.DuckDBPyConnection:
    con = connect_published(published_file)
    yield con
    con.close()
