"""Staff decide national candidates and award grades, then publish the results."""

from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.live import realtime
from contest.models import Contest, NationalSelection, TeamAward
from contest.ranking import results
from contest.settings import merged
from contest.setup import stale
from contest.transactions import atomic


@bp.route("/contests/<int:contest_id>/results")
@admin_required
def results_page(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    ranking = {r.team.id: r for r in results.standings.compute(contest)}
    decided = _by_team(NationalSelection, ranking)
    page = render_template(
        "admin/results.html",
        contest=contest,
        ranking=list(ranking.values()),
        rules=results.national_rules(contest),
        national=results.propose_national(contest),
        grades=results.grades_of(contest),
        grade_proposal=results.propose_grades(contest),
        decided=decided,
        national_count=sum(1 for row in decided.values() if row.selected),
        awards=_by_team(TeamAward, ranking),
        original_rules=stale.encode(_rules_shown(contest)),
        original_grades=stale.encode(_grades_shown(contest)),
    )
    db.session.commit()
    return page


# What the two settings forms show, as a person names it when told someone changed it.
RULE_FIELDS = {
    "quota": _l("名额"),
    "per_enterprise": _l("每个企业最多"),
    "per_unit": _l("每个推荐单位最多"),
}
GRADE_FIELDS = {"grades": _l("奖项设置")}


def _rules_shown(contest: Contest) -> dict:
    rules = results.national_rules(contest)
    return {key: rules.get(key) for key in RULE_FIELDS}


def _grades_shown(contest: Contest) -> dict:
    lines = [
        f"{g.name} {g.count}" if g.count is not None else f"{g.name} >={g.threshold}"
        for g in results.grades_of(contest)
    ]
    return {"grades": "、".join(lines)}


@bp.app_template_filter("decided_by")
def decided_by_filter(decided_by: str) -> str:
    """「决定依据」 in words on staff pages."""
    from contest.ranking.rank_labels import decided_by_label

    return decided_by_label(decided_by=decided_by)


def _by_team(model, team_ids) -> dict:
    rows = db.session.scalars(sa.select(model).where(model.team_id.in_(list(team_ids))))
    return {row.team_id: row for row in rows}


def _act(contest_id: int, work, done: str):
    staff = current_user._get_current_object()
    try:
        atomic(lambda: work(db.get_or_404(Contest, contest_id), staff))
    except (results.ResultsRefused, stale.StaleEdit) as refused:
        flash(refused.message, "error")
    else:
        flash(done, "info")
        for venue_id in [v.id for v in db.session.get(Contest, contest_id).venues]:
            realtime.stage_changed(venue_id)
    return redirect(url_for("admin.results_page", contest_id=contest_id))


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


@bp.post("/contests/<int:contest_id>/results/national-rules")
@admin_required
def national_rules(contest_id: int):
    quota = _int_or_none(request.form.get("quota", ""))
    if quota is None or quota < 1:
        flash(_("推荐名额须为正整数"), "error")
        return redirect(url_for("admin.results_page", contest_id=contest_id))
    rules = {
        "quota": quota,
        "per_enterprise": _int_or_none(request.form.get("per_enterprise", "")),
        "per_unit": _int_or_none(request.form.get("per_unit", "")),
    }

    original = request.form.get("original")

    def work(contest, staff):
        stale.refuse_if_changed(original, _rules_shown(contest), RULE_FIELDS)
        settings = copy.deepcopy(merged(contest.settings))
        settings["national"] = rules
        contest.settings = settings
        results._audit(contest, "results.national_rules_set", staff, **rules)

    return _act(contest_id, work, _("已保存推荐规则"))


@bp.post("/contests/<int:contest_id>/results/national/confirm")
@admin_required
def national_confirm(contest_id: int):
    return _act(contest_id, results.confirm_national, _("已按建议确认推荐国家级名单"))


@bp.post("/contests/<int:contest_id>/results/national/<int:team_id>")
@admin_required
def national_override(contest_id: int, team_id: int):
    selected = request.form.get("selected") == "1"
    reason = request.form.get("reason", "")
    return _act(
        contest_id,
        lambda c, s: results.override_national(c, team_id, selected, reason, s),
        _("已调整推荐名单"),
    )


def _parse_grades(text: str) -> list[tuple[str, int | None, Decimal | None]]:
    """Lines like 「一等奖 3」 (a count) or 「标杆级 >=92」 (a threshold)."""
    rows = []
    for line in text.replace("，", ",").splitlines():
        parts = line.replace(",", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            raise results.ResultsRefused(_("每行写一个奖项：名称 名额，或 名称 >=分数线"))
        name, rule = parts
        try:
            if rule.startswith(">="):
                rows.append((name, None, Decimal(rule[2:])))
            else:
                rows.append((name, int(rule), None))
        except (ValueError, InvalidOperation):
            raise results.ResultsRefused(_("无法识别「%(rule)s」", rule=rule)) from None
    return rows


@bp.post("/contests/<int:contest_id>/results/grades")
@admin_required
def grades_set(contest_id: int):
    text, original = request.form.get("grades", ""), request.form.get("original")

    def work(contest, staff):
        stale.refuse_if_changed(original, _grades_shown(contest), GRADE_FIELDS)
        results.set_grades(contest, _parse_grades(text), staff)

    return _act(contest_id, work, _("已保存奖项设置"))


@bp.post("/contests/<int:contest_id>/results/grades/confirm")
@admin_required
def grades_confirm(contest_id: int):
    return _act(contest_id, results.confirm_grades, _("已按建议确认奖项"))


@bp.post("/contests/<int:contest_id>/results/grades/<int:team_id>")
@admin_required
def grade_override(contest_id: int, team_id: int):
    grade_id = _int_or_none(request.form.get("grade_id", ""))
    reason = request.form.get("reason", "")
    return _act(
        contest_id,
        lambda c, s: results.override_grade(c, team_id, grade_id, reason, s),
        _("已调整奖项"),
    )


@bp.post("/contests/<int:contest_id>/results/publish")
@admin_required
def results_publish(contest_id: int):
    published = request.form.get("published") == "1"
    return _act(
        contest_id,
        lambda c, s: results.set_published(c, published, s),
        _("获奖名单已发布，大屏可切换到「获奖结果」") if published else _("已撤回发布"),
    )
