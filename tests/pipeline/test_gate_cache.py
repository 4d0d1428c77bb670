"""Gate 1 validates each distinct input once per process: the same bytes, name, period, active
units and rules give the same result, taken from the cache; any of them changed validates
again (a wrong key would hand a stale pass to a changed file)."""

from __future__ import annotations

import dataclasses
import importlib

import pytest

from kinerja import expectations
from kinerja.periods import Period
from kinerja.pipeline.derive import gate_extracts
from tests.expectations.gate_fixtures import RULES, make_extract, pagu_data, satker_data, set_value


derive_mod = importlib.import_module("kinerja.pipeline.derive")   # the module (the package exports a function)


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = expectations.gate_extract

    def counting(extract, period, codes, rules):
        seen.append(f"{extract.kind}:{extract.file}:{period}")
        return real(extract, period, codes, rules)

    monkeypatch.setattr(derive_mod.expectations, "gate_extract", counting)
    monkeypatch.setattr(derive_mod, "_GATE_CACHE", type(derive_mod._GATE_CACHE)())
    return seen


def test_the_same_inputs_are_validated_once_and_any_change_validates_again(calls):
    june = Period(2025, 6)
    extracts = {"satker": make_extract("satker", satker_data()), "pagu": make_extract("pagu", pagu_data())}
    first = gate_extracts(june, extracts, RULES)
    again = gate_extracts(june, extracts, RULES)
    assert first.success and again.success and len(calls) == 2            # nothing validated twice
    assert [r.suite for r in again.results] == [r.suite for r in first.results]

    gate_extracts(Period(2025, 7), extracts, RULES)                         # another period
    assert len(calls) == 4

    bad = set_value(pagu_data(), "kode_akun", 1, "<591111>")
    changed = {**extracts, "pagu": dataclasses.replace(make_extract("pagu", bad), sha256="other-bytes")}
    result = gate_extracts(june, changed, RULES)                            # other bytes: validated, and fail
    assert not result.success and calls[-1].startswith("pagu:")

    stricter = RULES.with_overrides(over_pagu_fail_ratio="1.5")
    gate_extracts(june, extracts, stricter)                                 # other rules: both again
    assert len(calls) == 7
