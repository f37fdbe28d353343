"""Open the season with its deadline; add 推荐单位, each with its invitation link."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import (
    accounts,
    current,
    deadline,
    notify,
    problems,
    registrations,
    reminders,
    seasons,
    units,
)
from contest.season.accounts import SeasonRefused
from contest.season.links import invitation_url
from contest.season.models import Application, Channel, Enterprise, Recommender
from contest.season.staff import answers, bp, fairness
from contest.server.errors import answer
from contest.transactions import atomic


def _actor() -> str:
    return f"staff:{current_user.id}"


def _staff_names() -> dict[str, str]:
    from contest.models import StaffUser

    return {
        f"staff:{user.id}": user.display_name or user.username
        for user in db.session.query(StaffUser).all()
    }


def _page(status: int = 200, **values):
    season = current.season()
    recommenders = []
    if season is not None:
        recommenders = (
            db.session.query(Recommender).filter_by(season_id=season.id).order_by(Recommender.id)
        ).all()
    counts = {
        r.id: (
            db.session.query(Enterprise).filter_by(recommender_id=r.id).count(),
            db.session.query(Application)
            .join(Enterprise)
            .filter(Enterprise.recommender_id == r.id)
            .count(),
        )
        for r in recommenders
    }
    body = render_template(
        "season_admin/index.html",
        season=season,
        deadline=current.state(season),
        recommenders=recommenders,
        counts=counts,
        kinds=units.KIND_LABELS,
        local=lambda moment: current.beijing(moment).replace(" ", "T"),
        extensions=deadline.extensions(season) if season is not None else [],
        problem_reports=problems.reports(season) if season is not None else [],
        beijing=current.beijing,
        staff_names=_staff_names(),
        pending_registrations=len(registrations.pending(season)) if season is not None else 0,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/")
@admin_required
def index():
    return _page()


@bp.post("/")
@admin_required
def save():
    form = request.form
    try:
        atomic(
            lambda: seasons.save_season(
                season=current.season(),
                year=form.get("year", ""),
                name=form.get("name", ""),
                opens=form.get("opens", ""),
                closes=form.get("closes", ""),
                actor=_actor(),
            )
        )
    except SeasonRefused as refused:
        return _page(422, error=refused.message, form=form)
    flash(_("已保存申报时间"), "success")
    return redirect(url_for("season_admin.index"))


@bp.post("/recommenders")
@admin_required
def add_recommender():
    season = current.season()
    if season is None:
        return answer(409, _("请先建立本年度申报"))
    form = request.form

    def work():
        unit = units.add_recommender(
            season=season, name=form.get("name", ""), kind=form.get("kind", ""), actor=_actor()
        )
        code = accounts.invite(
            season=season, channel=Channel.RECOMMENDER, recommender=unit, actor=_actor()
        )
        return unit, code

    try:
        unit, code = atomic(work)
    except SeasonRefused as refused:
        return _page(422, error=refused.message, unit_form=form)
    return _page(invited=(unit.name, invitation_url(code)))


@bp.post("/recommenders/<int:recommender_id>/invite")
@admin_required
def invite_recommender(recommender_id: int):
    unit = db.get_or_404(Recommender, recommender_id)
    code = atomic(
        lambda: accounts.invite(
            season=unit.season, channel=Channel.RECOMMENDER, recommender=unit, actor=_actor()
        )
    )
    return _page(invited=(unit.name, invitation_url(code)))


@bp.post("/extensions")
@admin_required
def grant_extension():
    season = current.season()
    if season is None:
        return answer(409, _("请先建立本年度申报"))
    form = request.form
    try:
        until = seasons.parse_beijing(form.get("until", ""), what=_("延期至"))
        extension = atomic(
            lambda: deadline.grant(
                season=season,
                number=form.get("number", ""),
                until=until,
                reason=form.get("reason", ""),
                actor=_actor(),
            )
        )
    except SeasonRefused as refused:
        return _page(422, error=refused.message, extension_form=form)
    flash(
        _(
            "已为 %(number)s 延期至 %(until)s（北京时间），已记入延期记录",
            number=extension.application.number,
            until=current.beijing(extension.until),
        ),
        "success",
    )
    return redirect(url_for("season_admin.index") + "#extensions")


@bp.get("/extensions.xlsx")
@admin_required
def extensions_workbook():
    season = current.season()
    if season is None:
        return answer(404)
    data = fairness.workbook(season, _staff_names())
    return answers.workbook(data, f"{season.year}年申报延期记录.xlsx")


@bp.post("/reminders")
@admin_required
def send_reminders():
    season = current.season()
    if season is None or not season.is_open(utcnow()):
        return answer(409, _("申报不在开放期间，无需发送截止提醒"))
    count = atomic(lambda: reminders.send(season=season, actor=_actor()))
    notify.deliver()
    flash(_("已向 %(n)s 人发送截止提醒（只发给还有待办事项的人）", n=count), "success")
    return redirect(url_for("season_admin.index"))
