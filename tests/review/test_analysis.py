"""材料文审 analysis, pure: trimmed means through the contest's engine, ranks, 分歧较大,
each reviewer's leniency and the cut line's sensitivity, all against hand computation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from contest.review import analysis
from contest.scoring.rules import ScoringRules
from tests.review.results_world import PANELS, RULES

D = Decimal
FOUR = ScoringRules.from_settings(RULES)  # 4 reviewers: drop one at each end
LIMIT = D(15)


def sheets(panels: dict[str, dict[int, str]]) -> list[analysis.Sheet]:
    return [
        analysis.Sheet(number, f"r{n}", f"评审专家{n}", D(total))
        for number, panel in panels.items()
        for n, total in panel.items()
    ]


# Hand computation for the world's panels: sort the four totals, drop the lowest and the
# highest, average the middle two; the published score is that mean to 2 places, half-up.
HAND = {
    "2026-0001": ("86 88 90 91", "(88 + 90) / 2 = 89", "89.00"),
    "2026-0002": ("78 80 81 83", "(80 + 81) / 2 = 80.5", "80.50"),
    "2026-0003": ("84 85 86 87", "(85 + 86) / 2 = 85.5", "85.50"),
    "2026-0004": ("76 77 79 80", "(77 + 79) / 2 = 78", "78.00"),
    "2026-0005": ("89 90 92 93", "(90 + 92) / 2 = 91", "91.00"),
    "2026-0006": ("81 82 83 84", "(82 + 83) / 2 = 82.5", "82.50"),
    "2026-0007": ("70 71 72 88", "(71 + 72) / 2 = 71.5", "71.50"),
    "2026-0008": ("78 79 80 81", "(79 + 80) / 2 = 79.5", "79.50"),
    "2026-0009": ("82 83.5 84 85", "(83.5 + 84) / 2 = 83.75", "83.75"),
    "2026-0010": ("74 75 77 78", "(75 + 77) / 2 = 76", "76.00"),
    "2026-0011": ("79 80.5 81 82", "(80.5 + 81) / 2 = 80.75", "80.75"),
    "2026-0012": ("85 86 87.5 88", "(86 + 87.5) / 2 = 86.75", "86.75"),
}
# Ranked by those scores, highest first.
ORDER = [
    "2026-0005", "2026-0001", "2026-0012", "2026-0003", "2026-0009", "2026-0006",
    "2026-0011", "2026-0002", "2026-0008", "2026-0004", "2026-0010", "2026-0007",
]  # fmt: skip


@pytest.mark.parametrize("number", sorted(HAND))
def test_each_trimmed_mean_is_the_hand_computed_one(number):
    outcome = {o.application: o for o in analysis.results(sheets(PANELS), FOUR, LIMIT)}[number]
    ordered, _working, published = HAND[number]
    low, *middle, high = [D(v) for v in ordered.split()]
    assert [m.total for m in outcome.score.kept] == middle
    assert [m.total for m in outcome.score.dropped_low] == [low]
    assert [m.total for m in outcome.score.dropped_high] == [high]
    assert outcome.score.trimmed_mean == sum(middle) / 2
    assert str(outcome.score.published) == published


def test_ranks_follow_the_scores_with_competition_ranks():
    outcomes = analysis.results(sheets(PANELS), FOUR, LIMIT)
    assert [o.application for o in outcomes] == ORDER
    assert [o.rank for o in outcomes] == list(range(1, 13))


def test_equal_scores_share_a_rank_and_skip_the_next_place():
    panels = {"A": {1: "80", 2: "90"}, "B": {1: "85", 2: "85"}, "C": {1: "84", 2: "84"}}
    outcomes = analysis.results(sheets(panels), FOUR, LIMIT)  # 2 reviewers: no trim
    assert [(o.application, o.rank, str(o.score.published)) for o in outcomes] == [
        ("A", 1, "85.00"),
        ("B", 1, "85.00"),
        ("C", 3, "84.00"),
    ]
    assert [o.standing.decided_by for o in outcomes] == ["tie", "tie", "score"]


def test_an_untrimmed_mean_tie_break_orders_equal_scores_as_the_contest_does():
    # Five reviewers, trimmed: A keeps 80 80 80 (mean 80) of 70..95 (untrimmed 81);
    # B keeps 80 80 80 of 75..82 (untrimmed 79.4): A first by the untrimmed mean.
    rules = ScoringRules(tie_breaks=("untrimmed_mean",))
    panels = {
        "A": {1: "70", 2: "80", 3: "80", 4: "80", 5: "95"},
        "B": {1: "75", 2: "80", 3: "80", 4: "80", 5: "82"},
    }
    outcomes = analysis.results(sheets(panels), rules, LIMIT)
    assert [(o.application, o.rank, o.standing.decided_by) for o in outcomes] == [
        ("A", 1, "untrimmed_mean"),
        ("B", 2, "untrimmed_mean"),
    ]
    assert outcomes[0].score.untrimmed_mean == D(81)  # 405 / 5


def test_half_up_rounding_of_a_repeating_mean():
    # Three reviewers, no trim below four: (85 + 85.5 + 86.5) / 3 = 257 / 3 = 85.666… -> 85.67;
    # (80 + 80 + 80.5) / 3 = 240.5 / 3 = 80.1666… -> 80.17 (not banker's 80.16).
    panels = {"A": {1: "85", 2: "85.5", 3: "86.5"}, "B": {1: "80", 2: "80", 3: "80.5"}}
    outcomes = analysis.results(sheets(panels), FOUR, LIMIT)
    assert [str(o.score.published) for o in outcomes] == ["85.67", "80.17"]


@pytest.mark.parametrize(
    ("totals", "limit", "divergent"),
    [
        (["70", "71", "72", "88"], "15", True),  # 88 − 70 = 18 > 15
        (["70", "85"], "15", False),  # exactly 15 is not beyond
        (["70", "85.5"], "15", True),  # 15.5
        (["90"], "0", False),  # one reviewer: no spread
        (["80", "80.5"], "0", True),  # any difference beyond a limit of 0
    ],
)
def test_divergence_is_a_spread_beyond_the_limit(totals, limit, divergent):
    assert analysis.is_divergent([D(t) for t in totals], D(limit)) is divergent


def test_only_the_world_application_with_a_spread_of_18_is_flagged():
    outcomes = analysis.results(sheets(PANELS), FOUR, LIMIT)
    assert [(o.application, o.spread) for o in outcomes if o.divergent] == [("2026-0007", D(18))]


def test_reviewer_consistency_by_hand():
    found = {
        c.label: c for c in analysis.consistency(analysis.results(sheets(PANELS), FOUR, LIMIT))
    }
    # 评审专家4 minus each trimmed mean: 0001 86−89 = −3, 0002 83−80.5 = +2.5, 0003 86−85.5 =
    # +0.5, 0004 77−78 = −1, 0005 93−91 = +2, 0006 84−82.5 = +1.5, 0007 72−71.5 = +0.5,
    # 0008 78−79.5 = −1.5: sum +1.5 over 8 = +0.1875; absolute 12.5 / 8 = 1.5625.
    four = found["评审专家4"]
    assert (four.reviewed, four.mean_deviation, four.mean_abs_deviation) == (
        8,
        Fraction(3, 16),
        Fraction(25, 16),
    )
    assert (four.shown(signed=True), four.shown(), four.leaning) == ("+0.19", "1.56", "偏宽")
    # Dropped: high on 0002, 0005, 0006; low on 0001, 0008.
    assert (four.dropped_high, four.dropped_low) == (3, 2)
    # 评审专家2: 0003 −1.5, 0004 +1, 0005 +1, 0006 +0.5, 0007 88−71.5 = +16.5, 0008 −0.5,
    # 0009 +0.25, 0010 −1, 0011 −0.25, 0012 +0.75: sum 16.75 / 10 = 1.675; abs 23.25 / 10.
    two = found["评审专家2"]
    assert (two.mean_deviation, two.mean_abs_deviation) == (Fraction(67, 40), Fraction(93, 40))
    assert (two.shown(signed=True), two.shown()) == ("+1.68", "2.33")
    assert list(found) == [f"评审专家{n}" for n in range(1, 6)]


def test_a_strict_reviewer_reads_as_minus():
    panels = {"A": {1: "80", 2: "90", 3: "90"}, "B": {1: "70", 2: "80", 3: "81"}}
    # No trim (3 < 4): A's mean 260/3, r1 80 − 86.67 = −20/3; B's 231/3 = 77, r1 −7.
    # Mean (−20/3 − 7) / 2 = −41/6 = −6.8333 -> −6.83.
    r1 = analysis.consistency(analysis.results(sheets(panels), FOUR, LIMIT))[0]
    assert r1.mean_deviation == Fraction(-41, 6)
    assert (r1.shown(signed=True), r1.leaning) == ("−6.83", "偏严")


def test_sensitivity_of_the_cut_of_eight_names_who_would_enter_and_leave():
    lines = analysis.sensitivity(sheets(PANELS), FOUR, 8, LIMIT)
    # Without 评审专家4 the panels of 0001–0008 have three totals, so no trim (4 needed):
    # 0002 (80 + 78 + 81) / 3 = 79.67 and 0008 (79 + 81 + 80) / 3 = 80: 0008 passes 0002.
    assert [line.sentence for line in lines] == [
        "去掉评审专家1 的评分，入围名单不变",
        "去掉评审专家2 的评分，入围名单不变",
        "去掉评审专家3 的评分，入围名单不变",
        "去掉评审专家4 的评分，2026-0008 将入围，2026-0002 将落选",
        "去掉评审专家5 的评分，入围名单不变",
    ]
    assert [line.changes for line in lines] == [False, False, False, True, False]


def test_sensitivity_of_other_cut_lines():
    # Cut of 3: 0005 91, 0001 89, 0012 86.75 over 0003 85.5; without 评审专家3, 0012 is
    # (86 + 87.5 + 88) / 3 = 87.17 and 0003 (85 + 84 + 86) / 3 = 85: unchanged. Without
    # 评审专家1, 0003 is (84 + 87 + 86) / 3 = 85.67 and 0012 (87.5 + 85 + 88) / 3 = 86.83.
    assert {line.changes for line in analysis.sensitivity(sheets(PANELS), FOUR, 3, LIMIT)} == {
        False
    }
    # Cut of 11 leaves out only 0007 (71.5) below 0010 (76). Three totals are not trimmed:
    # without 评审专家1, 0007 is (88 + 72 + 71) / 3 = 77 and 0010 (75 + 78 + 74) / 3 = 75.67;
    # without 评审专家2, 0007 is (70 + 72 + 71) / 3 = 71 and 0010 (77 + 78 + 74) / 3 = 76.33;
    # without 评审专家3 (not on 0007), 0010 is (77 + 75 + 74) / 3 = 75.33 > 71.5;
    # without 评审专家4, 0007 is (70 + 88 + 71) / 3 = 76.33 and 0010 stays 76;
    # without 评审专家5, both are 230 / 3 = 76.67: tied at 11, so both pass and none leaves.
    lines = analysis.sensitivity(sheets(PANELS), FOUR, 11, LIMIT)
    assert [line.sentence for line in lines] == [
        "去掉评审专家1 的评分，2026-0007 将入围，2026-0010 将落选",
        "去掉评审专家2 的评分，入围名单不变",
        "去掉评审专家3 的评分，入围名单不变",
        "去掉评审专家4 的评分，2026-0007 将入围，2026-0010 将落选",
        "去掉评审专家5 的评分，2026-0007 将入围",
    ]


def test_a_tie_at_the_cut_passes_together_and_removal_can_break_it():
    # A 90, B 85, C 85, D (70 + 99) / 2 = 84.5: ranks 1, 2, 2, 4, so a cut of 2 passes
    # A, B and C (the tie is for staff to decide).
    panels = {
        "A": {1: "90", 2: "90"},
        "B": {1: "85", 2: "85"},
        "C": {1: "85", 3: "85", 4: "85"},
        "D": {4: "70", 5: "99"},
    }
    outcomes = analysis.results(sheets(panels), FOUR, LIMIT)
    assert analysis.passing(outcomes, 2) == ["A", "B", "C"]
    lines = {
        line.label: line.sentence for line in analysis.sensitivity(sheets(panels), FOUR, 2, LIMIT)
    }
    # Without r5, D is 70 alone; without r4, C stays 85 and D is 99: D enters at rank 1
    # and the tie B, C at rank 3 falls outside a cut of 2.
    assert lines["评审专家4"] == "去掉评审专家4 的评分，D 将入围，B、C 将落选"
    assert lines["评审专家5"] == "去掉评审专家5 的评分，入围名单不变"


def test_an_application_only_the_removed_reviewer_scored_cannot_pass():
    panels = {"A": {1: "90"}, "B": {2: "80"}}
    lines = analysis.sensitivity(sheets(panels), FOUR, 1, LIMIT)
    assert lines[0].sentence == "去掉评审专家1 的评分，B 将入围，A 将落选"
