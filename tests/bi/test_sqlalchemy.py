"""The dialect Superset uses: SQLAlchemy + duckdb-engine on a read-only URI, reflecting the
published tables with their comments and querying a metric view; and what a held connection
sees after a new publish."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from kinerja.warehouse.db import connect_working
from kinerja.warehouse.publish import publish

JUNE = date(2025, 6, 1)


def test_duckdb_engine_reflects_tables_and_queries_a_metric_view(published_file):
    engine = sa.create_engine(f"duckdb:///{published_file}", connect_args={"read_only": True})
    try:
        with engine.connect() as con:
            inspector = sa.inspect(con)
            tables = set(inspector.get_table_names())
            assert {"out_budget_region", "dim_satker", "dim_period", "fact_budget_akun",
                    "fact_budget_lingkup", "fact_rb_lingkup"} <= tables
            assert "v_penyerapan_bulanan" in inspector.get_view_names()
            # (column and key reflection with SQLAlchemy 2.1 and duckdb-engine 0.17 query pg_collation and
            # REGCLASS, which DuckDB lacks; Superset pins SQLAlchemy < 2, and tests/bi/test_clients_1x.py
            # reflects the columns with that stack)
            assert inspector.get_table_comment("fact_budget_lingkup")["text"].startswith("Budget absorption")
            lingkup = sa.table("fact_budget_lingkup", sa.column("pagu"), sa.column("realisasi_kumulatif"),
                               sa.column("period"), sa.column("lingkup"))
            row = con.execute(sa.select(lingkup.c.pagu, lingkup.c.realisasi_kumulatif)
                              .where(lingkup.c.period == JUNE, lingkup.c.lingkup == "upt")).one()
            assert tuple(row) == (D("120315107660.00"), D("48154214932.00"))
            view = con.execute(sa.text("""SELECT nama_lingkup, penyerapan_ratio FROM v_penyerapan_bulanan
                WHERE period = :p AND lingkup = 'wilayah'"""), {"p": JUNE}).one()
            assert view[0] == "Wilayah (Kanwil dan UPT)" and round(view[1] * 100, 2) == 39.56
            with pytest.raises(sa.exc.DBAPIError, match="read-only"):
                con.execute(sa.text("CREATE TABLE scratch (a INTEGER)"))
    finally:
        engine.dispose()


def test_a_process_holding_a_connection_keeps_its_snapshot_until_it_closes_all(sample_home, tmp_path):
    """The README's claim: a new publish is seen by a new connection only once the process holds no
    connection to the file (a pool that keeps one open stays on the old snapshot)."""
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    served = home / "published" / "kinerja.duckdb"
    engine = sa.create_engine(f"duckdb:///{served}", connect_args={"read_only": True})
    held = engine.connect()
    first = held.execute(sa.text("SELECT publish_id FROM publish_info")).scalar_one()
    working = connect_working(home / "warehouse.duckdb")
    try:
        second = publish(working, served, "run-2", None).publish_id
    finally:
        working.close()
    with engine.connect() as fresh:   # another pooled connection of the same process
        assert fresh.execute(sa.text("SELECT publish_id FROM publish_info")).scalar_one() == first
    held.close()
    engine.dispose()                   # no connection left: the next one opens the new file
    engine = sa.create_engine(f"duckdb:///{served}", connect_args={"read_only": True})
    with engine.connect() as fresh:
        assert fresh.execute(sa.text("SELECT publish_id FROM publish_info")).scalar_one() == second != first
    engine.dispose()
