from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify, render_template

from contest.extensions import db
from contest.models import Contest
from contest.public import bp


@bp.route("/")
def index():
    contests = db.session.scalars(sa.select(Contest).order_by(Contest.year.desc(), Contest.id))
    return render_template("public/index.html", contests=contests.all())


@bp.route("/healthz")
def health():
    """Liveness and database reachability, for load balancers and operators."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
