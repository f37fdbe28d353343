"""Judge consistency: hand-worked panels, the flag and its threshold, and properties."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.ranking.consistency import (
    MarkRow,
    Threshold,
    format_stat,
    judge_consistency,
    team_deviations,
)

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


def rows_of(panel: dict[str, dict[str, str]], dropped: dict[tuple[str, str], str] = {}):  # noqa: B006
    """{team: {judge: total}} -> rows, judge keys "J1".."J9" labelled 评委N."""
    return [
        MarkRow(judge, f"评委{judge[1:]}", team, Decimal(total), dropped.get((judge, team)))
        for team, totals in panel.items()
        for judge, total in totals.items()
    ]


# Six judges, three teams; J3 is recused from T4 (no row). J6 is exactly +3 on every team.
PANEL = {
    "T1": {"J1": "88", "J2": "90", "J3": "89", "J4": "91", "J5": "87", "J6": "92"},
    "T2": {"J1": "85", "J2": "86", "J3": "84", "J4": "85", "J5": "85", "J6": "88"},
    "T4": {"J1": "90", "J2": "92", "J4": "91", "J5": "91", "J6": "94"},
}
DROPPED = {
    ("J5", "T1"): "low",
    ("J6", "T1"): "high",
    ("J3", "T2"): "low",
    ("J6", "T2"): "high",
    ("J1", "T4"): "low",
    ("J6", "T4"): "high",
}


def test_deviations_of_the_hand_panel_are_exact():
    # T1: sum 537, six judges: deviation = x - (537 - x) / 5 = (6x - 537) / 5
    # T4: sum 458, five judges (J3 recused): deviation = (5x - 458) / 4
    deviations = team_deviations(rows_of(PANEL))
    assert deviations[("J1", "T1")] == Fraction(-9, 5)
    assert deviations[("J5", "T1")] == -3
    assert deviations[("J3", "T2")] == Fraction(-9, 5)
    assert deviations[("J1", "T4")] == -2
    assert deviations[("J4", "T4")] == Fraction(-3, 4)
    assert {deviations[("J6", t)] for t in PANEL} == {3}
    assert ("J3", "T4") not in deviations


# judge, teams, mean, sd, mean deviation, mean |deviation|, dropped high, dropped low, flag
EXPECTED = [
    # 88 85 90: mean 263/3; sd sqrt(19/3); deviations -1.8 -0.6 -2 -> -4.4/3
    ("J1", 3, "87.67", "2.52", "-1.47", "1.47", 0, 1, ()),
    # 90 86 92: sd sqrt(28/3); deviations 0.6 0.6 0.5 -> 1.7/3
    ("J2", 3, "89.33", "3.06", "+0.57", "0.57", 0, 0, ()),
    # 89 84 (recused from T4): sd sqrt(12.5); deviations -0.6 -1.8; 2 teams: never flagged
    ("J3", 2, "86.50", "3.54", "-1.20", "1.20", 0, 1, ()),
    # 91 85 91: sd sqrt(12); deviations 1.8 -0.6 -0.75 -> 0.45/3 and 3.15/3
    ("J4", 3, "89.00", "3.46", "+0.15", "1.05", 0, 0, ()),
    # 87 85 91: deviations -3 -0.6 -0.75 -> -4.35/3
    ("J5", 3, "87.67", "3.06", "-1.45", "1.45", 0, 1, ()),
    # 92 88 94: +3 on every team, dropped as highest every time
    ("J6", 3, "91.33", "3.06", "+3.00", "3.00", 3, 0, ("mean_deviation", "dropped_high")),
]


def test_hand_panel_figures():
    results = judge_consistency(rows_of(PANEL, DROPPED))
    assert [
        (
            r.judge,
            r.teams,
            format_stat(r.mean_total),
            format_stat(r.total_sd),
            format_stat(r.mean_deviation, signed=True),
            format_stat(r.mean_abs_deviation),
            r.dropped_high,
            r.dropped_low,
            r.reasons,
        )
        for r in results
    ] == EXPECTED
    assert [r.label for r in results] == [f"评委{n}" for n in range(1, 7)]
    assert [r.judge for r in results if r.flagged] == ["J6"]
    assert results[5].deviation_sd == 0


def test_a_lone_judge_has_nothing_to_compare():
    [only] = judge_consistency(rows_of({"T1": {"J1": "90"}}))
    assert (only.teams, only.compared, only.mean_total) == (1, 0, 90.0)
    assert (only.total_sd, only.mean_deviation, only.mean_abs_deviation) == (None, None, None)
    assert only.deviations == ()
    assert not only.flagged


def test_always_plus_three_judge_is_flagged_unless_the_threshold_is_higher():
    panel = {f"T{t}": {"J1": "90", "J2": "90", "J3": "93"} for t in range(3)}
    flagged = {r.judge: r.reasons for r in judge_consistency(rows_of(panel))}
    assert flagged == {"J1": (), "J2": (), "J3": ("mean_deviation",)}
    # J1 and J2: 90 - (90 + 93) / 2 = -1.5 each, below the threshold.
    looser = Threshold(mean_deviation=Decimal("3.5"), dropped_share=None)
    assert not any(r.flagged for r in judge_consistency(rows_of(panel), threshold=looser))


def test_two_teams_are_not_enough_to_flag():
    panel = {f"T{t}": {"J1": "90", "J2": "90", "J3": "95"} for t in range(2)}
    assert not any(r.flagged for r in judge_consistency(rows_of(panel)))
    assert judge_consistency(rows_of(panel), threshold=Threshold(min_teams=2))[2].flagged


def test_a_mean_deviation_of_exactly_the_threshold_is_flagged():
    # Deviations 13/6, 2 and 11/6 (means of others in thirds) average exactly 2.
    panel = {
        "T1": {"J1": "90", "J2": "90", "J3": "91", "J9": "92.5"},
        "T2": {"J1": "90", "J2": "90", "J3": "90", "J9": "92"},
        "T3": {"J1": "90", "J2": "90", "J3": "89", "J9": "91.5"},
    }
    judge = judge_consistency(rows_of(panel))[-1]
    assert [d for _, d in judge.deviations] == [Fraction(13, 6), 2, Fraction(11, 6)]
    assert judge.reasons == ("mean_deviation",)
    stricter = Threshold(mean_deviation=Decimal("2.01"))
    assert not judge_consistency(rows_of(panel), threshold=stricter)[-1].flagged


@pytest.mark.parametrize(
    ("ends", "reasons"),
    [
        (["high", "high", None], ("dropped_high",)),  # 2 of 3 at the top
        (["low", "low", "low"], ("dropped_low",)),
        (["high", "low", None], ()),  # dropped at both ends, half of neither
        (["high", None, None], ()),
    ],
)
def test_dropped_at_one_end_in_half_the_teams_is_flagged(ends, reasons):
    panel = {f"T{t}": {"J1": "90", "J2": "90", "J3": "91"} for t in range(3)}
    dropped = {("J3", f"T{t}"): end for t, end in enumerate(ends) if end}
    judge = judge_consistency(rows_of(panel, dropped))[2]
    assert judge.reasons == reasons  # +1 only: the deviation rule stays quiet


@pytest.mark.parametrize(
    ("value", "signed", "text"),
    [
        (None, False, "—"),
        (87.66666666666667, False, "87.67"),
        (0.125, False, "0.13"),  # half-up, like the published scores
        (-1.455, True, "-1.46"),
        (3.0, True, "+3.00"),
        (-0.004, True, "0.00"),  # no signed zero
        (0.0, True, "0.00"),
    ],
)
def test_format_stat(value, signed, text):
    assert format_stat(value, signed=signed) == text


def test_bad_input_is_refused():
    with pytest.raises(TypeError):
        MarkRow("J1", "评委1", 1, 90.5)
    with pytest.raises(ValueError):
        MarkRow("J1", "评委1", 1, Decimal("90"), "middle")
    twice = [MarkRow("J1", "评委1", 1, Decimal("90")), MarkRow("J1", "评委1", 1, Decimal("91"))]
    with pytest.raises(ValueError, match="two totals"):
        judge_consistency(twice)
    renamed = [MarkRow("J1", "评委1", 1, Decimal("90")), MarkRow("J1", "评委2", 2, Decimal("91"))]
    with pytest.raises(ValueError, match="two labels"):
        judge_consistency(renamed)
    with pytest.raises(ValueError):
        Threshold(mean_deviation=Decimal("-1"))
    with pytest.raises(ValueError):
        Threshold(dropped_share=Decimal("1.5"))
    with pytest.raises(ValueError):
        Threshold(min_teams=0)


# Totals in half points; a panel of 2-9 judges over 1-6 teams, some cells empty (回避).
halves = st.integers(min_value=0, max_value=200).map(lambda n: Decimal(n) / 2)
panels = st.integers(min_value=2, max_value=9).flatmap(
    lambda judges: st.lists(
        st.lists(st.none() | halves, min_size=judges, max_size=judges), min_size=1, max_size=6
    )
)


def panel_rows(grid) -> list[MarkRow]:
    return [
        MarkRow(f"J{j}", f"评委{j}", t, total)
        for t, totals in enumerate(grid)
        for j, total in enumerate(totals, 1)
        if total is not None
    ]


@PROPERTY_SETTINGS
@given(panels)
def test_deviations_of_a_team_sum_to_zero(grid):
    # x_i - (S - x_i) / (n - 1) = (n x_i - S) / (n - 1), and sum_i (n x_i - S) = n S - n S = 0.
    deviations = team_deviations(panel_rows(grid))
    for team, totals in enumerate(grid):
        if sum(t is not None for t in totals) >= 2:
            assert sum(d for (_, t), d in deviations.items() if t == team) == 0


@PROPERTY_SETTINGS
@given(
    st.integers(min_value=2, max_value=9).flatmap(
        lambda n: st.lists(st.lists(halves, min_size=n, max_size=n), min_size=1, max_size=6)
    )
)
def test_on_a_full_panel_mean_deviations_sum_to_zero(grid):
    results = judge_consistency(panel_rows(grid))
    assert sum(sum(d for _, d in r.deviations) for r in results) == 0
    assert abs(sum(r.mean_deviation for r in results)) < 1e-9


@PROPERTY_SETTINGS
@given(panels, st.integers(min_value=-20, max_value=20), st.randoms(use_true_random=False))
def test_row_order_and_a_common_shift_change_nothing_but_the_means(grid, shift, rnd: random.Random):
    rows = panel_rows(grid)
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    moved = [MarkRow(r.judge, r.label, r.team, r.total + shift) for r in shuffled]
    before, after = judge_consistency(rows), judge_consistency(moved)
    assert [(r.judge, dict(r.deviations), r.flagged) for r in before] == [
        (r.judge, dict(r.deviations), r.flagged) for r in after
    ]
    for old, new in zip(before, after, strict=True):
        assert new.mean_total == pytest.approx(old.mean_total + shift)
        assert new.total_sd == pytest.approx(old.total_sd)
