"""Strict Indonesian amount parsing as vectorised polars expressions.

Every raw string is first checked against a closed set of unambiguous notations, then
converted to ``Decimal(18, 2)`` from its integer and fraction digit strings (never through a
float). Accepted, after an optional ``Rp``/``Rp.`` prefix, a trailing ``,-``/``.-`` and a
sign (``-x`` or ``(x)``):

=====================  ==============================================
``1234567``            plain digits
``1.234.567``          ``.`` thousands groups (``1.234`` is 1234)
``1.234.567,89``       ``.`` thousands, ``,`` decimal (1-2 digits)
``1234567,89``         ``,`` decimal without grouping
``1234567.89``         a single ``.`` followed by 1-2 digits, no other separator (XLSX cells)
``-`` or empty         zero
=====================  ==============================================

Anything else made of digits and separators (``1,234``, ``1,234.50``, ``12.34,5``,
``1.234,567``, ``1,234,567``) is ``number.ambiguous``: reading it needs a guess about which
separator is which. Anything else at all is ``number.invalid``.

Most cells of an export are plain (``1.234.567``, ``1234567``, ``1.234.567,89``, ``-``, empty):
one anchored pattern recognises them over the whole column and they are cast directly (dots removed, the
comma as the decimal point). Only the other cells (signs, brackets, ``Rp``, ``,-``, ``-``,
empty, anything refused) go through the full chain of checks, which gives the same value or
rule for a plain cell.
"""

from __future__ import annotations

import polars as pl

AMOUNT_DTYPE = pl.Decimal(18, 2)
MAX_INTEGER_DIGITS = 16  # Decimal(18, 2)

RULE_AMBIGUOUS = "number.ambiguous"
RULE_INVALID = "number.invalid"

_RP = r"^(?i:rp)\.?\s*"
_INT = r"^\d+$"
_DOT_GROUPS = r"^\d{1,3}(?:\.\d{3})+$"
_COMMA_DECIMAL = r"^(?:\d{1,3}(?:\.\d{3})+|\d+),\d{1,2}$"
_DOT_DECIMAL = r"^\d+\.\d{1,2}$"
_NUMBER_LIKE = r"^\d+(?:[.,]\d+)+$"
# _INT | _DOT_GROUPS | _COMMA_DECIMAL in one pattern: the cells the fast path casts directly.
_PLAIN = r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?$"


def plain_amount(text: pl.Expr) -> pl.Expr:
    """The value of a plain cell (``-`` and empty are zero), null for any other (or one over
    16 integer digits)."""
    return (pl.when(text.is_null() | text.is_in(["", "-"])).then(pl.lit(0, dtype=AMOUNT_DTYPE))
            .when(text.str.contains(_PLAIN))
            .then(text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
                  .cast(AMOUNT_DTYPE, strict=False)))


def parse_amounts(raw: pl.Series, plain: pl.Series | None = None) -> pl.DataFrame:
    """``value`` (Decimal(18, 2), null when refused) and ``rule`` (rule id, else null).

    ``plain``: :func:`plain_amount` of ``raw`` when already computed (a reader types several
    amount columns of a file in one parallel pass)."""
    text = raw.cast(pl.String)
    value = (plain if plain is not None
             else text.to_frame("text").select(plain_amount(pl.col("text"))).to_series()).alias("value")
    rest = value.is_null().arg_true()
    if not len(rest):                 # every cell plain: no rule broken (a column of nulls costs nothing)
        return pl.DataFrame([value, pl.Series("rule", dtype=pl.Null).extend_constant(None, len(text))])
    checked = parse_notation(text.gather(rest))
    rule = pl.Series("rule", dtype=pl.String).extend_constant(None, len(text)).scatter(rest, checked["rule"])
    return pl.DataFrame([value.scatter(rest, checked["value"]), rule])


