"""The indicator transforms return exactly the columns the metadata gives their tables
(minus ``period``, which the writer adds) and their rows insert BY NAME."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest

from kinerja.transforms.attainment import attainment, attainment_summary, realizations
from kinerja.transforms.iph import iph_tables
from kinerja.transforms.rb import rb_tables
from kinerja.transforms.survey import survey_tables
from kinerja.warehouse.db import apply_schema

from .test_indicators import RULES, pk_frame, responses, typed

SATKER = pl.DataFrame({"kode_satker": ["400001", "400002", "400003"],
                       "nama_satker": ["Kanwil", "Lapas A", "Rutan B"],
                       "jenis_satker": ["KANWIL", "LAPAS", "RUTAN"],
                       "kode_kanwil": ["400001"] * 3, "load_id": ["L-satker"] * 3})


def tables() -> dict[str, pl.DataFrame]:
    rb = pl.DataFrame({"checkpoint": ["B03", "B03", "B06", "B06"],
                       "kode_satker": ["400002", "400003"] * 2, "target": [29, 29, 48, 48],
                       "terlaksana": [29, 29, 31, 44], "load_id": ["L3", "L3", "L6", "L6"]})
    iph = pl.DataFrame({"kode_satker": ["400002"] * 8, "dimensi": list(range(1, 9)),
                        "nilai_dimensi": [3.5] * 8})
    out = {**rb_tables(rb, SATKER), **survey_tables(responses(), SATKER, RULES), **iph_tables(iph, SATKER)}
    pk = pk_frame([("R", "persen", "positif", 100.0, "rb"), ("X", "persen", "negatif", 10.0, None)])
    real = realizations(pk, typed({"X": None}, "menunggu LHP BPK"), rb_region=out["out_rb_region"],
                        survey_region=out["out_survey_region"], iph_region=out["out_iph_region"])
    out["out_iku"] = attainment(pk, real, "2025-06", RULES)
    out["out_iku_summary"] = attainment_summary(out["out_iku"])
    return out


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    apply_schema(con)
    return con


def test_columns_match_ddl_and_insert_by_name(con: duckdb.DuckDBPyConnection) -> None:
    out = tables()
    assert set(out) == {"out_rb_satker", "out_rb_region", "out_survey_satker", "out_survey_region",
                        "out_iph_satker", "out_iph_region", "out_iku", "out_iku_summary"}
    for table, frame in out.items():
        ddl = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        assert ddl[0] == "period" and frame.columns == ddl[1:], table
        con.register("_frame", frame.with_columns(pl.lit(date(2025, 6, 1)).alias("period")).to_arrow())
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame").fetchall()
        con.unregister("_frame")
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == frame.height
    assert con.execute("SELECT DISTINCT rb_load_id FROM out_rb_satker WHERE checkpoint = 'B06'").fetchall() == [("L6",)]
    assert con.execute("SELECT satker_load_id FROM out_rb_region LIMIT 1").fetchone() == ("L-satker",)
    assert con.execute("SELECT status, capaian_pct FROM out_iku WHERE kode_indikator = 'X'").fetchone() == (
        "tidak dapat dinilai", None)


def test_no_free_text_column_anywhere(con: duckdb.DuckDBPyConnection) -> None:
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name LIKE '%surv%'").fetchall()}
    assert columns and not columns & {"saran", "masukan", "komentar", "nama_responden"}


def test_sample_extracts_insert_into_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """What a writer appends to raw_<kind>: the canonical frame minus file_period, plus load_id."""
    from pathlib import Path

    from kinerja.readers import read_extract

    landing = Path(__file__).resolve().parents[2] / "data" / "sample" / "landing"
    con = con.cursor()      # its own result state, whatever the schema build left on the connection
    for rel, kind in (("reference/pk.csv", "pk"), ("2025-06/rb.xlsx", "rb"), ("2025-06/iku.csv", "iku"),
                      ("2025-06/survei.csv", "survei"), ("2025-06/iph.csv", "iph")):
        ext = read_extract(landing / rel, kind, landing)
        frame = ext.data.drop("file_period").with_columns(pl.lit("L").alias("load_id"))
        con.register("_frame", frame.to_arrow())
        con.execute(f"INSERT INTO raw_{kind} BY NAME SELECT * FROM _frame").fetchall()
        con.unregister("_frame")
        ddl = {r[0] for r in con.execute(f"DESCRIBE raw_{kind}").fetchall()}
        assert ddl == set(frame.columns), kind
