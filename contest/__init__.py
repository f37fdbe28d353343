"""The contest app: live scoring for judged presentation contests (发表赛)."""

from __future__ import annotations

import os
from typing import Any

# openpyxl reads and writes workbooks with lxml whenever lxml is installed (python-docx
# brings it). Keep it on the standard library's parser, as before: lxml would resolve a
# workbook's external entities (XXE) and writes different XML. Set before openpyxl loads;
# the offload child imports this package first too.
os.environ["OPENPYXL_LXML"] = "False"

from flask import Flask

from contest.config import DEFAULTS, INSTANCE, ROOT, from_environment


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; tests pass their own config instead of reading the environment."""
    instance = (test_config or {}).get("CONTEST_INSTANCE_PATH", INSTANCE)
    app = Flask(
        __name__,
        instance_path=str(instance),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    # Chinese names as UTF-8, not \uXXXX escapes: half the bytes in every page and push.
    app.json.ensure_ascii = False
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(from_environment() if test_config is None else test_config)
    if app.config.get("CONTEST_AUDIT_KEY_FILE"):
        from contest.audit.seal import load_key

        # Read once, at start: a missing key stops the server here, not at the first score.
        app.config["CONTEST_AUDIT_KEY"] = load_key(app.config["CONTEST_AUDIT_KEY_FILE"])

    from contest import database
    from contest.extensions import babel, csrf, db, limiter, login_manager, migrate, socketio
    from contest.i18n import select_locale

    # Imported before init_app, so that its handlers bind to every app.
    from contest.live import sockets  # noqa: F401

    database.configure(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    queue = app.config.get("CONTEST_MESSAGE_QUEUE")
    channel = app.config.get("CONTEST_MESSAGE_CHANNEL", "contest")
    if queue and queue.startswith(("redis://", "rediss://")):
        from contest.live.redis_link import socketio_manager

        # Our own manager: Redis gets a time budget and a breaker (contest/live/redis_link.py).
        socketio.init_app(
            app,
            async_mode=app.config.get("CONTEST_ASYNC_MODE", "threading"),
            client_manager=socketio_manager(queue, channel),
        )
    else:
        socketio.init_app(
            app,
            async_mode=app.config.get("CONTEST_ASYNC_MODE", "threading"),
            message_queue=queue,
            channel=channel,
        )
    proxies = int(app.config.get("CONTEST_TRUSTED_PROXIES", 0))
    if proxies:
        # Behind nginx: the client's address (rate limits, logs) and scheme come from
        # the proxy's headers. Only as many hops as we trust, so clients cannot spoof them.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from contest.server import errors, headers

    errors.register(app)
    headers.register(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from contest.admin import bp as admin_bp
    from contest.api import bp as api_bp
    from contest.auth import bp as auth_bp
    from contest.display import bp as display_bp
    from contest.host import bp as host_bp
    from contest.judge import bp as judge_bp
    from contest.public import bp as public_bp

    for bp in (public_bp, auth_bp, admin_bp, host_bp, display_bp, judge_bp, api_bp):
        app.register_blueprint(bp)
    from contest.season import register as register_season

    register_season(app)
    from contest.review import register as register_review

    register_review(app)
    from contest.publicity import register as register_publicity

    register_publicity(app)
    from contest.national import register as register_national

    register_national(app)
    from contest.archive import register as register_archive

    register_archive(app)
    from contest.pledge import register as register_pledge

    register_pledge(app)
    from contest.signing import register as register_signing

    register_signing(app)
    from contest.countersign import register as register_countersign

    register_countersign(app)
    from contest.supervision import register as register_supervision

    register_supervision(app)
    from contest.fairdraw import register as register_fairdraw

    register_fairdraw(app)
    from contest.appeals import register as register_appeals

    register_appeals(app)


def _register_cli(app: Flask) -> None:
    from contest.cli import register

    register(app)
