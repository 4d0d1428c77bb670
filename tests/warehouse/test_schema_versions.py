"""Schema versions: a home of the first release (tests/fixtures/home_v1, schema version 1) is
migrated when opened; a home too new, or one a migration cannot make match the metadata, is
refused with nothing changed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kinerja.warehouse.db import connect_working
from kinerja.warehouse.schema import MIGRATIONS, SCHEMA_VERSION, SchemaError, drift, schema_version

HOME_V1 = Path(__file__).resolve().parents[1] / "fixtures" / "home_v1"


def import_v1(path: Path) -> dict[str, int]:
    """A working DB of schema version 1 at ``path``; returns its row count per table."""
    con = duckdb.connect(str(path))
    con.execute(f"IMPORT DATABASE '{HOME_V1}'")
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for (t,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall()}
    con.close()
    return counts


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def test_the_fixture_is_a_version_1_home(tmp_path):
    counts = import_v1(tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert schema_version(con) == 1
    assert "audit_schema_version" not in counts and "rules_sha256" not in columns(con, "audit_run")
    assert counts["audit_run"] == 2 and counts["core_realisasi"] > 0 and counts["out_budget_region"] == 2


def test_connect_working_migrates_a_version_1_home_and_keeps_every_row(tmp_path):
    path = tmp_path / "w.duckdb"
    before = import_v1(path)
    con = connect_working(path)
    assert schema_version(con) == SCHEMA_VERSION == max(m.version for m in MIGRATIONS)
    # every migration after version 1 is recorded, in its number's order
    assert con.execute("SELECT version, description FROM audit_schema_version ORDER BY version").fetchall() == [
        (m.version, m.description) for m in sorted(MIGRATIONS, key=lambda m: m.version)]
    assert columns(con, "audit_run")[-1] == "rules_sha256"
    assert con.execute("SELECT count(*), count(rules_sha256) FROM audit_run").fetchall() == [(2, 0)]
    assert drift(con) == []
    for table, n in before.items():
        assert con.execute(f'SELECT count(*) FROM "{table}"').fetchall() == [(n,)], table
    # the migrated home takes a v2 audit row (the column another engineer fills in)
    con.execute("""INSERT INTO audit_run (run_id, period, status, code_version, started_at, finished_at,
        rules_sha256) VALUES ('r', DATE '2025-03-01', 'refreshed', 'x', now(), now(), 'abc')""")
    assert con.execute("SELECT count(*) FROM out_load").fetchall()[0][0] == before["audit_load"]
    con.close()
    again = connect_working(path)   # already current: nothing more is applied
    assert again.execute("SELECT count(*) FROM audit_schema_version").fetchall() == [(len(MIGRATIONS),)]
    again.close()


def test_a_migration_that_cannot_match_the_metadata_changes_nothing(tmp_path):
    path = tmp_path / "w.duckdb"
    import_v1(path)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE core_pagu ADD COLUMN catatan VARCHAR")   # a hand-made change
    con.close()
    with pytest.raises(SchemaError) as info:
        connect_working(path)
    message = str(info.value)
    assert "core_pagu.catatan: column in the database but not in the metadata" in message
    assert "nothing was changed" in message and "python -m kinerja.warehouse.schema" in message
    con = duckdb.connect(str(path))
    assert schema_version(con) == 1   # rolled back: no version table, no new column
    assert "rules_sha256" not in columns(con, "audit_run")
    con.close()


def test_a_home_newer_than_the_code_is_refused_untouched(tmp_path):
    path = tmp_path / "w.duckdb"
    connect_working(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO audit_schema_version VALUES (?, now(), 'from the future')", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(SchemaError, match=f"schema version {SCHEMA_VERSION + 1}, but this kinerja knows "
                                          f"versions up to {SCHEMA_VERSION}"):
        connect_working(path)
    con = duckdb.connect(str(path))
    assert con.execute("SELECT max(version) FROM audit_schema_version").fetchall() == [(SCHEMA_VERSION + 1,)]
    con.close()


def test_a_database_that_is_not_a_working_db_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(SchemaError, match="not a kinerja working DB"):
        connect_working(path)


def test_migrations_are_numbered_in_order_up_to_the_current_version():
    # numbers are unique and start at 2; several engineers may add theirs concurrently (3, 4),
    # so the list is sorted when applied rather than required to be written in order
    versions = sorted(m.version for m in MIGRATIONS)
    assert versions[0] == 2 and len(set(versions)) == len(versions) and versions[-1] == SCHEMA_VERSION
    assert all(m.description and m.statements for m in MIGRATIONS)
