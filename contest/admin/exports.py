"""Downloads for staff: the final ranking, the 评审汇总表 and the audit log."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, render_template

from contest import exports as registry
from contest import offload
from contest.admin import bp
from contest.auth.guards import admin_required
from contest.exports import EXPORTERS
from contest.exports import get as get_exporter
from contest.extensions import db
from contest.fonts import MissingFontError
from contest.models import Contest


def content_disposition(filename: str, fallback: str) -> str:
    """An attachment with an ASCII name for old clients and the UTF-8 name (RFC 6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@bp.route("/contests/<int:contest_id>/exports")
@admin_required
def exports(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    return render_template(
        "admin/exports.html", contest=contest, exporters=list(EXPORTERS.values())
    )


@bp.route("/contests/<int:contest_id>/exports/<name>")
@admin_required
def export_download(contest_id: int, name: str):
    contest = db.get_or_404(Contest, contest_id)
    exporter = get_exporter(name)
    if exporter is None:
        abort(404)
    try:
        # In a child process under gevent, reading the rows itself: the screens keep running.
        body = offload.in_process(registry.build, exporter.name, contest.id, database=True)
    except MissingFontError as missing:  # a PDF needs a Chinese font; never print tofu
        return render_template("error.html", status=503, message=str(missing)), 503
    response = Response(body, content_type=exporter.content_type)
    response.headers["Content-Disposition"] = content_disposition(
        exporter.filename, exporter.ascii_filename
    )
    # Results and the audit log must not linger in a shared browser's or proxy's cache.
    response.headers["Cache-Control"] = "no-store"
    return response
