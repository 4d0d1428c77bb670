"""The markdown artifact a refresh leaves in Prefect: gate outcome, absorption by unit and
the indicator table, read back from the (test) Prefect server's API."""

from __future__ import annotations

import shutil

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.client.schemas.sorting import ArtifactSort

from kinerja.flows.refresh import refresh
from kinerja.flows.summary import home_key
from kinerja.warehouse.home import Home
from tests.conftest import SAMPLE_LANDING

# one worker runs every test of the session's Prefect test server (it starts once)
pytestmark = pytest.mark.xdist_group("prefect_server")


def _latest(key: str):
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
                                      sort=ArtifactSort.CREATED_DESC, limit=1)
    return found[0] if found else None


def test_refresh_artifact_shows_gate_absorption_and_indicators(prefect_server, sample_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    result = refresh(period="2025-06", landing=str(SAMPLE_LANDING), home=str(home), force=True)
    key = home_key(Home(home.resolve()))
    latest = _latest(f"kinerja-refresh-{key}")
    text = latest.data
    assert "file://" not in text
    assert "## 2025-06 (Juni 2025): refreshed" in text
    assert result.gate_reports["2025-06"] in text                  # link to the gate report
    assert "| Lapas Kelas IIB Selong | LAPAS | 9.770.452.000 | 8.581.371.430 | 87,83% |" in text  # Tabel 1.12 row
    assert "**39,56%**" in text                                     # the region headline
    assert "| SK2.IKU1 " in text and "| 87,89% | tidak tercapai |" in text   # RB: 508/578
    assert "| - | - | tidak dapat dinilai (menunggu LHP BPK) |" in text   # undefined: the formatter's "-"

    table = _latest(f"kinerja-periods-{key}")
    assert table.type == "table" and "2025-06" in str(table.data) and "refreshed" in str(table.data)
    # a run that changes nothing says so in its own artifact and leaves the latest summary alone
    refresh(period="2025-06", landing=str(SAMPLE_LANDING), home=str(home))
    assert _latest(f"kinerja-refresh-{key}").id == latest.id
    assert "nothing to do" in _latest(f"kinerja-noop-{key}").data
