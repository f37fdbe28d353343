"""Staff import teams, judges and scores: upload, see the preview, 确认导入; undo later."""

from __future__ import annotations

from pathlib import PurePosixPath

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.imports import ImportRefused, Plan, Report, check_import, pending, run_import
from contest.live import realtime
from contest.models import Contest, ImportBatch, StaffUser

KINDS = {"teams": _l("导入班组"), "judges": _l("导入评委"), "scores": _l("导入评分")}
# What each file needs, shown above the upload form: (column, what to write in it).
COLUMNS = {
    "teams": (
        (_l("推荐行业/各区/集团（盖章）"), _l("表格上方这一行写推荐单位，适用于该表每一行")),
        (_l("推荐单位"), _l("可选的列；填写时以本列为准")),
        (_l("企业名称"), _l("必填，以公章为准；也可写“单位名称”")),
        (_l("班组名称"), _l("必填，班组全称；也可写“质量信得过班组名称”")),
        (_l("班组人数"), _l("必填，正整数")),
        (_l("分会场"), _l("有多个分会场时必填；可写全称、简称或代码")),
        (_l("形式"), _l("可选：现场（线下）或线上（网络、视频），默认现场")),
        (_l("序号"), _l("可选")),
    ),
    "judges": (
        (_l("姓名"), _l("必填")),
        (_l("工作单位"), _l("必填；与企业名称完全相同时自动回避")),
        (_l("TGQ 评委证书号"), _l("必填，不可重复")),
        (_l("手机"), _l("可选")),
        (_l("分会场"), _l("有多个分会场时必填；可写全称、简称或代码")),
        (_l("评委组长"), _l("可选：组长填“是”")),
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
TEMPLATES = {
    "teams": ((_l("下载班组推荐表模板"), ""),),
    "judges": ((_l("下载评委名单模板"), ""),),
    "scores": ((_l("下载评分录入表（各评分项）"), ""), (_l("下载评分录入表（只填总分）"), "total")),
}


def _folder():
    return pending.folder_of(current_app.instance_path)


def _basename(name: str) -> str:
    """The file's own name (browsers on Windows once sent the full path), for the audit."""
    return PurePosixPath(name.replace("\\", "/")).name[:200]


def _history(contest: Contest) -> list[tuple[ImportBatch, str | None, str]]:
    """Each batch, newest first: why it can no longer be undone (None: it can), and who."""
    from contest.imports.undo import blocker

    batches = db.session.scalars(
        sa.select(ImportBatch)
        .where(ImportBatch.contest_id == contest.id)
        .order_by(ImportBatch.id.desc())
    ).all()
    ids = {b.created_by_id for b in batches if b.created_by_id is not None}
    staff = {
        u.id: u.display_name
        for u in db.session.scalars(sa.select(StaffUser).where(StaffUser.id.in_(ids)))
    }
    return [(b, blocker(b), staff.get(b.created_by_id, _("命令行"))) for b in batches]


def _page(
    contest: Contest,
    kind: str,
    *,
    report: Report | None = None,
    plan: Plan | None = None,
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
        templates=TEMPLATES[kind],
        report=plan.report if plan else report,
        plan=plan,
        token=token,
        filename=filename,
        history=_history(contest),
    )
    return page, status


def _contest(contest_id: int, kind: str) -> Contest:
    if kind not in KINDS:
        abort(404)
    return db.get_or_404(Contest, contest_id)


@bp.route("/contests/<int:contest_id>/import/<kind>", methods=["GET", "POST"])
@admin_required
def import_file(contest_id: int, kind: str):
    contest = _contest(contest_id, kind)
    if request.method == "GET":
        return _page(contest, kind)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("请选择要导入的文件"), "error")
        return _page(contest, kind, status=400)
    data, filename = upload.read(), _basename(upload.filename)
    try:
        plan = check_import(
            kind,
            contest_id=contest.id,
            data=data,
            filename=filename,
            actor=f"staff:{current_user.id}",
            staff_id=current_user.id,
        )
    except ImportRefused as refused:
        return _page(contest, kind, report=refused.report, filename=filename, status=422)
    token = ""
    if not plan.report.errors:
        token = pending.keep(
            folder=_folder(),
            data=data,
            filename=filename,
            kind=kind,
            contest_id=contest.id,
            staff_id=current_user.id,
            digest=plan.digest,
        )
    status = 422 if plan.report.errors else 200
    return _page(contest, kind, plan=plan, token=token, filename=filename, status=status)


@bp.post("/contests/<int:contest_id>/import/<kind>/confirm")
@admin_required
def import_confirm(contest_id: int, kind: str):
    contest = _contest(contest_id, kind)
    token = request.form.get("token", "")
    try:
        kept = pending.load(
            folder=_folder(),
            token=token,
            kind=kind,
            contest_id=contest.id,
            staff_id=current_user.id,
        )
    except pending.PendingRefused as refused:
        flash(refused.message, "error")
        return _page(contest, kind, status=400)
    try:
        outcome = run_import(
            kind,
            contest_id=contest.id,
            data=kept.data,
            filename=kept.filename,
            actor=f"staff:{current_user.id}",
            staff_id=current_user.id,
            confirm=True,
            expected=kept.digest,
        )
    except ImportRefused as refused:
        pending.drop(folder=_folder(), token=token)
        return _page(contest, kind, report=refused.report, filename=kept.filename, status=422)
    pending.drop(folder=_folder(), token=token)
    for venue_id in sorted(outcome.venue_ids):
        realtime.stage_changed(venue_id)
    flash(outcome.summary, "success")
    if kind == "scores":  # imported scores count once finalised: show where that is done
        return redirect(url_for("admin.finalise_page", contest_id=contest.id))
    return redirect(url_for("admin.contest", contest_id=contest.id))


@bp.post("/contests/<int:contest_id>/import/<kind>/cancel")
@admin_required
def import_cancel(contest_id: int, kind: str):
    contest = _contest(contest_id, kind)
    pending.drop(folder=_folder(), token=request.form.get("token", ""))
    flash(_("已取消，未写入任何数据"), "success")
    return redirect(url_for("admin.import_file", contest_id=contest.id, kind=kind))


@bp.get("/contests/<int:contest_id>/import/<kind>/template")
@admin_required
def import_template(contest_id: int, kind: str):
    import io

    from contest.imports.blanks import VARIANTS, blank_form

    contest = _contest(contest_id, kind)
    variant = request.args.get("variant", "")
    if variant not in VARIANTS[kind]:
        abort(404)
    name, data = blank_form(contest, kind, variant)
    return send_file(
        io.BytesIO(data),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=name,
    )


@bp.post("/contests/<int:contest_id>/imports/<int:batch_id>/undo")
@admin_required
def import_undo(contest_id: int, batch_id: int):
    from contest.imports.undo import UndoRefused, undo_batch

    contest = db.get_or_404(Contest, contest_id)
    kind = request.form.get("kind", "teams")
    kind = kind if kind in KINDS else "teams"
    try:
        summary = undo_batch(
            contest_id=contest.id,
            batch_id=batch_id,
            actor=f"staff:{current_user.id}",
            staff_id=current_user.id,
        )
    except UndoRefused as refused:
        flash(refused.message, "error")
        return _page(contest, kind, status=409)
    for venue in contest.venues:
        realtime.stage_changed(venue.id)
    flash(summary, "success")
    return redirect(url_for("admin.import_file", contest_id=contest.id, kind=kind))
