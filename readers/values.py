"""Typing of non-amount cells (codes, text, enums, dates, months, years) as polars expressions.

Each column type parses a raw text Series into a frame of ``value`` (the typed value, null
where the cell is empty or rejected) and ``rule`` (the rule id broken, null where the cell is
fine or empty; emptiness is judged by the caller because it depends on whether the column is
required). Intermediates are materialised as columns, never re-evaluated per use.
Amounts live in :mod:`readers.numbers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from kinerja.periods import MONTHS_ID
from readers import numbers
from readers.layouts import Column

NULL_STRING = pl.lit(None, dtype=pl.String)

_DAY_FIRST = r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"
# ISO date, optionally with the time part an XLSX date cell carries ("2025-06-30 00:00:00")
_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"


def clean_text(raw: pl.Expr) -> pl.Expr:
    """Stripped text, null when empty."""
    text = raw.cast(pl.String).str.strip_chars()
    return pl.when(text == "").then(NULL_STRING).otherwise(text)


def _checked(raw: pl.Series, value: pl.Expr, ok: pl.Expr, rule: str) -> pl.DataFrame:
    """``value``/``rule`` frame from expressions over the cleaned text column ``text``.

    ``ok`` says whether a non-empty cell is acceptable; empty cells are never flagged here.
    """
    return (raw.to_frame("raw").lazy()
            .with_columns(text=clean_text(pl.col("raw")))
            .with_columns(value=value)
            .select("value", rule=pl.when(pl.col("text").is_null() | ok).then(NULL_STRING)
                    .otherwise(pl.lit(rule)))
            .collect())


def _code(raw: pl.Series, column: Column) -> pl.DataFrame:
    six = pl.col("text").str.contains(r"^\d{6}$")
    return _checked(raw, pl.when(six).then("text").otherwise(NULL_STRING), six, "code.format")


def _text(raw: pl.Series, column: Column) -> pl.DataFrame:
    return _checked(raw, pl.col("text"), pl.lit(True), "value.invalid")


def _enum(raw: pl.Series, column: Column) -> pl.DataFrame:
    upper = pl.col("text").str.to_uppercase()
    known = upper.is_in(list(column.values))
    return _checked(raw, pl.when(known).then(upper).otherwise(NULL_STRING), known,
                    "enum.invalid")


def _date(raw: pl.Series, column: Column) -> pl.DataFrame:
    text = pl.col("text")
    day_first = text.str.extract_groups(_DAY_FIRST)
    iso = text.str.extract_groups(_ISO)

    def build(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
        return pl.concat_str([year, month.str.pad_start(2, "0"), day.str.pad_start(2, "0")],
                             separator="-")

    iso_text = pl.coalesce(
        build(day_first.struct.field("3"), day_first.struct.field("2"),
              day_first.struct.field("1")),
        build(iso.struct.field("1"), iso.struct.field("2"), iso.struct.field("3")))
    return _checked(raw, iso_text.str.to_date("%Y-%m-%d", strict=False),
                    pl.col("value").is_not_null(), "date.invalid")


def _month(raw: pl.Series, column: Column) -> pl.DataFrame:
    text = pl.col("text").str.to_lowercase().str.strip_chars(" .")
    by_name = text.replace_strict(MONTHS_ID, default=None, return_dtype=pl.Int32)
    by_number = text.str.extract(r"^(\d{1,2})(?:\.0+)?$", 1).cast(pl.Int32, strict=False)
    number = pl.coalesce(by_name, by_number)
    return _checked(raw, pl.when(number.is_between(1, 12)).then(number).otherwise(None),
                    pl.col("value").is_not_null(), "period.invalid")


def _year(raw: pl.Series, column: Column) -> pl.DataFrame:
    year = pl.col("text").str.extract(r"^(\d{4})(?:\.0+)?$", 1).cast(pl.Int32)
    return _checked(raw, year, pl.col("value").is_not_null(), "period.invalid")


def _amount(raw: pl.Series, column: Column) -> pl.DataFrame:
    return numbers.parse_amounts(raw)


@dataclass(frozen=True)
class ColumnType:
    """How one layout type is parsed (raw Series -> ``value``/``rule`` frame) and explained."""

    dtype: pl.DataType
    parse: Callable[[pl.Series, Column], pl.DataFrame]
    expected: Callable[[Column], str]
    empty_is_zero: bool = False


TYPES: dict[str, ColumnType] = {
    "code6": ColumnType(pl.String(), _code,
                        lambda c: "expected a code of exactly 6 digits, leading zeros kept "
                                  "(e.g. 012345); a number cell that lost its leading zero is "
                                  "not padded: format the column as text"),
    "text": ColumnType(pl.String(), _text, lambda c: "expected text"),
    "enum": ColumnType(pl.String(), _enum, lambda c: f"expected one of {', '.join(c.values)}"),
    "date": ColumnType(pl.Date(), _date,
                       lambda c: "expected a day-first date like 30-06-2025 or 30/06/2025, "
                                 "or an ISO date 2025-06-30"),
    "month": ColumnType(pl.Int32(), _month,
                        lambda c: "expected a month 1-12 or an Indonesian month name "
                                  "(Januari..Desember, Mei, Agt, Nopember, Des, ...)"),
    "year": ColumnType(pl.Int32(), _year, lambda c: "expected a four-digit year like 2025"),
    "amount": ColumnType(numbers.AMOUNT_DTYPE, _amount,
                         lambda c: "expected an amount in Indonesian notation like 1.234.567 "
                                   "or 1.234.567,89", empty_is_zero=True),
}


def rule_message(column: Column, rule: str, raw: str | None) -> str:
    """The sentence for a rejected cell of ``column``."""
    if column.type == "amount":
        return numbers.amount_message(raw, rule)
    return f"{TYPES[column.type].expected(column)}; got {raw!r}"
