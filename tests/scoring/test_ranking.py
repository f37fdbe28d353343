"""Competition ranking, tie-break chains and settings validation."""

from decimal import Decimal

import pytest

from contest.scoring import RankEntry, ScoringRules, Standing, rank_teams

D = Decimal


def entry(
    team: str,
    published: str,
    untrimmed: str | None = None,
    items: dict[str, str] | None = None,
    manual: int | None = None,
) -> RankEntry:
    """A RankEntry from strings; the untrimmed mean defaults to the published score."""
    return RankEntry(
        team=team,
        published=D(published),
        untrimmed_mean=D(untrimmed if untrimmed is not None else published),
        item_means={k: D(v) for k, v in (items or {}).items()},
        manual_position=manual,
    )


def summary(standings: list[Standing]) -> list[tuple[str, int, str, tuple[str, ...]]]:
    """(team, rank, decided_by, tied_with) per standing, in output order."""
    return [(s.team, s.rank, s.decided_by, s.tied_with) for s in standings]


def test_rank_teams_empty_input_returns_empty_list() -> None:
    assert rank_teams([], ScoringRules()) == []


def test_rank_teams_no_tie_breaks_gives_1_2_2_4() -> None:
    entries = [entry("D", "88"), entry("C", "90"), entry("A", "92"), entry("B", "90.00")]
    standings = rank_teams(entries, ScoringRules())
    assert summary(standings) == [
        ("A", 1, "score", ()),
        ("B", 2, "tie", ("C",)),
        ("C", 2, "tie", ("B",)),
        ("D", 4, "score", ()),
    ]
    assert [s.published for s in standings] == [D("92"), D("90"), D("90"), D("88")]


def test_rank_teams_untrimmed_mean_decides_tie() -> None:
    # A's low untrimmed mean does not matter: tie-breaks only order equal published scores.
    entries = [entry("A", "92", "80"), entry("B", "90", "89.8"), entry("C", "90", "90.1")]
    standings = rank_teams(entries, ScoringRules(tie_breaks=("untrimmed_mean",)))
    assert summary(standings) == [
        ("A", 1, "score", ()),
        ("C", 2, "untrimmed_mean", ("B",)),
        ("B", 3, "untrimmed_mean", ("C",)),
    ]


def test_rank_teams_item_mean_decides_tie() -> None:
    item = "成果效益"
    entries = [entry("B", "90", items={item: "18.5"}), entry("C", "90", items={item: "19"})]
    standings = rank_teams(entries, ScoringRules(tie_breaks=("item:成果效益",)))
    assert summary(standings) == [
        ("C", 1, "item:成果效益", ("B",)),
        ("B", 2, "item:成果效益", ("C",)),
    ]


def test_rank_teams_manual_position_decides_tie() -> None:
    entries = [entry("B", "90", manual=1), entry("A", "90", manual=2), entry("C", "85")]
    standings = rank_teams(entries, ScoringRules(tie_breaks=("manual",)))
    assert summary(standings) == [
        ("B", 1, "manual", ("A",)),
        ("A", 2, "manual", ("B",)),
        ("C", 3, "score", ()),
    ]


def test_rank_teams_chain_first_rule_ties_second_decides() -> None:
    entries = [entry("A", "90", "89.5", {"idea": "9"}), entry("B", "90", "89.5", {"idea": "9.5"})]
    rules = ScoringRules(tie_breaks=("untrimmed_mean", "item:idea", "manual"))
    assert summary(rank_teams(entries, rules)) == [
        ("B", 1, "item:idea", ("A",)),
        ("A", 2, "item:idea", ("B",)),
    ]


def test_rank_teams_three_way_tie_partially_broken() -> None:
    entries = [entry("X", "95"), entry("C", "90", "89"), entry("A", "90", "91")]
    entries += [entry("B", "90", "89"), entry("Z", "80")]
    standings = rank_teams(entries, ScoringRules(tie_breaks=("untrimmed_mean",)))
    assert summary(standings) == [
        ("X", 1, "score", ()),
        ("A", 2, "untrimmed_mean", ("B", "C")),
        ("B", 3, "tie", ("A", "C")),
        ("C", 3, "tie", ("A", "B")),
        ("Z", 5, "score", ()),
    ]


