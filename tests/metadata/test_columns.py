"""The column lists that live in code outside the metadata (reader layouts, gate suites,
transform outputs, the writer's table constants) equal the metadata's columns of the table
they feed: renaming, adding or retyping a column in one place and not the other fails here."""

from __future__ import annotations

from decimal import Decimal as D

import polars as pl
import pytest

from kinerja import metadata
from kinerja.expectations import REGISTRY
from kinerja.readers.ikpa import CANONICAL_SHAPE
from kinerja.readers.layouts import load_layouts
from kinerja.transforms import attainment, budget, iph, rb, survey
from kinerja.warehouse import publish, store

PROVENANCE = ("load_id", "source_row")
RAW_SHAPES = {t.shape: t for t in metadata.TABLES.values() if t.layer == "raw"}
# DuckDB type in the metadata -> the polars type name the gate checks (expectations.extract)
GATE_TYPE = {"VARCHAR": "String", "DECIMAL(18,2)": "Decimal(18,2)", "DATE": "Date", "BIGINT": "Int64",
             "DOUBLE": "Float64"}


def canonical(shape: str) -> list:
    """(name, gate type, required) of the shape's canonical columns, from its raw table."""
    return [(c.name, GATE_TYPE[c.type], not c.nullable) for c in RAW_SHAPES[shape].columns
            if c.name not in PROVENANCE]


def test_every_extract_shape_has_one_raw_table_and_the_writer_knows_it():
    read_as = {CANONICAL_SHAPE.get(s, s) for s in load_layouts().shapes}   # rpd/ikpa: readers.ikpa
    assert set(RAW_SHAPES) == set(REGISTRY) == read_as
    assert store.RAW_TABLE == {shape: t.name for shape, t in RAW_SHAPES.items()}
    for t in RAW_SHAPES.values():
        assert t.column_names[:2] == PROVENANCE, t.name


@pytest.mark.parametrize("shape", sorted(RAW_SHAPES))
def test_gate_suite_columns_equal_the_raw_table(shape):
    suite = REGISTRY[shape]
    got = [(name, type_, required) for name, (type_, required) in suite.columns.items()]
    assert got == canonical(shape)


@pytest.mark.parametrize("shape", sorted(set(RAW_SHAPES) - set(CANONICAL_SHAPE.values())))
def test_reader_layout_columns_equal_the_raw_table(shape):
    assert list(load_layouts().shapes[shape].columns) == [c for c, _, _ in canonical(shape)]


@pytest.mark.parametrize("path", ["reference/rpd.xlsx", "reference/rpd_2025-04.csv", "2025-06/ikpa.csv"])
def test_ikpa_kinds_read_into_the_raw_tables_columns(path):
    from kinerja.readers import read_extract
    from tests.conftest import SAMPLE_LANDING

    extract = read_extract(SAMPLE_LANDING / path, path.split("/")[1].split(".")[0].split("_")[0])
    assert extract.data.columns == [c for c, _, _ in canonical(extract.shape)] + ["source_row", "file_period"]


def out_columns(table: str) -> list[str]:
    """What a transform returns for an out_* table: every column but ``period`` (the writer's)."""
    return metadata.column_names(table, exclude=("period",))


@pytest.mark.parametrize(("constant", "table"), [
    (rb.SATKER_COLUMNS, "out_rb_satker"),
    (rb.REGION_COLUMNS, "out_rb_region"),
    (survey.SATKER_COLUMNS, "out_survey_satker"),
    (survey.REGION_COLUMNS, "out_survey_region"),
    (iph.SATKER_COLUMNS, "out_iph_satker"),
    (iph.REGION_COLUMNS, "out_iph_region"),
    (attainment.IKU_COLUMNS, "out_iku"),
    (attainment.SUMMARY_COLUMNS, "out_iku_summary"),
])
def test_indicator_transform_columns_equal_their_out_table(constant, table):
    assert list(constant) == out_columns(table)


def test_rb_input_columns_are_the_rb_extract():
    assert rb.RB_COLUMNS == [c for c, _, _ in canonical("rb")]


def test_derived_realisasi_carries_every_column_of_core_realisasi():
    needed = metadata.column_names("core_realisasi", exclude=("period", "load_id"))
    assert set(needed) <= set(budget.DERIVED_COLUMNS)
    assert budget.DERIVED_COLUMNS[:2] == ["kode_satker", "kode_akun"]


def test_budget_tables_return_the_columns_of_their_out_tables():
    money = pl.Decimal(18, 2)
    pagu = pl.DataFrame({"kode_satker": ["000001"], "kode_akun": ["511111"], "pagu": [D("10")],
                         "blokir": [D("0")]}, schema_overrides={"pagu": money, "blokir": money})
    real = pl.DataFrame({"kode_satker": ["000001"], "kode_akun": ["511111"], "realisasi_bulan": [D("1")],
                         "realisasi_kumulatif": [D("1")]},
                        schema_overrides={"realisasi_bulan": money, "realisasi_kumulatif": money})
    satker = pl.DataFrame({"kode_satker": ["000001"], "nama_satker": ["Kanwil"], "jenis_satker": ["KANWIL"],
                           "kode_kanwil": ["000001"]})
    tables = budget.budget_tables(budget.akun_facts(pagu, real), satker)
    budget_out = [t.name for t in metadata.TABLES.values() if t.name.startswith("out_budget_")]
    assert sorted(tables) == sorted(budget_out)
    lineage = {"pagu_load_id", "realisasi_load_id", "satker_load_id"}   # added by the writer
    for name, frame in tables.items():
        assert sorted(set(frame.columns) | lineage) == sorted(out_columns(name)), name


def test_writer_and_publish_table_lists_follow_the_metadata():
    out_tables = tuple(t.name for t in metadata.TABLES.values() if t.layer == "out" and t.working == "table")
    assert store.OUT_TABLES == out_tables
    assert publish.PUBLISHED_TABLES == out_tables + ("out_load", "out_publish_history")
    bi_model = {t.name for t in metadata.bi.BI}   # built at publish time (kinerja.warehouse.model)
    assert {t.name for t in metadata.published_tables()} == set(publish.PUBLISHED_TABLES) | {"publish_info", "publish_period"} | bi_model
