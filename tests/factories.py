"""Build rows for tests through the real models (no mocks)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Channel, Judge, ScoreMark, ScoreSubmission, Team, utcnow


def judges_of(contest) -> list[Judge]:
    return list(
        db.session.scalars(
            sa.select(Judge).where(Judge.contest_id == contest.id).order_by(Judge.number)
        )
    )


def team_at(contest, order: int) -> Team:
    return db.session.scalar(
        sa.select(Team).where(Team.contest_id == contest.id, Team.order_position == order)
    )


def submit(team: Team, judge: Judge, marks: list[str], *, version: int = 1) -> ScoreSubmission:
    """One version of a judge's marks, item by item in score-sheet order."""
    items = team.contest.items
    assert len(marks) == len(items)
    values = [Decimal(m) for m in marks]
    submission = ScoreSubmission(
        team=team,
        judge=judge,
        version=version,
        total=sum(values, Decimal(0)),
        channel=Channel.PHONE,
        idempotency_key=uuid.uuid4().hex,
        receipt=uuid.uuid4().hex[:8].upper(),
        marks=[ScoreMark(item=item, value=v) for item, v in zip(items, values, strict=True)],
    )
    db.session.add(submission)
    db.session.flush()
    return submission


def audited(submission: ScoreSubmission) -> ScoreSubmission:
    """Write the audit entry the app writes with a submission (`flask verify-audit` checks
    every stored score against one); `submit` alone leaves the log out."""
    from contest import audit

    audit.record(
        "score.submitted" if submission.version == 1 else "score.revised",
        actor=f"judge:{submission.judge.id}",
        subject=f"team:{submission.team.id}",
        data={
            "judge": submission.judge.id,
            "version": submission.version,
            "total": str(submission.total),
            "marks": {str(m.item.id): str(m.value) for m in submission.marks},
        },
        contest_id=submission.team.contest_id,
    )
    return submission


def close_scoring(team: Team, *, reveal: bool = False) -> None:
    team.scoring_closed_at = utcnow()
    if reveal:
        team.revealed_at = utcnow()
    db.session.flush()


def marks_totalling(total: str) -> list[str]:
    """Six item marks (within the default sheet's maxima) that add up to `total`."""
    remaining = Decimal(total)
    maxima = [Decimal(m) for m in ("15", "15", "25", "15", "20", "10")]
    marks = []
    for maximum in reversed(maxima):
        share = min(maximum, remaining)
        marks.append(share)
        remaining -= share
    assert remaining == 0, total
    return [str(m) for m in reversed(marks)]


def correct(team: Team, judge: Judge, total: str, reason: str) -> None:
    """A staff correction of the judge's marks for the team (the admin's, with a reason)."""
    from contest.day.submissions import submit_score
    from contest.models import StaffUser

    admin = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))
    submit_score(
        judge=judge,
        team_id=team.id,
        marks={
            str(i.id): m for i, m in zip(team.contest.items, marks_totalling(total), strict=True)
        },
        total=total,
        idempotency_key=uuid.uuid4().hex,
        channel=Channel.CORRECTION,
        entered_by=admin,
        actor=f"staff:{admin.id}",
        reason=reason,
    )
