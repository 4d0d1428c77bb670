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

from kinerja.issues import cut_value
from kinerja.periods import MONTHS_ID
from kinerja.readers import numbers
from kinerja.readers.layouts import Column

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


# Whole numbers (counts, scores, dimension numbers): plain digits, Indonesian thousands
# groups (1.234), or an XLSX/locale decimal with only zeros after it (12.0, 12,00).
_WHOLE = r"^-?(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,0{1,2})?$|^-?\d+\.0{1,2}$"
_DIGITS_LIKE = r"^-?[\d.,]*\d[\d.,]*$"


def _integer(raw: pl.Series, column: Column) -> pl.DataFrame:
    text = pl.col("text")
    whole = text.str.contains(_WHOLE)
    digits = (text.str.replace(r"[.,]0{1,2}$", "").str.replace_all(".", "", literal=True)
              .str.replace_all(",", "", literal=True))
    return (raw.to_frame("raw").lazy()
            .with_columns(text=clean_text(pl.col("raw")))
            .select(value=pl.when(whole).then(digits.cast(pl.Int64, strict=False)),
                    rule=pl.when(text.is_null() | whole).then(NULL_STRING)
                    .when(text.str.contains(_DIGITS_LIKE)).then(pl.lit("number.not_integer"))
                    .otherwise(pl.lit("number.invalid")))
            .collect())


# Measures (indices, percentages, typed realisations), Float64. "," is the decimal separator
# of Indonesian notation; "." groups thousands before a "," decimal (1.234,5) or in two or
# more groups (1.234.567); a single "." followed by other than 3 digits is a decimal point
# (XLSX cells: 3.6, 87.5). A lone "." followed by exactly 3 digits (3.625 or 3625?) and mixes
# such as 1,234.5 are number.ambiguous. A trailing "%" is dropped (the column says its unit).
_MEASURE_COMMA = (r"^-?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+$"   # 3,6  1.234,5
                  r"|^-?\d{1,3}(?:\.\d{3}){2,}$")           # 1.234.567 (two groups or more)
_MEASURE_DOT = r"^-?\d+(?:\.(?:\d{1,2}|\d{4,}))?$"


def _number(raw: pl.Series, column: Column) -> pl.DataFrame:
    text = pl.col("text")
    na = [v.casefold() for v in column.na_values]
    comma = text.str.contains(_MEASURE_COMMA)
    dot = text.str.contains(_MEASURE_DOT) & ~text.str.contains(",")
    as_comma = text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    return (raw.to_frame("raw").lazy()
            .with_columns(text=clean_text(pl.col("raw")).str.strip_suffix("%").str.strip_chars())
            .with_columns(text=pl.when(pl.col("text") == "").then(NULL_STRING)
                          .otherwise(pl.col("text")),
                          is_na=clean_text(pl.col("raw")).str.to_lowercase().is_in(na)
                          .fill_null(False))
            .select(value=pl.when(pl.col("is_na")).then(None)
                    .when(dot).then(text.cast(pl.Float64, strict=False))
                    .when(comma).then(as_comma.cast(pl.Float64, strict=False)),
                    rule=pl.when(text.is_null() | pl.col("is_na") | dot | comma).then(NULL_STRING)
                    .when(text.str.contains(_DIGITS_LIKE)).then(pl.lit("number.ambiguous"))
                    .otherwise(pl.lit("number.invalid")))
            .collect())


_ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _checkpoint(raw: pl.Series, column: Column) -> pl.DataFrame:
    """RB checkpoint ``B03``: from ``B03``, ``B-03``, ``B 6``, ``Triwulan I (B-03)`` or
    ``Triwulan II``/``TW II`` (quarter q -> month 3q). Value ``B`` + 2-digit month."""
    lower = pl.col("text").str.to_lowercase()
    month = pl.coalesce(
        lower.str.extract(r"\bb\s*-?\s*(\d{1,2})\b", 1).cast(pl.Int32, strict=False),
        lower.str.extract(r"^(\d{1,2})$", 1).cast(pl.Int32, strict=False),
        lower.str.extract(r"\b(?:triwulan|tw)\s*-?\s*(iv|iii|ii|i|[1-4])\b", 1)
        .replace_strict(_ROMAN_QUARTER, default=None, return_dtype=pl.Int32) * 3,
    )
    value = pl.when(month.is_between(1, 12)).then(
        pl.concat_str(pl.lit("B"), month.cast(pl.String).str.pad_start(2, "0")))
    return _checked(raw, value, pl.col("value").is_not_null(), "checkpoint.invalid")


@dataclass(frozen=True)
class ColumnType:
    """How one layout type is parsed (raw Series -> ``value``/``rule`` frame) and explained."""

    dtype: pl.DataType
    parse: Callable[[pl.Series, Column], pl.DataFrame]
    expected: Callable[[Column], str]
    empty_is_zero: bool = False


TYPES: dict[str, ColumnType] = {
    "code6": ColumnType(pl.String(), _code,
                        lambda c: "harus kode tepat 6 digit, nol di depan tetap ditulis "
                                  "(mis. 012345); sel angka yang kehilangan nol di depannya tidak "
                                  "ditambah nol: format kolom ini sebagai teks"),
    "text": ColumnType(pl.String(), _text, lambda c: "harus berupa teks"),
    "enum": ColumnType(pl.String(), _enum, lambda c: f"harus salah satu dari {', '.join(c.values)}"),
    "date": ColumnType(pl.Date(), _date,
                       lambda c: "harus tanggal dengan hari di depan seperti 30-06-2025 atau "
                                 "30/06/2025, atau tanggal ISO 2025-06-30"),
    "month": ColumnType(pl.Int32(), _month,
                        lambda c: "harus bulan 1-12 atau nama bulan "
                                  "(Januari..Desember, Mei, Agt, Nopember, Des, ...)"),
    "year": ColumnType(pl.Int32(), _year, lambda c: "harus tahun empat digit seperti 2025"),
    "amount": ColumnType(numbers.AMOUNT_DTYPE, _amount,
                         lambda c: "harus nilai dalam format Indonesia seperti 1.234.567 "
                                   "atau 1.234.567,89", empty_is_zero=True),
    "integer": ColumnType(pl.Int64(), _integer, lambda c: "harus bilangan bulat seperti 48"),
    "number": ColumnType(pl.Float64(), _number,
                         lambda c: "harus angka seperti 3,6 atau 87,50 (',' sebagai desimal)"
                                   + (f" atau {'/'.join(c.na_values[:2])} bila tidak tersedia"
                                      if c.na_values else "")),
    "checkpoint": ColumnType(pl.String(), _checkpoint,
                             lambda c: "harus checkpoint RB seperti B03, B-06 atau "
                                       "'Triwulan II (B-06)'"),
}


def rule_message(column: Column, rule: str, raw: str | None) -> str:
    """The sentence for a rejected cell of ``column`` (the value quoted at most 80 characters),
    in Bahasa Indonesia."""
    raw = cut_value(raw)
    if column.type == "amount":
        return numbers.amount_message(raw, rule)
    if rule == "number.ambiguous":
        return (f"format angka {raw!r} ambigu (satu '.' sebelum 3 digit bisa berarti pemisah ribuan "
                f"atau desimal): tulis desimal dengan ','; {TYPES[column.type].expected(column)}")
    return f"isian {raw!r} tidak valid: {TYPES[column.type].expected(column)}"
