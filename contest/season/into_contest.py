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
from contest.models import Contest, Judge, StaffUser, Team
from contest.season import form12
from contest.season.accounts import SeasonRefused
from contest.season.models import Application, ApplicationStatus, Recommender, Season, UnitJudge
from contest.setup.judges import create_judge
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


def waiting_judges(season: Season) -> list[UnitJudge]:
    """The 推荐单位 judges not yet a judge of a contest (one row per person: by TGQ number)."""
    rows = (
        db.session.query(UnitJudge)
        .join(Recommender, UnitJudge.recommender_id == Recommender.id)
        .filter(Recommender.season_id == season.id)
        .order_by(UnitJudge.id)
        .all()
    )
    seen: dict[str, UnitJudge] = {}
    for row in rows:
        if row.contest_judge_id is not None and db.session.get(Judge, row.contest_judge_id):
            seen.setdefault(row.certificate_no, None)  # imported already: the person is done
            continue
        seen.setdefault(row.certificate_no, row)
    return [row for row in seen.values() if row is not None]


def import_judges(
    *, season: Season, contest: Contest, venue_id: int, staff: StaffUser
) -> list[Judge]:
    """The waiting judges become the venue's judges, with their 工作单位 for automatic 回避
    and their 推荐单位; all or nothing."""
    waiting = waiting_judges(season)
    if not waiting:
        raise SeasonRefused(_("没有待导入的推荐单位评委"))
    made = []
    for row in waiting:
        try:
            judge = create_judge(
                contest=contest,
                venue_id=venue_id,
                name=row.name,
                employer=row.employer,
                certificate_no=row.certificate_no,
                phone=row.mobile,
                unit_name=row.recommender.name,
                is_chair=False,
                staff=staff,
            )
        except EditRefused as refused:
            raise SeasonRefused(
                _(
                    "评委 %(name)s 未能导入：%(why)s；本次未导入任何评委",
                    name=row.name,
                    why=refused.message,
                )
            ) from None
        for same in (
            db.session.query(UnitJudge)
            .join(Recommender, UnitJudge.recommender_id == Recommender.id)
            .filter(
                Recommender.season_id == season.id, UnitJudge.certificate_no == row.certificate_no
            )
        ):
            same.contest_judge_id = judge.id
        made.append(judge)
    audit.record(
        "season.judges_imported",
        actor=f"staff:{staff.id}",
        subject=f"season:{season.id}",
        data={"contest": contest.name, "judges": [j.name for j in made]},
        contest_id=contest.id,
    )
    return made
