"""形式审查 workbench: the dashboard per 推荐单位, one application with its checklist, and the
decision (通过 / 退回修改 with a window / 不予受理)."""

from __future__ import annotations

from collections import Counter

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, StaffUser
from contest.season import (
    checklist,
    current,
    decisions,
    form12,
    formal,
    into_contest,
    labels,
    notify,
    seasons,
    unit_status,
    uploads,
)
from contest.season.accounts import SeasonRefused
from contest.season.models import Application, ApplicationStatus, Decision, Recommender
from contest.season.opinion import records
from contest.season.papers import scans
from contest.season.staff import answers, bp, report, report_pdf
from contest.server.errors import answer
from contest.transactions import atomic


def _applications(season) -> list[Application]:
    return (
        db.session.query(Application)
        .filter_by(season_id=season.id)
        .order_by(Application.number)
        .all()
    )


@bp.get("/review")
@admin_required
def review():
    season = current.season()
    if season is None:
        return redirect(url_for("season_admin.index"))
    applications = _applications(season)
    recommenders = db.session.query(Recommender).filter_by(season_id=season.id).all()
    by_unit = {
        unit.id: Counter(a.status for a in applications if a.enterprise.recommender_id == unit.id)
        for unit in recommenders
    }
    contests = db.session.query(Contest).order_by(Contest.id).all()
    body = render_template(
        "season_admin/review.html",
        season=season,
        applications=applications,
        ready=into_contest.candidates(season),
        waiting_judges=into_contest.waiting_judges(season),
        contests=contests,
        recommenders=recommenders,
        by_unit=by_unit,
        unit_forms={unit.id: unit_status.lines(unit) for unit in recommenders},
        names=labels.FOR_STAFF,
        S=ApplicationStatus,
        scan_checks={
            a.id: scans.verdict(a, uploads.current_files(a).get("scan"))
            for a in applications
            if a.submissions
        },
    )
    return body, 200, {"Cache-Control": "no-store"}


