"""Gate 1 on the realisasi shapes, summary and transactions (stand-in extracts)."""

from __future__ import annotations

from datetime import date

import pytest

from kinerja.expectations import gate_extract

from .gate_fixtures import (
    PERIOD,
    RULES,
    SATKER_CODES,
    error_rules,
    located,
    make_extract,
    set_value,
    summary_data,
    transactions_data,
)


def gate(shape, data=None, totals=None):
    return gate_extract(make_extract(shape, data, totals), PERIOD, SATKER_CODES, RULES)


@pytest.mark.parametrize("shape", ["summary", "transactions"])
def test_valid_frames_pass_with_negative_corrections(shape):
    result = gate(shape)
    assert result.success, result.issues
    assert [r.suite for r in result.results] == [f"{shape}.schema", shape, f"{shape}.totals"]


@pytest.mark.parametrize(
    ("column", "index", "value", "rule", "rows"),
    [
        ("kode_satker", 0, "123456", "satker.unknown", {2}),
        ("kode_akun", 2, "611111", "akun.jenis_belanja", {4}),
        ("kode_akun", 1, "511111", "key.unique", {2, 3}),
        ("realisasi_sd_bulan_ini", 2, "-0.01", "amount.negative", {4}),
        ("kode_satker", 1, None, "value.not_null", {3}),
        ("file_period", 2, "2025-07", "period.mismatch", {4}),
    ],
)
def test_summary_one_changed_value_fails_one_rule(column, index, value, rule, rows):
    result = gate("summary", set_value(summary_data(), column, index, value))
    assert error_rules(result) == {rule}
    assert located(result) == {(rule, r, column) for r in rows}


@pytest.mark.parametrize(
    ("column", "index", "value", "rule", "row"),
    [
        ("tanggal_sp2d", 0, date(2025, 5, 31), "period.mismatch", 2),
        ("tanggal_sp2d", 1, None, "value.not_null", 3),
        ("nilai", 2, None, "value.not_null", 4),
        ("kode_akun", 0, "5", "akun.jenis_belanja", 2),
        ("kode_satker", 2, "400099", "satker.unknown", 4),
    ],
)
def test_transactions_one_changed_value_fails_one_rule(column, index, value, rule, row):
    result = gate("transactions", set_value(transactions_data(), column, index, value))
    assert error_rules(result) == {rule}
    assert located(result) == {(rule, row, column)}


def test_sp2d_outside_month_says_both_periods():
    result = gate("transactions", set_value(transactions_data(), "tanggal_sp2d", 0, date(2025, 5, 31)))
    assert "file menyebut 2025-05" in result.errors[0].message
    assert "sedangkan foldernya 2025-06" in result.errors[0].message


def test_transaction_total_mismatch():
    totals = set_value(make_extract("transactions").totals, "nilai", 0, "0")
    result = gate("transactions", totals=totals)
    assert located(result) == {("total.mismatch", 5, "nilai")}
    assert "hasil hitung 90499.85" in result.errors[0].message


def test_summary_blank_total_cell_is_not_checked():
    totals = set_value(make_extract("summary").totals, "realisasi_bulan_ini", 0, None)
    assert gate("summary", totals=totals).success
