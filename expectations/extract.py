"""Rules shared by every extract shape: schema, common value checks, total rows.

A shape module (satker, pagu, realisasi) declares its canonical columns as a ``ShapeSuite``
and adds its own checks; ``run_extract`` runs up to three GX validations per extract:
``<shape>.schema`` (one row per canonical column), ``<shape>`` (the rows) and
``<shape>.totals`` (one row per total row x amount column, computed exactly in polars).
Value checks run only on columns that are present with the documented type, so a missing
or mistyped column is reported once, as a schema issue, not again as GX exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Final

import polars as pl

from kinerja.issues import Issue, cut_value
from kinerja.rules import Rules
from kinerja.transforms.codes import JENIS_BELANJA

from .core import Check, SuiteRun, run_suite
from kinerja.expectations.gx import gxe

# The jenis belanja prefixes of the Bagan Akun Standar (the code map lives in transforms.codes).
JENIS_BELANJA_PREFIXES: Final[tuple[str, ...]] = tuple(sorted(JENIS_BELANJA))

# Column types as documented in docs/architecture.md ("Canonical frames").
STRING, DECIMAL, DATE, INT64, FLOAT64 = "String", "Decimal(18,2)", "Date", "Int64", "Float64"

# (type, required non-null) of the two columns every canonical frame carries.
PROVENANCE: Final[dict[str, tuple[str, bool]]] = {
    "source_row": (INT64, True),
    "file_period": (STRING, False),
}

Build = Callable[[pl.DataFrame, str, frozenset[str], Rules], tuple[pl.DataFrame, list[Check]]]


@dataclass(frozen=True)
class ShapeSuite:
    """A canonical extract shape: its columns, the amounts its total rows sum, its checks.

    ``build(data, period, usable, rules)`` returns the frame handed to GX (``data`` plus any
    derived columns) and the shape's own checks, using only ``usable`` columns and the
    period's fiscal-year ``rules`` (e.g. the IPH and survey scales).
    """

    shape: str
    columns: dict[str, tuple[str, bool]]
    amounts: tuple[str, ...]
    build: Build


def plain(number: Any) -> str:
    """A rule's number as a message writes it: ``Decimal("4.0")`` -> ``4``, ``1.5`` -> ``1.5``."""
    return format(Decimal(str(number)).normalize(), "f")


def type_ok(dtype: pl.DataType, expected: str) -> bool:
    """Does a polars dtype match a documented type? Decimal: any precision, scale 2."""
    if expected == DECIMAL:
        return isinstance(dtype, pl.Decimal) and dtype.scale == 2
    return {STRING: pl.String, DATE: pl.Date, INT64: pl.Int64, FLOAT64: pl.Float64}[expected] == dtype


def not_null(column: str) -> Check:
    return Check("value.not_null", gxe.ExpectColumnValuesToNotBeNull(column=column),
                 lambda r: f"kolom {column} kosong", column=column)


def satker_known(column: str, codes: str = "satker_codes") -> Check:
    """``column`` holds a code of the satker master (``codes``: a code list given at run time)."""
    flag = f"{column}__in_{codes}"
    return Check(
        "satker.unknown",
        gxe.ExpectColumnValuesToBeInSet(column=flag, value_set=[True]),
        lambda r: f"{column} {r[column]} tidak ada di master satker yang aktif pada periode ini",
        column=column,
        membership=(flag, column, codes),
    )


def with_memberships(frame: pl.DataFrame, checks: list[Check], code_lists: dict[str, Collection[str]]) -> pl.DataFrame:
    """Add the membership flag of every check that has one (null codes are not_null's business)."""
    flags = [pl.col(col).is_in(list(code_lists[codes])).fill_null(True).alias(flag)
             for flag, col, codes in (c.membership for c in checks if c.membership)]
    return frame.with_columns(flags) if flags else frame