def _detail(application: Application, status: int = 200, **values):
    submissions = application.submissions
    changed = []
    if len(submissions) >= 2:
        changed = decisions.changes(submissions[-2].form, submissions[-1].form)
    history = (
        db.session.query(Decision)
        .filter_by(application_id=application.id)
        .order_by(Decision.id)
        .all()
    )
    body = render_template(
        "season_admin/application.html",
        application=application,
        submission=submissions[-1] if submissions else None,
        changed=changed,
        history=history,
        staff_names={u.id: u.display_name or u.username for u in db.session.query(StaffUser)},
        fields=form12.FIELDS,
        kinds=uploads.KINDS,
        checklist=checklist.lines(application),
        groups=checklist.GROUPS,
        item_labels=checklist.labels,
        waiting=[
            str(checklist.GROUPS[g])
            for g in checklist.GROUPS
            if g in formal.outstanding(application)
        ],
        names=labels.FOR_STAFF,
        pending=application.status is ApplicationStatus.RECOMMENDED,
        scan=uploads.current_files(application).get("scan"),
        scan_check=scans.verdict(application, uploads.current_files(application).get("scan")),
        beijing=current.beijing,
        **_opinion(application),
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


def _opinion(application: Application) -> dict:
    """The enterprise's 评分与推荐意见 and sealed scan, for the read-only section."""
    latest = records.latest(application)
    row = records.draft(application)
    scan = records.scan(application)
    return {
        "opinion_scan_record": scan,
        "opinion_check": scans.verdict(application, scan, scans.OPINION),
        "opinion_latest": latest,
        "opinion_rows": records.rows(application, latest) if latest is not None else [],
        "opinion_scan": records.scan_receipt(application),
        "opinion_scan_version": row.scan_version if row is not None else None,
    }


@bp.get("/applications/<int:application_id>")
@admin_required
def application(application_id: int):
    found = db.get_or_404(Application, application_id)
    if not found.submissions:
        return answer(404)
    return _detail(found)


@bp.post("/applications/<int:application_id>")
@admin_required
def formal_decide(application_id: int):
    found = db.get_or_404(Application, application_id)
    form = request.form
    staff = db.session.get(StaffUser, current_user.id)
    try:
        window = None
        if form.get("outcome") == "returned" and form.get("until"):
            window = seasons.parse_beijing(form.get("until", ""), what=_("修改期限"))
        atomic(
            lambda: formal.decide(
                application=found,
                staff=staff,
                outcome=form.get("outcome", ""),
                reasons=form.getlist("reason"),
                note=form.get("note", ""),
                window_until=window,
            )
        )
    except SeasonRefused as refused:
        return _detail(found, 422, error=refused.message, form=form)
    notify.deliver()
    flash(
        _("%(number)s：%(state)s", number=found.number, state=labels.FOR_STAFF[found.status]),
        "success",
    )
    return redirect(url_for("season_admin.review"))


@bp.get("/applications/<int:application_id>/files/<kind>")
@admin_required
def application_file(application_id: int, kind: str):
    found = db.get_or_404(Application, application_id)
    record = uploads.current_files(found).get(kind)
    if record is None:
        return answer(404)
    return uploads.send(record)


@bp.get("/applications/<int:application_id>/opinion-scan")
@admin_required
def opinion_scan(application_id: int):
    found = db.get_or_404(Application, application_id)
    record = records.scan(found)
    if record is None:
        return answer(404)
    return uploads.send(record)


@bp.post("/into-contest")
@admin_required
def into_contest_teams():
    season = current.season()
    if season is None:
        return answer(409, _("请先建立本年度申报"))
    form = request.form
    venue = answers.chosen_venue(form.get("venue", ""))
    if venue is None:
        flash(_("请选择比赛和分会场"), "error")
        return redirect(url_for("season_admin.review") + "#into-contest")
    chosen = [int(v) for v in form.getlist("application") if v.isdigit()]
    staff = db.session.get(StaffUser, current_user.id)
    try:
        teams = atomic(
            lambda: into_contest.create_teams(
                season=season,
                contest=venue.contest,
                venue_id=venue.id,
                application_ids=chosen,
                staff=staff,
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("season_admin.review") + "#into-contest")
    flash(
        _(
            "已在「%(contest)s」%(venue)s生成 %(n)s 个班组，名称与申报表一致",
            contest=venue.contest.name,
            venue=venue.name,
            n=len(teams),
        ),
        "success",
    )
    return redirect(url_for("admin.contest", contest_id=venue.contest_id))


@bp.get("/formal-report.xlsx")
@admin_required
def formal_report():
    season = current.season()
    if season is None:
        return answer(404)
    return answers.workbook(report.workbook(season), f"{season.year}年形式审查报告.xlsx")


@bp.get("/formal-report.pdf")
@admin_required
def formal_report_pdf():
    season = current.season()
    if season is None:
        return answer(404)
    return _report_pdf(report_pdf.facts(season), f"{season.year}年形式审查报告.pdf")


@bp.get("/recommenders/<int:recommender_id>/formal-report.pdf")
@admin_required
def unit_formal_report_pdf(recommender_id: int):
    season = current.season()
    unit = db.session.get(Recommender, recommender_id)
    if season is None or unit is None or unit.season_id != season.id:
        return answer(404)
    name = f"{season.year}年形式审查报告（{unit.name}）.pdf"
    return _report_pdf(report_pdf.facts(season, unit), name)


def _report_pdf(values: dict, name: str):
    from urllib.parse import quote

    from flask import Response

    from contest import offload
    from contest.fonts import MissingFontError

    try:
        data = offload.in_process(report_pdf.render, values, app_context=True, timeout=120)
    except MissingFontError as error:
        return answer(503, str(error))
    except offload.OffloadError:
        return answer(503, _("生成文件超时，请稍后重试"))
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/into-contest/judges")
@admin_required
def import_unit_judges():
    season = current.season()
    if season is None:
        return answer(409, _("请先建立本年度申报"))
    form = request.form
    venue = answers.chosen_venue(form.get("venue", ""))
    if venue is None:
        flash(_("请选择比赛和分会场"), "error")
        return redirect(url_for("season_admin.review") + "#judges-into-contest")
    staff = db.session.get(StaffUser, current_user.id)
    try:
        judges = atomic(
            lambda: into_contest.import_judges(
                season=season, contest=venue.contest, venue_id=venue.id, staff=staff
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("season_admin.review") + "#judges-into-contest")
    flash(
        _(
            "已将 %(n)s 位推荐单位评委导入「%(contest)s」%(venue)s，按工作单位自动回避",
            n=len(judges),
            contest=venue.contest.name,
            venue=venue.name,
        ),
        "success",
    )
    return redirect(url_for("admin.judges", contest_id=venue.contest_id))
