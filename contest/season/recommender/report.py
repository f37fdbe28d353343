"""The 推荐单位's page for forms 2-2 and 2-1: fill in, attach, 提交; the last version shown."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.season import current, form22, session, unit_reports, uploads
from contest.season.accounts import SeasonRefused
from contest.season.models import Channel
from contest.season.recommender import bp
from contest.server.errors import answer
from contest.transactions import atomic


def _mine(recommender_id: int):
    found = [
        m.recommender
        for m in session.memberships(Channel.RECOMMENDER)
        if m.recommender and m.recommender.id == recommender_id
    ]
    return found[0] if found else None


def _page(recommender, status: int = 200, **values):
    latest = unit_reports.latest(recommender)
    draft = unit_reports.newer_draft(recommender)
    shown = draft.content if draft else (latest.stats if latest else {})
    body = render_template(
        "apply/recommender/report.html",
        person=session.current(),
        deadline=current.state(current.season()),
        recommender=recommender,
        latest=latest,
        counts=form22.COUNTS,
        others=form22.OTHER,
        forms=[str(f) for f in form22.FORMS],
        values=values.pop("values", shown),
        draft=draft,
        errors=values.pop("errors", {}),
        recommended=unit_reports.recommended_count(recommender),
        beijing=current.beijing,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/<int:recommender_id>/report")
@session.required
def report(recommender_id: int):
    recommender = _mine(recommender_id)
    if recommender is None:
        return answer(404)
    return _page(recommender)


@bp.post("/<int:recommender_id>/report")
@session.required
def report_submit(recommender_id: int):
    recommender = _mine(recommender_id)
    if recommender is None:
        return answer(404)
    sent = request.files.get("summary")
    data = sent.read(uploads.MAX_BYTES + 1) if sent is not None else b""
    if len(data) > uploads.MAX_BYTES:
        return _page(recommender, 422, errors={"summary": _("文件超过 8 MB；请压缩后重新上传")})
    typed = {
        key: value for key, value in request.form.items() if key not in ("forms", "csrf_token")
    }
    person = session.current()
    if request.form.get("next") == "draft":
        return _save_draft(recommender, person, typed)
    try:
        outcome = atomic(
            lambda: unit_reports.submit(
                recommender=recommender,
                person=person,
                typed=typed,
                forms=request.form.getlist("forms"),
                data=data,
                filename=(sent.filename if sent is not None else "") or "活动总结.docx",
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("apply_recommender.report", recommender_id=recommender_id))
    if outcome.report is None:
        message = _("还有 %(n)s 处需要填写或修改，未提交；请按红色提示改正", n=len(outcome.errors))
        return _page(recommender, 422, values=outcome.values, errors=outcome.errors, error=message)
    flash(_("已提交统计表和活动总结（第 %(n)s 次提交）", n=outcome.report.version), "success")
    return redirect(url_for("apply_recommender.report", recommender_id=recommender_id))


def _save_draft(recommender, person, typed: dict[str, str]):
    forms = request.form.getlist("forms")
    try:
        kept = atomic(
            lambda: unit_reports.save_draft(
                recommender=recommender, person=person, typed=typed, forms=forms
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
    else:
        at = current.beijing(kept.saved_at)
        flash(
            _("已保存统计表草稿（%(at)s，北京时间）；尚未提交，活动总结文件请在提交时选择", at=at),
            "success",
        )
    return redirect(url_for("apply_recommender.report", recommender_id=recommender.id))
