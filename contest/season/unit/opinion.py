"""The enterprise's 评分与推荐意见 page: the 对标对表 form with drafts and 提交, the paper to
stamp (contest.season.papers), the sealed scan's upload with its QR code's verdict, and the
scan served back to the enterprise."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.season import current, deadline, session, uploads
from contest.season.accounts import SeasonRefused
from contest.season.models import Application
from contest.season.opinion import form, records
from contest.season.opinion.requirements import RATINGS, REQUIREMENTS, SOURCE, TITLE
from contest.season.papers import scans
from contest.season.unit import bp
from contest.season.unit.views import application_of_mine
from contest.server.errors import answer
from contest.transactions import atomic


def _mine(application_id: int) -> Application | None:
    application = application_of_mine(application_id)
    return application if application is not None and application.submissions else None


def _page(application: Application, status: int = 200, **values):
    row = records.draft(application)
    saved = row.values if row is not None else {}
    typed = values.pop("values", saved)
    latest = records.latest(application)
    person = session.current()
    shown = dict(typed)
    if row is None:  # a sensible start for a form never saved: today, and who fills it in
        shown |= {"filled_on": records.today().isoformat(), "filler": person.display_name}
    errors = values.pop("errors", None)
    if errors is None:
        errors = form.check(saved, submitting=False, today=records.today()).errors
    checked = form.check(saved, submitting=True, today=records.today())
    body = render_template(
        "apply/unit/opinion.html",
        person=person,
        deadline=deadline.banner(application),
        application=application,
        values=shown,
        errors=errors,
        requirements=list(enumerate(REQUIREMENTS, start=1)),
        ratings=RATINGS,
        labels=form.LABELS,
        title=TITLE,
        source=SOURCE,
        opinion_min=form.OPINION_MIN,
        opinion_max=form.OPINION_MAX,
        latest=latest,
        unsubmitted=latest is not None and (not checked.ok or checked.clean != latest.values),
        rows=records.rows(application, latest) if latest is not None else [],
        row=row,
        scan=records.scan_receipt(application),
        scan_check=scans.verdict(application, records.scan(application), scans.OPINION),
        scan_kind=uploads.UNIT_KINDS[records.SCAN],
        max_bytes=uploads.MAX_BYTES,
        editable=records.editable(application),
        beijing=current.beijing,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


def _here(application: Application, anchor: str = "") -> str:
    url = url_for("apply_unit.opinion", application_id=application.id)
    return url + (f"#{anchor}" if anchor else "")


@bp.get("/applications/<int:application_id>/opinion")
@session.required
def opinion(application_id: int):
    application = _mine(application_id)
    if application is None:
        return answer(404)
    return _page(application)


@bp.post("/applications/<int:application_id>/opinion")
@session.required
def opinion_save(application_id: int):
    application = _mine(application_id)
    if application is None:
        return answer(404)
    typed = {key: request.form.get(key, "") for key in form.KEYS}
    person = session.current()
    submitting = request.form.get("next") == "submit"
    try:
        if submitting:
            done = atomic(
                lambda: records.submit(application=application, typed=typed, person=person)
            )
            checked = done.checked
        else:
            checked = atomic(
                lambda: records.save_draft(application=application, typed=typed, person=person)
            )
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(_here(application))
    if submitting and not checked.ok:
        message = _(
            "还有 %(n)s 处需要填写或修改，已保存草稿；请按红色提示改正后再提交",
            n=len(checked.errors),
        )
        return _page(application, 422, values=checked.values, errors=checked.errors, error=message)
    if submitting and done.submission is None:
        flash(_("评分与推荐意见与上次提交的内容相同，无需重复提交"), "info")
    elif submitting:
        flash(
            _(
                "已提交评分与推荐意见（第 %(n)s 次）；请按提交的内容填写评分与推荐意见表，"
                "加盖公章后扫描上传",
                n=done.submission.version,
            ),
            "success",
        )
        return redirect(_here(application, "scan"))
    elif checked.errors:
        flash(_("草稿已保存；还有 %(n)s 处需要修改（见红色提示）", n=len(checked.errors)), "info")
    else:
        flash(_("草稿已保存"), "success")
    return redirect(_here(application))


@bp.post("/applications/<int:application_id>/opinion/scan")
@session.required
def opinion_scan_upload(application_id: int):
    application = _mine(application_id)
    if application is None:
        return answer(404)
    person = session.current()
    sent = request.files.get("file")
    data = sent.read(uploads.MAX_BYTES + 1) if sent is not None else b""
    if len(data) > uploads.MAX_BYTES:
        flash(_("文件超过 8 MB；请压缩或降低扫描分辨率后重新上传"), "error")
        return redirect(_here(application, "scan"))
    try:
        done = atomic(
            lambda: records.upload_scan(
                application=application,
                data=data,
                filename=sent.filename if sent is not None else "",
                person=person,
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
    else:
        flash(done.text(), "success")
        found = scans.verdict(application, records.scan(application), scans.OPINION)
        flash(*scans.note(found, scans.OPINION))
    return redirect(_here(application, "scan"))


@bp.get("/applications/<int:application_id>/opinion/scan")
@session.required
def opinion_scan(application_id: int):
    application = _mine(application_id)
    record = records.scan(application) if application is not None else None
    if record is None:
        return answer(404)
    return uploads.send(record)
