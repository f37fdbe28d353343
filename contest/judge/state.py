"""What a judge's phone shows, as plain data (used by the page and the JSON API)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from contest.day.snapshot import stage_of, team_card
from contest.day.submissions import current_submission
from contest.extensions import db
from contest.models import Judge, Recusal, ScoreSubmission
from contest.numbers import plain


def judge_state(judge: Judge) -> dict[str, Any]:
    """What the judge's phone shows: the team on stage and this judge's own score for it."""
    stage = stage_of(judge.venue)
    team = stage.team
    recused = bool(
        team
        and db.session.scalar(
            sa.select(Recusal.id).where(Recusal.judge_id == judge.id, Recusal.team_id == team.id)
        )
    )
    mine = current_submission(team.id, judge.id) if team else None
    return {
        "version": stage.seq,
        "judge": {"id": judge.id, "label": judge.label, "name": judge.name},
        "venue": {"id": judge.venue.id, "name": judge.venue.name},
        "team": team_card(team) if team else None,
        "scoring_open": stage.scoring_open,
        "locked": bool(team and team.scoring_closed_at),
        "recused": recused,
        "items": [
            {
                "id": i.id,
                "name": i.name,
                "maximum": str(i.maximum),
                "step": str(i.step),
                "criteria": i.description,  # 评分要点, shown under the item's name
            }
            for i in judge.contest.items
        ],
        "mine": submission_json(mine) if mine else None,
    }


def submission_json(submission: ScoreSubmission) -> dict[str, Any]:
    return {
        "team_id": submission.team_id,
        "version": submission.version,
        "total": plain(submission.total),
        "marks": {str(m.item_id): plain(m.value) for m in submission.marks},
        "receipt": submission.receipt,
        "channel": submission.channel.value,
        "at": submission.created_at.isoformat(),
    }
