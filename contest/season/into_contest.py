"""生成发表赛班组: the applications that passed 形式审查 become the contest's teams, in one step.

Names come from the 提交 that passed, exactly: 企业名称 as the enterprise's 公章 read then,
班组名称 as the team typed it; the 推荐单位 by its name (created in the contest if new).
All or nothing: one application the contest refuses (the same names twice, say) stops the
step with its number and reason, and nothing is written.
"""

from __future__ import annotations

from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models import Contest, StaffUser, Team
from contest.season import form12
from contest.season.accounts import SeasonRefused
from contest.season.models import Application, ApplicationStatus, Season
from contest.setup.teams import create_team
from contest.teams import EditRefused


def candidates(season: Season) -> list[Application]:
    """Applications that passed 形式审查 and are not yet a team of a contest."""
    rows = (
        db.session.query(Application)
        .filter_by(season_id=season.id, status=ApplicationStatus.ACCEPTED)
        .order_by(Application.number)
        .all()
    )
    return [a for a in rows if a.contest_team_id is None or _gone(a.contest_team_id)]


def _members(form: dict[str, str]) -> int | None:
    """班组人数 as checked at 提交 (typed maybe as １２): a whole number."""
    number = form12.number(form, "member_count")
    return int(number) if number is not None else None


def _gone(team_id: int) -> bool:
    return db.session.get(Team, team_id) is None  # its contest was removed since


def create_teams(
    *,
    season: Season,
    contest: Contest,
    venue_id: int,
    application_ids: list[int],
    staff: StaffUser,
) -> list[Team]:
    """One team per chosen application, at the end of the venue's running order."""
    ready = {a.id: a for a in candidates(season)}
    chosen = [ready[i] for i in application_ids if i in ready]
    if not chosen:
        raise SeasonRefused(_("请勾选要生成班组的申报表（只能选择已通过形式审查、尚未生成的）"))
    teams = []
    for application in chosen:
        submission = application.submissions[-1]
        try:
            team = create_team(
                contest=contest,
                company_name=submission.company_name,
                team_name=submission.form["team_name"],
                member_count=_members(submission.form),
                mode="in_hall",
                venue_id=venue_id,
                unit_name=application.enterprise.recommender.name,
                staff=staff,
            )
        except EditRefused as refused:
            raise SeasonRefused(
                _(
                    "申报表 %(n)s 未能生成班组：%(why)s；本次未生成任何班组",
                    n=application.number,
                    why=refused.message,
                )
            ) from None
        application.contest_team_id = team.id
        teams.append(team)
    audit.record(
        "season.teams_created",
        actor=f"staff:{staff.id}",
        subject=f"season:{season.id}",
        data={"contest": contest.name, "applications": [a.number for a in chosen]},
        contest_id=contest.id,
    )
    return teams
