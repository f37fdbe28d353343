"""After the scores: national candidates and award grades, confirmed by staff, then published."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.live import feed
from contest.models import (
    AwardGrade,
    Contest,
    NationalSelection,
    StaffUser,
    Team,
    TeamAward,
    utcnow,
)
from contest.ranking import standings
from contest.ranking.selection import Grade, GradeProposal, NationalProposal, Ranked
from contest.ranking.selection import propose_grades as _propose_grades
from contest.ranking.selection import propose_national as _propose_national
from contest.settings import merged


class ResultsRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def ranked(contest: Contest) -> list[Ranked]:
    return [
        Ranked(
            team=r.team.id,
            rank=r.standing.rank,
            published=r.score.published,
            enterprise=r.team.company_name,
            unit=r.team.unit.name if r.team.unit else None,
        )
        for r in standings.compute(contest)
    ]


def national_rules(contest: Contest) -> dict:
    return {
        "quota": 3,
        "per_enterprise": 1,
        "per_unit": None,
        **merged(contest.settings).get("national", {}),
    }


def propose_national(contest: Contest) -> NationalProposal:
    rules = national_rules(contest)
    return _propose_national(
        ranked(contest),
        int(rules["quota"]),
        per_enterprise=rules["per_enterprise"],
        per_unit=rules["per_unit"],
    )


def grades_of(contest: Contest) -> list[AwardGrade]:
    return list(
        db.session.scalars(
            sa.select(AwardGrade)
            .where(AwardGrade.contest_id == contest.id)
            .order_by(AwardGrade.position)
        )
    )


def propose_grades(contest: Contest) -> GradeProposal:
    rules = [Grade(g.name, g.count, g.threshold) for g in grades_of(contest)]
    return _propose_grades(ranked(contest), rules)


def _audit(contest: Contest, action: str, staff: StaffUser, subject: str = "", **data) -> None:
    audit.record(
        action,
        actor=f"staff:{staff.id}",
        subject=subject or f"contest:{contest.id}",
        data=data,
        contest_id=contest.id,
    )
    for venue in contest.venues:
        feed.bump(venue.id)


def confirm_national(contest: Contest, staff: StaffUser) -> NationalProposal:
    """Record the proposal as decided; earlier decisions for these teams are replaced."""
    proposal = propose_national(contest)
    for entry in ranked(contest):
        row = db.session.get(NationalSelection, entry.team) or NationalSelection(team_id=entry.team)
        row.selected, row.overridden, row.reason = entry.team in proposal.selected, False, ""
        row.decided_by_id, row.decided_at = staff.id, utcnow()
        db.session.add(row)
    _audit(
        contest,
        "results.national_confirmed",
        staff,
        selected=list(proposal.selected),
        tie_at_cut=list(proposal.tie_at_cut),
        rules=national_rules(contest),
    )
    return proposal


def override_national(
    contest: Contest, team_id: int, selected: bool, reason: str, staff: StaffUser
) -> None:
    team = db.session.get(Team, team_id)
    if team is None or team.contest_id != contest.id:
        raise ResultsRefused(_("没有这个班组"))
    if not reason.strip():
        raise ResultsRefused(_("调整推荐名单必须填写原因"))
    row = db.session.get(NationalSelection, team_id) or NationalSelection(team_id=team_id)
    row.selected, row.overridden, row.reason = selected, True, reason.strip()[:500]
    row.decided_by_id, row.decided_at = staff.id, utcnow()
    db.session.add(row)
    _audit(
        contest,
        "results.national_overridden",
        staff,
        f"team:{team_id}",
        selected=selected,
        reason=row.reason,
    )


def _refuse_if_numbered(contest: Contest) -> None:
    """Printed certificates must keep verifying: no bulk change once numbers are given."""
    numbered = db.session.scalar(
        sa.select(sa.func.count(TeamAward.team_id))
        .join(AwardGrade, AwardGrade.id == TeamAward.grade_id)
        .where(AwardGrade.contest_id == contest.id, TeamAward.certificate_no.is_not(None))
    )
    if numbered:
        raise ResultsRefused(_("证书已编号，不能再整体修改奖项；如需调整请逐个调整并填写原因"))


def set_grades(
    contest: Contest, rows: list[tuple[str, int | None, Decimal | None]], staff: StaffUser
) -> None:
    """Replace the grade list; awards given under the old list are withdrawn."""
    _refuse_if_numbered(contest)
    names = [name for name, _, _ in rows]
    if len(set(names)) != len(names) or any(not n.strip() for n in names):
        raise ResultsRefused(_("奖项名称不能为空或重复"))
    if any((count is None) == (threshold is None) for _, count, threshold in rows):
        raise ResultsRefused(_("每个奖项须填写名额或分数线之一"))
    old = grades_of(contest)
    db.session.execute(sa.delete(TeamAward).where(TeamAward.grade_id.in_([g.id for g in old])))
    for grade in old:
        db.session.delete(grade)
    db.session.flush()
    for position, (name, count, threshold) in enumerate(rows):
        db.session.add(
            AwardGrade(
                contest=contest,
                name=name.strip(),
                position=position,
                count=count,
                threshold=threshold,
            )
        )
    _audit(
        contest,
        "results.grades_set",
        staff,
        grades=[[n, c, str(t) if t is not None else None] for n, c, t in rows],
    )


def confirm_grades(contest: Contest, staff: StaffUser) -> GradeProposal:
    _refuse_if_numbered(contest)
    proposal = propose_grades(contest)
    grades = {g.name: g for g in grades_of(contest)}
    db.session.execute(
        sa.delete(TeamAward).where(TeamAward.grade_id.in_([g.id for g in grades.values()]))
    )
    db.session.flush()
    for team_id, name in proposal.grades.items():
        db.session.add(TeamAward(team_id=team_id, grade=grades[name], decided_by_id=staff.id))
    _audit(
        contest,
        "results.grades_confirmed",
        staff,
        awards={str(t): n for t, n in proposal.grades.items()},
        ties=list(proposal.ties),
    )
    return proposal


def override_grade(
    contest: Contest, team_id: int, grade_id: int | None, reason: str, staff: StaffUser
) -> None:
    if not reason.strip():
        raise ResultsRefused(_("调整奖项必须填写原因"))
    grade = db.session.get(AwardGrade, grade_id) if grade_id else None
    if grade_id and (grade is None or grade.contest_id != contest.id):
        raise ResultsRefused(_("没有这个奖项"))
    row = db.session.get(TeamAward, team_id)
    if grade is None:
        if row is not None and row.certificate_no:
            raise ResultsRefused(
                _("该班组的证书已编号（%(no)s），不能取消奖项", no=row.certificate_no)
            )
        if row is not None:
            db.session.delete(row)
    else:
        row = row or TeamAward(team_id=team_id)
        row.grade, row.overridden, row.reason = grade, True, reason.strip()[:500]
        row.decided_by_id, row.decided_at = staff.id, utcnow()
        db.session.add(row)
    _audit(
        contest,
        "results.grade_overridden",
        staff,
        f"team:{team_id}",
        grade=grade.name if grade else None,
        reason=reason.strip(),
    )


def set_published(contest: Contest, published: bool, staff: StaffUser) -> None:
    contest.results_published_at = utcnow() if published else None
    _audit(contest, "results.published" if published else "results.unpublished", staff)
