"""Gate 1 on the pagu shape: a valid frame passes; one changed value fails exactly one rule.

Extracts are ``StandInExtract`` objects (see gate_fixtures), standing in for readers.Extract.
"""

from __future__ import annotations

import polars as pl
import pytest
from .gate_fixtures import PERIOD, RULES, SATKER_CODES, error_rules, located, make_extract, pagu_data, set_value

from kinerja.expectations import gate_extract


def gate(data: pl.DataFrame | None = None, totals: pl.DataFrame | None = None):
    return gate_extract(make_extract("pagu", data, totals), PERIOD, SATKER_CODES, RULES)


def test_valid_pagu_passes():
    result = gate()
    assert result.success, result.issues
    assert result.issues == []
    assert [r.suite for r in result.results] == ["pagu.schema", "pagu", "pagu.totals"]
    assert all(r.success and r.failed == 0 for r in result.results)


@pytest.mark.parametrize(
    ("column", "index", "value", "rule", "row"),
    [
        ("kode_akun", 1, None, "value.not_null", 6),
        ("kode_satker", 2, "499999", "satker.unknown", 7),
        ("kode_akun", 0, "591111", "akun.jenis_belanja", 5),
        ("blokir", 2, "-1", "amount.negative", 7),
        ("pagu", 0, "-1", "amount.negative", 5),
        ("blokir", 1, "250000.51", "blokir.exceeds_pagu", 6),
        ("file_period", 1, "2025-05", "period.mismatch", 6),
    ],
)
def test_one_changed_value_fails_one_rule(column, index, value, rule, row):
    result = gate(set_value(pagu_data(), column, index, value))
    assert not result.success
    assert error_rules(result) == {rule}
    assert located(result) == {(rule, row, column)}


def test_period_message_names_both_periods():
    result = gate(set_value(pagu_data(), "file_period", 0, "2025-05"))
    assert "file menyebut 2025-05, sedangkan foldernya 2025-06" in result.errors[0].message
    assert result.errors[0].file == f"{PERIOD}/pagu.csv"


def test_duplicate_key_names_both_rows():
    result = gate(set_value(pagu_data(), "kode_akun", 1, "511111"))
    assert error_rules(result) == {"key.unique"}
    assert {i.row for i in result.errors} == {5, 6}


def test_total_mismatch_names_row_column_stated_and_computed():
    extract = make_extract("pagu")
    totals = set_value(extract.totals, "blokir", 0, "50000.01")
    result = gate(totals=totals)
    assert error_rules(result) == {"total.mismatch"}
    (issue,) = result.errors
    assert (issue.row, issue.column) == (8, "blokir")
    assert "tertulis 50000.01" in issue.message and "hasil hitung 50000.00" in issue.message


def test_missing_column_is_one_schema_issue():
    totals = make_extract("pagu").totals
    result = gate(pagu_data().drop("blokir"), totals)
    assert located(result) == {("schema.column", None, "blokir")}


def test_wrong_type_is_one_schema_issue():
    result = gate(pagu_data().with_columns(pl.col("pagu").cast(pl.Float64)))
    assert located(result) == {("schema.type", None, "pagu")}
    assert "seharusnya Decimal(18,2)" in result.errors[0].message


def test_gate_issues_name_the_column_by_the_files_own_header(tmp_path):
    """The finance officer who fixes the DIPA export sees ``KDSATKER``, not ``kode_satker``."""
    from kinerja.expectations import gate_extract
    from kinerja.readers import read_extract
    from tests.conftest import SAMPLE_LANDING

    text = (SAMPLE_LANDING / "2025-01" / "pagu.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first = text[0], text[1]
    assert header.startswith("KDSATKER;") and first.startswith("410001;")
    path = tmp_path / "pagu.csv"
    path.write_text("\n".join([header, "499999;" + first.split(";", 1)[1], *text[2:]]) + "\n", encoding="utf-8")
    extract = read_extract(path, "pagu")
    result = gate_extract(extract, "2025-01", {"410001", "410002"} | set(extract.data["kode_satker"].to_list()) - {"499999"},
                          RULES)
    unknown = [i for i in result.errors if i.row == 2]
    assert unknown and {i.column for i in unknown} == {"KDSATKER"}
