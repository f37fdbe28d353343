"""The team's own home page says what became of its application after 形式审查: 已入围发表赛
once it is a team of the contest, then the published result, never before publication."""

from __future__ import annotations

import re

from contest.extensions import db
from contest.models import AwardGrade, TeamAward
from contest.publicity.calendar import today
from tests.conftest import sign_in
from tests.national import world
from tests.publicity.steps import end_notice, staff_post


def _lines(client) -> list[str]:
    page = client.get("/apply/team/").get_data(as_text=True)
    return re.findall(r'<span class="badge later">([^<]+)</span>', page)


def test_the_home_page_follows_the_application_into_the_contest_and_its_result(
    app, client, staff, demo
):
    built = world.build(demo)
    team = world.signed_in(app, "team-2026")
    # 2026-0001, 0002 and 0004 are this person's teams of the contest (0003 another's).
    assert _lines(team) == ["已入围发表赛"] * 3
    season = built.world.season
    sign_in(client, "admin")
    first = AwardGrade(contest_id=demo.id, name="一等奖", position=0, count=1)
    second = AwardGrade(contest_id=demo.id, name="二等奖", position=1, count=3)
    db.session.add_all([first, second])
    db.session.flush()
    for index, team_row in enumerate(built.teams):
        grade = first if index == 0 else second
        db.session.add(TeamAward(team_id=team_row.id, grade_id=grade.id))
    db.session.commit()
    staff_post(client, season, "/contests", contest_id=str(demo.id))
    staff_post(client, season, "/snapshot")
    start = today().isoformat()
    staff_post(client, season, "/open", starts_on=start, working_days="5", contact="")
    assert _lines(team) == ["已入围发表赛"] * 3  # proposed only, not yet published
    end_notice(season)
    staff_post(client, season, "/publish")
    assert _lines(team) == [
        "评选结果：获一等奖，推荐参加全国评选",
        "评选结果：获二等奖，推荐参加全国评选",
        "评选结果：获二等奖",  # 2026-0004 was not put forward
    ]
