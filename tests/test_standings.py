"""The standings service: current versions, recusals, deductions, shared ranks."""

from __future__ import annotations

from decimal import Decimal

from contest.extensions import db
from contest.models import Deduction
from contest.ranking import standings
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at


def test_recused_judge_is_left_out_and_latest_version_counts(app, demo):
    team = team_at(demo, 4)  # 上海外高桥造船有限公司: judge 3 works there
    judges = judges_of(demo)
    totals = ["88", "91.5", "99", "90", "86.5", "92", "89", "90.5", "93"]
    submit(team, judges[0], marks_totalling("80"), version=1)
    for judge, total in zip(judges, totals, strict=True):
        submit(team, judge, marks_totalling(total), version=2 if judge is judges[0] else 1)
    close_scoring(team)

    [result] = standings.compute(demo)

    # Without judge 3: 86.5 88 89 90 90.5 91.5 92 93; drop 86.5 and 93;
    # (88 + 89 + 90 + 90.5 + 91.5 + 92) / 6 = 541 / 6 = 90.1666... -> 90.17
    assert result.score.panel_size == 8
    assert result.score.published == Decimal("90.17")
    assert [result.judges[m.judge].number for m in result.score.dropped_low] == [5]
    assert [result.judges[m.judge].number for m in result.score.dropped_high] == [9]
    assert 3 not in {j.number for j in result.judges.values()}
    assert result.standing.rank == 1


def test_half_up_rounding_and_deductions(app, demo):
    first, second = team_at(demo, 1), team_at(demo, 2)
    judges = judges_of(demo)[:6]
    # Kept 90 + 90 + 90 + 90.5 = 360.5, / 4 = 90.125 -> 90.13 (float rounding gives 90.12).
    for team in (first, second):
        for judge, total in zip(judges, ["85", "90", "90", "90", "90.5", "95"], strict=True):
            submit(team, judge, marks_totalling(total))
        close_scoring(team, reveal=True)
    db.session.add(Deduction(team=second, kind="overtime", amount=Decimal("1"), reason="超时"))
    db.session.flush()

    results = {r.team.id: r for r in standings.compute(demo)}

    assert results[first.id].score.exact == Decimal("90.125")
    assert results[first.id].score.published == Decimal("90.13")
    assert results[second.id].score.published == Decimal("89.13")
    assert (results[first.id].standing.rank, results[second.id].standing.rank) == (1, 2)


def test_equal_scores_share_a_rank(app, demo):
    teams = [team_at(demo, n) for n in (1, 2, 3)]
    judges = judges_of(demo)[:5]
    for team, base in zip(teams, ["90", "90", "85"], strict=True):
        for judge in judges:
            submit(team, judge, marks_totalling(base))
        close_scoring(team, reveal=True)

    results = standings.compute(demo)

    assert [(r.team.order_position, r.standing.rank, r.standing.decided_by) for r in results] == [
        (1, 1, "tie"),
        (2, 1, "tie"),
        (3, 3, "score"),
    ]


def test_only_revealed_teams_are_public(app, demo):
    revealed, closed = team_at(demo, 1), team_at(demo, 2)
    for team in (revealed, closed):
        for judge in judges_of(demo)[:5]:
            submit(team, judge, marks_totalling("90"))
    close_scoring(revealed, reveal=True)
    close_scoring(closed)

    assert [r.team.id for r in standings.compute(demo, only_revealed=True)] == [revealed.id]
    assert len(standings.compute(demo)) == 2


def test_a_disqualified_team_keeps_its_scores_but_is_not_ranked(app, demo):
    from contest.models import TeamStatus

    kept, dropped = team_at(demo, 1), team_at(demo, 2)
    for team in (kept, dropped):
        for judge in judges_of(demo)[:5]:
            submit(team, judge, marks_totalling("90"))
        close_scoring(team, reveal=True)
    dropped.status = TeamStatus.DISQUALIFIED
    db.session.flush()
    assert [r.team.id for r in standings.compute(demo)] == [kept.id]
