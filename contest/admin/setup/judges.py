"""Set-up pages for judges (评委): the list per venue, add, edit and move, delete."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.admin import bp
from contest.admin.setup import hub
from contest.admin.setup.teams import broadcast, run, staff, units_of
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, Judge
from contest.roster.teams import EditRefused
from contest.setup import judges as domain
from contest.setup import stale
from contest.transactions import atomic

hub.SECTIONS.append(
    hub.Section(
        "admin.setup_judges", _l("评委"), _l("新增、修改、删除评委，调整评委所在分会场和评委组长")
    )
)


def _fields(form) -> dict:
    return {
        "name": form.get("name", ""),
        "employer": form.get("employer", ""),
        "certificate_no": form.get("certificate_no", ""),
        "phone": form.get("phone", ""),
        "unit_name": form.get("unit", ""),
        "is_chair": form.get("is_chair") == "1",
        "venue_id": form.get("venue_id", type=int),
    }


def _judges_page(contest: Contest, form=None, status: int = 200):
    judges = db.session.scalars(
        sa.select(Judge).where(Judge.contest_id == contest.id).order_by(Judge.number, Judge.id)
    ).all()
    groups = [(venue, [j for j in judges if j.venue_id == venue.id]) for venue in contest.venues]
    return render_template(
        "admin/setup/judges.html",
        contest=contest,
        groups=groups,
        unplaced=[j for j in judges if j.venue_id is None],
        units=units_of(contest),
        form=form,
    ), status


@bp.get("/contests/<int:contest_id>/setup/judges")
@admin_required
def setup_judges(contest_id: int):
    return _judges_page(db.get_or_404(Contest, contest_id))


@bp.post("/contests/<int:contest_id>/setup/judges")
@admin_required
def setup_judge_add(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    fields = _fields(request.form)
    judge, refused = run(
        lambda: domain.create_judge(
            contest=db.session.get(Contest, contest_id), staff=staff(), **fields
        )
    )
    if refused:
        flash(refused, "error")
        return _judges_page(contest, request.form, 422)
    broadcast(judge.venue_id)
    flash(
        _(
            "已新增%(venue)s %(label)s %(name)s。请在「评委链接」打印其二维码卡片。",
            venue=judge.venue.name,
            label=judge.label,
            name=judge.name,
        ),
        "success",
    )
    return redirect(url_for("admin.setup_judges", contest_id=contest_id) + f"#judge-{judge.id}")


# The fields of the judge form, as a person names them when told someone else changed one.
FIELDS = {
    "name": _l("姓名"),
    "employer": _l("工作单位"),
    "certificate_no": _l("TGQ 评委证书号"),
    "phone": _l("手机"),
    "unit": _l("推荐单位"),
    "is_chair": _l("评委组长"),
    "venue": _l("分会场"),
}


def shown_values(judge: Judge) -> dict:
    """What the judge form shows (what a stale save is checked against)."""
    return {
        "name": judge.name,
        "employer": judge.employer or "",
        "certificate_no": judge.certificate_no or "",
        "phone": judge.phone or "",
        "unit": judge.unit.name if judge.unit else "",
        "is_chair": bool(judge.is_chair),
        "venue": judge.venue.name if judge.venue else "",
    }


def _edit_page(judge: Judge, form=None, status: int = 200):
    original = (form or {}).get("original") or stale.encode(shown_values(judge))
    return render_template(
        "admin/setup/judge_edit.html",
        original=original,
        judge=judge,
        contest=judge.contest,
        units=units_of(judge.contest),
        form=form,
        move_blocker=domain.move_blocker(judge),
        delete_blocker=domain.delete_blocker(judge),
    ), status


@bp.route("/judges/<int:judge_id>/edit", methods=["GET", "POST"])
@admin_required
def judge_edit(judge_id: int):
    judge = db.get_or_404(Judge, judge_id)
    if request.method == "GET":
        return _edit_page(judge)
    before = judge.venue_id
    fields = _fields(request.form)

    def save():
        current = db.session.get(Judge, judge_id)
        stale.refuse_if_changed(request.form.get("original"), shown_values(current), FIELDS)
        return domain.update_judge(judge=current, staff=staff(), **fields)

    try:
        changes = atomic(save)
    except EditRefused as refused:
        flash(refused.message, "error")
        if isinstance(refused, stale.StaleEdit):  # the page shows what is there now
            return _edit_page(db.session.get(Judge, judge_id), None, 409)
        return _edit_page(db.session.get(Judge, judge_id), request.form, 422)
    if changes:
        broadcast(before, judge.venue_id)
    if "venue_id" in (changes or {}):
        message = _(
            "已调往%(venue)s，现为%(label)s；评委的个人链接和二维码卡片不变。",
            venue=judge.venue.name,
            label=judge.label,
        )
    else:
        message = _("已保存") if changes else _("没有改动")
    flash(message, "info")
    return redirect(
        url_for("admin.setup_judges", contest_id=judge.contest_id) + f"#judge-{judge.id}"
    )


@bp.post("/judges/<int:judge_id>/delete")
@admin_required
def judge_delete(judge_id: int):
    judge = db.get_or_404(Judge, judge_id)
    contest_id, venue_id = judge.contest_id, judge.venue_id
    reason = request.form.get("reason", "")
    _done, refused = run(
        lambda: domain.delete_judge(
            judge=db.session.get(Judge, judge_id), reason=reason, staff=staff()
        )
    )
    if refused:
        flash(refused, "error")
        return _edit_page(db.session.get(Judge, judge_id), status=422)
    broadcast(venue_id)
    flash(_("已删除该评委，其个人链接同时失效"), "success")
    return redirect(url_for("admin.setup_judges", contest_id=contest_id))
