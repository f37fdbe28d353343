"""A score that arrives after the close is never lost: kept, shown to the host, accepted on reopen.

A judge's phone may be offline when the host closes scoring. Its queued score then reaches
the server late: it is stored here (never in score_submissions, so standings, progress and
exports cannot count it), audited as `score.arrived_late`, and listed on the host console.
The host may reopen scoring for that team while it is still on stage and not yet revealed
(`stage.scoring_reopened`, a reason required): every pending late score of the team becomes
the judge's current submission at once (`score.late_accepted`), since the judge already
pressed 提交 and the phone says it is waiting for exactly this decision; scoring stays open,
so a judge may still revise, and the host closes again. After the reveal, staff enter the
marks as a correction (with a reason) instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.day.snapshot import team_card
from contest.day.stage import StageRefused, checked, touch
from contest.extensions import db
from contest.live import feed
from contest.models import (
    Channel,
    Judge,
    LateScore,
    LateStatus,
    Recusal,
    ScoreSubmission,
    StageState,
    Team,
    TeamStatus,
    Venue,
    utcnow,
)


def keep(
    *, judge: Judge, team: Team, values: dict[int, Decimal], idempotency_key: str
) -> LateScore:
    """Store a checked phone score that arrived after its team's close; score.arrived_late."""
    total = sum(values.values(), Decimal(0))
    late = LateScore(
        team=team,
        judge=judge,
        total=total,
        marks={str(item_id): format(value, "f") for item_id, value in values.items()},
        idempotency_key=idempotency_key,
    )
    db.session.add(late)
    db.session.flush()
    feed.bump(team.venue_id)  # the host's console lists it
    audit.record(
        "score.arrived_late",
        actor=f"judge:{judge.id}",
        subject=f"team:{team.id}",
        data={
            "judge": judge.id,
            "late_score": late.id,
            "total": format(total, "f"),
            "marks": late.marks,
            "closed_at": team.scoring_closed_at.isoformat() if team.scoring_closed_at else None,
            "revealed": team.revealed_at is not None,
        },
        contest_id=team.contest_id,
    )
    return late


def held_message(late: LateScore) -> str:
    """What the judge's phone says about a kept score."""
    if late.status is LateStatus.ACCEPTED:
        return _("主持人已重新开放评分，您的评分已采纳")
    if late.status is LateStatus.SET_ASIDE:
        return _("主持人重新开放评分时，您已有更新的评分，这份评分未采纳")
    return _("评分已结束，您的评分已送达，等待主持人决定是否采纳")


def _newer_submission(late: LateScore) -> bool:
    found = sa.select(ScoreSubmission.id).where(
        ScoreSubmission.team_id == late.team_id,
        ScoreSubmission.judge_id == late.judge_id,
        ScoreSubmission.created_at > late.received_at,
    )
    return db.session.scalar(found.limit(1)) is not None


def pending(venue: Venue) -> list[LateScore]:
    """The venue's late scores still waiting for the host, oldest first.

    One that a later score of the same judge (a paper ballot, a correction) replaced is
    no longer waiting: staff have dealt with it.
    """
    rows = db.session.scalars(
        sa.select(LateScore)
        .join(Team, Team.id == LateScore.team_id)
        .where(Team.venue_id == venue.id, LateScore.status == LateStatus.PENDING)
        .order_by(LateScore.id)
    )
    return [late for late in rows if not _newer_submission(late)]


def _why_not(team: Team, stage: StageState | None) -> str:
    """Why scoring cannot be reopened for the team now; empty when it can."""
    if team.revealed_at is not None:
        return _(
            "成绩已揭晓，不能重新开放评分。如需采纳，请工作人员在该班组页面的「评分与更正」中"
            "「更正」并写明原因"
        )
    if stage is None or stage.team_id != team.id:
        return _(
            "该班组已不在台上，不能重新开放评分。如需采纳，请工作人员在该班组页面的「评分与更正」中"
            "「更正」并写明原因"
        )
    if stage.scoring_open or team.scoring_closed_at is None:
        return _("评分已重新开放")
    return ""


def for_host(venue: Venue) -> list[dict[str, Any]]:
    """The console's list of late arrivals, with whether 重新开放评分 applies to each."""
    stage = db.session.get(StageState, venue.id)
    return [
        {
            "id": late.id,
            "judge": late.judge.label,
            "judge_name": late.judge.name,
            "team": team_card(late.team),
            "total": format(late.total, "f"),
            "received_at": late.received_at.isoformat(),
            "why_not": _why_not(late.team, stage),
        }
        for late in pending(venue)
    ]


def reopen_scoring(
    venue: Venue,
    *,
    team_id: int,
    reason: str,
    actor: str,
    expected_version: int | None = None,
) -> StageState:
    """Reopen scoring for the team on stage (before its reveal) and accept its late scores."""
    stage = checked(venue, expected_version)
    team = db.session.get(Team, team_id)
    if team is None or team.venue_id != venue.id:
        raise StageRefused("unknown_team", _("该班组不在本分会场"))
    if why := _why_not(team, stage):
        raise StageRefused("cannot_reopen", why)
    reason = reason.strip()
    if not reason:
        raise StageRefused("reason_required", _("重新开放评分须填写原因，原因将记入日志"))
    accepted = _accept(team, actor=actor, reason=reason)
    stage.scoring_open = True
    team.scoring_closed_at = None
    team.status = TeamStatus.PRESENTING
    touch(stage, venue, "scoring_reopened", actor, reason=reason[:500], accepted=accepted)
    return stage


def _accept(team: Team, *, actor: str, reason: str) -> list[int]:
    """Each judge's newest pending late score becomes their current submission; the ids."""
    from contest.day.submissions import store_version

    lates = list(
        db.session.scalars(
            sa.select(LateScore)
            .where(LateScore.team_id == team.id, LateScore.status == LateStatus.PENDING)
            .order_by(LateScore.id.desc())
        )
    )
    now, seen, accepted = utcnow(), set(), []
    for late in lates:
        late.resolved_at = now
        judge = late.judge
        recused = db.session.scalar(
            sa.select(Recusal.id).where(Recusal.judge_id == judge.id, Recusal.team_id == team.id)
        )
        if late.judge_id in seen or recused or not judge.active or _newer_submission(late):
            late.status = LateStatus.SET_ASIDE
            continue
        seen.add(late.judge_id)
        values = {int(item_id): Decimal(value) for item_id, value in late.marks.items()}
        submission = store_version(
            team=team,
            judge=judge,
            values=values,
            idempotency_key=late.idempotency_key,
            channel=Channel.PHONE,
        )
        late.status, late.submission = LateStatus.ACCEPTED, submission
        accepted.append(late.id)
        audit.record(
            "score.late_accepted",
            actor=actor,
            subject=f"team:{team.id}",
            data={
                "judge": judge.id,
                "late_score": late.id,
                "version": submission.version,
                "total": format(submission.total, "f"),
                "marks": late.marks,
                "receipt": submission.receipt,
                "reason": reason,
            },
            contest_id=team.contest_id,
        )
    return accepted
