"""The pure assignment: conflicts, balance, pins kept, removals never re-made, coverage."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.review.assign import (
    Candidate,
    Conflict,
    Cover,
    Entry,
    Existing,
    conflict,
    coverage,
    loads,
    normal,
    plan,
)

# The shared world's shape: 12 applications of 6 enterprises under 3 推荐单位, 5 reviewers.
ENTERPRISES = (
    ("上海石化股份有限公司", 1, "浦东新区质量协会"),
    ("中国商飞上海飞机制造有限公司", 1, "浦东新区质量协会"),
    ("上海华谊新材料有限公司", 2, "上海化工行业协会"),
    ("上海氯碱化工股份有限公司", 2, "上海化工行业协会"),
    ("上海电气电站设备有限公司汽轮机厂", 3, "上海电气集团"),
    ("上海锅炉厂有限公司", 3, "上海电气集团"),
)
ENTRIES = [Entry(i + 1, *ENTERPRISES[i // 2]) for i in range(12)]
REVIEWERS = [
    Candidate(1, "上海市质量协会"),
    Candidate(2, "上海石化股份有限公司"),
    Candidate(3, "上海交通大学"),
    Candidate(4, "上海电气集团", 3),
    Candidate(5, "同济大学"),
]


def _run(existing=(), *, n=3, exclude=True, reviewers=REVIEWERS, entries=ENTRIES):
    return plan(entries, reviewers, list(existing), per_application=n,
                exclude_same_recommender=exclude)  # fmt: skip


def _existing(result, extra=()):
    return [Existing(a, r) for a, r in result.pairs] + list(extra)


@pytest.mark.parametrize(
    ("employer", "recommender_id", "exclude", "expected"),
    [
        ("上海石化股份有限公司", None, True, Conflict.ENTERPRISE),
        (" 上海石化 股份有限公司 ", None, False, Conflict.ENTERPRISE),  # spaces do not count
        ("上海石化股份有限公司", 9, False, Conflict.ENTERPRISE),
        ("上海石化", None, False, None),  # too short to be taken for the group
        ("上海石化股份有限公司涤纶部", None, False, Conflict.ENTERPRISE),  # a part of it
        ("上海交通大学", 1, True, Conflict.RECOMMENDER),  # by 推荐单位 id
        ("上海交通大学", 1, False, None),  # the setting is off
        ("浦东新区质量协会", None, True, Conflict.RECOMMENDER),  # 工作单位 is the 推荐单位
        ("浦东新区质量协会", None, False, None),
        ("上海交通大学", 2, True, None),
        ("", None, True, None),
    ],
)
def test_conflict_by_enterprise_and_by_recommender(employer, recommender_id, exclude, expected):
    entry = Entry(1, "上海石化股份有限公司", 1, "浦东新区质量协会")
    reviewer = Candidate(7, employer, recommender_id)
    assert conflict(reviewer, entry, exclude_same_recommender=exclude) == expected


def test_a_reviewer_of_the_group_does_not_review_its_factory():
    entry = Entry(1, "上海华谊（集团）公司  丙烯酸厂", 1, "浦东新区质量协会")
    reviewer = Candidate(7, "上海华谊(集团)公司", None)  # half-width brackets, as typed
    assert conflict(reviewer, entry, exclude_same_recommender=False) == Conflict.ENTERPRISE


def test_normal_folds_full_width_and_spaces():
    assert normal("上海华谊（集团）公司\u3000 丙烯酸厂") == "上海华谊(集团)公司丙烯酸厂"
    assert normal("ＡＢＣ 公司") == "ABC公司"


def test_the_world_gets_three_each_balanced_and_without_conflicts():
    result = _run()
    assert result.unfilled == {}
    assert len(result.pairs) == 36
    per_app = {e.id: [r for a, r in result.pairs if a == e.id] for e in ENTRIES}
    assert all(len(ids) == 3 for ids in per_app.values())
    # 孙丽 (2) never on 上海石化's two; 李明 (4) never on 上海电气集团's four.
    assert 2 not in per_app[1] and 2 not in per_app[2]
    assert all(4 not in per_app[a] for a in (9, 10, 11, 12))
    assert sorted(result.loads.values()) == [7, 7, 7, 7, 8]
    assert result.loads == loads(_existing(result), REVIEWERS)


def test_the_plan_is_deterministic_whatever_the_order_of_inputs():
    first = _run()
    second = plan(list(reversed(ENTRIES)), list(reversed(REVIEWERS)), [],
                  per_application=3, exclude_same_recommender=True)  # fmt: skip
    assert first.pairs == second.pairs


def test_without_the_setting_the_recommender_member_may_review_its_units():
    result = _run(exclude=False)
    assert any(r == 4 for a, r in result.pairs if a in (9, 10, 11, 12))
    assert all(r != 2 for a, r in result.pairs if a in (1, 2))


def test_pinned_pairs_are_kept_and_count_towards_n():
    pins = [Existing(1, 5, pinned=True), Existing(1, 3, pinned=True)]
    result = _run(pins)
    assert [r for a, r in result.pairs if a == 1] == [1]  # one more makes three
    assert (1, 5) not in result.pairs and (1, 3) not in result.pairs


def test_a_removed_pair_is_never_made_again():
    first = _run()
    taken = first.pairs[0]
    kept = [Existing(a, r) for a, r in first.pairs if (a, r) != taken]
    result = _run([*kept, Existing(*taken, removed=True)])
    assert taken not in result.pairs
    assert [a for a, _ in result.pairs] == [taken[0]]  # only the gap is filled, by another


def test_an_application_no_one_may_review_stays_unfilled():
    entries = [Entry(1, "上海交通大学")]
    reviewers = [Candidate(1, "上海交通大学"), Candidate(2, "同济大学")]
    result = plan(entries, reviewers, [], per_application=2, exclude_same_recommender=True)
    assert result.pairs == [(1, 2)]
    assert result.unfilled == {1: 1}


def test_inactive_reviewers_get_nothing():
    reviewers = [*REVIEWERS[:4], Candidate(5, "同济大学", active=False)]
    result = _run(reviewers=reviewers)
    assert all(r != 5 for _, r in result.pairs)
    # 李明 (4) may review only 8 of the 12 (not 上海电气集团's four): the best split.
    assert result.loads == {1: 10, 2: 9, 3: 9, 4: 8}


def test_coverage_says_short_over_conflict_and_ok():
    existing = [
        Existing(1, 1), Existing(1, 3), Existing(1, 5),  # ok
        Existing(2, 1), Existing(2, 3),  # short by one
        Existing(3, 1), Existing(3, 3), Existing(3, 5), Existing(3, 2),  # one over
        Existing(4, 1), Existing(4, 2), Existing(4, 3),  # 2 is fine for 中国商飞: ok
        Existing(9, 1), Existing(9, 3), Existing(9, 4),  # 4 belongs to its 推荐单位
        Existing(5, 1), Existing(5, 3), Existing(5, 5), Existing(5, 2, removed=True),
    ]  # fmt: skip
    rows = {c.application_id: c for c in coverage(
        [*ENTRIES[:5], ENTRIES[8]], REVIEWERS, existing, per_application=3,
        exclude_same_recommender=True)}  # fmt: skip
    assert rows[1].state == Cover.OK and rows[1].eligible == (1, 3, 5)
    assert (rows[2].state, rows[2].missing) == (Cover.SHORT, 1)
    assert (rows[3].state, rows[3].extra) == (Cover.OVER, 1)
    assert rows[4].state == Cover.OK
    assert rows[9].state == Cover.CONFLICT
    assert rows[9].conflicted == ((4, Conflict.RECOMMENDER),)
    assert rows[9].missing == 1
    assert rows[5].state == Cover.OK  # a removed pair does not count


def test_coverage_counts_a_deactivated_reviewer_as_missing():
    reviewers = [*REVIEWERS[:4], Candidate(5, "同济大学", active=False)]
    existing = [Existing(1, 1), Existing(1, 3), Existing(1, 5)]
    (row,) = coverage(ENTRIES[:1], reviewers, existing, per_application=3,
                      exclude_same_recommender=True)  # fmt: skip
    assert (row.state, row.missing, row.inactive) == (Cover.SHORT, 1, (5,))


def test_a_plan_then_coverage_is_all_ok():
    result = _run()
    rows = coverage(ENTRIES, REVIEWERS, _existing(result), per_application=3,
                    exclude_same_recommender=True)  # fmt: skip
    assert {c.state for c in rows} == {Cover.OK}


_units = st.sampled_from(["甲公司", "乙公司", "丙公司", "丁大学", "戊协会"])


@st.composite
def _worlds(draw):
    count = draw(st.integers(1, 14))
    entries = [
        Entry(i, draw(_units), draw(st.integers(1, 3)), "戊协会") for i in range(1, count + 1)
    ]
    people = draw(st.integers(1, 9))
    reviewers = [
        Candidate(100 + i, draw(_units), draw(st.none() | st.integers(1, 3))) for i in range(people)
    ]
    n = draw(st.integers(1, 5))
    return entries, reviewers, n


@settings(max_examples=150, deadline=None)
@given(_worlds(), st.booleans(), st.randoms(use_true_random=False))
def test_property_no_conflicts_enough_reviewers_and_order_free(world, exclude, rng):
    entries, reviewers, n = world
    result = plan(entries, reviewers, [], per_application=n, exclude_same_recommender=exclude)
    by_id = {r.id: r for r in reviewers}
    entry_by_id = {e.id: e for e in entries}
    assert len(set(result.pairs)) == len(result.pairs)
    for a, r in result.pairs:
        assert conflict(by_id[r], entry_by_id[a], exclude_same_recommender=exclude) is None
    for entry in entries:
        eligible = [
            r for r in reviewers if conflict(r, entry, exclude_same_recommender=exclude) is None
        ]
        got = sum(1 for a, _ in result.pairs if a == entry.id)
        assert got == min(n, len(eligible))
    shuffled_entries, shuffled_reviewers = list(entries), list(reviewers)
    rng.shuffle(shuffled_entries)
    rng.shuffle(shuffled_reviewers)
    again = plan(shuffled_entries, shuffled_reviewers, [], per_application=n,
                 exclude_same_recommender=exclude)  # fmt: skip
    assert again.pairs == result.pairs


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 20), st.integers(1, 9), st.integers(1, 5))
def test_property_without_conflicts_loads_differ_by_at_most_one(count, people, n):
    entries = [Entry(i, f"企业{i}") for i in range(1, count + 1)]
    reviewers = [Candidate(100 + i, f"大学{i}") for i in range(people)]
    result = plan(entries, reviewers, [], per_application=n, exclude_same_recommender=True)
    assert max(result.loads.values()) - min(result.loads.values()) <= 1
    assert len(result.pairs) == count * min(n, people)