def akun_jenis_belanja() -> Check:
    pattern = "^(?:" + "|".join(map(re.escape, JENIS_BELANJA_PREFIXES)) + ")"
    return Check(
        "akun.jenis_belanja",
        gxe.ExpectColumnValuesToMatchRegex(column="kode_akun", regex=pattern),
        lambda r: (f"kode_akun {r['kode_akun']} tidak diawali kode jenis belanja "
                   f"({', '.join(JENIS_BELANJA_PREFIXES)})"),
        column="kode_akun",
    )


def non_negative(column: str) -> Check:
    # Sign survives the Decimal -> float64 conversion exactly: no tolerance.
    return Check("amount.negative", gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0),
                 lambda r: f"{column} bernilai negatif ({r[column]})", column=column)


def period_matches(period: str) -> Check:
    """``file_period`` is null or the requested period (nulls are skipped by GX)."""
    return Check(
        "period.mismatch",
        gxe.ExpectColumnValuesToBeInSet(column="file_period", value_set={"$PARAMETER": "periods"}),
        lambda r: f"file menyebut {r['file_period']}, sedangkan foldernya {period}",
        column="file_period",
    )


def _one_period_message(run: SuiteRun, data: pl.DataFrame, period: str,
                        title: tuple[int, str] | None = None) -> SuiteRun:
    """A file that names one other period on every row (a title row ``Periode: Mei 2025``, or
    the same tahun/bulan throughout) is one ``period.mismatch`` naming that title row, not one
    per data row."""
    wrong = sum(i.rule == "period.mismatch" for i in run.issues)
    named = data["file_period"].unique()
    if wrong < 2 or named.len() != 1 or named[0] is None:
        return run
    said = (f"judul file di baris {title[0]} ({cut_value(title[1])}) menyebut {named[0]}" if title else
            f"kolom tahun/bulan menyebut {named[0]} di semua {data.height} baris")
    issue = Issue(run.file, "period.mismatch",
                  f"{said}, sedangkan foldernya {period}: pindahkan file ke {named[0]}/, atau taruh file "
                  f"{period} di sini", row=title[0] if title else None, column=None if title else "file_period")
    return replace(run, issues=(*(i for i in run.issues if i.rule != "period.mismatch"), issue))


def unique_key(columns: list[str]) -> Check:
    expectation: Any = (
        gxe.ExpectColumnValuesToBeUnique(column=columns[0]) if len(columns) == 1
        else gxe.ExpectCompoundColumnsToBeUnique(column_list=columns)
    )
    return Check(
        "key.unique", expectation,
        lambda r: "kunci ganda " + ", ".join(f"{c} {r[c]}" for c in columns) + " (baris ini muncul lebih dari sekali)",
        column=columns[-1],
    )


def run_extract(
    suite: ShapeSuite, extract: Any, period: str, satker_codes: Collection[str], rules: Rules
) -> list[SuiteRun]:
    """Every GX validation of one extract of ``suite``'s shape, under ``rules`` (the rules of
    the period's fiscal year)."""
    data: pl.DataFrame = extract.data
    totals: pl.DataFrame = extract.totals
    expected = {**suite.columns, **PROVENANCE}
    schema = _schema_frame(data, totals, expected, suite.amounts)
    usable = frozenset(
        c for c, t in expected.items() if c in data.columns and type_ok(data.schema[c], t[0])
    )
    runs = [run_suite(f"{suite.shape}.schema", extract.file, period, schema, _schema_checks())]
    if "source_row" not in usable:
        return runs  # no row numbers to report against; the schema issue says why
    frame, checks = suite.build(data, period, usable, rules)
    checks = [not_null(c) for c, (_, required) in expected.items() if required and c in usable] + checks
    if "file_period" in usable:
        checks.append(period_matches(period))
    code_lists: dict[str, Collection[str]] = {"satker_codes": satker_codes}
    if suite.shape == "satker" and "kode_satker" in usable:
        code_lists["file_codes"] = data["kode_satker"].drop_nulls().unique().to_list()
    frame = with_memberships(frame, checks, code_lists)
    runs.append(_one_period_message(run_suite(suite.shape, extract.file, period, frame, checks,
                                              {"periods": [period]}), data, period,
                                    getattr(extract, "period_title", None)))
    reconciled = _totals_frame(data, totals, [a for a in suite.amounts if a in usable])
    if reconciled.height:
        runs.append(run_suite(f"{suite.shape}.totals", extract.file, period, reconciled,
                              [_total_check()]))
    return runs


