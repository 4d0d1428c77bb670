"""A publish rewrites only the periods refreshed since the served file, inside a copy of it, and
the result is the file a full build would write; a forced month that changes nothing leaves the
later months skipped (issue 13, items 4 and 5).

The reference for "what a full build writes" is the same working DB published whole into a
new file (no served file to copy), compared table by table by row hashes.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from kinerja import metadata
from kinerja.pipeline import refresh_landing
from kinerja.warehouse import publish as publish_module
from kinerja.warehouse.db import connect_published, connect_working
from kinerja.warehouse.home import Home
from kinerja.warehouse.publish import HISTORY_TABLES, PERIOD_TABLE, publish
from tests.conftest import SAMPLE_LANDING

pytestmark = pytest.mark.slow

# Every published table whose rows do not depend on which publish wrote them (history and the
# publish's own records do).
COMPARED = tuple(t.name for t in metadata.published_tables()
                 if t.name not in (*HISTORY_TABLES, "publish_info", PERIOD_TABLE.name)) + ("out_load",)


def _rows(path) -> dict[str, tuple]:
    con = connect_published(path)
    try:
        return {name: con.execute(f"SELECT count(*), sum(hash(t)::HUGEINT) FROM {name} AS t").fetchone()
                for name in COMPARED}
    finally:
        con.close()


def _storage_version(path) -> int:
    """The storage version number in a DuckDB file's main header (after the 8-byte checksum and
    the magic ``DUCK``): 64 is what DuckDB 1.0 and every later 1.x client read."""
    header = path.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    return int.from_bytes(header[12:20], "little")


def test_a_corrected_last_month_is_rewritten_alone_and_equals_a_full_build(sample_home, tmp_path):
    home, landing = tmp_path / "home", tmp_path / "landing"
    shutil.copytree(sample_home, home)
    shutil.copytree(SAMPLE_LANDING, landing)
    survei = landing / "2025-06" / "survei.csv"
    corrected = survei.read_bytes().replace(b"S1-410001-001;410001;26/03/2025;3;", b"S1-410001-001;410001;26/03/2025;4;")
    assert corrected != survei.read_bytes()
    survei.write_bytes(corrected)
    served = home / "published" / "kinerja.duckdb"
    before = _rows(served)

    result = refresh_landing(landing, home, period="2025-06")
    assert result.periods == {"2025-06": "refreshed"} and result.rewritten == ("2025-06",)
    con = connect_published(served)
    held = dict(con.execute(f"SELECT strftime(period, '%Y-%m'), run_id FROM {PERIOD_TABLE.name}").fetchall())
    info = con.execute("SELECT content_sha256, periods FROM publish_info").fetchone()
    con.close()
    assert held["2025-06"] == result.run_id and all(held[p] != result.run_id for p in held if p != "2025-06")
    assert info == (result.content_sha256, "2025-01,2025-02,2025-03,2025-04,2025-05,2025-06")
    after = _rows(served)
    assert after["out_survey_satker"] != before["out_survey_satker"]   # June's index changed

    working = connect_working(Home(home).working_db)
    try:
        full = publish(working, tmp_path / "full" / "kinerja.duckdb", "full", None)
    finally:
        working.close()
    assert not full.incremental and full.rewritten == full.periods
    assert after == _rows(full.path)                  # every table as a full build writes it
    assert full.content_sha256 == result.content_sha256
    assert _storage_version(served) == _storage_version(full.path) == 64


def test_a_rewrite_that_loses_rows_is_never_swapped_in(sample_home, tmp_path, monkeypatch):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    served = home / "published" / "kinerja.duckdb"
    before = served.read_bytes()
    real = publish_module._rewrite_periods

    def losing(con, alias, periods):
        real(con, alias, periods)
        con.execute(f"DELETE FROM {alias}.out_budget_satker WHERE kode_satker = (SELECT min(kode_satker) "
                    f"FROM {alias}.out_budget_satker) AND period = DATE '2025-06-01'")

    monkeypatch.setattr(publish_module, "_rewrite_periods", losing)
    working = connect_working(Home(home).working_db)
    try:
        working.execute("UPDATE audit_run SET run_id = 'edited' WHERE period = DATE '2025-06-01' "
                        "AND status = 'refreshed'")      # June counts as refreshed since the publish
        with pytest.raises(RuntimeError, match="2025-06: content differs from the working DB"):
            publish(working, served, "run-x", None)
    finally:
        working.close()
    assert served.read_bytes() == before
    assert not list(served.parent.glob(".*.tmp"))


def test_a_forced_month_that_changes_nothing_leaves_later_months_skipped(sample_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    result = refresh_landing(SAMPLE_LANDING, home, period="2025-03", force=True)
    assert result.periods == {"2025-03": "refreshed", "2025-04": "skipped", "2025-05": "skipped",
                              "2025-06": "skipped"}
    assert result.rewritten == ("2025-03",)
    con = duckdb.connect(str(home / "published" / "kinerja.duckdb"), read_only=True)
    try:
        held = dict(con.execute(f"SELECT strftime(period, '%Y-%m'), run_id FROM {PERIOD_TABLE.name}").fetchall())
    finally:
        con.close()
    assert [p for p, run in held.items() if run == result.run_id] == ["2025-03"]
