"""Hand-worked cases for judge totals, trimming and half-up rounding."""

from decimal import Context, Decimal, Inexact, localcontext
from fractions import Fraction

import pytest

from contest.scoring import JudgeMark, ScoringRules, judge_total, round_half_up, score_team

D = Decimal


def panel(totals: str) -> list[JudgeMark]:
    """Judges J01, J02, ... with the space-separated totals, in the order given."""
    return [JudgeMark(f"J{i:02d}", D(t)) for i, t in enumerate(totals.split(), start=1)]


DEFAULT = ScoringRules()


def assert_mean(actual: Decimal, expected: str) -> None:
    """Compare with an exact fraction; 50 significant digits leave far less than 1e-40."""
    assert abs(Fraction(actual) - Fraction(expected)) < Fraction(1, 10**40)


TRIM2 = ScoringRules(trim_each_end=2)
NO_TRIM = ScoringRules(trim_each_end=0)
ONE_PLACE = ScoringRules(decimals=1)
NO_PLACES = ScoringRules(decimals=0)


@pytest.mark.parametrize(
    ("totals", "rules", "trimmed", "trimmed_mean", "untrimmed_mean", "published"),
    [
        # Drop 85.5 and 96: (90 + 91.5 + 92 + 92.5 + 93) / 5 = 459 / 5. All: 640.5 / 7 = 91.5.
        pytest.param("92 85.5 93 90 96 91.5 92.5", DEFAULT, True, "91.8", "91.5", "91.80", id="7"),
        # Exactly min_panel_for_trim: drop 80 and 95: (85 + 86 + 87) / 3 = 86. All: 433 / 5.
        pytest.param("80 85 86 87 95", DEFAULT, True, "86", "86.6", "86.00", id="5-boundary"),
        # Below min_panel_for_trim, a plain mean: (80 + 85 + 86 + 95) / 4 = 346 / 4.
        pytest.param("80 85 86 95", DEFAULT, False, "86.5", "86.5", "86.50", id="4-plain"),
        # Drop 70, 75 and 99, 100: (88 + 89 + 90 + 91 + 92) / 5 = 450 / 5. All: 794 / 9.
        pytest.param("100 88 70 89 99 90 75 91 92", TRIM2, True, "90", "794/9", "90.00", id="9"),
        # Nothing to drop: 433 / 5.
        pytest.param("80 85 86 87 95", NO_TRIM, False, "86.6", "86.6", "86.60", id="trim-0"),
        # 360.5 / 4 = 90.125, a true half: up to 90.13 (float round(90.125, 2) gives 90.12).
        pytest.param("90 90 90 90.5", DEFAULT, False, "90.125", "90.125", "90.13", id="90.125"),
        # 271 / 3 = 90.333..., down to 90.33.
        pytest.param("90 90 91", DEFAULT, False, "271/3", "271/3", "90.33", id="271/3"),
        # Drop 88 and 93: (90.10 + 90.12 + 90.15 + 90.17) / 4 = 360.54 / 4. All: 541.54 / 6.
        pytest.param("90.15 88 90.1 93 90.17 90.12", DEFAULT, True, "90.135", "27077/300", "90.14"),
        # Drop 88 and 93: 360.58 / 4 = 90.145; float round(90.145, 2) gives 90.14 (90.14499...).
        pytest.param("90.15 88 90.1 93 90.19 90.14", DEFAULT, True, "90.145", "27079/300", "90.15"),
        # 361 / 4 = 90.25, one place: up to 90.3.
        pytest.param("90 90.5 90 90.5", ONE_PLACE, False, "90.25", "90.25", "90.3", id="1dp"),
        # 362 / 4 = 90.5, no places: up to 91.
        pytest.param("90 90 90 92", NO_PLACES, False, "90.5", "90.5", "91", id="0dp"),
        pytest.param("88.5", DEFAULT, False, "88.5", "88.5", "88.50", id="panel-of-1"),
    ],
)
def test_score_team_hand_worked_cases(
    totals: str,
    rules: ScoringRules,
    trimmed: bool,
    trimmed_mean: str,
    untrimmed_mean: str,
    published: str,
) -> None:
    score = score_team(panel(totals), rules)
    assert score.panel_size == len(totals.split())
    assert score.trimmed is trimmed
    assert_mean(score.trimmed_mean, trimmed_mean)
    assert_mean(score.untrimmed_mean, untrimmed_mean)
    assert score.exact == score.trimmed_mean
    assert score.published == D(published)
    assert str(score.published) == published
    assert score.deductions == 0


def test_score_team_seven_judges_records_dropped_and_kept() -> None:
    score = score_team(panel("92 85.5 93 90 96 91.5 92.5"), DEFAULT)
    assert score.dropped_low == (JudgeMark("J02", D("85.5")),)
    assert score.dropped_high == (JudgeMark("J05", D("96")),)
    assert [m.judge for m in score.kept] == ["J04", "J06", "J01", "J07", "J03"]
    assert score.lowest_kept == JudgeMark("J04", D("90"))
    assert score.highest_kept == JudgeMark("J03", D("93"))
    assert score.is_dropped("J02") and score.is_dropped("J05")
    assert not score.is_dropped("J01")


