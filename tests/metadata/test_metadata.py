"""kinerja.metadata: every table described whole, the DDL it generates, the data dictionary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from kinerja import metadata
from kinerja.metadata import Column, Table
from kinerja.metadata.dictionary import render

REPO = Path(__file__).resolve().parents[2]


def test_every_table_has_a_layer_grain_description_and_described_columns():
    assert {t.layer for t in metadata.TABLES.values()} == {"raw", "core", "out", "audit", "publish"}
    for t in metadata.TABLES.values():
        assert t.grain and t.description.endswith("."), t.name
    # every amount carries IDR and every *_pct is a percentage; counts are counts
    for t in metadata.TABLES.values():
        for c in t.columns:
            if c.type.startswith("DECIMAL"):
                assert c.unit == "IDR", (t.name, c.name)
            if c.name.endswith("_pct"):
                assert c.unit == "percent" and c.type == "DOUBLE", (t.name, c.name)
            if c.name.startswith("n_"):
                assert c.unit == "count", (t.name, c.name)


def test_keys_of_reporting_tables_start_with_period():
    for t in metadata.published_tables():
        if t.name.startswith("out_") and t.working == "table":
            assert t.primary_key[0] == "period", t.name


def test_a_wrong_description_is_refused_when_the_module_loads():
    ok = Column("kode", "VARCHAR", "A code", nullable=False)
    with pytest.raises(ValueError, match="must be NOT NULL"):
        Table("out_x", "out", "kode", "X.", (Column("kode", "VARCHAR", "A code"),), primary_key=("kode",))
    with pytest.raises(ValueError, match="not a column"):
        Table("out_x", "out", "kode", "X.", (ok,), primary_key=("other",))
    with pytest.raises(ValueError, match="starts with raw_"):
        Table("out_x", "raw", "kode", "X.", (ok,))
    with pytest.raises(ValueError, match="unit"):
        Column("x", "DOUBLE", "X", unit="rupiah")
    with pytest.raises(ValueError, match="type"):
        Column("x", "FLOAT", "X")
    with pytest.raises(ValueError, match="twice"):
        Table("out_x", "out", "kode", "X.", (ok, ok))


def test_generated_ddl_creates_every_working_table_with_keys_and_not_null():
    con = duckdb.connect(":memory:")
    con.execute(metadata.create_table_sql())
    con.execute(metadata.create_table_sql())   # IF NOT EXISTS: a second run changes nothing
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert tables == {t.name for t in metadata.working_tables("table")}
    assert con.execute("""SELECT is_nullable FROM information_schema.columns
        WHERE table_name = 'audit_run' AND column_name = 'rules_sha256'""").fetchall() == [("YES",)]
    con.execute("INSERT INTO core_satker VALUES ('000001', 'K', 'KANWIL', '000001', NULL, NULL, NULL, NULL, 'L')")
    with pytest.raises(duckdb.ConstraintException):   # the primary key is enforced
        con.execute("INSERT INTO core_satker VALUES ('000001', 'K2', 'KANWIL', '000001', NULL, NULL, NULL, NULL, 'L')")
    with pytest.raises(duckdb.ConstraintException):   # and NOT NULL
        con.execute("INSERT INTO core_satker VALUES ('000002', NULL, 'LAPAS', '000001', NULL, NULL, NULL, NULL, 'L')")


def test_committed_data_dictionary_is_the_generated_one():
    committed = (REPO / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    generated = render(metadata.TABLES)
    assert committed == generated, "regenerate: python -m kinerja.metadata > docs/data_dictionary.md"
    # and the module entry point prints exactly that text
    printed = subprocess.run([sys.executable, "-m", "kinerja.metadata"], capture_output=True, text=True,
                             check=True).stdout
    assert printed == generated


def test_dictionary_lists_every_published_column_with_its_unit_and_nullability():
    text = render(metadata.TABLES)
    for t in metadata.TABLES.values():
        assert f"### {t.name}\n" in text, t.name
    section = text.split("### out_budget_region\n", 1)[1].split("###", 1)[0]
    assert "| pagu | DECIMAL(38,2) | IDR | no |" in section
    assert "| penyerapan_pct | DOUBLE | percent | yes |" in section
    assert "Primary key: `period`, `kode_kanwil`." in section
