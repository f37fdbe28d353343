"""What the host console shows: the public snapshot plus judges' states and the running order."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from contest.day import deductions, late_scores
from contest.day.running_order import latest_draw
from contest.day.snapshot import team_card, venue_snapshot
from contest.extensions import db
from contest.live import presence, redis_link
from contest.models import Judge, Recusal, ScoreSubmission, StageState, Team, Venue
from contest.settings import merged


def judge_states(venue: Venue, team_id: int | None) -> list[dict[str, Any]]:
    judges = db.session.scalars(
        sa.select(Judge).where(Judge.venue_id == venue.id).order_by(Judge.number)
    ).all()
    recused = set(db.session.scalars(sa.select(Recusal.judge_id).where(Recusal.team_id == team_id)))
    submitted = set(
        db.session.scalars(
            sa.select(ScoreSubmission.judge_id).where(ScoreSubmission.team_id == team_id)
        )
    )
    online = presence.online_judges()
    states = []
    for judge in judges:
        if not judge.active:
            state = "inactive"
        elif judge.id in recused:
            state = "recused"
        elif judge.id in submitted:
            state = "submitted"
        elif judge.id in online:
            state = "online"
        elif judge.first_opened_at:
            state = "offline"
        else:
            state = "unopened"
        states.append(
            {
                "id": judge.id,
                "label": judge.label,
                "name": judge.name,
                "state": state,
                "online": judge.id in online,
            }
        )
    return states


def host_snapshot(venue: Venue, public: dict[str, Any] | None = None) -> dict[str, Any]:
    """The public snapshot (built here unless given) plus what only hosts see."""
    snapshot = dict(public) if public is not None else venue_snapshot(venue)
    team = snapshot["stage"]["team"]
    teams = db.session.scalars(
        sa.select(Team).where(Team.venue_id == venue.id).order_by(Team.order_position, Team.id)
    )
    snapshot["judges"] = judge_states(venue, team["id"] if team else None)
    snapshot["order"] = [team_card(t) for t in teams]
    snapshot["audience"] = presence.audience(venue.id)
    # Several processes and Redis not answering: the console says so (redis_link.py).
    snapshot["link_degraded"] = redis_link.degraded()
    snapshot["late"] = late_scores.for_host(venue)  # scores that arrived after the close
    snapshot["overtime_rule"] = merged(venue.contest.settings)["overtime"]["rule"]
    snapshot["deductions"] = deductions.notes(team["id"]) if team else []
    stage = db.session.get(StageState, venue.id)
    snapshot["talk_kept_ms"] = stage.talk_elapsed_ms if stage is not None and team else None
    from contest.countersign.service import for_host

    snapshot["countersign"] = for_host(venue, team["id"] if team else None)  # chair pending
    drawn = latest_draw(venue.id)
    snapshot["drawn"] = {"seed": drawn.seed, "witnesses": drawn.witnesses} if drawn else None
    return snapshot
