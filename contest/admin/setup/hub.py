"""The set-up area's front page: one card per section, in the order staff work through them."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template
from flask_babel import lazy_gettext as _l

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest


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
