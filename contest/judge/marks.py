"""「我的评分」: a judge's own current marks in their venue so far, to stay consistent all day."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models import Judge, Recusal, ScoreSubmission, Team, TeamStatus
from contest.numbers import plain

# A recused team is listed once its turn has come, as the judge saw it on their phone.
_CALLED = (TeamStatus.PRESENTING, TeamStatus.SCORED)


def my_marks(*, judge: Judge) -> dict[str, Any]:
    """The judge's current submission per team of their venue, and their recusals as 回避."""
    rows = db.session.scalars(
        sa.select(ScoreSubmission)
        .join(Team, Team.id == ScoreSubmission.team_id)
        .where(ScoreSubmission.judge_id == judge.id, Team.venue_id == judge.venue_id)
        .options(so.selectinload(ScoreSubmission.marks), so.joinedload(ScoreSubmission.team))
        .order_by(ScoreSubmission.version)
    ).all()
    current = {row.team_id: row for row in rows}  # the highest version wins
    recused = {
        recusal.team_id: recusal.team
        for recusal in db.session.scalars(
            sa.select(Recusal)
            .join(Team, Team.id == Recusal.team_id)
            .where(Recusal.judge_id == judge.id, Team.venue_id == judge.venue_id)
            .options(so.joinedload(Recusal.team))
        )
        if recusal.team.status in _CALLED or recusal.team_id in current
    }
    teams = {**{s.team_id: s.team for s in current.values()}, **recused}
    ordered = sorted(teams.values(), key=lambda t: (t.order_position or 0, t.id))
    return {
        "items": [
            {"id": item.id, "name": item.name, "maximum": plain(item.maximum)}
            for item in judge.contest.items
        ],
        "teams": [_row(team, None if team.id in recused else current[team.id]) for team in ordered],
    }


def _row(team: Team, submission: ScoreSubmission | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "team_id": team.id,
        "order": team.order_position,
        "company_name": team.company_name,
        "team_name": team.team_name,
        "recused": submission is None,
    }
    if submission is not None:
        row.update(
            total=plain(submission.total),
            marks={str(m.item_id): plain(m.value) for m in submission.marks},
            version=submission.version,
        )
    return row
