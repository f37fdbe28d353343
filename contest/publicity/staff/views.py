"""The season's page: contests, the proposed list and its versions, the 公示, publication."""

from __future__ import annotations

import sqlalchemy as sa
from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import AwardGrade, Contest
from contest.publicity import calendar as cal
from contest.publicity import notice as notices
from contest.publicity import objections, publish, results
from contest.publicity.staff import bp
from contest.publicity.staff.common import act, parse_date, parse_int, staff_id
from contest.season import current
from contest.season.models import Season


@bp.route("/")
@admin_required
def index():
    """The newest season's page (the one being run), or a note that there is none."""
    season = current.season()
    if season is None:
        return render_template("publicity/staff_none.html")
    return redirect(url_for("publicity_staff.season_page", season_id=season.id))


def _page(season_id: int) -> str:
    return url_for("publicity_staff.season_page", season_id=season_id)


@bp.route("/<int:season_id>")
@admin_required
def season_page(season_id: int):
    season = db.get_or_404(Season, season_id)
    linked = results.linked_contests(season.id)
    taken = set(results.linked_ids(season.id))
    contests = db.session.scalars(sa.select(Contest).order_by(Contest.year.desc(), Contest.id))
    notice = notices.of(season.id)
    grades = sorted(
        set(
            db.session.scalars(
                sa.select(AwardGrade.name).where(AwardGrade.contest_id.in_([c.id for c in linked]))
            )
        )
    )
    return render_template(
        "publicity/staff_season.html",
        season=season,
        linked=linked,
        choices=[c for c in contests if c.id not in taken],
        versions=results.versions(season.id),
        latest=results.current(season.id),
        notice=notice,
        period=notices.period(notice) if notice else None,
        objections=objections.of_season(season.id),
        labels=objections.LABELS,
        blockers=publish.blockers(season.id) if notice else [],
        overrides=cal.overrides(),
        grades=grades,
        today=cal.today(),
        default_days=notices.DEFAULT_DAYS,
    )


@bp.post("/<int:season_id>/contests")
@admin_required
def link_contest(season_id: int):
    db.get_or_404(Season, season_id)

    def work() -> None:
        chosen = parse_int(request.form.get("contest_id", ""), _("比赛"))
        results.link(season_id=season_id, contest_id=chosen, staff_id=staff_id())

    return act(work, _("已将该发表赛列入本年度评选"), _page(season_id))


@bp.post("/<int:season_id>/contests/<int:contest_id>/remove")
@admin_required
def unlink_contest(season_id: int, contest_id: int):
    db.get_or_404(Season, season_id)

    def work() -> None:
        results.unlink(season_id=season_id, contest_id=contest_id, staff_id=staff_id())

    return act(work, _("已将该发表赛移出本年度评选"), _page(season_id))


@bp.post("/<int:season_id>/snapshot")
@admin_required
def snapshot(season_id: int):
    db.get_or_404(Season, season_id)

    def work() -> None:
        results.snapshot(season_id=season_id, staff_id=staff_id())

    return act(work, _("已生成拟公示名单（第 1 版，待公示）"), _page(season_id))


@bp.post("/<int:season_id>/open")
@admin_required
def open_notice(season_id: int):
    db.get_or_404(Season, season_id)

    def work() -> None:
        notices.open_notice(
            season_id=season_id,
            starts_on=parse_date(request.form.get("starts_on", "")),
            working_days=parse_int(request.form.get("working_days", ""), _("公示期")),
            contact=request.form.get("contact", ""),
            staff_id=staff_id(),
        )

    return act(work, _("公示已发布，公众可在公示页面查看并提出异议"), _page(season_id))


@bp.post("/<int:season_id>/revise")
@admin_required
def revise(season_id: int):
    db.get_or_404(Season, season_id)

    def work() -> None:
        results.revise(
            season_id=season_id,
            team_id=parse_int(request.form.get("team_id", ""), _("班组")),
            grade=request.form.get("grade", ""),
            national=request.form.get("national") == "1",
            reason=request.form.get("reason", ""),
            staff_id=staff_id(),
        )

    return act(work, _("复核调整已生成新版本名单，公示页面显示最新版本"), _page(season_id))


@bp.post("/<int:season_id>/publish")
@admin_required
def publish_results(season_id: int):
    db.get_or_404(Season, season_id)

    def work() -> None:
        publish.publish(season_id=season_id, staff_id=staff_id())

    return act(work, _("评选结果已正式发布，证书可打印并可在线验证"), _page(season_id))


@bp.post("/<int:season_id>/calendar")
@admin_required
def calendar_set(season_id: int):
    db.get_or_404(Season, season_id)

    def work() -> None:
        cal.set_override(
            day=parse_date(request.form.get("day", "")),
            workday=request.form.get("workday") == "1",
            note=request.form.get("note", ""),
            staff_id=staff_id(),
        )
        _recount(season_id)

    return act(work, _("已调整工作日历"), _page(season_id))


@bp.post("/<int:season_id>/calendar/<int:override_id>/remove")
@admin_required
def calendar_remove(season_id: int, override_id: int):
    db.get_or_404(Season, season_id)

    def work() -> None:
        cal.remove_override(override_id=override_id, staff_id=staff_id())
        db.session.flush()
        _recount(season_id)

    return act(work, _("已撤销该日期调整"), _page(season_id))


def _recount(season_id: int) -> None:
    notice = notices.of(season_id)
    if notice is not None:
        notices.recount(notice)