def _schema_frame(
    data: pl.DataFrame, totals: pl.DataFrame, expected: dict[str, tuple[str, bool]],
    amounts: tuple[str, ...],
) -> pl.DataFrame:
    """One row per canonical column (and per amount column of the total rows)."""
    wanted = [(c, t, data) for c, (t, _) in expected.items()]
    # a total row's cells have the type of their column (Decimal amounts, Int64 counts)
    wanted += [(f"totals.{a}", expected[a][0], totals) for a in amounts if a in totals.columns]
    rows = []
    for name, typ, frame in wanted:
        col = name.removeprefix("totals.")
        present = col in frame.columns
        rows.append({
            "column": name, "expected_type": typ,
            "actual_type": str(frame.schema[col]) if present else None,
            "present": present,
            "type_ok": type_ok(frame.schema[col], typ) if present else None,
        })
    return pl.DataFrame(rows, schema={"column": pl.String, "expected_type": pl.String,
                                      "actual_type": pl.String, "present": pl.Boolean,
                                      "type_ok": pl.Boolean})


def _schema_checks() -> list[Check]:
    return [
        Check("schema.column", gxe.ExpectColumnValuesToBeInSet(column="present", value_set=[True]),
              lambda r: f"kolom wajib {r['column']} tidak ada", column_from="column"),
        # type_ok is null for a missing column: reported once, as schema.column.
        Check("schema.type", gxe.ExpectColumnValuesToBeInSet(column="type_ok", value_set=[True]),
              lambda r: f"kolom {r['column']} bertipe {r['actual_type']}, seharusnya {r['expected_type']}",
              column_from="column"),
    ]


def _totals_frame(data: pl.DataFrame, totals: pl.DataFrame, amounts: list[str]) -> pl.DataFrame:
    """Each stated total vs the exact Decimal sum of the data rows above its row.

    "Above" is every data row with a smaller source_row (a footer JUMLAH/TOTAL); null
    amounts count as zero; a blank total cell is not checked. Whole-number count columns
    (Int64, e.g. RB action plans) are summed the same way, exactly.
    """
    money = pl.Decimal(38, 2)
    rows = []
    usable = [a for a in amounts if a in totals.columns
              and (type_ok(totals.schema[a], DECIMAL) or type_ok(totals.schema[a], INT64))]
    if not usable or "source_row" not in totals.columns:
        return pl.DataFrame()
    totals = totals.with_columns(pl.col(usable).cast(money))
    for total in totals.iter_rows(named=True):
        above = data.filter(pl.col("source_row") < total["source_row"])
        sums = above.select(pl.col(usable).cast(money).sum()).row(0, named=True)
        for column in usable:
            if total[column] is None:
                continue
            rows.append({"source_row": total["source_row"], "label": total.get("label"),
                         "column": column, "rows_summed": above.height,
                         "stated": total[column], "computed": sums[column]})
    frame = pl.DataFrame(rows, schema={"source_row": pl.Int64, "label": pl.String,
                                       "column": pl.String, "rows_summed": pl.Int64,
                                       "stated": money, "computed": money})
    return frame.with_columns(difference=pl.col("stated") - pl.col("computed"))


def _total_check() -> Check:
    # Exact: the difference is Decimal in polars; a non-zero Decimal stays non-zero as float.
    return Check(
        "total.mismatch",
        gxe.ExpectColumnValuesToBeBetween(column="difference", min_value=0, max_value=0),
        lambda r: (f"baris total {cut_value(r['label'])!r} (baris {r['source_row']}) kolom {r['column']}: "
                   f"tertulis {r['stated']}, hasil hitung {r['computed']} dari {r['rows_summed']} baris di atasnya"),
        column_from="column",
    )
