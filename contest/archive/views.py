"""The secretariat's archive pages: build the season archive, keep and download it, and
open any archive (kept or uploaded) read-only with every checksum verified."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import audit
from contest.archive import build as builder
from contest.archive.reader import ArchiveRefused, open_archive, table
from contest.archive.sections import SECTIONS
from contest.auth.guards import admin_required, can_change
from contest.season import current
from contest.server.errors import answer
from contest.transactions import atomic

bp = Blueprint("archive", __name__, url_prefix="/admin/season/archive")
UPLOAD_CHUNK = 1024 * 1024


@bp.get("/")
@admin_required
def index():
    body = render_template(
        "archive/index.html",
        season=current.season(),
        kept=builder.listed(),
        sections=SECTIONS,
        can_change=can_change,
    )
    return body, 200, {"Cache-Control": "no-store"}


@bp.post("/build")
@admin_required
def build():
    season = current.season()
    if season is None:
        flash(_("还没有申报年度，无可归档"), "error")
        return redirect(url_for("archive.index"))
    from contest import offload

    try:  # in a document process: the hall's screens go on while a large season is packed
        name = offload.in_process(builder.build_season, season.id, database=True)
    except offload.OffloadError:
        flash(
            _("归档生成未能完成（用时过长或进程中断），请稍后重试；如反复出现请联系技术支持"),
            "error",
        )
        return redirect(url_for("archive.index"))
    path = builder.folder() / name
    size = path.stat().st_size
    atomic(
        lambda: audit.record(
            "national.archive_built",
            actor=f"staff:{current_user.id}",
            subject=f"season:{season.id}",
            data={"name": path.name, "size": size},
        )
    )
    flash(_("已生成归档 %(name)s", name=path.name), "success")
    return redirect(url_for("archive.read", name=path.name))


@bp.post("/upload")
@admin_required
def upload():
    """An archive from elsewhere, kept under its checksum's name, then read like the others."""
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        flash(_("请先选择归档文件（.zip）"), "error")
        return redirect(url_for("archive.index"))
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=builder.folder(), delete=False, suffix=".part") as out:
        while chunk := sent.stream.read(UPLOAD_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    part = Path(out.name)
    try:
        open_archive(part)
    except ArchiveRefused as refused:
        part.unlink(missing_ok=True)
        flash(refused.message, "error")
        return redirect(url_for("archive.index"))
    name = f"upload-{digest.hexdigest()[:16]}.zip"
    part.replace(builder.folder() / name)
    return redirect(url_for("archive.read", name=name))


def _opened(name: str):
    path = builder.named(name)
    if path is None:
        return None, answer(404)
    try:
        return open_archive(path), None
    except ArchiveRefused as refused:
        return None, answer(422, refused.message)


@bp.get("/<name>")
@admin_required
def read(name: str):
    opened, refused = _opened(name)
    if refused is not None:
        return refused
    titles = {
        s["name"]: s["title"] for s in opened.manifest.get("sections", []) if isinstance(s, dict)
    }
    body = render_template(
        "archive/read.html",
        name=name,
        opened=opened,
        titles=titles,
        shown=lambda path: path.endswith((".json", ".xlsx")),
        made=_made(opened.manifest.get("created_at")),
    )
    return body, 200, {"Cache-Control": "no-store"}


def _made(text: object) -> str:
    """The manifest's creation time in Beijing time, or as written if it is not a time."""
    from datetime import datetime

    try:
        return current.beijing(datetime.fromisoformat(str(text)))
    except ValueError:
        return str(text or "")


@bp.get("/<name>/entry")
@admin_required
def entry(name: str):
    opened, refused = _opened(name)
    if refused is not None:
        return refused
    path = request.args.get("path", "")
    if path not in {e["path"] for e in opened.entries}:
        return answer(404)
    try:
        tables = table(opened.path, path)
    except ArchiveRefused as error:
        return answer(422, error.message)
    except ValueError:
        return answer(422, _("「%(name)s」无法读取，归档可能已损坏", name=path[:80]))
    ok = next(e["ok"] for e in opened.entries if e["path"] == path)
    body = render_template("archive/entry.html", name=name, path=path, tables=tables, ok=ok)
    return body, 200, {"Cache-Control": "no-store"}


@bp.get("/<name>/download")
@admin_required
def download(name: str):
    path = builder.named(name)
    if path is None:
        return answer(404)
    return send_file(
        path, mimetype="application/zip", as_attachment=True, download_name=name, max_age=0
    )
