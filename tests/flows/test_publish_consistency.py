"""BI readers during refreshes, and refreshing the same period twice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

from kinerja.pipeline import refresh_landing
from tests.conftest import SAMPLE_LANDING
from kinerja.warehouse.db import connect_published, connect_working
from kinerja.warehouse.publish import content_sha256

pytestmark = pytest.mark.slow

# A BI client in another process, polling the published file. Mode "hold" keeps one read-only
# connection open for its whole life (as a dashboard server does); mode "reconnect" opens a
# new connection for every poll (DuckDB shares one instance per file within a process, so
# the two modes need two processes). Each poll checks that it sees one complete publish:
# every reporting table holds the same set of periods, equal to publish_info's, and per
# period the region equals the sum of its units.
READER = r"""
import json, sys, time, duckdb
path, stop, out, mode = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
held = duckdb.connect(path, read_only=True) if mode == "hold" else None
stats = {"polls": 0, "errors": [], "versions": set()}
tables = ["out_budget_satker_jenis_belanja", "out_budget_satker", "out_budget_jenis_satker",
          "out_budget_region_jenis_belanja", "out_budget_region"]
import os
while not os.path.exists(stop):
    try:
        con = held or duckdb.connect(path, read_only=True)
        info = con.execute("SELECT publish_id, periods FROM publish_info").fetchall()
        expected = sorted(info[0][1].split(","))
        for t in tables:
            got = sorted(str(p)[:7] for (p,) in con.execute(f"SELECT DISTINCT period FROM {t}").fetchall())
            if got != expected:
                stats["errors"].append(f"{t}: {got} != {expected}")
        bad = con.execute('''SELECT r.period FROM out_budget_region r JOIN (SELECT period, kode_kanwil,
            sum(pagu) p, sum(realisasi_kumulatif) x FROM out_budget_satker GROUP BY ALL) s USING (period, kode_kanwil)
            WHERE r.pagu <> s.p OR r.realisasi_kumulatif <> s.x''').fetchall()
        if bad:
            stats["errors"].append(f"region != sum of units for {bad}")
        stats["versions"].add(info[0][0])
        if con is not held:
            con.close()
    except Exception as exc:  # any error at all is a failure of the publish protocol
        stats["errors"].append(repr(exc))
    stats["polls"] += 1
    time.sleep(0.05)   # ~20 polls a second: enough to catch a swap, without taking a core
stats["versions"] = len(stats["versions"])
json.dump(stats, open(out, "w"))
"""


def test_a_bi_reader_never_errors_never_blocks_and_sees_only_complete_publishes(before_june, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(before_june, home)      # January..May published
    published = home / "published" / "kinerja.duckdb"
    stop = tmp_path / "stop"
    readers = {mode: subprocess.Popen([sys.executable, "-c", READER, str(published), str(stop),
                                       str(tmp_path / f"{mode}.json"), mode]) for mode in ("hold", "reconnect")}
    try:
        time.sleep(1.5)   # both readers have the file open before the refreshes start
        # three publishes while they read: June added (every table gains a period at once), then
        # April and May rewritten in place
        for period in ("2025-06", "2025-04", "2025-05"):
            refresh_landing(period=period, landing=str(SAMPLE_LANDING), home=str(home), force=True)
        time.sleep(0.5)
    finally:
        stop.touch()
        for reader in readers.values():
            reader.wait(timeout=60)
    held, fresh = (json.loads((tmp_path / f"{m}.json").read_text()) for m in ("hold", "reconnect"))
    assert held["errors"] == [] and fresh["errors"] == []
    assert held["polls"] > 20 and fresh["polls"] > 20
    assert held["versions"] == 1      # an open connection keeps the complete version it opened
    assert fresh["versions"] >= 3     # a reconnecting reader saw the publishes as they happened
    con = connect_published(published)
    assert con.execute("SELECT periods FROM publish_info").fetchall() == [
        ("2025-01,2025-02,2025-03,2025-04,2025-05,2025-06",)]
    con.close()


def test_refreshing_a_period_twice_leaves_reporting_content_identical(sample_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    published = home / "published" / "kinerja.duckdb"
    file_before = published.read_bytes()
    con = connect_published(published)
    before = content_sha256(con)
    rows_before = con.execute("SELECT * FROM out_budget_satker_jenis_belanja ORDER BY ALL").fetchall()
    con.close()
    working = connect_working(home / "warehouse.duckdb")
    raw_before = working.execute("SELECT count(*) FROM raw_realisasi_summary").fetchall()
    working.close()

    unchanged = refresh_landing(period="2025-06", landing=str(SAMPLE_LANDING), home=str(home))
    assert unchanged.periods == {"2025-06": "skipped"} and unchanged.published is None
    assert published.read_bytes() == file_before          # nothing to do: not even a re-publish

    forced = refresh_landing(period="2025-06", landing=str(SAMPLE_LANDING), home=str(home), force=True)
    assert forced.periods == {"2025-06": "refreshed"}
    assert forced.content_sha256 == before
    con = connect_published(published)
    assert con.execute("SELECT * FROM out_budget_satker_jenis_belanja ORDER BY ALL").fetchall() == rows_before
    con.close()
    working = connect_working(home / "warehouse.duckdb")
    # the unchanged file is recognised by its sha256: no second copy in the raw layer
    assert working.execute("SELECT count(*) FROM raw_realisasi_summary").fetchall() == raw_before
    assert working.execute("SELECT status FROM audit_run WHERE period = '2025-06-01' ORDER BY finished_at").fetchall() \
        == [("refreshed",), ("skipped",), ("refreshed",)]
    working.close()
