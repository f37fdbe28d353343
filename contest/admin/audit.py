"""The audit log, searchable by staff (e.g. by a judge's receipt code), in words a 监督 reads."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import AuditEntry, Contest, Judge, Team

PAGE_SIZE = 200


@bp.route("/contests/<int:contest_id>/audit")
@admin_required
def audit_log(contest_id: int):
    from contest.audit.readable import actions_matching, readable_all

    contest = db.get_or_404(Contest, contest_id)
    query_text = request.args.get("q", "").strip()[:80]
    query = sa.select(AuditEntry).where(
        sa.or_(AuditEntry.contest_id == contest.id, AuditEntry.contest_id.is_(None))
    )
    if query_text:
        # Receipt codes, actions ("score." or 「更正评分」), a team's or a judge's name,
        # subjects ("team:12") and actors.
        like = f"%{query_text}%"
        named = [f"team:{i}" for i in _ids(Team, contest, Team.team_name, Team.company_name, like)]
        named += [f"judge:{i}" for i in _ids(Judge, contest, Judge.name, Judge.name, like)]
        query = query.where(
            sa.or_(
                AuditEntry.subject.in_(named),
                AuditEntry.action.ilike(like),
                AuditEntry.action.in_(actions_matching(text=query_text)),
                AuditEntry.subject.ilike(like),
                AuditEntry.actor.ilike(like),
                sa.cast(AuditEntry.data, sa.String).ilike(like),
            )
        )
    entries = db.session.scalars(query.order_by(AuditEntry.id.desc()).limit(PAGE_SIZE)).all()
    return render_template(
        "admin/audit.html",
        contest=contest,
        entries=readable_all(entries=list(entries), contest=contest),
        q=query_text,
        limit=PAGE_SIZE,
    )


def _ids(model, contest: Contest, first, second, like: str) -> list[int]:
    """Ids of the contest's teams (or judges) whose name contains the search text."""
    return list(
        db.session.scalars(
            sa.select(model.id).where(
                model.contest_id == contest.id, sa.or_(first.ilike(like), second.ilike(like))
            )
        )
    )
