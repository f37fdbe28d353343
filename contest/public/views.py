from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, render_template, send_from_directory

from contest.extensions import db
from contest.models import Contest
from contest.public import bp


@bp.route("/")
def index():
    contests = db.session.scalars(sa.select(Contest).order_by(Contest.year.desc(), Contest.id))
    return render_template("public/index.html", contests=contests.all())


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for this by themselves (a PDF opened in a tab, say): the site's icon."""
    return send_from_directory(
        current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400
    )


@bp.route("/healthz")
def health():
    """Liveness, and whether the database (and Redis, with several processes) answer."""
    checks = {"database": "ok"}
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        checks["database"] = "unreachable"
    queue = current_app.config.get("CONTEST_MESSAGE_QUEUE")
    if queue:
        checks["message_queue"] = "ok" if _redis_answers(queue) else "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "error", **checks), 200 if healthy else 503


_redis_clients: dict[str, object] = {}


def _redis_answers(url: str) -> bool:
    """PING with a 1 s limit and no retries, over one kept connection pool per URL (probes
    come often). It asks Redis itself, whatever the link's breaker says."""
    import redis

    from contest.live.redis_link import client_options

    client = _redis_clients.get(url)
    if client is None:
        client = redis.Redis.from_url(url, **client_options(timeout=1.0))
        _redis_clients[url] = client
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
