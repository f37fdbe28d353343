"""回避: which judges may not score which teams."""

from __future__ import annotations

import sqlalchemy as sa

from contest import audit
from contest.extensions import db
from contest.live import feed
from contest.models import Contest, Judge, Recusal, RecusalKind, Team
from contest.settings import merged

SAME_ENTERPRISE = "评委工作单位与企业名称相同"
SAME_UNIT = "评委与班组属同一推荐单位"


def automatic_reason(judge: Judge, team: Team, *, same_unit_rule: bool) -> str | None:
    """Why the rules make this judge recuse from this team, or None."""
    if judge.employer.strip() and judge.employer.strip() == team.company_name:
        return SAME_ENTERPRISE
    if same_unit_rule and judge.unit_id is not None and judge.unit_id == team.unit_id:
        return SAME_UNIT
    return None


def sync_automatic(contest: Contest, *, actor: str) -> tuple[int, int]:
    """Bring automatic recusals in line with the rules; manual ones are left alone."""
    rule = bool(merged(contest.settings)["recusal"]["same_recommending_unit"])
    judges = db.session.scalars(sa.select(Judge).where(Judge.contest_id == contest.id)).all()
    teams = db.session.scalars(sa.select(Team).where(Team.contest_id == contest.id)).all()
    existing = {
        (r.judge_id, r.team_id): r
        for r in db.session.scalars(
            sa.select(Recusal).join(Judge).where(Judge.contest_id == contest.id)
        )
    }
    added = removed = 0
    for judge in judges:
        for team in teams:
            reason = automatic_reason(judge, team, same_unit_rule=rule)
            current = existing.get((judge.id, team.id))
            if reason and current is None:
                db.session.add(
                    Recusal(judge=judge, team=team, kind=RecusalKind.AUTOMATIC, reason=reason)
                )
                added += 1
                audit.record(
                    "recusal.added",
                    actor=actor,
                    subject=f"team:{team.id}",
                    data={"judge": judge.id, "kind": "automatic", "reason": reason},
                    contest_id=contest.id,
                )
            elif not reason and current is not None and current.kind is RecusalKind.AUTOMATIC:
                db.session.delete(current)
                removed += 1
                audit.record(
                    "recusal.removed",
                    actor=actor,
                    subject=f"team:{team.id}",
                    data={"judge": judge.id, "kind": "automatic"},
                    contest_id=contest.id,
                )
    db.session.flush()
    if added or removed:
        for venue in contest.venues:
            feed.bump(venue.id)  # who may score a team changes the x / y shown
    return added, removed


def recused_judge_ids(team_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(Recusal.judge_id).where(Recusal.team_id == team_id)))
