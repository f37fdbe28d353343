"""Property tests: invariants that must hold for any panel and any set of teams."""

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from math import floor

from hypothesis import given, settings
from hypothesis import strategies as st

from contest.scoring import JudgeMark, RankEntry, ScoringRules, rank_teams, score_team

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

# Judges mark in whole or half points, so totals are multiples of 0.5 between 0 and 100.
halves = st.integers(min_value=0, max_value=200).map(lambda n: Decimal(n) / 2)
judge_keys = st.text(alphabet="JK0123", min_size=1, max_size=3)
panels = st.lists(
    st.builds(JudgeMark, judge=judge_keys, total=halves),
    min_size=1,
    max_size=15,
    unique_by=lambda m: m.judge,
)
rules_strategy = st.builds(
    ScoringRules,
    trim_each_end=st.integers(min_value=0, max_value=3),
    min_panel_for_trim=st.integers(min_value=0, max_value=8),
    decimals=st.integers(min_value=0, max_value=4),
)
deduction_lists = st.lists(
    st.integers(min_value=0, max_value=4).map(lambda n: Decimal(n) / 2), max_size=2
)
tie_break_chains = st.lists(
    st.sampled_from(["untrimmed_mean", "item:a", "item:b", "manual"]), max_size=4
).map(tuple)

# A narrow score range so that equal published scores, and ties within them, are common.
narrow = st.integers(min_value=178, max_value=182).map(lambda n: Decimal(n) / 2)
entry_fields = st.fixed_dictionaries(
    {
        "published": narrow,
        "untrimmed_mean": narrow,
        "item_means": st.dictionaries(st.sampled_from(["a", "b"]), narrow),
        "manual_position": st.none() | st.integers(min_value=1, max_value=3),
    }
)
entry_lists = st.lists(entry_fields, max_size=10).map(
    lambda fields: [RankEntry(team=f"T{i:02d}", **f) for i, f in enumerate(fields)]
)


def no_tie_breaks_rank(entries: Sequence[RankEntry], team: str) -> int:
    """1 + number of teams with a strictly higher published score."""
    mine = next(e.published for e in entries if e.team == team)
    return 1 + sum(e.published > mine for e in entries)


def half_up_oracle(value: Fraction, decimals: int) -> Fraction:
    """Round an exact fraction half away from zero, independently of the decimal module."""
    scaled = abs(value) * 10**decimals
    magnitude = Fraction(floor(scaled + Fraction(1, 2)), 10**decimals)
    return -magnitude if value < 0 else magnitude


@PROPERTY_SETTINGS
@given(data=st.data(), marks=panels, rules=rules_strategy, deductions=deduction_lists)
def test_score_team_judge_order_never_matters(
    data: st.DataObject, marks: list[JudgeMark], rules: ScoringRules, deductions: list[Decimal]
) -> None:
    shuffled = data.draw(st.permutations(marks))
    assert score_team(shuffled, rules, deductions) == score_team(marks, rules, deductions)


@PROPERTY_SETTINGS
@given(marks=panels, rules=rules_strategy)
def test_score_team_trimmed_mean_between_kept_extremes(
    marks: list[JudgeMark], rules: ScoringRules
) -> None:
    score = score_team(marks, rules)
    assert score.lowest_kept.total <= score.trimmed_mean <= score.highest_kept.total
    assert min(m.total for m in marks) <= score.untrimmed_mean <= max(m.total for m in marks)


@PROPERTY_SETTINGS
@given(marks=panels, rules=rules_strategy)
def test_score_team_partition_of_panel_is_consistent(
    marks: list[JudgeMark], rules: ScoringRules
) -> None:
    score = score_team(marks, rules)
    cut = rules.trim_each_end if score.trimmed else 0
    assert len(score.dropped_low) == len(score.dropped_high) == cut
    assert len(score.kept) == len(marks) - 2 * cut >= 1
    whole = score.dropped_low + score.kept + score.dropped_high
    assert sorted(whole, key=lambda m: m.judge) == sorted(marks, key=lambda m: m.judge)
    assert [(m.total, m.judge) for m in whole] == sorted((m.total, m.judge) for m in marks)


@PROPERTY_SETTINGS
@given(marks=panels, rules=rules_strategy, deductions=deduction_lists)
def test_score_team_published_within_half_unit_of_exact(
    marks: list[JudgeMark], rules: ScoringRules, deductions: list[Decimal]
) -> None:
    score = score_team(marks, rules, deductions)
    half_unit = Decimal(5).scaleb(-(rules.decimals + 1))
    assert abs(score.published - score.exact) <= half_unit
    assert score.published.as_tuple().exponent == -rules.decimals
    exact = sum((Fraction(m.total) for m in score.kept), Fraction(0)) / len(score.kept)
    exact -= sum((Fraction(d) for d in deductions), Fraction(0))
    assert abs(Fraction(score.exact) - exact) < Fraction(1, 10**40)
    assert Fraction(score.published) == half_up_oracle(exact, rules.decimals)


@PROPERTY_SETTINGS
@given(entries=entry_lists, twin=entry_fields, chain=tie_break_chains)
def test_rank_teams_equal_inputs_rank_equal(
    entries: list[RankEntry], twin: dict[str, object], chain: tuple[str, ...]
) -> None:
    pair = [RankEntry(team="TWIN-A", **twin), RankEntry(team="TWIN-B", **twin)]  # type: ignore[arg-type]
    standings = {s.team: s for s in rank_teams(entries + pair, ScoringRules(tie_breaks=chain))}
    first, second = standings["TWIN-A"], standings["TWIN-B"]
    assert first.rank == second.rank
    # Identical entries agree on every tie-break key, so nothing can separate them.
    assert first.decided_by == second.decided_by == "tie"
    assert "TWIN-B" in first.tied_with and "TWIN-A" in second.tied_with


@PROPERTY_SETTINGS
@given(entries=entry_lists)
def test_rank_teams_no_tie_breaks_is_competition_ranking(entries: list[RankEntry]) -> None:
    for standing in rank_teams(entries, ScoringRules()):
        assert standing.rank == no_tie_breaks_rank(entries, standing.team)
        expected = "tie" if standing.tied_with else "score"
        assert standing.decided_by == expected


@PROPERTY_SETTINGS
@given(entries=entry_lists, chain=tie_break_chains)
def test_rank_teams_tie_breaks_stay_within_score_group(
    entries: list[RankEntry], chain: tuple[str, ...]
) -> None:
    standings = rank_teams(entries, ScoringRules(tie_breaks=chain))
    assert len(standings) == len(entries)
    for standing in standings:
        first_place = no_tie_breaks_rank(entries, standing.team)
        assert first_place <= standing.rank <= first_place + len(standing.tied_with)
        # Rank r is held by a team only if exactly r - 1 teams are strictly ahead of it.
        assert standing.rank == 1 + sum(s.rank < standing.rank for s in standings)
    assert standings == sorted(standings, key=lambda s: (s.rank, s.team))


@PROPERTY_SETTINGS
@given(data=st.data(), entries=entry_lists, chain=tie_break_chains)
def test_rank_teams_input_order_never_matters(
    data: st.DataObject, entries: list[RankEntry], chain: tuple[str, ...]
) -> None:
    rules = ScoringRules(tie_breaks=chain)
    shuffled = data.draw(st.permutations(entries))
    assert rank_teams(shuffled, rules) == rank_teams(entries, rules)
