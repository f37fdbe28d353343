"""Staff manage judges' personal links: status, reissue, deactivate, print QR cards."""

from __future__ import annotations

from urllib.parse import quote

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from contest import audit
from contest.admin import bp
from contest.auth.guards import admin_only, admin_required
from contest.extensions import db
from contest.fonts import MissingFontError
from contest.links import judge_url
from contest.models import Contest, Judge, Venue
from contest.roster import judges


def _actor() -> str:
    return f"staff:{current_user.id}"


def _judges_of(contest: Contest, venue: Venue | None = None) -> list[Judge]:
    query = sa.select(Judge).where(Judge.contest_id == contest.id)
    if venue is not None:
        query = query.where(Judge.venue_id == venue.id)
    return list(db.session.scalars(query.order_by(Judge.venue_id, Judge.number, Judge.id)))


def _back(judge: Judge):
    return redirect(url_for("admin.judges", contest_id=judge.contest_id))


@bp.route("/contests/<int:contest_id>/judges", endpoint="judges")
@admin_required
def judges_list(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    rows = [(judge, judges.link_status(judge)) for judge in _judges_of(contest)]
    return render_template("admin/judges.html", contest=contest, rows=rows)


@bp.route("/judges/<int:judge_id>/reissue", methods=["GET", "POST"])
@admin_required
def judge_reissue(judge_id: int):
    judge = db.get_or_404(Judge, judge_id)
    if request.method == "GET":
        return render_template("admin/judge_reissue.html", judge=judge, contest=judge.contest)
    judges.reissue_key(judge, actor=_actor())
    db.session.commit()
    done = _(
        "已为%(label)s %(name)s 重新生成链接和备用代码，旧链接已失效。",
        label=judge.label,
        name=judge.name,
    )
    flash(done + _("请打印新的二维码卡片交给评委。"), "success")
    return _back(judge)


@bp.route("/judges/<int:judge_id>/active", methods=["POST"])
@admin_required
def judge_active(judge_id: int):
    judge = db.get_or_404(Judge, judge_id)
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        abort(400)
    changed = judges.set_active(judge, wanted == "1", actor=_actor())
    db.session.commit()
    if not changed:
        flash(_("%(label)s %(name)s 的状态未变。", label=judge.label, name=judge.name), "info")
    elif judge.active:
        flash(
            _("已启用%(label)s %(name)s，原链接恢复可用。", label=judge.label, name=judge.name),
            "success",
        )
    else:
        flash(
            _(
                "已停用%(label)s %(name)s，其链接和备用代码暂时无法使用。",
                label=judge.label,
                name=judge.name,
            ),
            "success",
        )
    return _back(judge)


def _code_page_url() -> str:
    """The full address of the fallback-code page, built from the public base URL."""
    base = str(current_app.config["CONTEST_PUBLIC_URL"]).rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for("judge.code", _external=True)


def _attachment(filename: str) -> str:
    return f"attachment; filename=\"judge-cards.pdf\"; filename*=UTF-8''{quote(filename, safe='')}"


def _id_arg(name: str) -> int | bool | None:
    """A row id from the query string: None when absent, False when not a sane id."""
    text = request.args.get(name)
    if text is None or text == "":
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 10 or not 0 < int(text) < 2**31:
        return False
    return int(text)


@bp.route("/contests/<int:contest_id>/judge-cards.pdf")
@admin_only  # the cards carry the keys: whoever holds one can score as that judge
def judge_cards(contest_id: int):
    from contest.roster.qrcards import render_cards

    contest = db.get_or_404(Contest, contest_id)
    venue_id, judge_id = _id_arg("venue"), _id_arg("judge")
    if venue_id is False or judge_id is False:
        message = _("链接中的分会场或评委编号格式不正确；请回到「评委链接」页重新点击打印")
        return render_template("error.html", status=400, message=message), 400
    venue = None
    if venue_id is not None:
        venue = db.session.get(Venue, venue_id)
        if venue is None or venue.contest_id != contest.id:
            abort(404)
    chosen = [
        judge
        for judge in _judges_of(contest, venue)
        if judge.active and (judge_id is None or judge.id == judge_id)
    ]
    if not chosen:
        abort(404)
    try:
        pdf = render_cards(chosen, url_for_judge=judge_url, code_url=_code_page_url())
    except MissingFontError as error:
        return render_template("error.html", status=503, message=str(error)), 503
    audit.record(
        "judge.cards_printed",
        actor=_actor(),
        subject=f"contest:{contest.id}",
        data={"judges": [judge.id for judge in chosen], "venue_id": venue.id if venue else None},
        contest_id=contest.id,
    )
    db.session.commit()
    name = _("评委二维码卡片")
    if venue is not None:
        name += f"-{venue.name}"
    if judge_id is not None:
        name += f"-{chosen[0].label}"
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = _attachment(f"{name}.pdf")
    response.headers["Cache-Control"] = "no-store"
    return response
