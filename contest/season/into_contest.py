"""生成发表赛班组: the applications that passed 形式审查 become the contest's teams, in one step.

Names come from the 提交 that passed, exactly: 企业名称 as the enterprise's 公章 read then,
班组名称 as the team typed it; the 推荐单位 by its name (created in the contest if new).
All or nothing: one application the contest refuses (the same names twice, say) stops the
step with its number and reason, and nothing is written.
"""

from __future__ import annotations

import contextlib

from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models import Contest, Judge, StaffUser, Team
from contest.roster.teams import EditRefused
from contest.season import form12
from contest.season.accounts import SeasonRefused
from contest.season.models import (
    Application,
    ApplicationStatus,
    Recommender,
    Season,
    UnitJudge,
    UnitKind,
)
from contest.setup.judges import create_judge
from contest.setup.teams import create_team


def candidates(season: Season) -> list[Application]:
    """Applications that passed 形式审查 and are not yet a team of a contest; once 材料文审
    has a confirmed shortlist, only those on it."""
    from contest.review.shortlist import confirmed_ids

    rows = (
        db.session.query(Application)
        .filter_by(season_id=season.id, status=ApplicationStatus.ACCEPTED)
        .order_by(Application.number)
        .all()
    )
    shortlisted = confirmed_ids(season)
    if shortlisted is not None:
        rows = [a for a in rows if a.id in shortlisted]
    return [a for a in rows if a.contest_team_id is None or _gone(a.contest_team_id)]


def _members(form: dict[str, str]) -> int | None:
    """班组人数 as checked at 提交 (typed maybe as １２): a whole number."""
    number = form12.number(form, "member_count")
    return int(number) if number is not None else None


def _gone(team_id: int) -> bool:
    return db.session.get(Team, team_id) is None  # its contest was removed since


def _unit_name(application: Application) -> str:
    """The 推荐单位 the team carries; none for a 市质协会员单位's 直报 (the contest's 直接申报)."""
    unit = application.enterprise.recommender
    return "" if unit.kind is UnitKind.MEMBER else unit.name


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
                unit_name=_unit_name(application),
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
    _link_to_season(season, contest, staff)
    audit.record(
        "season.teams_created",
        actor=f"staff:{staff.id}",
        subject=f"season:{season.id}",
        data={"contest": contest.name, "applications": [a.number for a in chosen]},
        contest_id=contest.id,
    )
    return teams


def _link_to_season(season: Season, contest: Contest, staff: StaffUser) -> None:
    """The contest's results become the season's (公示 and publication; certificates wait for
    it), unless staff linked it already or the 公示 is under way."""
    from contest.publicity import gate, results
    from contest.publicity.calendar import PublicityRefused

    if gate.linked(contest.id):
        return
    # While the 公示 is open, staff decide on its page whether this contest belongs.
    with contextlib.suppress(PublicityRefused):
        results.link(season_id=season.id, contest_id=contest.id, staff_id=staff.id)


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
