"""National candidates and award grades are proposed from the ranking; ties are flagged."""

from __future__ import annotations

from decimal import Decimal

from contest.ranking.selection import Grade, Ranked, propose_grades, propose_national


def _ranked(*rows) -> list[Ranked]:
    return [Ranked(team, rank, Decimal(score), ent, unit) for team, rank, score, ent, unit in rows]


RANKING = _ranked(
    (1, 1, "95", "甲公司", "浦东新区"),
    (2, 2, "94", "甲公司", "浦东新区"),
    (3, 3, "93", "乙公司", "浦东新区"),
    (4, 4, "92", "丙公司", "闵行区"),
    (5, 4, "92", "丁公司", "闵行区"),
    (6, 6, "90", "戊公司", "宝山区"),
)


def test_top_n_with_no_caps():
    proposal = propose_national(RANKING, 3)
    assert (proposal.selected, proposal.tie_at_cut, proposal.skipped) == ((1, 2, 3), (), {})


def test_enterprise_cap_skips_the_second_team_of_an_enterprise():
    proposal = propose_national(RANKING, 3, per_enterprise=1)
    assert proposal.selected == (1, 3, 4)
    assert proposal.skipped == {2: "enterprise_cap"}
    assert proposal.tie_at_cut == (4, 5)  # 4 and 5 share rank 4 at the cut


def test_unit_cap():
    proposal = propose_national(RANKING, 4, per_unit=2)
    assert proposal.selected == (1, 2, 4, 5)
    assert proposal.skipped == {3: "unit_cap"}
    assert proposal.tie_at_cut == ()


def test_grades_by_count_give_a_tie_the_higher_grade():
    proposal = propose_grades(
        RANKING, [Grade("一等奖", count=1), Grade("二等奖", count=3), Grade("三等奖", count=5)]
    )
    assert proposal.grades == {
        1: "一等奖",
        2: "二等奖",
        3: "二等奖",
        4: "二等奖",
        5: "二等奖",
        6: "三等奖",
    }
    assert set(proposal.ties) == {4, 5}


def test_grades_by_threshold():
    proposal = propose_grades(
        RANKING,
        [Grade("标杆级", threshold=Decimal("94")), Grade("优秀级", threshold=Decimal("92"))],
    )
    assert proposal.grades == {1: "标杆级", 2: "标杆级", 3: "优秀级", 4: "优秀级", 5: "优秀级"}
    assert proposal.ties == ()
