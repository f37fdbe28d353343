"""Staff print certificates: numbers, the template, a preview, one team's PDF or a batch."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from contest import audit, certificates, offload
from contest.admin import bp
from contest.auth.guards import admin_only, admin_required
from contest.certificates import numbering, template
from contest.certificates.render import (
    Certificate,
    CertificateTooLong,
    certificate_font,
    certificates_for,
    render_pdf,
)
from contest.certificates.reprint import printed_state
from contest.certificates.verify import verify_url
from contest.extensions import db
from contest.fonts import MissingFontError
from contest.models import Contest, TeamAward
from contest.publicity import gate
from contest.setup import stale
from contest.transactions import atomic


def _actor() -> str:
    return f"staff:{current_user.id}"


def _folder() -> Path:
    return Path(current_app.instance_path) / "certificates"


def _attachment(filename: str, fallback: str, *, inline: bool = False) -> str:
    # Characters that are not allowed in a file name on some system become "_".
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


def _pdf(data: bytes, filename: str, fallback: str, *, inline: bool = False) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = _attachment(filename, fallback, inline=inline)
    response.headers["Cache-Control"] = "no-store"
    return response


def _unprintable(error: Exception):
    """No Chinese font (503: the server needs fixing) or text that cannot fit (400)."""
    status = 503 if isinstance(error, MissingFontError) else 400
    return render_template("error.html", status=status, message=str(error)), status


def _number_missing(contest_id: int) -> list[str]:
    """Give every awarded team without a number its number; commits."""

    def work() -> list[str]:
        contest = db.get_or_404(Contest, contest_id)
        return [a.certificate_no or "" for a in numbering.assign_numbers(contest, actor=_actor())]

    return atomic(work)


def _certs(contest: Contest, awards: list[TeamAward]):
    return certificates_for(contest, awards, url_for_number=verify_url)


@bp.route("/contests/<int:contest_id>/certificates")
@admin_required
def certificates_page(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    running = None
    if request.args.get("job"):
        running = certificates.job(request.args["job"], contest.id)
    awarded = numbering.awarded(contest)
    return render_template(
        "admin/certificates.html",
        contest=contest,
        awards=_certs(contest, awarded),
        printed=printed_state(awards=awarded),
        values=template.settings_of(contest),
        original=stale.encode(_template_shown(template.settings_of(contest))),
        date=template.effective_date(template.settings_of(contest)),
        placeholders=template.PLACEHOLDERS,
        national_suggestion=template.NATIONAL_SUGGESTION,
        job=running,
        job_token=request.args.get("job", ""),
        held=gate.refusal(contest.id),  # a season's contest: printing waits for publication
    )


def _template_shown(values: dict) -> dict:
    """What the template form shows (what a stale save is checked against)."""
    return {key: values.get(key, "") for key in template.DEFAULTS}


@bp.post("/contests/<int:contest_id>/certificates/template")
@admin_required
def certificate_template(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    current = template.settings_of(contest)
    labels = {**template.LABELS, "national_line": _("推荐国家级加印"), "background": _("背景图")}
    original = request.form.get("original")
    try:
        stale.refuse_if_changed(original, _template_shown(current), labels)
        values = template.validate(request.form)
        values["background"] = current["background"]
        upload = request.files.get("background")
        if upload is not None and upload.filename:
            values["background"] = template.save_background(
                _folder(), upload.read(), old=current["background"]
            )
        elif request.form.get("remove_background") == "1":
            template.remove_background(_folder(), current["background"])
            values["background"] = ""
    except template.TemplateError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.certificates_page", contest_id=contest_id))
    except stale.StaleEdit as refused:  # the page shows what is there now
        flash(refused.message, "error")
        return redirect(url_for("admin.certificates_page", contest_id=contest_id) + "#template")

    def work() -> None:
        fresh = db.get_or_404(Contest, contest_id)
        changed = template.store(fresh, values)
        if changed:
            audit.record(
                "certificate.template_changed",
                actor=_actor(),
                subject=f"contest:{contest_id}",
                data=changed,
                contest_id=contest_id,
            )

    atomic(work)
    flash(_("证书模板已保存"), "success")
    return redirect(url_for("admin.certificates_page", contest_id=contest_id))


@bp.route("/contests/<int:contest_id>/certificates/preview.pdf", methods=["GET", "POST"])
@admin_required
def certificate_preview(contest_id: int):
    """One page as it will print: the saved template (GET) or the form's unsaved values."""
    contest = db.get_or_404(Contest, contest_id)
    values = template.settings_of(contest)
    if request.method == "POST":
        try:
            # The saved background and the contest's month stay; the form has neither.
            values = {**values, **template.validate(request.form)}
        except template.TemplateError as error:
            return render_template("error.html", status=400, message=str(error)), 400
    awards = numbering.awarded(contest)
    wanted = request.args.get("team", type=int)
    chosen = [a for a in awards if a.team_id == wanted] or awards[:1]
    sample = Certificate(
        team_id=0,
        number="",
        company=_("（企业名称）"),
        team=_("（班组名称）"),
        grade=_("一等奖"),
        contest=contest.name,
        year=contest.year,
        national=False,
        verify_url="",
    )
    certs = _certs(contest, chosen) or [sample]
    try:
        pdf = offload.in_process(render_pdf, certs[:1], values, app_context=True)
    except (MissingFontError, CertificateTooLong) as error:
        return _unprintable(error)
    return _pdf(pdf, _("证书预览") + ".pdf", "preview.pdf", inline=True)


