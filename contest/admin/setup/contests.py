"""Set-up pages: 新建比赛, 基本信息, 删除比赛 (with its backup download)."""

from __future__ import annotations

from pathlib import Path

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
from contest.admin.setup import hub
from contest.auth.guards import admin_only, admin_required
from contest.extensions import db
from contest.live import realtime
from contest.models import AuditEntry, Contest
from contest.setup import contests, removal, stale
from contest.transactions import atomic

hub.SECTIONS.append(
    hub.Section(
        "admin.contest_basic",
        _l("基本信息"),
        _l("比赛名称、年度、比赛日期、主办单位和证书落款日期"),
    )
)
DELETE_SECTION = hub.Section(
    "admin.contest_delete", _l("删除比赛"), _l("先自动备份，再删除本比赛的全部数据（如演示比赛）")
)

# What each table's rows are, for the 删除比赛 page.
TABLE_LABELS = {
    "contests": _l("比赛"),
    "venues": _l("分会场"),
    "stage_states": _l("分会场舞台状态"),
    "host_venues": _l("主持人分工"),
    "draws": _l("抽签记录"),
    "recommending_units": _l("推荐单位"),
    "score_items": _l("评分项目"),
    "import_batches": _l("导入记录"),
    "teams": _l("班组"),
    "judges": _l("评委"),
    "recusals": _l("回避"),
    "score_submissions": _l("评分提交"),
    "score_marks": _l("分项分数"),
    "deductions": _l("扣分"),
    "manual_tie_breaks": _l("并列裁定"),
    "award_grades": _l("奖项等级"),
    "team_awards": _l("获奖记录"),
    "national_selections": _l("国家级推荐"),
}


@bp.record_once
def _delete_card_last(state) -> None:
    # Registered once every set-up module has added its card, so 删除比赛 stays the last.
    if DELETE_SECTION not in hub.SECTIONS:
        hub.SECTIONS.append(DELETE_SECTION)


def _actor() -> str:
    return f"staff:{current_user.id}"


def _backups() -> Path:
    return Path(current_app.instance_path) / "backups"


def _contests() -> list[Contest]:
    return list(db.session.scalars(sa.select(Contest).order_by(Contest.year.desc(), Contest.id)))


@bp.route("/contests/new", methods=["GET", "POST"])
@admin_required
def contest_new():
    sources = _contests()
    if request.method == "GET":
        source = db.session.get(Contest, request.args.get("copy", 0, type=int))
        issuer = contests.basic_of(source).issuer if source else contests.DEFAULT_ISSUER
        form = {"issuer": issuer, "source": str(source.id) if source else ""}
        return render_template("admin/setup/contest_new.html", sources=sources, form=form)
    form = request.form.to_dict()
    source = None
    if form.get("source"):
        source = db.session.get(Contest, int(form["source"])) if form["source"].isdigit() else None
        if source is None:
            flash(_("要复制的比赛不存在，请重新选择"), "error")
            return render_template("admin/setup/contest_new.html", sources=sources, form=form), 422
    folder = Path(current_app.instance_path) / "certificates"
    try:
        info = contests.parse_basic(form)
        created = atomic(
            lambda: contests.create_contest(
                info=info,
                source=db.session.get(Contest, source.id) if source else None,
                actor=_actor(),
                certificate_folder=folder,
            )
        )
    except contests.Refused as refused:
        flash(refused.message, "error")
        return render_template("admin/setup/contest_new.html", sources=sources, form=form), 422
    flash(
        _(
            "已创建比赛「%(name)s」。请依次设置分会场和评分表，再导入班组和评委。",
            name=created.name,
        ),
        "success",
    )
    return redirect(url_for("admin.setup_hub", contest_id=created.id))


# The fields of the 基本信息 form, as a person names them when told someone else changed one.
BASIC_FIELDS = {
    "name": _l("比赛名称"),
    "year": _l("年度"),
    "starts_on": _l("比赛日期"),
    "ends_on": _l("结束日期"),
    "issuer": _l("主办单位"),
    "certificate_date": _l("证书落款日期"),
}


def _basic_page(contest: Contest, form: dict | None = None, status: int = 200):
    if form is None:
        info = contests.basic_of(contest)
        form = {
            "name": info.name,
            "year": str(info.year),
            "starts_on": info.starts_on.isoformat() if info.starts_on else "",
            "ends_on": info.ends_on.isoformat() if info.ends_on else "",
            "issuer": info.issuer,
            "certificate_date": info.certificate_date,
            "original": stale.encode(contests.as_data(info)),
        }
    page = render_template("admin/setup/contest_basic.html", contest=contest, form=form)
    return page, status


@bp.route("/contests/<int:contest_id>/setup/basic", methods=["GET", "POST"])
@admin_required
def contest_basic(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    if request.method == "GET":
        return _basic_page(contest)
    form = request.form.to_dict()

    def save():
        current = db.get_or_404(Contest, contest_id)
        shown = contests.as_data(contests.basic_of(current))
        stale.refuse_if_changed(form.get("original"), shown, BASIC_FIELDS)
        return contests.update_contest(contest=current, info=info, actor=_actor())

    try:
        info = contests.parse_basic(form)
        changes = atomic(save)
    except stale.StaleEdit as refused:  # the page shows what is there now
        flash(refused.message, "error")
        return _basic_page(db.get_or_404(Contest, contest_id), None, 409)
    except contests.Refused as refused:
        flash(refused.message, "error")
        return _basic_page(contest, form, 422)
    if "name" in changes:
        for venue_id in [v.id for v in db.get_or_404(Contest, contest_id).venues]:
            realtime.stage_changed(venue_id)
    flash(_("基本信息已保存") if changes else _("没有改动"), "success" if changes else "info")
    return redirect(url_for("admin.setup_hub", contest_id=contest_id))


@bp.route("/contests/<int:contest_id>/setup/delete", methods=["GET", "POST"])
@admin_required
def contest_delete(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    if request.method == "GET":
        return _delete_page(contest)
    try:
        entry_id = removal.remove_contest(
            contest_id=contest_id,
            typed_name=request.form.get("confirm_name", ""),
            folder=_backups(),
            actor=_actor(),
        )
    except contests.Refused as refused:
        flash(refused.message, "error")
        return _delete_page(db.get_or_404(Contest, contest_id)), 422
    return redirect(url_for("admin.contest_removed", entry_id=entry_id))


def _delete_page(contest: Contest) -> str:
    rows = removal.counts(contest.id)
    return render_template(
        "admin/setup/contest_delete.html", contest=contest, rows=rows, labels=TABLE_LABELS
    )


@bp.get("/removals/<int:entry_id>")
@admin_required
def contest_removed(entry_id: int):
    entry = db.get_or_404(AuditEntry, entry_id)
    if entry.action != "contest.deleted":
        abort(404)
    available = removal.backup_path(_backups(), entry.data.get("backup", "")) is not None
    return render_template("admin/setup/contest_removed.html", entry=entry, available=available)


@bp.get("/backups/<backup_name>")
@admin_only
def backup_download(backup_name: str):
    """A backup file: the whole database, judges' keys included, hence admins only."""
    path = removal.backup_path(_backups(), backup_name)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/json", as_attachment=True, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
