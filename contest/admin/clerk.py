"""The 录入员's front page: each contest's venues, its paper ballots and teams' score pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from contest.admin import bp
from contest.auth.guards import clerk_allowed
from contest.extensions import db
from contest.models import Contest


@bp.get("/clerk")
@clerk_allowed
def clerk_home():
    contests = db.session.scalars(sa.select(Contest).order_by(Contest.id)).all()
    return render_template("admin/clerk_home.html", contests=contests)
