"""The report prints the estimated absorption targets of the period's own fiscal year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from kinerja.report.budget import quarterly_targets
from kinerja.report.queries import Region, Source
from kinerja.rules import load_rules, rules_for
from tests.test_rules import PACKAGED, ROWS_2026


def source(con: duckdb.DuckDBPyConnection, period: date, rules) -> Source:
    return Source(con, period, Region("400001", "Kanwil"), frozenset({"out_budget_satker_jenis_belanja"}), rules)


def test_targets_follow_the_fiscal_year(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(PACKAGED + ROWS_2026, encoding="utf-8")
    book = load_rules(path)
    con = duckdb.connect()
    con.execute("CREATE TABLE out_budget_satker_jenis_belanja AS SELECT * FROM (VALUES "
                "(DATE '2025-06-01', '400001', '51', 'pegawai'), (DATE '2025-06-01', '400001', '52', 'barang'), "
                "(DATE '2026-06-01', '400001', '51', 'pegawai'), (DATE '2026-06-01', '400001', '52', 'barang')) "
                "t(period, kode_kanwil, kode_jenis_belanja, jenis_belanja)")
    t2025 = quarterly_targets(source(con, date(2025, 6, 1), rules_for(2025, book)))
    t2026 = quarterly_targets(source(con, date(2026, 6, 1), rules_for(2026, book)))
    assert [(r["jb51"], r["jb52"]) for r in t2025.rows] == [(20, 15), (50, 50), (75, 70), (95, 90)]
    assert [(r["jb51"], r["jb52"]) for r in t2026.rows] == [(25, 20), (50, 50), (75, 75), (100, 95)]
    assert t2025.rows == quarterly_targets(source(con, date(2025, 6, 1), rules_for(2025))).rows
    assert all(isinstance(r["jb51"], Decimal) for r in t2026.rows)
    assert "estimasi" in t2026.title and "estimasi" in (t2026.note or "")
