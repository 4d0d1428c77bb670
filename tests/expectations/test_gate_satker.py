"""Gate 1 on the satker master (stand-in extracts, see gate_fixtures)."""

from __future__ import annotations

import pytest

from kinerja.expectations import gate_extract

from .gate_fixtures import PERIOD, RULES, SATKER_CODES, error_rules, located, make_extract, satker_data, set_value


def gate(data=None):
    return gate_extract(make_extract("satker", data), PERIOD, SATKER_CODES, RULES)


def test_valid_satker_passes():
    result = gate()
    assert result.success, result.issues
    assert [r.suite for r in result.results] == ["satker.schema", "satker"]


@pytest.mark.parametrize(
    ("column", "index", "value", "rule", "rows"),
    [
        ("kode_satker", 2, "400002", "key.unique", {3, 4}),
        ("kode_kanwil", 1, "499999", "satker.unknown", {3}),
        ("jenis_satker", 2, "LAPASS", "satker.jenis_satker", {4}),
        ("nama_satker", 0, None, "value.not_null", {2}),
        ("file_period", 0, "2025-05", "period.mismatch", {2}),
    ],
)
def test_one_changed_value_fails_one_rule(column, index, value, rule, rows):
    result = gate(set_value(satker_data(), column, index, value))
    assert error_rules(result) == {rule}
    assert located(result) == {(rule, r, column) for r in rows}


def test_master_codes_are_not_checked_against_the_requested_codes():
    result = gate_extract(make_extract("satker"), PERIOD, satker_codes=[], rules=RULES)
    assert result.success, result.issues
