"""Scores against their audit entries: a mark changed in the tables, not through the app.

Every version of a judge's score is written with an audit entry holding its total and marks
(score.submitted / revised / corrected, score.late_accepted, an import's entries). The hash
chain proves the entries were not changed; this proves the score tables still say what the
entries say. A row with no entry, or one that differs, is reported in words.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, Judge, ScoreSubmission, Team

SCORE_ACTIONS = ("score.submitted", "score.revised", "score.corrected", "score.late_accepted")


def _number(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _audited() -> dict[tuple[int, int, int], dict]:
    """(team, judge, version) → what the audit entry says that version holds."""
    found = {}
    query = sa.select(AuditEntry).where(AuditEntry.action.in_(SCORE_ACTIONS))
    for entry in db.session.scalars(query.order_by(AuditEntry.id)).yield_per(500):
        data, (_kind, _sep, team) = entry.data or {}, entry.subject.partition(":")
        if not team.isdigit() or "judge" not in data or "version" not in data:
            continue
        found[(int(team), int(data["judge"]), int(data["version"]))] = data
    return found


def _label(team: Team, judge: Judge, version: int) -> str:
    return f"「{team.company_name} {team.team_name}」{judge.label} 第{version}次提交"


def mismatches() -> Iterator[str]:
    """Each stored score version that its audit entry does not vouch for, in words."""
    audited = _audited()
    rows = db.session.scalars(
        sa.select(ScoreSubmission).order_by(ScoreSubmission.team_id, ScoreSubmission.id)
    )
    for row in rows:
        what = _label(row.team, row.judge, row.version)
        data = audited.get((row.team_id, row.judge_id, row.version))
        if data is None:
            yield f"{what}：审计日志中没有这次提交的记录"
            continue
        if _number(data.get("total")) != row.total:
            yield f"{what}：表中总分 {row.total}，审计日志记录为 {data.get('total')}"
            continue
        logged = {str(k): _number(v) for k, v in (data.get("marks") or {}).items()}
        stored = {str(m.item_id): m.value for m in row.marks}
        if logged != stored:
            yield f"{what}：表中各项得分与审计日志记录不一致"
