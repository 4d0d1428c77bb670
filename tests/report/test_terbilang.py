"""Amounts in words: every Indonesian special case, against hand-written expectations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.formatting import count_words, terbilang, words

CASES = [
    (0, "nol"),
    (1, "satu"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (21, "dua puluh satu"),
    (100, "seratus"),
    (101, "seratus satu"),
    (111, "seratus sebelas"),
    (115, "seratus lima belas"),
    (200, "dua ratus"),
    (999, "sembilan ratus sembilan puluh sembilan"),
    (1000, "seribu"),
    (1001, "seribu satu"),
    (1100, "seribu seratus"),
    (1111, "seribu seratus sebelas"),
    (2000, "dua ribu"),
    (10_000, "sepuluh ribu"),
    (11_000, "sebelas ribu"),
    (100_000, "seratus ribu"),
    (101_000, "seratus satu ribu"),
    (111_000, "seratus sebelas ribu"),
    (1_000_000, "satu juta"),
    (1_001_000, "satu juta seribu"),
    (1_011_000, "satu juta sebelas ribu"),
    (5_001_250, "lima juta seribu dua ratus lima puluh"),
    (100_000_000, "seratus juta"),
    (111_111_111, "seratus sebelas juta seratus sebelas ribu seratus sebelas"),
    (1_000_000_000, "satu miliar"),
    (1_000_001_000, "satu miliar seribu"),
    (1_000_000_000_000, "satu triliun"),
    (1_001_000_000_000, "satu triliun satu miliar"),
    (1_000_000_000_000_000, "seribu triliun"),
    (123_380_040_660,
     "seratus dua puluh tiga miliar tiga ratus delapan puluh juta empat puluh ribu enam ratus enam puluh"),
    (354_861_000, "tiga ratus lima puluh empat juta delapan ratus enam puluh satu ribu"),
]


@pytest.mark.parametrize(("n", "expected"), CASES)
def test_terbilang(n: int, expected: str) -> None:
    assert terbilang(n) == expected


def test_words_and_counts_use_it() -> None:
    assert words(Decimal("1001000.4")) == "satu juta seribu rupiah"
    assert words(-1000) == "minus seribu rupiah"
    assert count_words(11) == "11 (sebelas)"
    assert count_words(13) == "13 (tiga belas)"
