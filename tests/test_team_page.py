"""One page per team: details, scores with 更正, every version and the team's history."""

from __future__ import annotations

import re

from contest.extensions import db
from tests.conftest import sign_in
from tests.factories import judges_of, team_at
from tests.test_corrections import TOTALS, _post, _revealed


def _section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def _cells(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


def test_every_link_to_a_team_opens_the_one_team_page(client, staff, demo):
    team = _revealed(demo)
    sign_in(client, "admin")
    contest_page = client.get(f"/admin/contests/{demo.id}").get_data(as_text=True)
    # The team list and the standings both name the team with a link to its page.
    assert contest_page.count(f'href="/admin/teams/{team.id}"') == 2
    assert f"/admin/teams/{team.id}/edit" not in contest_page
    page = client.get(f"/admin/teams/{team.id}").get_data(as_text=True)
    assert f'id="team-company">{team.company_name}</p>' in page
    assert f'id="team-name">{team.team_name}</h1>' in page
    assert f'href="/admin/teams/{team.id}/edit"' in page  # 修改班组信息, one button away
    details = _cells(_section(page, "details").replace("<dd", "<td").replace("</dd>", "</td>"))
    unit = team.unit.name if team.unit else "无"
    assert details[:3] == [team.company_name, team.team_name, unit]
    assert details[5:] == [demo.venues[0].name, "第 1 个"]
    outcome = re.sub(r"<[^>]+>|\s+", "", _section(page, "team-outcome"))
    assert outcome.startswith('id="team-outcome">最后得分91.00·全场第1名（')


def test_the_scores_section_offers_更正_for_each_judge_after_the_close(client, staff, demo):
    team = _revealed(demo)
    judges = judges_of(demo)
    sign_in(client, "admin")
    page = client.get(f"/admin/teams/{team.id}").get_data(as_text=True)
    links = re.findall(r'class="button small secondary correct-link" href="([^"]+)"', page)
    assert links == [f"/admin/teams/{team.id}/scores/{j.id}/correct" for j in judges]
    rows = _cells(_section(page, "current-scores"))
    scored = len(TOTALS)
    assert [rows[i * 5 + 1] for i in range(len(judges))] == TOTALS + ["未提交"] * (
        len(judges) - scored
    )


def test_a_correction_shows_in_versions_and_in_the_history_with_its_reason(client, staff, demo):
    team = _revealed(demo)
    judge = judges_of(demo)[1]  # gave 90
    sign_in(client, "admin")
    response = _post(client, team, judge, "93", "评委复核后更正：录入时看错一行")
    assert response.headers["Location"] == f"/admin/teams/{team.id}#scores"
    page = client.get(f"/admin/teams/{team.id}").get_data(as_text=True)
    versions = _cells(_section(page, "versions"))
    # judge 2's two versions, in order: the phone's 90, then the correction's 93
    corrected = [
        versions[i : i + 8] for i in range(0, len(versions), 8) if versions[i + 1] == judge.label
    ]
    assert [(row[2], row[3], row[4], row[6]) for row in corrected] == [
        ("1", "90", "手机", ""),
        ("2", "93", "更正", "评委复核后更正：录入时看错一行"),
    ]
    log = _cells(_section(page, "team-log"))
    rows = [log[i : i + 4] for i in range(0, len(log), 4)]
    assert rows[0][2] == "更正评分"
    assert "评委复核后更正：录入时看错一行" in rows[0][3]
    actions = [row[2] for row in rows]
    # The stage's entries for this team are there too, newest first.
    assert actions.index("揭晓成绩") < actions.index("结束评分") < actions.index("开始评分")
    assert actions.index("开始评分") < actions.index("请班组上台")
    outcome = re.sub(r"<[^>]+>|\s+", "", _section(page, "team-outcome"))
    assert "最后得分92.00" in outcome  # 88 91 92 93 95: (91 + 92 + 93) / 3


def test_a_rename_shows_in_the_history(client, staff, demo):
    team = team_at(demo, 3)
    sign_in(client, "admin")
    form = client.get(f"/admin/teams/{team.id}/edit").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post(
        f"/admin/teams/{team.id}/edit",
        data={
            "csrf_token": csrf,
            "company_name": team.company_name,
            "team_name": "精益  检修一班",
            "member_count": str(team.member_count or ""),
            "mode": team.mode.value,
            "unit": team.unit.name if team.unit else "",
            "venue_id": str(team.venue_id),
            "reason": "",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/admin/teams/{team.id}").get_data(as_text=True)
    assert 'id="team-name">精益  检修一班</h1>' in page  # exact, the doubled space kept
    log = _cells(_section(page, "team-log"))
    assert log[2] == "修改班组信息"
    assert "精益  检修一班" in log[3]


def test_a_clerk_sees_scores_and_更正_but_not_the_edit_button(app, client, staff, demo):
    from contest.models import StaffRole, StaffUser

    team = _revealed(demo)
    clerk = StaffUser(username="clerk1", display_name="录入员甲", role=StaffRole.CLERK)
    clerk.set_password("clerk-pass-1")
    db.session.add(clerk)
    db.session.commit()
    from tests.conftest import PASSWORDS

    PASSWORDS["clerk1"] = "clerk-pass-1"
    try:
        sign_in(client, "clerk1")
    finally:
        del PASSWORDS["clerk1"]
    page = client.get(f"/admin/teams/{team.id}").get_data(as_text=True)
    assert "team-edit-link" not in page
    assert page.count("correct-link") == len(judges_of(demo))
    assert '<a href="/admin/clerk">返回录入首页</a>' in page


def test_an_unknown_team_is_a_plain_404(client, staff, demo):
    sign_in(client, "admin")
    assert client.get("/admin/teams/999999").status_code == 404
