"""GX runner: exceptions are failures, row caps, combining results, code maps in sync."""

from __future__ import annotations

import json

import polars as pl
import pytest

from kinerja.expectations import REGISTRY, GateResult, gate_extract
from kinerja.expectations.core import MAX_ROWS_PER_CHECK, run_suite
from kinerja.expectations.extract import non_negative
from kinerja.issues import GateFailed

from .gate_fixtures import PERIOD, RULES, SATKER_CODES, make_extract, pagu_data, set_value


def test_gx_exception_is_a_gate_failure():
    # A real GX failure: a numeric range check on a text column raises inside GX, which
    # GX reports only in exception_info.
    frame = pl.DataFrame({"source_row": [2, 3], "pagu": ["1.000", "2.000"]})
    run = run_suite("broken", "f.csv", PERIOD, frame, [non_negative("pagu")])
    assert not run.success
    assert [(i.rule, i.column, i.severity) for i in run.issues] == [("gate.exception", "pagu", "error")]
    assert "amount.negative" in run.issues[0].message and "same type" in run.issues[0].message
    stored = json.loads(run.result_json)["results"][0]["exception_info"]
    assert any(v.get("raised_exception") for v in stored.values())


def test_failing_rows_without_a_row_number_are_found_by_position():
    # a reconciliation frame whose rows carry no (or no unique) file row: GX's failing index
    # is the position, and the exact polars row is found from it
    frame = pl.DataFrame({"source_row": [None, None, None], "pagu": [5, -1, -7]})
    run = run_suite("budget", "f.csv", PERIOD, frame, [non_negative("pagu")])
    assert not run.success
    assert [(i.rule, i.row) for i in run.issues] == [("amount.negative", None), ("amount.negative", None)]
    assert ["-1" in run.issues[0].message, "-7" in run.issues[1].message] == [True, True]


def test_failing_rows_are_capped_with_a_count():
    n = MAX_ROWS_PER_CHECK + 50
    data = pl.concat([pagu_data()] * (n // 3 + 1)).head(n).with_columns(
        source_row=pl.int_range(2, n + 2, dtype=pl.Int64), kode_satker=pl.lit("499999"),
        kode_akun=pl.int_range(n).cast(pl.String).str.zfill(4).map_elements(lambda s: "52" + s, pl.String),
    )
    result = gate_extract(make_extract("pagu", data), PERIOD, SATKER_CODES, RULES)
    unknown = [i for i in result.errors if i.rule == "satker.unknown"]
    assert len(unknown) == MAX_ROWS_PER_CHECK + 1
    assert unknown[-1].row is None and f"{n} baris melanggar" in unknown[-1].message
    stored = json.loads(result.results[1].result_json)
    assert all(len(r["result"].get("unexpected_index_list", [])) <= MAX_ROWS_PER_CHECK
               for r in stored["results"])


def test_combine_merges_and_raises_every_error():
    good = gate_extract(make_extract("pagu"), PERIOD, SATKER_CODES, RULES)
    bad = gate_extract(make_extract("pagu", set_value(pagu_data(), "kode_satker", 0, "499999")),
                       PERIOD, SATKER_CODES, RULES)
    both = GateResult.combine([good, bad])
    assert not both.success
    assert len(both.results) == len(good.results) + len(bad.results)
    with pytest.raises(GateFailed) as raised:
        both.raise_for_errors()
    assert raised.value.issues == bad.errors
    with pytest.raises(ValueError):
        GateResult.combine([good, GateResult("2025-07", True)])


def test_unknown_shape_is_rejected():
    extract = make_extract("pagu")
    with pytest.raises(ValueError, match="no suite"):
        gate_extract(type(extract)("lra", "lra", "x.csv", extract.data, extract.totals), PERIOD, [], RULES)


def test_registry_covers_every_extract_shape():
    assert set(REGISTRY) == {"satker", "pagu", "summary", "transactions",
                             "rb", "pk", "iku", "survei", "iph",   # indicator shapes (issue 3)
                             "rpd", "ikpa"}                        # IKPA (issue 10)


def test_gx_is_handed_only_the_columns_its_checks_read():
    # a frame of eight columns, checks reading two: GX gets those two, indexed by the file's row
    from kinerja.expectations.core import to_gx_frame
    from kinerja.expectations.extract import not_null, unique_key

    frame = pagu_data().with_columns(pl.lit("x").alias(f"extra_{n}") for n in range(3))
    pdf = to_gx_frame(frame, [non_negative("pagu"), unique_key(["kode_satker", "kode_akun"])])
    assert list(pdf.columns) == ["pagu", "kode_satker", "kode_akun"]
    assert list(pdf.index) == frame["source_row"].to_list()
    assert str(pdf["pagu"].dtype) == "float64"
    assert list(to_gx_frame(frame, [not_null("source_row")]).columns) == ["source_row"]


def test_failing_rows_come_in_file_order_with_the_count():
    # 450 of 900 rows break one rule: the first 200 in the file's order are listed, then the count
    n = 900
    frame = pl.DataFrame({"source_row": list(range(10, 10 + n)),
                          "pagu": [-1 if i % 2 else 1 for i in range(n)]})
    run = run_suite("budget", "f.csv", PERIOD, frame, [non_negative("pagu")])
    rows = [i.row for i in run.issues if i.row is not None]
    assert rows == list(range(11, 11 + 2 * MAX_ROWS_PER_CHECK, 2))
    assert run.issues[-1].row is None and "450" in run.issues[-1].message and len(run.issues) == MAX_ROWS_PER_CHECK + 1


def test_threads_validating_suites_of_one_name_each_get_their_own_result():
    # the context keeps one suite and one ValidationDefinition per name; threads of one process
    # (a Dask worker's) validating "budget" at once must not see each other's
    from concurrent.futures import ThreadPoolExecutor

    def validate(bad: int) -> list[int | None]:
        frame = pl.DataFrame({"source_row": list(range(2, 42)), "pagu": [-1 if i == bad else 1 for i in range(40)]})
        return [i.row for i in run_suite("budget", "f.csv", PERIOD, frame, [non_negative("pagu")]).issues]

    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(validate, range(12)))
    assert got == [[bad + 2] for bad in range(12)]
