from decimal import Decimal

import pytest

from contest.day.overtime import deduction, describe


@pytest.mark.parametrize(
    ("rule", "amount", "overrun_ms", "expected"),
    [
        ("none", "1", 300_000, "0"),
        ("flat", "1", 0, "0"),
        ("flat", "1", 1, "1"),
        ("flat", "0.5", 600_000, "0.5"),
        ("per_started_minute", "0.5", 1, "0.5"),
        ("per_started_minute", "0.5", 60_000, "0.5"),
        ("per_started_minute", "0.5", 60_001, "1.0"),
        ("per_started_minute", "1", 185_000, "4"),
        ("per_started_minute", "1", -5_000, "0"),
    ],
)
def test_overtime_rules(rule, amount, overrun_ms, expected):
    assert deduction(rule, Decimal(amount), overrun_ms) == Decimal(expected)


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError):
        deduction("double", Decimal(1), 1000)


def test_describe_rounds_up_to_the_second():
    assert describe(125_001) == "超时 2分06秒"
    assert describe(60_000) == "超时 1分00秒"
