"""评分规则: the settings editor page (the rules themselves are in contest.setup.rules)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin import bp
from contest.admin.setup import hub
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.live import realtime
from contest.models import AuditEntry, Contest
from contest.settings import merged
from contest.setup import rules, stale
from contest.setup.refusal import SetupRefused
from contest.transactions import atomic

# How each setting is named to staff on the report of a change.
LABELS = {
    "scoring.trim_each_end": _l("去掉最高分和最低分各几个"),
    "scoring.min_panel_for_trim": _l("开始去分的评委人数"),
    "scoring.decimals": _l("最后得分保留小数位数"),
    "scoring.tie_breaks": _l("并列名次的判定依据"),
    "recusal.same_recommending_unit": _l("评委回避本推荐单位推荐的班组"),
    "timer.talk_seconds": _l("发表时间"),
    "timer.qa_seconds": _l("答辩时间"),
    "timer.warning_seconds": _l("提前提醒"),
    "overtime.rule": _l("超时的处理方式"),
    "overtime.amount": _l("每次超时扣分"),
    "display.show_judge_names": _l("在大屏和观众页显示评委姓名"),
}
OVERTIME = {
    "none": _l("不扣分"),
    "flat": _l("超时即扣一次"),
    "per_started_minute": _l("每超时一分钟扣一次"),
}

hub.SECTIONS.append(
    hub.Section(
        "admin.setup_rules",
        _l("评分规则"),
        _l("去掉最高分和最低分、小数位数、并列名次、回避、计时和超时扣分"),
    )
)


@bp.route("/contests/<int:contest_id>/setup/rules", methods=["GET", "POST"])
@admin_required
def setup_rules(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    if request.method == "GET":
        return _page(contest, merged(contest.settings), report=_report(contest))
    form = request.form.to_dict()
    actor = f"staff:{current_user.id}"

    def change() -> rules.RulesSaved:
        current = db.session.get(Contest, contest_id)
        stale.refuse_if_changed(form.get("original"), shown_values(current), LABELS)
        settings = rules.parse_rules(contest=current, form=form)
        return rules.save_rules(
            current, settings=settings, reason=form.get("reason", ""), actor=actor
        )

    try:
        saved = atomic(change)
    except stale.StaleEdit as refused:  # the page shows what is there now
        flash(refused.message, "error")
        return _page(contest, merged(contest.settings), status=409)
    except SetupRefused as refused:
        flash(refused.message, "error")
        return _page(contest, merged(contest.settings), form=form, status=422)
    if not saved.changes:
        flash(_("没有改动"), "info")
        return redirect(url_for("admin.setup_rules", contest_id=contest_id))
    for venue_id in [v.id for v in contest.venues]:
        realtime.stage_changed(venue_id)
    flash(_("评分规则已保存，共修改 %(n)s 项", n=len(saved.changes)), "info")
    return redirect(url_for("admin.setup_rules", contest_id=contest_id, change=saved.audit_id))


def _report(contest: Contest) -> AuditEntry | None:
    """The settings change named in ?change=, to show what it did to the figures."""
    wanted = request.args.get("change", "")
    if not wanted.isdecimal():
        return None
    return db.session.scalar(
        sa.select(AuditEntry).where(
            AuditEntry.id == int(wanted),
            AuditEntry.contest_id == contest.id,
            AuditEntry.action == "contest.settings_changed",
        )
    )


def _shown(key: str, value: object, choices: dict[str, str]) -> str:
    """A stored setting in the words of the page."""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if key.startswith("timer."):
        return _("%(m)s 分 %(s)s 秒", m=int(value) // 60, s=int(value) % 60)
    if key == "overtime.rule":
        return str(OVERTIME.get(str(value), value))
    if key == "scoring.tie_breaks":
        return "；".join(choices.get(r, r) for r in value) or _("（不设，同分同名次）")
    return str(value)


def _change_rows(contest: Contest):
    choices = dict(rules.tie_break_choices(contest))

    def rows(changes: dict) -> list[tuple[str, str, str]]:
        return [
            (str(LABELS.get(key, key)), _shown(key, old, choices), _shown(key, new, choices))
            for key, (old, new) in changes.items()
        ]

    return rows


def shown_values(contest: Contest) -> dict:
    """The settings the page shows, by the names of LABELS (what a stale save is checked by)."""
    settings = merged(contest.settings)
    values = {}
    for key in LABELS:
        section, _sep, name = key.partition(".")
        values[key] = settings.get(section, {}).get(name)
    return values


def _page(contest: Contest, settings: dict, *, form=None, report=None, status: int = 200):
    original = (form or {}).get("original") or stale.encode(shown_values(contest))
    return (
        render_template(
            "admin/setup/rules.html",
            original=original,
            contest=contest,
            settings=settings,
            form=form,
            report=report,
            choices=rules.tie_break_choices(contest),
            slots=range(1, rules.TIE_BREAK_SLOTS + 1),
            needs_reason=rules.needs_reason(contest),
            change_rows=_change_rows(contest),
        ),
        status,
    )
