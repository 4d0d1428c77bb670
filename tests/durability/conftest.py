"""Homes for the durability tests: copies of ``before_june`` (tests/conftest.py), and the reporting
content of a clean run of 2025-01..06 (``sample_home``) to converge to."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def published_content(home: Path) -> str:
    from kinerja.warehouse.db import connect_published
    from kinerja.warehouse.publish import content_sha256

    con = connect_published(home / "published" / "kinerja.duckdb")
    try:
        return content_sha256(con, "main")
    finally:
        con.close()


@pytest.fixture
def home_copy(before_june, tmp_path) -> Path:
    dst = tmp_path / "home"
    shutil.copytree(before_june, dst)
    return dst


def kinerja(*args: str, env: dict | None = None, **popen) -> subprocess.Popen:
    """``kinerja`` as an operator runs it: a real process in its own process group."""
    return subprocess.Popen([sys.executable, "-m", "kinerja.cli", *args], cwd=REPO,
                            env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            **popen)
