"""A national landing (the NTB sample region, the generated NTT region, a national reference/)
and one national home refreshed from it serially, January 2025 (one period keeps
the Dask test that compares with it short), shared by the
national tests (read them, never write them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.pipeline.national import refresh_national
from kinerja.sample.national import generate_national

PERIODS = {"period_from": "2025-01", "period_to": "2025-01"}


@pytest.fixture(scope="session")
def national_landing(tmp_path_factory) -> Path:
    landing = tmp_path_factory.mktemp("national") / "landing"
    generate_national(landing)
    return landing


@pytest.fixture(scope="session")
def national_home(national_landing, tmp_path_factory):
    """(home, NationalResult) of the serial national run of January."""
    home = tmp_path_factory.mktemp("national_home")
    return home, refresh_national(national_landing, home, **PERIODS)
