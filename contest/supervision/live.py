"""What the 监督's page shows: each venue's stage and judges, every revealed team's raw
marks, what waits for a co-signature, and the audit log in Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, Contest, StageState, Venue

RECENT = 60


@dataclass(frozen=True)
class VenueView:
    venue: Venue
    stage: StageState | None
    judges: list[dict[str, Any]]
    revealed: list[dict[str, Any]]
    summary: Any  # the 评分汇总表 (contest.signing.summary) once every team is revealed


def venues(contest: Contest) -> list[VenueView]:
    from contest.countersign.service import _result_row
    from contest.host.state import judge_states
    from contest.ranking import standings

    views = []
    for venue in contest.venues:
        stage = db.session.get(StageState, venue.id)
        team_id = stage.team_id if stage is not None else None
        results = standings.compute(contest, venue_id=venue.id, only_revealed=True)
        revealed = sorted(
            (_result_row(r) for r in results), key=lambda row: row["team"]["order"] or 0
        )
        from contest.signing import summary
        from contest.signing.service import venue_ended

        found = summary.summary(venue) if venue_ended(venue) else None
        views.append(VenueView(venue, stage, judge_states(venue, team_id), revealed, found))
    return views


def recent_log(contest: Contest):
    from contest.audit.readable import readable_all

    entries = db.session.scalars(
        sa.select(AuditEntry)
        .where(sa.or_(AuditEntry.contest_id == contest.id, AuditEntry.contest_id.is_(None)))
        .order_by(AuditEntry.id.desc())
        .limit(RECENT)
    ).all()
    return readable_all(entries=list(entries), contest=contest)
