"""Indonesian presentation of numbers, amounts, percentages and dates: the one formatter that
every room uses (the report, the Prefect artifacts, the gate messages). babel ``id_ID``;
numbers in words by :func:`terbilang`, written here because num2words' Indonesian says "satu
ribu" for 1.000.

Rounding is done here, once, half-up as the LKjIP prints (``39,565`` -> ``39,57``); babel
only lays out the already-rounded value (its own default rounding is half-even).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

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


def amount(value: Decimal | int) -> str:
    """An exact amount as an extract states it, never rounded: ``343.016.901``; with its cents
    when it has any (``1.500,05``). Gate messages use it: a difference of one sen must show."""
    exact = to_decimal(value)
    if exact == exact.to_integral_value():
        return number(exact)
    return format_decimal(exact, format="#,##0.00##", locale=LOCALE, decimal_quantization=False)


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


_DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _below_thousand(n: int) -> list[str]:
    """1..999 in words: ``seratus``, ``sebelas``, ``dua belas``, ``dua puluh satu``."""
    out: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        out.append("seratus" if hundreds == 1 else f"{_DIGITS[hundreds]} ratus")
    if rest == 10:
        out.append("sepuluh")
    elif rest == 11:
        out.append("sebelas")
    elif 12 <= rest <= 19:
        out.append(f"{_DIGITS[rest - 10]} belas")
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        out.append(f"{_DIGITS[tens]} puluh")
        if ones:
            out.append(_DIGITS[ones])
    elif rest:
        out.append(_DIGITS[rest])
    return out


def terbilang(n: int) -> str:
    """A whole number in Indonesian words as a document writes it (``1.001.000`` -> ``satu juta
    seribu``; ``111`` -> ``seratus sebelas``; ``10**12`` -> ``satu triliun``); negative: ``minus ...``."""
    if n < 0:
        return f"minus {terbilang(-n)}"
    if n == 0:
        return "nol"
    parts: list[str] = []
    for size, name in _SCALES:
        if n >= size * 1000 and size == 10**12:
            parts.append(f"{terbilang(n // size)} {name}")
            n %= size
        elif n >= size:
            parts.append(" ".join([*_below_thousand(n // size), name]))
            n %= size
    thousands, rest = divmod(n, 1000)
    if thousands == 1:
        parts.append("seribu")
    elif thousands:
        parts.append(" ".join([*_below_thousand(thousands), "ribu"]))
    if rest:
        parts.extend(_below_thousand(rest))
    return " ".join(parts)


def words(value: Decimal | int) -> str:
    """Amount in Indonesian words with the currency: ``seratus dua puluh tiga miliar ... rupiah``."""
    amount = int(round_rupiah(value))
    return f"{terbilang(amount)} rupiah"


def count_words(value: int) -> str:
    """A count as the report writes it: ``13 (tiga belas)``."""
    return f"{value} ({terbilang(value)})"


def month_year(period: date) -> str:
    """``Juni 2025``."""
    return format_date(period, "MMMM y", locale=LOCALE)


def as_of(period: date) -> str:
    """The last day of the period's month, written out: ``30 Juni 2025``."""
    last = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    return format_date(last, "d MMMM y", locale=LOCALE)


def axis_number(value: float, decimals: int = 0) -> str:
    """A chart axis tick: ``1.500``; with ``decimals``, up to that many (``2,5``)."""
    return format_decimal(value, format="#,##0" + ("." + "#" * decimals if decimals else ""), locale=LOCALE)


def axis_percent(value: float) -> str:
    """A chart axis tick on the 0..100 scale: ``40%``."""
    return f"{axis_number(value)}%"


def month_short(day: date) -> str:
    """The month's abbreviation for chart axes: ``Jan``, ``Agu``."""
    return format_date(day, "MMM", locale=LOCALE)


def rule_number(value: Decimal | int, *, as_written: bool = False) -> str:
    """A rule's value in Indonesian notation: ``Decimal("4.0")`` -> ``4``; with ``as_written``
    the digits the rules file gives are kept (``2.60`` -> ``2,60``, as the regulation prints)."""
    text = str(value) if as_written else format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")
