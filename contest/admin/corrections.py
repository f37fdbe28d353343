"""Corrections after scoring closes: a new version with a reason, who and when."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.admin import bp
from contest.admin.marks_form import (
    based_on,
    current_values,
    current_version,
    idempotency_key,
    posted_marks,
    submit_for,
)
from contest.auth.guards import clerk_allowed
from contest.day.submissions import ScoreRejected
from contest.extensions import db
from contest.live import realtime
from contest.models import Channel, Judge, Team


@bp.route("/teams/<int:team_id>/scores/<int:judge_id>/correct", methods=["GET", "POST"])
@clerk_allowed
def correct_score(team_id: int, judge_id: int):
    team = db.get_or_404(Team, team_id)
    judge = db.session.get(Judge, judge_id)
    if judge is None or judge.venue_id != team.venue_id:
        flash(_("该评委不在本分会场"), "error")
        return redirect(url_for("admin.team_page", team_id=team_id) + "#scores")
    items = list(team.contest.items)
    if request.method == "POST":
        marks = posted_marks(items)
        from contest.supervision.service import required

        if required(team.contest):  # the 监督 signs first; applied then
            return _ask_supervisor(team, judge, items, marks)
        try:
            accepted = submit_for(judge_id, team_id, items, Channel.CORRECTION)
        except ScoreRejected as rejected:
            flash(rejected.message, "error")
            if rejected.code == "stale_form":  # start again from the score there is now
                marks, total = current_values(team, judge)
                return _form(team, judge, items, marks, {"total": total}, 409)
            return _form(team, judge, items, marks, request.form, 422, based_on())
        realtime.stage_changed(team.venue_id)  # standings and a shown reveal may change
        flash(
            _(
                "已更正%(judge)s的分数：总分 %(total)s（第 %(version)s 次提交）",
                judge=judge.label,
                total=accepted.submission.total,
                version=accepted.submission.version,
            ),
            "info",
        )
        return redirect(url_for("admin.team_page", team_id=team_id) + "#scores")
    marks, total = current_values(team, judge)
    return _form(team, judge, items, marks, {"total": total})


def _ask_supervisor(team, judge, items, marks):
    from flask_login import current_user

    from contest.supervision.service import CosignRefused, request_correction
    from contest.transactions import atomic

    team_id, judge_id = team.id, judge.id
    actor = f"staff:{current_user.id}"
    try:
        atomic(
            lambda: request_correction(
                judge=db.session.get(Judge, judge_id),
                team=db.session.get(Team, team_id),
                marks=marks,
                total=request.form.get("total", ""),
                reason=request.form.get("reason", ""),
                actor=actor,
            )
        )
    except (ScoreRejected, CosignRefused) as refused:
        flash(refused.message, "error")
        return _form(team, judge, items, marks, request.form, 422, based_on())
    realtime.stage_changed(team.venue_id)
    flash(_("更正已提交监督签名确认：监督在手机上签名同意后生效"), "info")
    return redirect(url_for("admin.team_page", team_id=team_id) + "#scores")


def _form(team, judge, items, marks, values, status=200, version=None):
    return (
        render_template(
            "admin/correct_score.html",
            based_on=current_version(team, judge) if version is None else version,
            team=team,
            judge=judge,
            items=items,
            marks=marks,
            total=values.get("total", ""),
            reason=values.get("reason", ""),
            idempotency_key=idempotency_key(),
        ),
        status,
    )
