"""Certificate numbers: sequential in award order, unique, stable once given, audited."""

from __future__ import annotations

import sqlalchemy as sa

from contest.certificates import numbering, template
from contest.extensions import db
from contest.models import AuditEntry, AwardGrade, Contest, Team, TeamAward
from tests.certificates import give_awards, numbers_by_team, teams_of


def _assign(contest: Contest) -> list[str]:
    given = numbering.assign_numbers(contest, actor="staff:1")
    db.session.commit()
    return [award.certificate_no for award in given]


def test_numbers_follow_grade_then_running_order(demo):
    teams = give_awards(demo, 6, first=2)
    # The second-grade team at running position 1 would come first without grade order.
    second = db.session.scalar(sa.select(AwardGrade).where(AwardGrade.name == "二等奖"))
    db.session.get(TeamAward, teams[0].id).grade_id = second.id
    db.session.commit()
    assert _assign(demo) == [f"SQA-2026-00{n}" for n in range(1, 7)]
    numbers = numbers_by_team(demo)
    assert numbers[teams[1].id] == "SQA-2026-001"  # the only 一等奖 left
    assert numbers[teams[0].id] == "SQA-2026-002"  # first of the 二等奖, by running order
    assert [numbers[t.id] for t in teams[2:]] == [f"SQA-2026-00{n}" for n in range(3, 7)]


def test_numbers_are_stable_and_new_awards_continue(demo):
    teams = give_awards(demo, 4, first=2)
    assert len(_assign(demo)) == 4
    first = numbers_by_team(demo)
    assert _assign(demo) == []  # nothing left to number
    assert numbers_by_team(demo) == first
    # A grade changed later keeps its number; a new award gets the next one.
    extra = teams_of(demo)[10]
    grade = db.session.scalar(sa.select(AwardGrade).where(AwardGrade.name == "一等奖"))
    db.session.add(TeamAward(team_id=extra.id, grade_id=grade.id))
    db.session.get(TeamAward, teams[3].id).grade_id = grade.id
    db.session.commit()
    assert _assign(demo) == ["SQA-2026-005"]
    assert numbers_by_team(demo) == {**first, extra.id: "SQA-2026-005"}


def test_numbers_are_unique_and_only_for_awarded_teams(demo):
    give_awards(demo, 20)
    _assign(demo)
    numbers = numbers_by_team(demo)
    assert len(numbers) == 20
    assert len(set(numbers.values())) == 20
    assert sorted(numbers.values()) == [f"SQA-2026-{n:03d}" for n in range(1, 21)]
    unawarded = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Team)
        .where(Team.contest_id == demo.id, Team.id.not_in(list(numbers)))
    )
    assert unawarded == 0  # the demo has exactly 20 teams, all awarded here


def test_changing_the_prefix_applies_to_new_numbers_only(demo):
    teams = give_awards(demo, 3, first=1)
    _assign(demo)
    template.store(demo, {**template.settings_of(demo), "number_prefix": "沪质协证"})
    extra = teams_of(demo)[5]
    grade = db.session.scalar(sa.select(AwardGrade).where(AwardGrade.name == "二等奖"))
    db.session.add(TeamAward(team_id=extra.id, grade_id=grade.id))
    db.session.commit()
    assert _assign(demo) == ["沪质协证-2026-001"]
    assert numbers_by_team(demo)[teams[0].id] == "SQA-2026-001"


def test_empty_prefix_gives_year_and_sequence(demo):
    give_awards(demo, 2, first=1)
    template.store(demo, {**template.settings_of(demo), "number_prefix": ""})
    db.session.commit()
    assert _assign(demo) == ["2026-001", "2026-002"]


def test_sequence_continues_across_contests_of_the_same_year(demo):
    give_awards(demo, 3, first=1)
    _assign(demo)
    other = Contest(name="2026年另一场发表赛", year=2026, settings={})
    db.session.add(other)
    db.session.flush()
    team = Team(contest_id=other.id, company_name="上海某某有限公司", team_name="一班")
    grade = AwardGrade(contest_id=other.id, name="一等奖", position=0, count=1)
    db.session.add_all([team, grade])
    db.session.flush()
    db.session.add(TeamAward(team_id=team.id, grade_id=grade.id))
    db.session.commit()
    assert _assign(other) == ["SQA-2026-004"]


def test_a_prefix_with_like_wildcards_is_matched_literally(demo):
    give_awards(demo, 2, first=1)
    template.store(demo, {**template.settings_of(demo), "number_prefix": "A_B"})
    db.session.commit()
    _assign(demo)
    # "A_B" must not count "AxB-2026-…" numbers as its own, nor the reverse.
    assert numbering.last_sequence("AXB", 2026) == 0
    assert numbering.last_sequence("A_B", 2026) == 2


def test_each_number_is_audited(demo):
    teams = give_awards(demo, 3, first=1)
    _assign(demo)
    entries = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.action == "certificate.numbered")
        .order_by(AuditEntry.id)
    ).all()
    assert [(e.actor, e.subject, e.data) for e in entries] == [
        ("staff:1", f"team:{teams[0].id}", {"certificate_no": "SQA-2026-001", "grade": "一等奖"}),
        ("staff:1", f"team:{teams[1].id}", {"certificate_no": "SQA-2026-002", "grade": "二等奖"}),
        ("staff:1", f"team:{teams[2].id}", {"certificate_no": "SQA-2026-003", "grade": "二等奖"}),
    ]
    assert all(e.contest_id == demo.id for e in entries)


def test_first_numbering_fixes_the_printed_date(demo, monkeypatch):
    from datetime import date

    monkeypatch.setattr(template, "today", lambda: date(2026, 9, 18))
    give_awards(demo, 2, first=1)
    assert template.settings_of(demo)["date"] == ""
    _assign(demo)
    assert template.settings_of(demo)["date"] == "二〇二六年九月"
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "contest.settings_changed")
    )
    assert entry.data == {"certificate.date": "二〇二六年九月"}
    # Later months do not move it.
    monkeypatch.setattr(template, "today", lambda: date(2026, 12, 1))
    give = teams_of(demo)[7]
    grade = db.session.scalar(sa.select(AwardGrade).where(AwardGrade.name == "一等奖"))
    db.session.add(TeamAward(team_id=give.id, grade_id=grade.id))
    db.session.commit()
    _assign(demo)
    assert template.settings_of(demo)["date"] == "二〇二六年九月"


def test_a_staff_date_is_kept(demo):
    give_awards(demo, 1, first=1)
    template.store(demo, {**template.settings_of(demo), "date": "2026年9月20日"})
    db.session.commit()
    _assign(demo)
    assert template.settings_of(demo)["date"] == "2026年9月20日"
