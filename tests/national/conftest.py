"""A national landing (the NTB sample region, the generated NTT region, a national reference/)
and one national home refreshed from it serially, January 2025 (one period keeps
the Dask test that compares with it short), shared by the
national tests and by every xdist worker (built once per session; read them, never write them)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from kinerja.pipeline.national import refresh_national
from kinerja.sample.national import generate_national
from tests.conftest import built_once

PERIODS = {"period_from": "2025-01", "period_to": "2025-01"}


@pytest.fixture(scope="session")
def national_landing(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "national_landing", lambda root: generate_national(root / "landing")) / "landing"


@pytest.fixture(scope="session")
def national_home(national_landing, tmp_path_factory):
    """(home, NationalResult) of the serial national run of January."""
    def build(root: Path) -> None:
        result = refresh_national(national_landing, root / "home", **PERIODS)
        (root / "result.pickle").write_bytes(pickle.dumps(result))

    root = built_once(tmp_path_factory, "national_home", build)
    return root / "home", pickle.loads((root / "result.pickle").read_bytes())
