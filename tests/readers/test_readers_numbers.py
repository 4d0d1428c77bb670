"""Indonesian amount notation: what is accepted (exact Decimal) and what is refused."""

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from kinerja.issues import ExtractError
from kinerja.readers import read_extract
from kinerja.readers.numbers import AMOUNT_DTYPE, parse_amounts

ACCEPTED = [
    ("1.234.567", Decimal("1234567.00")),
    ("1.234.567,89", Decimal("1234567.89")),
    ("Rp 1.234.567,-", Decimal("1234567.00")),
    ("Rp.1.234.567", Decimal("1234567.00")),
    ("Rp1.234.567,00", Decimal("1234567.00")),
    ("Rp. 26.930.254.163,-", Decimal("26930254163.00")),
    ("(1.234.567)", Decimal("-1234567.00")),
    ("-1.234.567", Decimal("-1234567.00")),
    ("-Rp 5.000", Decimal("-5000.00")),
    ("-", Decimal("0.00")),
    ("", Decimal("0.00")),
    ("1234567", Decimal("1234567.00")),
    ("1234567.89", Decimal("1234567.89")),
    ("1234567.5", Decimal("1234567.50")),
    ("1234567.0", Decimal("1234567.00")),
    ("1234567,89", Decimal("1234567.89")),
    ("0,5", Decimal("0.50")),
    ("1.234", Decimal("1234.00")),
    (" 2.500 ", Decimal("2500.00")),
    ("9999999999999999,99", Decimal("9999999999999999.99")),
]

AMBIGUOUS = ["1,234", "1,234.50", "12.34,5", "1.234,567", "1,234,567", "1234567.891"]
INVALID = ["abc", "1..234", "--5", "(-5)", "1.2e6", "12345678901234567", "n/a", "1 234",
           "Rp 1.2.3x"]


def _run(values: list[str | None]) -> pl.DataFrame:
    return parse_amounts(pl.Series(values, dtype=pl.String))


@pytest.mark.parametrize(("raw", "expected"), ACCEPTED)
def test_accepted_notation_gives_exact_decimal(raw: str, expected: Decimal) -> None:
    out = _run([raw])
    assert out.schema["value"] == AMOUNT_DTYPE
    assert out["rule"][0] is None
    assert out["value"][0] == expected


def test_null_cell_is_zero() -> None:
    assert _run([None])["value"][0] == Decimal("0.00")


@pytest.mark.parametrize("raw", AMBIGUOUS)
def test_ambiguous_notation_is_refused(raw: str) -> None:
    out = _run([raw])
    assert out["rule"][0] == "number.ambiguous"
    assert out["value"][0] is None


@pytest.mark.parametrize("raw", INVALID)
def test_garbage_is_invalid(raw: str) -> None:
    out = _run([raw])
    assert out["rule"][0] == "number.invalid"
    assert out["value"][0] is None


@pytest.mark.parametrize(("raw", "rule"), [("1,234", "number.ambiguous"),
                                          ("1,234.50", "number.ambiguous"),
                                          ("12.34,5", "number.ambiguous"),
                                          ("1.234,567", "number.ambiguous"),
                                          ("sejuta", "number.invalid")])
def test_refused_amount_in_file_names_row_and_column(tmp_path: Path, raw: str, rule: str
                                                    ) -> None:
    path = tmp_path / "pagu.csv"
    path.write_text("KDSATKER;KDAKUN;PAGU;BLOKIR\n"
                    "012345;521111;1.000.000;0\n"
                    f"012345;521211;{raw};0\n", encoding="utf-8")
    with pytest.raises(ExtractError) as err:
        read_extract(path, "pagu")
    [issue] = err.value.issues
    assert (issue.rule, issue.row, issue.column, issue.file) == (rule, 3, "PAGU", "pagu.csv")
    assert repr(raw) in issue.message and "1.234.567,89" in issue.message


def test_every_bad_cell_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "pagu.csv"
    path.write_text("KDSATKER;KDAKUN;PAGU;BLOKIR\n"
                    "012345;521111;1,234;0\n"
                    "012345;521211;1.000;x\n"
                    "12345;521211;1.000;0\n", encoding="utf-8")
    with pytest.raises(ExtractError) as err:
        read_extract(path, "pagu")
    got = [(i.row, i.column, i.rule) for i in err.value.issues]
    assert got == [(2, "PAGU", "number.ambiguous"), (3, "BLOKIR", "number.invalid"),
                   (4, "KDSATKER", "code.format")]


def test_issues_are_capped_with_a_count(tmp_path: Path) -> None:
    rows = "".join("012345;521111;1,234;0\n" for _ in range(250))
    path = tmp_path / "pagu.csv"
    path.write_text("KDSATKER;KDAKUN;PAGU;BLOKIR\n" + rows, encoding="utf-8")
    with pytest.raises(ExtractError) as err:
        read_extract(path, "pagu")
    issues = err.value.issues
    assert len(issues) == 201
    assert issues[-1].rule == "file.issues_truncated" and "50 masalah lain" in issues[-1].message


def _indonesian(cents: int) -> str:
    """An amount in Indonesian notation written by Python's own formatting (independent of
    the reader): ``1.234.567`` or ``1.234.567,89``."""
    whole, fraction = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{fraction:02d}" if fraction else text


def test_plain_cells_of_a_whole_column_are_exact() -> None:
    # a column as an export holds it: grouped, ungrouped, with decimals, zeros as "-"; every
    # value checked against the Decimal Python computes from the same integer
    cents = [(i * 7_919_191 + 104_729) % 10**17 for i in range(5_000)]
    cents = [c - c % 100 if i % 3 else c for i, c in enumerate(cents)] + [0, 100, 99, 10**17 - 1]
    texts = [_indonesian(c) if i % 4 else _indonesian(c).replace(".", "") for i, c in enumerate(cents)]
    texts = [t if c else "-" for t, c in zip(texts, cents)]
    got = _run(texts)
    assert got["rule"].null_count() == len(texts)
    assert got["value"].to_list() == [Decimal(c).scaleb(-2) for c in cents]


def test_plain_and_other_cells_mixed_keep_their_rows() -> None:
    # the cells the plain pattern does not take go through the full checks, each back in its row
    values = ["1.000", "(2.000)", "3.000,5", "Rp 4.000,-", "1,234", "5000", "x", None, " 6.000 ",
              "12345678901234567"]
    got = _run(values)
    assert got["value"].to_list() == [Decimal("1000.00"), Decimal("-2000.00"), Decimal("3000.50"),
                                      Decimal("4000.00"), None, Decimal("5000.00"), None, Decimal("0.00"),
                                      Decimal("6000.00"), None]
    assert got["rule"].to_list() == [None, None, None, None, "number.ambiguous", None, "number.invalid", None,
                                     None, "number.invalid"]
