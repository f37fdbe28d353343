"""注册审核: every waiting 注册申请 of the season, and the secretariat's decision on any of
them (a 市质协会员单位's 直报 request is theirs alone)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.season import current, notify, registration_queue, registrations
from contest.season.models import Registration, RegistrationStatus
from contest.season.signup.views import decided_text
from contest.season.staff import bp
from contest.server.errors import answer
from contest.setup.accounts import AccountRefused as SeasonRefused  # its rules too
from contest.transactions import atomic

RECENT = 50  # decided requests shown below the queue


@bp.get("/registrations")
@admin_required
def registrations_page():
    season = current.season()
    if season is None:
        return redirect(url_for("season_admin.index"))
    decided = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.season_id == season.id,
            Registration.status != RegistrationStatus.PENDING,
        )
        .order_by(Registration.decided_at.desc(), Registration.id.desc())
        .limit(RECENT)
    )
    body = render_template(
        "season_admin/registrations.html",
        season=season,
        queue=registrations.pending(season),
        decided=list(decided),
        decider=registrations.decider,
        kind_names=registration_queue.KIND_NAMES,
        beijing=current.beijing,
    )
    return body, 200, {"Cache-Control": "no-store"}


@bp.post("/registrations/<int:registration_id>")
@admin_required
def registration_decide(registration_id: int):
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        return answer(404)
    outcome = request.form.get("outcome", "")
    try:
        atomic(
            lambda: registration_queue.decide(
                registration=registration,
                actor=f"staff:{current_user.id}",
                outcome=outcome,
                reason=request.form.get("reason", "")[: registration_queue.MAX_REFUSAL + 1],
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
    else:
        notify.deliver()
        flash(decided_text(registration, outcome), "success")
    return redirect(url_for("season_admin.registrations_page"))
