"""One page per team: its details, its scores with 更正, every version, and its history.

Every link to a team from the staff pages (the contest page's list, the standings, the
录入员's list, 导入成绩定分) lands here; changing the details is one button away
(admin.team_edit), correcting a judge's score one button per judge (admin.correct_score).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from contest.admin import bp
from contest.audit.readable import readable_all
from contest.auth.guards import clerk_allowed
from contest.day import deductions
from contest.day.submissions import current_submission
from contest.extensions import db
from contest.models import AuditEntry, Judge, LateScore, Recusal, ScoreSubmission, Team
from contest.ranking import standings

HISTORY_LIMIT = 300


def team_history(team: Team) -> list[AuditEntry]:
    """The audit entries about this team, newest first: its own, and the stage's for it."""
    own = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.subject == f"team:{team.id}")
        .order_by(AuditEntry.id.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    stage = []
    if team.venue_id is not None:
        # Stage entries name the venue; the team on stage is in their data.
        rows = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.subject == f"venue:{team.venue_id}")
            .where(AuditEntry.action.like("stage.%"))
            .order_by(AuditEntry.id.desc())
            .limit(HISTORY_LIMIT * 4)
        )
        stage = [e for e in rows if (e.data or {}).get("team") == team.id]
    entries = sorted([*own, *stage], key=lambda e: e.id, reverse=True)
    return entries[:HISTORY_LIMIT]


def _result(team: Team):
    if team.scoring_closed_at is None:
        return None
    for result in standings.compute(team.contest, venue_id=team.venue_id):
        if result.team.id == team.id:
            return result
    return None


def _overall_rank(team: Team) -> int | None:
    for result in standings.compute(team.contest):
        if result.team.id == team.id:
            return result.standing.rank
    return None


@bp.route("/teams/<int:team_id>")
@clerk_allowed
def team_page(team_id: int):
    team = db.get_or_404(Team, team_id)
    judges = db.session.scalars(
        sa.select(Judge).where(Judge.venue_id == team.venue_id).order_by(Judge.number)
    ).all()
    versions = db.session.scalars(
        sa.select(ScoreSubmission)
        .where(ScoreSubmission.team_id == team.id)
        .order_by(ScoreSubmission.judge_id, ScoreSubmission.version)
    ).all()
    recused = set(db.session.scalars(sa.select(Recusal.judge_id).where(Recusal.team_id == team.id)))
    late = db.session.scalars(
        sa.select(LateScore).where(LateScore.team_id == team.id).order_by(LateScore.id)
    ).all()
    result = _result(team)
    return render_template(
        "admin/team_page.html",
        team=team,
        contest=team.contest,
        judges=judges,
        versions=versions,
        recused=recused,
        current={j.id: current_submission(team.id, j.id) for j in judges},
        deductions=deductions.notes(team.id),
        late=late,
        result=result,
        rank=_overall_rank(team) if result else None,
        history=readable_all(entries=team_history(team), contest=team.contest),
        history_limit=HISTORY_LIMIT,
    )


@bp.route("/teams/<int:team_id>/scores")
@clerk_allowed
def team_scores(team_id: int):
    """The scores page's old address: bookmarks and printed links still open the team."""
    return team_page(team_id)
