"""Gate 2: budget reconciliation of the derived realisasi frame against the pagu in force."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from kinerja.expectations import gate_budget, reconcile_budget
from kinerja.issues import GateFailed

from .gate_fixtures import PERIOD, RULES, error_rules, located, money, set_value

FILE = f"{PERIOD}/realisasi.csv"


def realisasi() -> pl.DataFrame:
    return pl.DataFrame({
        "kode_satker": ["400002", "400002", "400003"],
        "kode_akun": ["511111", "521111", "532111"],
        "realisasi_bulan": money("80000", "-1500", "0"),
        "realisasi_kumulatif": money("480000", "100000", "0"),
        "realisasi_kumulatif_prev": money("400000", "101500", "0"),
        "bulan_ini_given": money("80000", "-1500", None),
        "sd_bulan_ini_given": money("480000", "100000", "0"),
        "has_negative_correction": [False, True, False],
        "source_row": pl.Series([2, 3, None], dtype=pl.Int64),
    })


def pagu() -> pl.DataFrame:
    return pl.DataFrame({
        "kode_satker": ["400002", "400002", "400003"],
        "kode_akun": ["511111", "521111", "532111"],
        "pagu": money("1000000", "100000", "90000"),
        "blokir": money("0", "0", "0"),
    })


def gate(real=None, lines=None, rules=RULES):
    return gate_budget(PERIOD, realisasi() if real is None else real,
                       pagu() if lines is None else lines, FILE, rules)


def test_consistent_frame_passes():
    result = gate()
    assert result.success, result.issues
    assert result.issues == []
    assert result.results[0].suite == "budget"


@pytest.mark.parametrize(
    ("column", "index", "value", "rule", "location"),
    [
        ("sd_bulan_ini_given", 0, "480000.01", "cumulative.inconsistent", (2, "realisasi_sd_bulan_ini")),
        ("has_negative_correction", 1, False, "cumulative.falls", (3, "realisasi_kumulatif")),
        ("realisasi_kumulatif", 2, "99000.01", "realisasi.far_over_pagu", (None, "realisasi_kumulatif")),
    ],
)
def test_one_changed_value_fails_one_rule(column, index, value, rule, location):
    result = gate(set_value(realisasi(), column, index, value))
    assert error_rules(result) == {rule}
    assert located(result) == {(rule, *location)}


def test_over_pagu_is_a_warning_not_a_failure():
    result = gate(set_value(realisasi(), "realisasi_kumulatif", 2, "99000.00"))  # 110% exactly
    assert result.success
    assert [(i.rule, i.severity) for i in result.issues] == [("realisasi.over_pagu", "warning")]
    assert "kode_satker 400003, kode_akun 532111" in result.issues[0].message
    result.raise_for_errors()  # warnings never raise


def test_fail_ratio_comes_from_the_rules():
    assert RULES.over_pagu_fail_ratio == Decimal("1.10")  # 2025
    real = set_value(realisasi(), "realisasi_kumulatif", 2, "95000")  # 105,56% of 90000
    assert gate(real).success
    stricter = RULES.with_overrides(over_pagu_fail_ratio=Decimal("1.05"))
    assert error_rules(gate(real, rules=stricter)) == {"realisasi.far_over_pagu"}


def test_realisation_without_pagu_line_fails():
    result = gate(lines=pagu().filter(pl.col("kode_akun") != "521111"))
    assert located(result) == {("realisasi.far_over_pagu", 3, "kode_akun")}
    with pytest.raises(GateFailed, match="gate failed for 2025-06: 1 rule violation"):
        result.raise_for_errors()


def test_reconcile_frame_carries_exact_differences():
    frame = reconcile_budget(set_value(realisasi(), "sd_bulan_ini_given", 0, "480000.01"), pagu(), RULES)
    assert frame["cumulative_difference"].to_list()[:2] == [Decimal("0.01"), Decimal("0")]
    assert frame["fall"].to_list() == [Decimal("80000"), None, Decimal("0")]
