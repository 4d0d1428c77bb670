"""One bad region does not hold the others: it is named with its gate report, marked missing in
the national file for the period, and the national totals say they are incomplete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kinerja.pipeline.national import RegionsFailed, refresh_national
from kinerja.warehouse.db import connect_published

pytestmark = pytest.mark.slow

NTB, NTT = "410001", "420001"


def test_a_broken_extract_names_its_region_and_publishes_the_other(national_landing, tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(national_landing, landing)
    sp2d = landing / NTT / "2025-01" / "realisasi_sp2d.csv"
    lines = sp2d.read_bytes().decode("cp1252").split("\r\n")
    lines[1] = lines[1].replace(";042118;", ";999999;")      # a satker not in the NTT master
    sp2d.write_bytes("\r\n".join(lines).encode("cp1252"))

    with pytest.raises(RegionsFailed) as caught:
        refresh_national(landing, tmp_path / "home", period="2025-01")
    err = caught.value
    assert [r.kode_kanwil for r in err.result.failed] == [NTT]
    failed = err.result.failed[0]
    assert failed.failed_period == "2025-01" and failed.status == "failed"
    assert Path(failed.gate_report).is_file()
    assert any("[satker.unknown]" in i and "2025-01/realisasi_sp2d.csv, row 2" in i for i in failed.issues)
    assert NTT in str(err) and failed.gate_report in str(err)

    with connect_published(tmp_path / "home" / "published" / "kinerja.duckdb") as con:
        status = con.execute("""SELECT kode_kanwil, status, is_included, n_errors > 0, coalesce(message LIKE '%satker.unknown%', false),
                                       gate_report FROM out_national_region_status ORDER BY 1""").fetchall()
        assert status == [(NTB, "included", True, False, False, None),
                          (NTT, "gate_failed", False, True, True, failed.gate_report)]
        assert con.execute("SELECT DISTINCT kode_kanwil FROM out_budget_satker").fetchall() == [(NTB,)]
        national = con.execute("""SELECT n_kanwil, n_kanwil_expected, kanwil_missing, is_complete, pagu
                                  FROM out_national_budget""").fetchall()
        ntb_pagu = con.execute("SELECT pagu FROM out_budget_region WHERE kode_kanwil = ?", [NTB]).fetchall()[0][0]
    assert national == [(1, 2, NTT, False, ntb_pagu)]       # flagged, never a silent sum of fewer regions
