"""The team's pages: its applications, the form with drafts, the confirmation, the receipt."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.extensions import db
from contest.season import (
    applications,
    checklist,
    current,
    deadline,
    decisions,
    form12,
    formal,
    labels,
    notify,
    session,
    uploads,
)
from contest.season.accounts import SeasonRefused
from contest.season.later import later_stage
from contest.season.models import (
    Application,
    ApplicationStatus,
    Channel,
    Enterprise,
    Submission,
)
from contest.season.papers import scans
from contest.season.team import bp
from contest.server.errors import answer
from contest.transactions import atomic


def _page(template: str, status: int = 200, **values):
    application = values.get("application")
    returned = None
    if application is not None and application.status in (
        ApplicationStatus.RETURNED,
        ApplicationStatus.FORMAL_RETURNED,
    ):
        returned = decisions.latest(application)
    body = render_template(
        template,
        person=session.current(),
        deadline=deadline.banner(application),
        fields=form12.FIELDS,
        by_key=form12.BY_KEY,
        beijing=current.beijing,
        returned=returned,
        returned_lines=checklist.sentences(returned, checklist.TEAM),
        not_for_team=returned is not None
        and application.status is ApplicationStatus.FORMAL_RETURNED
        and checklist.TEAM not in formal.outstanding(application),
        kinds=uploads.KINDS,
        files=uploads.current_files(application) if application is not None else {},
        receipt=uploads.receipt,
        max_bytes=uploads.MAX_BYTES,
        scan_open=scans.scan_open(application) if application is not None else False,
        scan_check=scans.verdict(application, uploads.current_files(application).get("scan"))
        if application is not None and application.submissions
        else None,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


def _enterprises() -> list[Enterprise]:
    return [m.enterprise for m in session.memberships(Channel.TEAM) if m.enterprise is not None]


def _mine(application_id: int) -> Application | None:
    """The application, if the signed-in person owns it (else None: answered as not found)."""
    application = db.session.get(Application, application_id)
    person = session.current()
    if application is None or person is None or application.owner_id != person.id:
        return None
    return application


@bp.get("/")
@session.required
def home():
    person = session.current()
    mine = (
        db.session.query(Application).filter_by(owner_id=person.id).order_by(Application.id).all()
    )
    return _page(
        "apply/team/home.html",
        applications=mine,
        enterprises=_enterprises(),
        status_names=labels.FOR_TEAM,
        later=later_stage,
    )


@bp.post("/new")
@session.required
def new():
    chosen = request.form.get("enterprise", "")
    enterprise = next((e for e in _enterprises() if str(e.id) == chosen), None)
    season = current.season()
    if enterprise is None or season is None or enterprise.season_id != season.id:
        return answer(403, _("您没有为该单位申报的权限；请打开本单位发给您的邀请链接"))
    try:
        application = atomic(
            lambda: applications.create(
                season=season, enterprise=enterprise, person=session.current()
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("apply_team.home"))
    return redirect(url_for("apply_team.form", application_id=application.id))


@bp.get("/<int:application_id>")
@session.required
def form(application_id: int):
    application = _mine(application_id)
    if application is None:
        return answer(404)
    errors = form12.check(application.form, submitting=False).errors
    return _page(
        "apply/team/form.html",
        application=application,
        values=application.form,
        errors=errors,
        editable=applications.editable(application),
    )


@bp.post("/<int:application_id>")
@session.required
def save(application_id: int):
    application = _mine(application_id)
    if application is None:
        return answer(404)
    typed = {f.key: request.form.get(f.key, "") for f in form12.FIELDS}
    person = session.current()
    try:
        checked = atomic(
            lambda: applications.save_draft(application=application, typed=typed, person=person)
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("apply_team.form", application_id=application_id))
    if request.form.get("next") == "submit":
        full = form12.check(checked.values, submitting=True)
        if not full.ok:
            message = _(
                "还有 %(n)s 处需要填写或修改，已保存草稿；请按红色提示改正后再提交",
                n=len(full.errors),
            )
            return _page(
                "apply/team/form.html",
                422,
                application=application,
                values=checked.values,
                errors=full.errors,
                editable=True,
                error=message,
            )
        return redirect(url_for("apply_team.confirm", application_id=application_id))
    if checked.errors:
        flash(_("草稿已保存；还有 %(n)s 处需要修改（见红色提示）", n=len(checked.errors)), "info")
    else:
        flash(_("草稿已保存"), "success")
    return redirect(url_for("apply_team.form", application_id=application_id))


@bp.get("/<int:application_id>/submit")
@session.required
def confirm(application_id: int):
    application = _mine(application_id)
    if application is None:
        return answer(404)
    return _page("apply/team/confirm.html", application=application, values=application.form)


@bp.post("/<int:application_id>/submit")
@session.required
def submit(application_id: int):
    application = _mine(application_id)
    if application is None:
        return answer(404)
    person = session.current()
    try:
        done = atomic(lambda: applications.submit(application=application, person=person))
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("apply_team.form", application_id=application_id))
    notify.deliver()
    return redirect(
        url_for("apply_team.receipt", application_id=application_id, version=done.version)
    )


@bp.get("/<int:application_id>/receipt/<int:version>")
@session.required
def receipt(application_id: int, version: int):
    application = _mine(application_id)
    submission = None
    if application is not None:
        submission = (
            db.session.query(Submission)
            .filter_by(application_id=application.id, version=version)
            .one_or_none()
        )
    if submission is None:
        return answer(404)
    return _page("apply/team/receipt.html", application=application, submission=submission)


@bp.post("/<int:application_id>/files/<kind>")
@session.required
def upload(application_id: int, kind: str):
    application = _mine(application_id)
    if application is None or kind not in uploads.KINDS:
        return answer(404)
    person = session.current()
    sent = request.files.get("file")
    data = sent.read(uploads.MAX_BYTES + 1) if sent is not None else b""
    if len(data) > uploads.MAX_BYTES:
        flash(_("文件超过 8 MB；请压缩或降低扫描分辨率后重新上传"), "error")
        return redirect(url_for("apply_team.form", application_id=application_id) + "#files")
    try:
        allowed = kind == "scan" and scans.scan_open(application)
        if not (applications.editable(application) or allowed):
            raise SeasonRefused(_("申报表已提交或申报已截止，附件不能再更换"))
        done = atomic(
            lambda: uploads.upload(
                application=application,
                kind=kind,
                data=data,
                filename=sent.filename if sent is not None else "",
                person=person,
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
    else:
        flash(done.text(), "success")
        if kind == "scan" and application.submissions:  # before a 提交 there is no paper
            _scan_note(application)
    return redirect(url_for("apply_team.form", application_id=application_id) + "#files")


def _scan_note(application: Application) -> None:
    """What the scan's QR code said: matched, or a clear note (the scan is kept either way)."""
    found = scans.verdict(application, uploads.current_files(application).get("scan"))
    flash(*scans.note(found))


@bp.get("/<int:application_id>/files/<kind>")
@session.required
def download(application_id: int, kind: str):
    application = _mine(application_id)
    record = uploads.current_files(application).get(kind) if application is not None else None
    if record is None:
        return answer(404)
    return uploads.send(record)
