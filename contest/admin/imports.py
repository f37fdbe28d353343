"""Staff import teams, judges and scores from a spreadsheet: a row report, or every row."""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path, PurePosixPath

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest import realtime
from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.imports import ImportRefused, Report, run_import
from contest.models import Contest

KINDS = {"teams": _l("导入班组"), "judges": _l("导入评委"), "scores": _l("导入评分")}
# What each file needs, shown above the upload form: (column, what to write in it).
COLUMNS = {
    "teams": (
        (_l("推荐单位"), _l("可选；也可写“推荐行业/各区/集团”")),
        (_l("企业名称"), _l("必填，以公章为准；也可写“单位名称”")),
        (_l("班组名称"), _l("必填，班组全称；也可写“质量信得过班组名称”")),
        (_l("班组人数"), _l("必填，正整数")),
        (_l("分会场"), _l("有多个分会场时必填")),
        (_l("发表形式"), _l("可选：线下（现场）或线上（网络、视频），默认线下")),
        (_l("序号"), _l("可选")),
    ),
    "judges": (
        (_l("姓名"), _l("必填")),
        (_l("工作单位"), _l("必填；与企业名称完全相同时自动回避")),
        (_l("TGQ 评委证书号"), _l("必填，不可重复")),
        (_l("手机"), _l("可选")),
        (_l("分会场"), _l("有多个分会场时必填")),
        (_l("回避单位"), _l("可选；一个或多个企业名称，用顿号、逗号或分号隔开")),
    ),
    "scores": (
        (_l("评委"), _l("必填：评委姓名，或“评委3”这样的评委号")),
        (_l("企业名称"), _l("必填，与班组名单完全一致")),
        (_l("班组名称"), _l("必填，与班组名单完全一致")),
        (_l("各评分项"), _l("列名为评分表中的项目名称；每项在 0 到满分之间并符合步长")),
        (_l("总分"), _l("与各项之和一致；不列各评分项时只填总分")),
    ),
}
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    return Path(current_app.instance_path) / "imports"


def _sweep(folder: Path) -> None:
    """Forget files whose warnings nobody confirmed within a day."""
    for path in folder.glob("*"):
        if path.stat().st_mtime < time.time() - _KEEP_SECONDS:
            path.unlink(missing_ok=True)


def _keep(data: bytes, filename: str, contest_id: int, kind: str) -> str:
    """Keep an upload with warnings until staff confirm it; the token names it."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    meta = {"contest": contest_id, "kind": kind, "staff": current_user.id, "file": filename}
    (folder / f"{token}.data").write_bytes(data)
    (folder / f"{token}.json").write_text(json.dumps(meta, ensure_ascii=False))
    return token


def _load(token: str, contest_id: int, kind: str) -> tuple[bytes, str] | None:
    """The kept upload, only for the same contest, kind and staff member."""
    if not _TOKEN.match(token):
        return None
    meta_path, data_path = _folder() / f"{token}.json", _folder() / f"{token}.data"
    if not meta_path.exists() or not data_path.exists():
        return None
    meta = json.loads(meta_path.read_text())
    if (meta["contest"], meta["kind"], meta["staff"]) != (contest_id, kind, current_user.id):
        return None
    return data_path.read_bytes(), meta["file"]


def _drop(token: str) -> None:
    if _TOKEN.match(token):
        for suffix in (".data", ".json"):
            (_folder() / f"{token}{suffix}").unlink(missing_ok=True)


def _basename(name: str) -> str:
    """The file's own name (browsers on Windows once sent the full path), for the audit."""
    return PurePosixPath(name.replace("\\", "/")).name[:200]


def _page(
    contest: Contest,
    kind: str,
    *,
    report: Report | None = None,
    token: str = "",
    filename: str = "",
    status: int = 200,
):
    page = render_template(
        "admin/import.html",
        contest=contest,
        kind=kind,
        kinds=KINDS,
        columns=COLUMNS[kind],
        report=report,
        token=token,
        filename=filename,
    )
    return page, status


@bp.route("/contests/<int:contest_id>/import/<kind>", methods=["GET", "POST"])
@admin_required
def import_file(contest_id: int, kind: str):
    if kind not in KINDS:
        abort(404)
    contest = db.get_or_404(Contest, contest_id)
    if request.method == "GET":
        return _page(contest, kind)
    token = request.form.get("token", "")
    if token:
        kept = _load(token, contest.id, kind)
        if kept is None:
            flash(_("确认已失效，请重新上传文件"), "error")
            return _page(contest, kind, status=400)
        data, filename = kept
    else:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("请选择要导入的文件"), "error")
            return _page(contest, kind, status=400)
        data, filename = upload.read(), _basename(upload.filename)
    try:
        outcome = run_import(
            kind,
            contest_id=contest.id,
            data=data,
            filename=filename,
            actor=f"staff:{current_user.id}",
            staff_id=current_user.id,
            confirm=bool(token) and request.form.get("confirm") == "1",
        )
    except ImportRefused as refused:
        if refused.needs_confirmation:
            token = token or _keep(data, filename, contest.id, kind)
            return _page(contest, kind, report=refused.report, token=token, filename=filename)
        _drop(token)
        return _page(contest, kind, report=refused.report, filename=filename, status=422)
    _drop(token)
    for venue_id in sorted(outcome.venue_ids):
        realtime.stage_changed(venue_id)
    flash(outcome.summary, "success")
    if kind == "scores":  # imported scores count once finalised: show where that is done
        return redirect(url_for("admin.finalise_page", contest_id=contest.id))
    return redirect(url_for("admin.contest", contest_id=contest.id))
