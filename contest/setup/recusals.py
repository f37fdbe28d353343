"""Manual recusals (回避) staff record from the page, and re-deriving the automatic ones.

A recusal decides whose marks count for a team, so it can no longer change once that judge
has scored that team (a correction handles that), nor while the team is being scored.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.live import feed
from contest.models import (
    Contest,
    Judge,
    Recusal,
    RecusalKind,
    ScoreSubmission,
    StaffUser,
    StageState,
    Team,
)
from contest.roster.recusals import sync_automatic
from contest.roster.teams import EditRefused

REASON_LIMIT = 500


def actor(staff: StaffUser) -> str:
    """How the audit log names a staff member."""
    return f"staff:{staff.id}"


def required_reason(reason: str, *, what: str) -> str:
    """The reason trimmed, or EditRefused saying what it is needed for."""
    reason = reason.strip()
    if not reason:
        raise EditRefused(_("请填写%(what)s的原因，该原因将记入审计日志", what=what))
    if len(reason) > REASON_LIMIT:
        raise EditRefused(_("原因不能超过 %(n)s 个字", n=REASON_LIMIT))
    return reason


def has_scored(judge_id: int, team_id: int) -> bool:
    found = sa.select(ScoreSubmission.id).where(
        ScoreSubmission.judge_id == judge_id, ScoreSubmission.team_id == team_id
    )
    return db.session.scalar(found.limit(1)) is not None


def scoring_open_for(team: Team) -> bool:
    """Whether this team is on a stage with scoring open now."""
    found = sa.select(StageState.venue_id).where(
        StageState.team_id == team.id, StageState.scoring_open.is_(True)
    )
    return db.session.scalar(found) is not None


def _may_change(judge: Judge, team: Team) -> None:
    if has_scored(judge.id, team.id):
        raise EditRefused(
            _(
                "%(judge)s 已为该班组评分，回避关系不能再更改；"
                "如需剔除或更正该评分，请使用成绩更正",
                judge=f"{judge.label} {judge.name}",
            )
        )
    if scoring_open_for(team):
        raise EditRefused(_("该班组正在台上评分，请在主持人结束评分后再更改回避"))


def add_manual(*, judge: Judge, team: Team, reason: str, staff: StaffUser) -> Recusal:
    """Record that this judge does not score this team, with the reason staff give."""
    reason = required_reason(reason, what=_("回避"))
    if judge.contest_id != team.contest_id or judge.venue_id != team.venue_id:
        raise EditRefused(_("评委与班组不在同一分会场，无需回避"))
    existing = db.session.scalar(
        sa.select(Recusal).where(Recusal.judge_id == judge.id, Recusal.team_id == team.id)
    )
    if existing is not None:
        raise EditRefused(
            _("%(judge)s 已回避该班组（%(reason)s）", judge=judge.label, reason=existing.reason)
        )
    _may_change(judge, team)
    recusal = Recusal(
        judge=judge, team=team, kind=RecusalKind.MANUAL, reason=reason, created_by_id=staff.id
    )
    db.session.add(recusal)
    db.session.flush()
    audit.record(
        "recusal.added",
        actor=actor(staff),
        subject=f"team:{team.id}",
        data={"judge": judge.id, "kind": "manual", "reason": reason},
        contest_id=team.contest_id,
    )
    feed.bump(team.venue_id)  # the judges' progress (x / y) counts eligible judges
    return recusal


def remove_manual(*, recusal: Recusal, reason: str, staff: StaffUser) -> None:
    """Withdraw a manual recusal, saying why; automatic ones follow the rules instead."""
    if recusal.kind is not RecusalKind.MANUAL:
        raise EditRefused(
            _("自动回避由规则产生，不能撤销；如有误，请更正评委的工作单位或班组的企业名称")
        )
    reason = required_reason(reason, what=_("撤销回避"))
    judge, team = recusal.judge, recusal.team
    _may_change(judge, team)
    db.session.delete(recusal)
    db.session.flush()
    audit.record(
        "recusal.removed",
        actor=actor(staff),
        subject=f"team:{team.id}",
        data={"judge": judge.id, "kind": "manual", "reason": reason, "was": recusal.reason},
        contest_id=team.contest_id,
    )
    feed.bump(team.venue_id)


def _automatic_pairs(contest_id: int) -> set[tuple[int, int]]:
    rows = db.session.execute(
        sa.select(Recusal.judge_id, Recusal.team_id)
        .join(Judge)
        .where(Judge.contest_id == contest_id, Recusal.kind == RecusalKind.AUTOMATIC)
    )
    return {(judge_id, team_id) for judge_id, team_id in rows}


def resync(contest: Contest, *, actor: str) -> None:
    """Re-derive automatic recusals after an edit; refuse if one changes for scored marks."""
    before = _automatic_pairs(contest.id)
    sync_automatic(contest, actor=actor)
    changed = before ^ _automatic_pairs(contest.id)
    for judge_id, team_id in sorted(changed):
        if has_scored(judge_id, team_id):
            judge, team = db.session.get(Judge, judge_id), db.session.get(Team, team_id)
            raise EditRefused(
                _(
                    "保存后 %(judge)s 与「%(team)s」的回避关系会改变，但该评委已为该班组评分，"
                    "因此不能保存。请核对所填内容；如确需更正评分，请使用成绩更正",
                    judge=f"{judge.label} {judge.name}",
                    team=team.display_name,
                )
            )


def delete_automatic(*, judge_id: int | None = None, team_id: int | None = None, actor: str):
    """Remove the automatic recusals of a judge or team about to be deleted; refuse manual ones."""
    query = sa.select(Recusal)
    query = query.where(Recusal.judge_id == judge_id) if judge_id else query
    query = query.where(Recusal.team_id == team_id) if team_id else query
    for recusal in db.session.scalars(query).all():
        if recusal.kind is RecusalKind.MANUAL:
            raise EditRefused(
                _(
                    "%(judge)s 对「%(team)s」有手动回避（%(reason)s），请先在「回避」页撤销",
                    judge=recusal.judge.label,
                    team=recusal.team.display_name,
                    reason=recusal.reason,
                )
            )
        audit.record(
            "recusal.removed",
            actor=actor,
            subject=f"team:{recusal.team_id}",
            data={"judge": recusal.judge_id, "kind": "automatic"},
            contest_id=recusal.team.contest_id,
        )
        db.session.delete(recusal)
    db.session.flush()
