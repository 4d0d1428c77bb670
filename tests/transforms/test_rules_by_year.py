"""Figures computed through the transforms and gates with the rules of their fiscal year: a
rules file with a 2026 row leaves every 2025 figure as it was and gives 2026 the new values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from kinerja.expectations import gate_extract
from kinerja.rules import RuleBook, load_rules, rules_for
from kinerja.transforms.survey import survey_tables
from tests.expectations.gate_fixtures import SATKER_CODES, StandInExtract
from tests.test_rules import PACKAGED, ROWS_2026

from .test_indicators import responses

SATKER = pl.DataFrame({"kode_satker": ["400001", "400002", "400003"],
                       "nama_satker": ["Kanwil", "Lapas A", "Rutan B"],
                       "jenis_satker": ["KANWIL", "LAPAS", "RUTAN"], "kode_kanwil": ["400001"] * 3})


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> RuleBook:
    path = tmp_path_factory.mktemp("rules") / "rules.toml"
    path.write_text(PACKAGED + ROWS_2026, encoding="utf-8")
    return load_rules(path)


def grades(tables: dict[str, pl.DataFrame]) -> dict[str, tuple[float, str, str]]:
    rows = pl.concat([tables["out_survey_satker"].select("kode_satker", "ikm", "mutu", "kinerja_unit"),
                      tables["out_survey_region"].select(pl.lit("region").alias("kode_satker"), "ikm", "mutu",
                                                         "kinerja_unit")])
    return {k: (round(i, 4), m, u) for k, i, m, u in rows.iter_rows()}


def test_survey_2025_figures_unchanged_by_a_2026_row(book: RuleBook) -> None:
    # hand-worked in test_indicators: 400002 IKM 3,2222 -> B; 400003 2,0 -> D; region 2,9167 -> C
    before = survey_tables(responses(), SATKER, rules_for(2025))
    with_2026_row = survey_tables(responses(), SATKER, rules_for(2025, book))
    assert grades(before) == grades(with_2026_row) == {
        "400002": (3.2222, "B", "Baik"), "400003": (2.0, "D", "Tidak Baik"), "region": (2.9167, "C", "Kurang Baik")}
    for name in before:
        assert before[name].equals(with_2026_row[name]), name


def test_survey_2026_takes_the_new_bands(book: RuleBook) -> None:
    # 2026 row: A >= 3,2; B >= 3,0; C >= 2,95; D below: same indices, other grades
    assert grades(survey_tables(responses(), SATKER, rules_for(2026, book))) == {
        "400002": (3.2222, "A", "Sangat Baik"), "400003": (2.0, "D", "Tidak Baik"), "region": (2.9167, "D", "Tidak Baik")}


def iph_extract(value: float) -> StandInExtract:
    data = pl.DataFrame({"kode_satker": ["400002"] * 8, "dimensi": pl.Series(range(1, 9), dtype=pl.Int64),
                         "nilai_dimensi": [value] + [3.0] * 7,
                         "source_row": pl.Series(range(2, 10), dtype=pl.Int64),
                         "file_period": pl.Series([None] * 8, dtype=pl.String)})
    return StandInExtract("iph", "iph", "iph.csv", data,
                          pl.DataFrame(schema={"source_row": pl.Int64, "label": pl.String}))


def test_gate_scales_follow_the_year(tmp_path: Path) -> None:
    # a 2026 row putting IPH on a 1-5 scale: 4,5 fails in 2025 and passes in 2026
    text = PACKAGED + '\n[[iph]]\nberlaku_mulai = 2026\nsumber = "[U] test"\nskala = [1, 5]\n'
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    book = load_rules(path)
    failed = gate_extract(iph_extract(4.5), "2025-06", SATKER_CODES, rules_for(2025, book))
    assert [(i.rule, i.row, i.message) for i in failed.errors] == [
        ("iph.scale", 2, "kode_satker 400002, dimensi 1: nilai 4.5 di luar skala 1..4")]
    assert gate_extract(iph_extract(4.5), "2026-06", SATKER_CODES, rules_for(2026, book)).success
    assert rules_for(2026, book).iph_skala == (Decimal(1), Decimal(5))
