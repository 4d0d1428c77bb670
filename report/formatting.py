"""Indonesian presentation of numbers, amounts and dates (babel ``id_ID``, num2words ``id``).

Rounding is done here, once, half-up as the LKjIP prints (``39,565`` -> ``39,57``); babel
only lays out the already-rounded value (its own default rounding is half-even).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

LOCALE = "id_ID"
_CENT = Decimal("0.01")
_ONE = Decimal(1)


def to_decimal(value: Decimal | float) -> Decimal:
    """Exact Decimal of a DuckDB DECIMAL or an int; a float (or numpy float) via its shortest repr."""
    if isinstance(value, Decimal):
        return value
    return Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))


def round_rupiah(value: Decimal | float) -> Decimal:
    """Whole rupiah, half-up: the unit every table and sentence shows."""
    return to_decimal(value).quantize(_ONE, rounding=ROUND_HALF_UP)


def round_pct(value: Decimal | float) -> Decimal:
    """A percentage on the 0..100 scale rounded half-up to 2 decimals."""
    return to_decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


def ratio_pct(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator / denominator * 100`` rounded to 2 decimals; None when the denominator is 0."""
    if denominator == 0:
        return None
    return round_pct(Decimal(numerator) * 100 / Decimal(denominator))


def number(value: Decimal | int) -> str:
    """Whole number with Indonesian grouping: ``123.380.040.660``."""
    return format_decimal(round_rupiah(value), format="#,##0", locale=LOCALE)


def rupiah(value: Decimal | int) -> str:
    """Amount in rupiah as the report writes it: ``Rp123.380.040.660`` (negative: ``-Rp5.000``)."""
    amount = round_rupiah(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{number(abs(amount))}"


def pct_number(value: Decimal | float | None) -> str:
    """Percentage figure without the sign: ``39,56``; ``-`` when undefined (pagu 0)."""
    if value is None:
        return "-"
    return format_decimal(round_pct(value), format="#,##0.00", locale=LOCALE)


def index_number(value: Decimal | float | None) -> str:
    """An index (IKM, IPH, on a 1-4 or 25-100 scale) as the report writes it: ``3,21``; ``-`` when undefined."""
    return pct_number(value)


def percent(value: Decimal | float | None) -> str:
    """Percentage with the sign: ``39,56%``; ``-`` when undefined."""
    text = pct_number(value)
    return text if value is None else f"{text}%"


def words(value: Decimal | int) -> str:
    """Amount in Indonesian words with the currency: ``seratus dua puluh tiga miliar ... rupiah``."""
    amount = int(round_rupiah(value))
    prefix = "minus " if amount < 0 else ""
    return f"{prefix}{num2words(abs(amount), lang='id')} rupiah"


def count_words(value: int) -> str:
    """A count as the report writes it: ``13 (tiga belas)``."""
    return f"{value} ({num2words(value, lang='id')})"


def month_year(period: date) -> str:
    """``Juni 2025``."""
    return format_date(period, "MMMM y", locale=LOCALE)


def as_of(period: date) -> str:
    """The last day of the period's month, written out: ``30 Juni 2025``."""
    last = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    return format_date(last, "d MMMM y", locale=LOCALE)


def rule_number(value: Decimal | int, *, as_written: bool = False) -> str:
    """A rule's value in Indonesian notation: ``Decimal("4.0")`` -> ``4``; with ``as_written``
    the digits the rules file gives are kept (``2.60`` -> ``2,60``, as the regulation prints)."""
    text = str(value) if as_written else format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")