def test_score_team_shared_highest_drops_larger_judge_key() -> None:
    # Sorted by (total, judge): (80,J01) (85,J02) (86,J03) (95,J04) (95,J05); the last one goes.
    # Kept: (85 + 86 + 95) / 3 = 266 / 3 = 88.666..., published 88.67.
    score = score_team(panel("80 85 86 95 95"), DEFAULT)
    assert score.dropped_high == (JudgeMark("J05", D("95")),)
    assert score.is_dropped("J05") and not score.is_dropped("J04")
    assert score.highest_kept == JudgeMark("J04", D("95"))
    assert score.published == D("88.67")


def test_score_team_shared_lowest_drops_smaller_judge_key() -> None:
    # (80,J01) goes, (80,J02) stays: (80 + 86 + 87) / 3 = 253 / 3 = 84.333...
    score = score_team(panel("80 80 86 87 95"), DEFAULT)
    assert score.dropped_low == (JudgeMark("J01", D("80")),)
    assert score.lowest_kept == JudgeMark("J02", D("80"))
    assert score.published == D("84.33")


def test_score_team_recusal_turns_trimming_off() -> None:
    full = score_team(panel("80 85 86 87 95"), DEFAULT)
    assert full.trimmed and full.published == D("86.00")
    # J05 recused: four judges left, below min_panel_for_trim: 338 / 4 = 84.5.
    recused = score_team(panel("80 85 86 87"), DEFAULT)
    assert recused.trimmed is False
    assert recused.dropped_low == () and recused.dropped_high == ()
    assert recused.published == D("84.50")


def test_score_team_deductions_subtracted_before_rounding() -> None:
    # 90.125 - 1.0 = 89.125 exactly, then half-up: 89.13.
    score = score_team(panel("90 90 90 90.5"), DEFAULT, deductions=[D("1.0")])
    assert (score.trimmed_mean, score.deductions) == (D("90.125"), D("1.0"))
    assert (score.exact, score.published) == (D("89.125"), D("89.13"))
    # Several deductions are summed: 86 - (1.0 + 0.5) = 84.5.
    several = score_team(panel("80 85 86 87 95"), DEFAULT, [D("1.0"), D("0.5")])
    assert (several.deductions, several.published) == (D("1.5"), D("84.50"))


def test_score_team_ignores_caller_decimal_context() -> None:
    # A low precision with an Inexact trap would break 271 / 3 if the engine inherited it.
    with localcontext(Context(prec=3, traps=[Inexact])):
        score = score_team(panel("90 90 91"), DEFAULT, [D("0.5")])
    assert score.published == D("89.83")


def test_score_team_empty_panel_raises_value_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        score_team([], DEFAULT)


def test_score_team_duplicate_judge_raises_value_error() -> None:
    marks = [JudgeMark("J01", D("90")), JudgeMark("J02", D("91")), JudgeMark("J01", D("92"))]
    with pytest.raises(ValueError, match="J01"):
        score_team(marks, DEFAULT)


@pytest.mark.parametrize("bad", [90.5, 90, "90.5"])
def test_score_team_non_decimal_total_raises_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="Decimal"):
        score_team([JudgeMark("J01", bad)], DEFAULT)  # type: ignore[arg-type]


@pytest.mark.parametrize(("bad", "error"), [(1.0, TypeError), (D("-1"), ValueError)])
def test_score_team_bad_deduction_raises(bad: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        score_team(panel("90"), DEFAULT, [bad])  # type: ignore[list-item]


def test_judge_mark_nan_total_raises_value_error() -> None:
    with pytest.raises(ValueError, match="finite"):
        JudgeMark("J01", D("NaN"))


def test_scoring_rules_trims_needs_min_panel_and_more_than_both_ends() -> None:
    assert not ScoringRules().trims(4) and ScoringRules().trims(5)
    two_each_end = ScoringRules(trim_each_end=2, min_panel_for_trim=3)
    assert not two_each_end.trims(4) and two_each_end.trims(5)
    assert not ScoringRules(trim_each_end=0).trims(9)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        ("90.125", 2, "90.13"),
        ("90.135", 2, "90.14"),
        ("90.145", 2, "90.15"),
        ("90.1449999", 2, "90.14"),
        ("-0.125", 2, "-0.13"),
        ("-0.001", 2, "0.00"),
        ("2.5", 0, "3"),
        ("-2.5", 0, "-3"),
        ("90", 2, "90.00"),
        ("90.12345", 4, "90.1235"),
    ],
)
def test_round_half_up_table(value: str, decimals: int, expected: str) -> None:
    assert str(round_half_up(D(value), decimals)) == expected


def test_round_half_up_float_raises_type_error() -> None:
    with pytest.raises(TypeError):
        round_half_up(90.125, 2)  # type: ignore[arg-type]


def test_judge_total_sums_item_marks() -> None:
    marks = {"选题理由": D("8.5"), "现状调查": D("17"), "效果检查": D("14.5")}
    assert judge_total(marks) == D("40.0")
    assert judge_total({}) == 0
    with pytest.raises(TypeError, match="Decimal"):
        judge_total({"a": D("1"), "b": 2.5})  # type: ignore[dict-item]
