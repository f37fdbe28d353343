"""The set-up area's front page: one card per section, in the order staff work through them."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest
from contest.transactions import atomic


@dataclass(frozen=True)
class Section:
    endpoint: str  # takes contest_id
    title: str
    what: str  # one line, plain Chinese: what staff do there
    values: dict[str, str] = field(default_factory=dict, compare=False)  # more URL values


# Each set-up module appends its section here.
SECTIONS: list[Section] = [
    Section(
        "admin.import_file",
        _l("导入班组"),
        _l("下载推荐表（附件2-3）模板，上传各推荐单位填好的表格，预览后确认导入，可整批撤销"),
        {"kind": "teams"},
    ),
    Section(
        "admin.import_file",
        _l("导入评委"),
        _l("下载评委名单模板，上传后预览、确认导入；回避单位一栏自动生成回避"),
        {"kind": "judges"},
    ),
]
# The order a season's set-up follows; a card not listed here goes before 删除比赛.
ORDER = (
    "admin.contest_basic",
    "admin.setup_venues",
    "admin.setup_sheet",
    "admin.setup_rules",
    "admin.accounts",
    "admin.import_file",
    "admin.setup_teams",
    "admin.setup_judges",
    "admin.setup_recusals",
    # The signed contest's cards in the order of the day: before the first score, before
    # each reveal, whenever a change is made, at the venue's end, after the results.
    "pledge.staff",
    "countersign.settings",
    "supervision.settings",
    "signing.settings",
    "appeals.staff",
    "admin.contest_delete",
)


def ordered() -> list[Section]:
    """The cards in the order of ORDER (stable among cards of one endpoint)."""
    last = ORDER.index("admin.contest_delete")
    return sorted(
        SECTIONS, key=lambda s: ORDER.index(s.endpoint) if s.endpoint in ORDER else last - 0.5
    )


@bp.get("/contests/<int:contest_id>/setup")
@admin_required
def setup_hub(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    return render_template("admin/setup/hub.html", contest=contest, sections=ordered())


def save_switch_and_timing(contest_id: int, save, *, default_when: str, endpoint: str):
    """POST of a section page's form of 启用 and 时机 (评委签名, 评委组长签名确认): save through
    `save(contest, enabled=, when=, actor=)`, say 已保存 / 没有改动, and return to the page."""
    enabled = request.form.get("enabled") == "1"
    when = request.form.get("when", default_when)
    actor = f"staff:{current_user.id}"
    changed = atomic(
        lambda: save(db.session.get(Contest, contest_id), enabled=enabled, when=when, actor=actor)
    )
    flash(_("已保存") if changed else _("没有改动"), "success" if changed else "info")
    return redirect(url_for(endpoint, contest_id=contest_id))