def parse_notation(raw: pl.Series) -> pl.DataFrame:
    """The full chain of checks: ``value`` and ``rule`` of any cell.

    Built in stages of plain columns so every intermediate is computed once: nesting the
    expressions instead multiplies the work by the number of times each step is reused.
    """
    sign_free = pl.col("unsigned").str.strip_prefix("-").str.strip_chars_start()
    body = pl.col("body")
    return (
        raw.cast(pl.String).fill_null("").str.strip_chars().to_frame("text").lazy()
        .with_columns(in_parens=pl.col("text").str.starts_with("(")
                      & pl.col("text").str.ends_with(")"))
        .with_columns(inner=pl.when("in_parens")
                      .then(pl.col("text").str.slice(1, pl.col("text").str.len_chars() - 2))
                      .otherwise("text").str.strip_chars())
        .with_columns(unsigned=pl.col("inner").str.strip_prefix("-").str.strip_chars_start()
                      .str.replace(_RP, ""))
        .with_columns(body=sign_free,
                      minus=pl.col("in_parens").cast(pl.Int8)
                      + pl.col("inner").str.starts_with("-").cast(pl.Int8)
                      + pl.col("unsigned").str.starts_with("-").cast(pl.Int8))
        .with_columns(body=pl.when(body.str.ends_with(",-") | body.str.ends_with(".-"))
                      .then(body.str.slice(0, body.str.len_chars() - 2)).otherwise(body))
        .with_columns(decimal=body.str.contains(_COMMA_DECIMAL) | body.str.contains(_DOT_DECIMAL),
                      plain=body.str.contains(_INT) | body.str.contains(_DOT_GROUPS),
                      number_like=body.str.contains(_NUMBER_LIKE))
        .with_columns(
            fraction=pl.when("decimal").then(body.str.extract(r"[.,](\d{1,2})$", 1))
            .otherwise(pl.lit("")).str.pad_end(2, "0"),
            integer=pl.when("decimal").then(body.str.replace(r"[.,]\d{1,2}$", ""))
            .otherwise(body).str.replace_all(".", "", literal=True).str.strip_chars_start("0"),
            zero=(body == "") & ~pl.col("in_parens") & (pl.col("minus") <= 1),
            well_formed=(pl.col("decimal") | pl.col("plain")) & (pl.col("minus") <= 1))
        .with_columns(ok=pl.col("well_formed")
                      & (pl.col("integer").str.len_chars() <= MAX_INTEGER_DIGITS))
        .select(
            value=pl.when("zero").then(pl.lit("0.00"))
            .when("ok").then(pl.concat_str([
                pl.when(pl.col("minus") == 1).then(pl.lit("-")).otherwise(pl.lit("")),
                pl.col("integer").str.pad_start(1, "0"), pl.lit("."), pl.col("fraction")]))
            .otherwise(pl.lit(None, dtype=pl.String)).cast(AMOUNT_DTYPE),
            rule=pl.when(pl.col("zero") | pl.col("ok")).then(pl.lit(None, dtype=pl.String))
            .when(pl.col("number_like") & ~pl.col("well_formed") & (pl.col("minus") <= 1))
            .then(pl.lit(RULE_AMBIGUOUS))
            .otherwise(pl.lit(RULE_INVALID)))
        .collect()
    )


def amount_message(raw: str | None, rule: str) -> str:
    """The sentence an :class:`~kinerja.issues.Issue` carries for a rejected amount (in Bahasa
    Indonesia, for the finance officer who fixes the file)."""
    write = "tulis dalam format Indonesia seperti 1.234.567 atau 1.234.567,89"
    if rule == RULE_AMBIGUOUS:
        return (f"format angka {raw!r} ambigu: tidak jelas apakah ',' atau '.' pemisah ribuan atau "
                f"desimal, atau desimalnya lebih dari 2 digit; {write}")
    return f"{raw!r} bukan angka (atau lebih dari 16 digit sebelum koma); {write}"
