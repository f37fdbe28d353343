"""The 公示 page and the published results (page and JSON) of a season, by year."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask import abort, jsonify, make_response, render_template

from contest.extensions import db
from contest.publicity import notice as notices
from contest.publicity import objections, publish, results
from contest.publicity.public import bp
from contest.season.models import Season


def season_of(year: int, *, as_json: bool = False) -> Season:
    """The season of `year`; else a 404 that says so (a page in Chinese, or JSON)."""
    season = db.session.scalar(sa.select(Season).where(Season.year == year))
    if season is None:
        message = f"{year}年度没有质量信得过班组评选的公示或结果"
        if as_json:
            abort(make_response(jsonify({"error": message}), 404))
        page = render_template("publicity/no_season.html", year=year, message=message)
        abort(make_response(page, 404))
    return season


@bp.route("/gongshi/<int:year>")
def notice_page(year: int):
    """The 公示: the proposed results (current version), the period and how to object."""
    season = season_of(year)
    notice = notices.of(season.id)
    if notice is None:
        return render_template("publicity/notice_none.html", season=season), 404
    listed = results.current(season.id)
    return render_template(
        "publicity/notice.html",
        season=season,
        notice=notice,
        period=notices.period(notice),
        listed=listed,
        rows=sorted(listed.rows, key=lambda r: (r["contest_id"], r["rank"])),
        max_mb=objections.MAX_BYTES // (1024 * 1024),
        form={},
    )


@bp.route("/jieguo/<int:year>")
def results_page(year: int):
    """The published results: every level and the national recommendations; citable."""
    season = season_of(year)
    listed = publish.published_list(season.id)
    if listed is None:
        return render_template("publicity/results_none.html", season=season), 404
    notice = notices.of(season.id)
    return render_template(
        "publicity/results.html",
        season=season,
        notice=notice,
        listed=listed,
        levels=publish.levels(listed.rows),
        national=[r for r in sorted(listed.rows, key=lambda r: r["rank"]) if r["national"]],
    )


@bp.route("/jieguo/<int:year>.json")
def results_json(year: int):
    season = season_of(year, as_json=True)
    listed = publish.published_list(season.id)
    if listed is None:
        return jsonify({"error": "本年度评选结果尚未正式发布"}), 404
    return jsonify(publish.standings_json(season, listed, notices.of(season.id)))


@bp.app_template_filter("publicity_day")
def publicity_day(day: date | None) -> str:
    """「2026年12月1日」, as notices write dates."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


@bp.app_template_filter("publicity_date")
def publicity_date(moment: datetime | None) -> str:
    """An instant as its day in Beijing, written as notices write dates."""
    from contest.publicity.calendar import today

    return publicity_day(today(moment)) if moment else ""
