"""What became of an application after 形式审查, said on the team's own home page: 入围发表赛
once it is a team of the contest, then its published result (grade, 推荐国家级)."""

from __future__ import annotations

from flask_babel import gettext as _

from contest.season.models import Application


def later_stage(application: Application) -> str:
    """One line for the team, or "" when nothing has happened since 形式审查."""
    if application.contest_team_id is None:
        return ""
    from contest.publicity import publish

    listed = publish.published_list(application.season_id)
    row = None
    if listed is not None:
        row = next((r for r in listed.rows if r["team_id"] == application.contest_team_id), None)
    if row is None:
        return _("已入围发表赛")
    parts = [_("获%(grade)s", grade=row["grade"])] if row.get("grade") else []
    if row.get("national"):
        parts.append(_("推荐参加全国评选"))
    return _("评选结果：%(what)s", what="，".join(parts) or _("已发布"))
