"""The audit log, searchable by staff (e.g. by a judge's receipt code), in words a 监督 reads."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import AuditEntry, Contest

PAGE_SIZE = 200


@bp.route("/contests/<int:contest_id>/audit")
@admin_required
def audit_log(contest_id: int):
    from contest.audit_readable import actions_matching, readable_all

    contest = db.get_or_404(Contest, contest_id)
    query_text = request.args.get("q", "").strip()[:80]
    query = sa.select(AuditEntry).where(
        sa.or_(AuditEntry.contest_id == contest.id, AuditEntry.contest_id.is_(None))
    )
    if query_text:
        # Receipt codes, actions ("score." or 「更正评分」), subjects ("team:12") and actors.
        like = f"%{query_text}%"
        query = query.where(
            sa.or_(
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
