"""Numbers as Chinese input methods type them: read exactly, written without stray zeros."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contest.numbers import normalise_number, parse_decimal, plain


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("１４", Decimal("14")),
        ("13。5", Decimal("13.5")),
        ("１３．５", Decimal("13.5")),
        ("１２.５", Decimal("12.5")),
        ("\u3000１５\u3000", Decimal("15")),  # ideographic spaces at the ends
        (" 8.5 ", Decimal("8.5")),
        (14, Decimal("14")),
        (Decimal("14.50"), Decimal("14.50")),
    ],
)
def test_parse_decimal_reads_full_width_digits_and_the_chinese_full_stop(typed, read):
    assert parse_decimal(typed) == read


@pytest.mark.parametrize(
    "typed", ["－1", "－１", "１４，５", "1４。5。", "abc", "NaN", "Infinity", "", True, 14.5, None]
)
def test_parse_decimal_refuses_what_is_not_a_mark(typed):
    assert parse_decimal(typed) is None


def test_normalise_number_keeps_a_full_width_minus_as_typed():
    assert normalise_number(" －１３。５ ") == "－13.5"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("85.0"), "85"),
        (Decimal("14.50"), "14.5"),
        (Decimal("88.125"), "88.125"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.000"), "0"),
    ],
)
def test_plain_writes_exact_numbers_without_trailing_zeros(value, written):
    assert plain(value) == written
