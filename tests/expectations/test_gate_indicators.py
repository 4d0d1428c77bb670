"""Gate 1 on the indicator shapes (rb, pk, iku, survei, iph) and the cross-file rules:
a valid frame passes; one changed value fails exactly the named rule, at its row."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from kinerja.expectations import gate_extract, gate_indicators

from .gate_fixtures import (
    KANWIL,
    PERIOD,
    RULES,
    SATKER_CODES,
    StandInExtract,
    error_rules,
    located,
    set_value,
)

INT = pl.Int64


def _rows(n: int, start: int = 2) -> dict[str, pl.Series]:
    return {"source_row": pl.Series(list(range(start, start + n)), dtype=INT),
            "file_period": pl.Series([None] * n, dtype=pl.String)}


def rb_data(checkpoint: str | None = "B06") -> pl.DataFrame:
    return pl.DataFrame({"checkpoint": pl.Series([checkpoint] * 3, dtype=pl.String),
                         "kode_satker": [KANWIL, "400002", "400003"],
                         "target": pl.Series([50, 48, 48], dtype=INT),
                         "terlaksana": pl.Series([47, 31, 48], dtype=INT), **_rows(3)})


def pk_data() -> pl.DataFrame:
    f = pl.Float64
    return pl.DataFrame({
        "kode_indikator": ["SK1.IKU1", "SK2.IKU1", "SYN.IKU1"],
        "sasaran_kegiatan": ["S1", "S2", "S3"], "indikator": ["IPH", "RB", "Temuan BPK"],
        "satuan": ["indeks", "Persen", "persen"], "polaritas": ["positif", "positif", "Negatif"],
        "target_tahunan": pl.Series([3.6, 100.0, 10.0], dtype=f),
        "target_tw1": pl.Series([None, None, None], dtype=f),
        "target_tw2": pl.Series([None, 100.0, None], dtype=f),
        "target_tw3": pl.Series([None, None, None], dtype=f),
        "target_tw4": pl.Series([None, None, None], dtype=f),
        "sumber": pl.Series(["iph", "rb", None], dtype=pl.String), **_rows(3)})


def iku_data() -> pl.DataFrame:
    return pl.DataFrame({"kode_indikator": ["SYN.IKU1"], "realisasi": pl.Series([None], dtype=pl.Float64),
                         "keterangan": ["menunggu LHP BPK"], **_rows(1)})


def survei_data() -> pl.DataFrame:
    scores = {f"l{i}": pl.Series([4, 3, 1], dtype=INT) for i in range(1, 10)}
    return pl.DataFrame({"id_responden": ["R1", "R2", "R3"], "kode_satker": ["400002", "400002", "400003"],
                         "tanggal": [date(2025, 1, 6), date(2025, 3, 31), date(2025, 6, 30)],
                         **scores, **_rows(3)})


def iph_data() -> pl.DataFrame:
    return pl.DataFrame({"kode_satker": ["400002"] * 8 + ["400003"] * 8,
                         "dimensi": pl.Series(list(range(1, 9)) * 2, dtype=INT),
                         "nilai_dimensi": [3.5, 3.25, 4.0, 1.0, 3.6, 3.7, 3.8, 3.9] * 2, **_rows(16)})


BUILDERS = {"rb": rb_data, "pk": pk_data, "iku": iku_data, "survei": survei_data, "iph": iph_data}
NO_TOTALS = pl.DataFrame(schema={"source_row": INT, "label": pl.String})


def gate(shape: str, data: pl.DataFrame | None = None, totals: pl.DataFrame | None = None,
         period: str = PERIOD):
    data = BUILDERS[shape]() if data is None else data
    extract = StandInExtract(shape, shape, f"{period}/{shape}.csv", data,
                             NO_TOTALS if totals is None else totals)
    return gate_extract(extract, period, SATKER_CODES, RULES)


@pytest.mark.parametrize("shape", list(BUILDERS))
def test_valid_frames_pass(shape: str) -> None:
    result = gate(shape)
    assert result.success and result.issues == [], result.issues
    assert [r.suite for r in result.results] == [f"{shape}.schema", shape]


@pytest.mark.parametrize(("shape", "column", "index", "value", "rule", "row"), [
    # rb
    ("rb", "terlaksana", 1, 49, "rb.terlaksana_range", 3),
    ("rb", "terlaksana", 0, -1, "rb.terlaksana_range", 2),
    ("rb", "target", 2, -48, "rb.target_negative", 4),
    ("rb", "kode_satker", 1, "499999", "satker.unknown", 3),
    ("rb", "kode_satker", 1, "400003", "key.unique", 3),
    ("rb", "checkpoint", 0, "B03", "rb.checkpoint", 2),
    ("rb", "kode_satker", 2, None, "value.not_null", 4),
    # pk
    ("pk", "polaritas", 1, "higher_is_better", "pk.polaritas", 3),
    ("pk", "satuan", 0, "poin", "pk.satuan", 2),
    ("pk", "sumber", 2, "sakti", "pk.sumber", 4),
    ("pk", "target_tahunan", 2, 0.0, "pk.target", 4),
    ("pk", "kode_indikator", 2, "SK2.IKU1", "key.unique", 4),
    # iku
    ("iku", "keterangan", 0, None, "iku.na_reason", 2),
    # survei
    ("survei", "l5", 1, 5, "survei.score_range", 3),
    ("survei", "l1", 2, 0, "survei.score_range", 4),
    ("survei", "l9", 0, None, "survei.incomplete", 2),
    ("survei", "id_responden", 2, "R1", "key.unique", 4),
    ("survei", "tanggal", 0, date(2025, 7, 1), "period.mismatch", 2),
    ("survei", "kode_satker", 0, "499999", "satker.unknown", 2),
    # iph
    ("iph", "nilai_dimensi", 3, 0.9, "iph.scale", 5),
    ("iph", "nilai_dimensi", 2, 4.01, "iph.scale", 4),
])
def test_one_changed_value_fails_one_rule(shape, column, index, value, rule, row) -> None:
    result = gate(shape, set_value(BUILDERS[shape](), column, index, value))
    assert not result.success
    assert error_rules(result) == {rule}
    if rule == "key.unique":
        assert row in {i.row for i in result.errors}
    else:
        assert {(i.rule, i.row) for i in result.errors} == {(rule, row)}


def test_duplicate_survey_respondent_names_both_rows() -> None:
    result = gate("survei", set_value(survei_data(), "id_responden", 2, "R1"))
    assert {i.row for i in result.errors} == {2, 4}


def test_iph_unit_with_seven_dimensions_fails_dimension_count() -> None:
    data = iph_data().filter(pl.col("source_row") != 9)  # 400002 loses dimension 8
    result = gate("iph", data)
    assert error_rules(result) == {"iph.dimension_count"}
    assert {i.row for i in result.errors} == set(range(2, 9))  # every row of that unit
    assert "baru ada 7 dimensi" in result.errors[0].message


def test_iph_unit_not_in_master() -> None:
    data = iph_data().with_columns(pl.col("kode_satker").replace("400003", "499999"))
    result = gate("iph", data)
    assert error_rules(result) == {"satker.unknown"}
    assert {i.row for i in result.errors} == set(range(10, 18))


def test_iph_dimension_outside_1_to_8_fails_dimension_count_only() -> None:
    result = gate("iph", set_value(iph_data(), "dimensi", 15, 9))
    assert error_rules(result) == {"iph.dimension_count"}


def test_rb_checkpoint_from_folder_only_in_quarter_end_months() -> None:
    assert gate("rb", rb_data(None)).success
    result = gate("rb", rb_data(None), period="2025-05")
    assert error_rules(result) == {"rb.checkpoint"}
    assert "folder 2025-05 adalah checkpoint B05" in result.errors[0].message


def test_rb_total_row_is_checked_exactly() -> None:
    totals = pl.DataFrame({"source_row": [5], "label": ["JUMLAH"], "target": [146], "terlaksana": [126]},
                          schema={"source_row": INT, "label": pl.String, "target": INT, "terlaksana": INT})
    assert gate("rb", totals=totals).success
    result = gate("rb", totals=set_value(totals, "terlaksana", 0, 127))
    assert located(result) == {("total.mismatch", 5, "terlaksana")}
    assert "tertulis 127" in result.errors[0].message


def test_pk_text_is_case_insensitive() -> None:
    assert gate("pk", set_value(pk_data(), "polaritas", 0, " POSITIF ")).success


# --- cross-file rules -------------------------------------------------------------------------------

def test_cross_file_rules_pass() -> None:
    previous = rb_data("B03").with_columns(pl.Series("target", [25, 29, 29], dtype=INT))
    result = gate_indicators(PERIOD, pk=pk_data(), iku=iku_data(), rb=rb_data(), rb_previous=previous)
    assert result.success and result.issues == []
    assert [r.suite for r in result.results] == ["rb.checkpoints", "iku.pk"]


def test_rb_target_falls_between_checkpoints() -> None:
    previous = rb_data("B03").with_columns(pl.Series("target", [25, 49, 29], dtype=INT))
    result = gate_indicators(PERIOD, rb=rb_data(), rb_previous=previous, files={"rb": "2025-06/rb.xlsx"})
    assert located(result) == {("rb.target_falls", 3, "target")}
    issue = result.errors[0]
    assert issue.file == "2025-06/rb.xlsx" and "48 pada B06 lebih rendah dari 49 pada B03" in issue.message


def test_iku_code_not_in_pk() -> None:
    result = gate_indicators(PERIOD, pk=pk_data(), iku=set_value(iku_data(), "kode_indikator", 0, "SYN.IKU9"))
    assert located(result) == {("iku.unknown_indicator", 2, "kode_indikator")}


def test_cross_file_rules_skip_absent_inputs() -> None:
    result = gate_indicators(PERIOD, rb=rb_data())
    assert result.success and result.results == []
