"""The markdown artifact a refresh leaves in Prefect: gate outcome, absorption by region, unit
type and the lowest units, and the indicator table, read back from the (test) Prefect server's
API; its size bounded whatever the number of units."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from kinerja.periods import Period
from kinerja.pipeline import Outcome, refresh_landing
from kinerja.sample.scale import generate_scale
from kinerja.warehouse.db import connect_published
from kinerja.warehouse.home import Home
from tests.conftest import SAMPLE_LANDING

# one worker runs every test of the session's Prefect test server (it starts once)
pytestmark = pytest.mark.xdist_group("prefect_server")


def _latest(key: str):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
                                      sort=ArtifactSort.CREATED_DESC, limit=1)
    return found[0] if found else None


def test_refresh_artifact_shows_gate_absorption_and_indicators(prefect_server, sample_home, tmp_path):
    from kinerja.flows.refresh import refresh
    from kinerja.flows.summary import home_key

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


def test_period_summary_stays_small_and_lists_the_lowest_absorption(tmp_path):
    from kinerja.flows.summary import WORST_SHOWN, period_markdown

    # 2.500 units in 25 regions: the summary has one row per region and per unit type and the
    # 20 units with the lowest absorption, checked against the published file with SQL
    landing, home = tmp_path / "landing", tmp_path / "home"
    generate_scale(2500, 1, landing)
    result = refresh_landing(landing, home, period="2025-01")
    con = connect_published(Path(result.published))
    try:
        text = period_markdown(con, Outcome(Period(2025, 1), "refreshed", [], Path("gate/index.html")))
        worst = con.execute("""SELECT nama_satker, penyerapan_pct FROM out_budget_satker
            WHERE period = DATE '2025-01-01' ORDER BY penyerapan_pct NULLS LAST, nama_satker LIMIT ?""",
                            [WORST_SHOWN]).fetchall()
        regions, over = con.execute("""SELECT count(*), sum(n_akun_over_pagu) FROM out_budget_region
            WHERE period = DATE '2025-01-01'""").fetchall()[0]
    finally:
        con.close()
    lines = text.splitlines()
    unit_rows = [line for line in lines if line.startswith("| ") and " Sintetis " in line and "(wilayah)" not in line]
    assert [row.split(" | ")[0].removeprefix("| ") for row in unit_rows] == [name for name, _ in worst]
    assert f"the {WORST_SHOWN} of 2500 satker" in text
    assert f"2500 satker in {regions} wilayah; {over} akun line(s) over pagu" in text
    assert sum("(wilayah)**" in line for line in lines) == regions == 25
    types = [line.split(" | ")[:2] for line in lines if line.split(" | ")[0] in
             ("| KANWIL", "| LAPAS", "| RUTAN", "| BAPAS", "| LPKA", "| RUPBASAN")]
    master = pl.read_csv(landing / "reference" / "satker.csv", infer_schema=False)["jenis_satker"].value_counts()
    expected = dict(master.iter_rows())
    assert types == [[f"| {t}", str(expected[t])] for t in ("KANWIL", *sorted(set(expected) - {"KANWIL"}))]
    assert len(text.encode()) < 20_000       # the full table of 2.500 units was 250 kB; a national month's 2 MB