@bp.post("/contests/<int:contest_id>/certificates/numbers")
@admin_required
def certificate_numbers(contest_id: int):
    given = _number_missing(contest_id)
    if given:
        message = _(
            "已为 %(count)s 个班组分配证书编号，从 %(first)s 起", count=len(given), first=given[0]
        )
        flash(message, "success")
    else:
        flash(_("所有获奖班组都已有证书编号"), "info")
    return redirect(url_for("admin.certificates_page", contest_id=contest_id))


@bp.route("/contests/<int:contest_id>/certificates/teams/<int:team_id>.pdf")
@admin_only  # printing assigns the certificate's number: a change the 监督 may not make
def certificate_team_pdf(contest_id: int, team_id: int):
    contest = db.get_or_404(Contest, contest_id)
    award = db.session.get(TeamAward, team_id)
    if award is None or award.team.contest_id != contest.id:
        abort(404)
    held = gate.refusal(contest.id)
    if held:  # a season's contest prints only after the season's results are published
        return render_template("error.html", status=409, message=held), 409
    _number_missing(contest_id)  # a printed certificate always carries its number
    award = db.session.get(TeamAward, team_id)
    cert = _certs(contest, [award])[0]
    values = template.settings_of(contest)
    try:
        pdf = offload.in_process(render_pdf, [cert], values, app_context=True)
    except (MissingFontError, CertificateTooLong) as error:
        return _unprintable(error)
    atomic(lambda: certificates.record_printed(contest.id, [cert], actor=_actor()))
    name = f"{values['title']}-{cert.number}-{cert.company}{cert.team}.pdf"
    return _pdf(pdf, name, "certificate.pdf")


@bp.post("/contests/<int:contest_id>/certificates/batch")
@admin_required
def certificate_batch(contest_id: int):
    held = gate.refusal(contest_id)
    if held:
        flash(held, "error")
        return redirect(url_for("admin.certificates_page", contest_id=contest_id))
    try:
        certificate_font()  # refuse at once, not inside the background job
    except MissingFontError as error:
        return _unprintable(error)
    _number_missing(contest_id)
    contest = db.get_or_404(Contest, contest_id)
    certs = _certs(contest, numbering.awarded(contest))
    if not certs:
        flash(_("还没有获奖班组：请先在“获奖与推荐”中确定奖项"), "error")
        return redirect(url_for("admin.certificates_page", contest_id=contest_id))
    values = template.settings_of(contest)
    started = certificates.start_batch(
        current_app._get_current_object(),  # type: ignore[attr-defined]
        contest.id,
        certs,
        values,
        filename=f"{values['title']}-{contest.name}.pdf",
        actor=_actor(),
    )
    return redirect(url_for("admin.certificates_page", contest_id=contest_id, job=started.token))


@bp.route("/contests/<int:contest_id>/certificates/job/<token>")
@admin_required
def certificate_job(contest_id: int, token: str):
    found = certificates.job(token, contest_id)
    if found is None:
        abort(404)
    return jsonify(found.as_json())


@bp.route("/contests/<int:contest_id>/certificates/job/<token>/download")
@admin_required
def certificate_job_pdf(contest_id: int, token: str):
    found = certificates.job(token, contest_id)
    if found is None or not found.ready or not found.path.is_file():
        abort(404)
    response = send_file(found.path, mimetype="application/pdf", max_age=0)
    response.headers["Content-Disposition"] = _attachment(found.filename, "certificates.pdf")
    response.headers["Cache-Control"] = "no-store"
    return response