def test_rank_teams_three_way_tie_broken_in_two_steps() -> None:
    # untrimmed_mean singles out A; the item then separates B from C.
    entries = [entry("A", "90", "91", {"method": "5"}), entry("B", "90", "89", {"method": "7"})]
    entries.append(entry("C", "90", "89", {"method": "6"}))
    rules = ScoringRules(tie_breaks=("untrimmed_mean", "item:method"))
    assert summary(rank_teams(entries, rules)) == [
        ("A", 1, "untrimmed_mean", ("B", "C")),
        ("B", 2, "item:method", ("A", "C")),
        ("C", 3, "item:method", ("A", "B")),
    ]


def test_rank_teams_missing_item_counts_as_lowest() -> None:
    entries = [entry("A", "90", items={"other": "20"}), entry("B", "90", items={"method": "0"})]
    entries.append(entry("C", "90"))
    standings = rank_teams(entries, ScoringRules(tie_breaks=("item:method",)))
    # B has the item (even at 0) so it beats both teams without it; A and C stay tied.
    assert summary(standings) == [
        ("B", 1, "item:method", ("A", "C")),
        ("A", 2, "tie", ("B", "C")),
        ("C", 2, "tie", ("A", "B")),
    ]


def test_rank_teams_manual_none_stays_tied_after_positions() -> None:
    entries = [entry("A", "90"), entry("B", "90", manual=1), entry("C", "90")]
    standings = rank_teams(entries, ScoringRules(tie_breaks=("manual",)))
    assert summary(standings) == [
        ("B", 1, "manual", ("A", "C")),
        ("A", 2, "tie", ("B", "C")),
        ("C", 2, "tie", ("A", "B")),
    ]


def test_rank_teams_manual_single_none_is_placed_last() -> None:
    entries = [entry("A", "90"), entry("B", "90", manual=2), entry("C", "90", manual=1)]
    standings = rank_teams(entries, ScoringRules(tie_breaks=("manual",)))
    assert summary(standings) == [
        ("C", 1, "manual", ("A", "B")),
        ("B", 2, "manual", ("A", "C")),
        ("A", 3, "manual", ("B", "C")),
    ]


def test_rank_teams_duplicate_team_raises_value_error() -> None:
    with pytest.raises(ValueError, match="duplicate team"):
        rank_teams([entry("A", "90"), entry("A", "91")], ScoringRules())


def test_rank_entry_float_score_raises_type_error() -> None:
    with pytest.raises(TypeError, match="published"):
        RankEntry(team="A", published=90.5, untrimmed_mean=D("90"))  # type: ignore[arg-type]


def test_rank_entry_item_means_is_a_frozen_copy() -> None:
    items = {"method": D("5")}
    frozen = RankEntry(team="A", published=D("90"), untrimmed_mean=D("90"), item_means=items)
    items["method"] = D("9")
    assert frozen.item_means == {"method": D("5")}
    with pytest.raises(TypeError):
        frozen.item_means["method"] = D("1")  # type: ignore[index]


def test_from_settings_reads_keys_and_defaults_missing_ones() -> None:
    assert ScoringRules.from_settings({}) == ScoringRules(1, 5, 2, ())
    chain = ("untrimmed_mean", "item:创新", "manual")
    settings = {"trim_each_end": 2, "min_panel_for_trim": 7, "decimals": 3, "unrelated": "x"}
    rules = ScoringRules.from_settings({**settings, "tie_breaks": list(chain)})
    assert rules == ScoringRules(
        trim_each_end=2, min_panel_for_trim=7, decimals=3, tie_breaks=chain
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"trim_each_end": -1}, "trim_each_end must be at least 0"),
        ({"min_panel_for_trim": -3}, "min_panel_for_trim must be at least 0"),
        ({"decimals": 5}, "decimals must be at least 0 and at most 4"),
        ({"decimals": -1}, "decimals must be at least 0 and at most 4"),
        ({"decimals": 2.0}, "decimals must be an integer"),
        ({"trim_each_end": "1"}, "trim_each_end must be an integer"),
        ({"trim_each_end": True}, "trim_each_end must be an integer"),
        ({"tie_breaks": "manual"}, "tie_breaks must be a list"),
        ({"tie_breaks": ["median"]}, "unknown tie-break 'median'"),
        ({"tie_breaks": ["item:"]}, "needs an item name"),
        ({"tie_breaks": ["item:  "]}, "needs an item name"),
        ({"tie_breaks": [3]}, "tie-break rules must be strings"),
    ],
)
def test_from_settings_invalid_value_raises_value_error(
    settings: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ScoringRules.from_settings(settings)
