"""导入成绩定分 as people see it: the hall standings, exports, the pages and the awards after it."""

from __future__ import annotations

import re

import pytest

from contest.day.snapshot import venue_snapshot
from contest.exports import ranking, summary
from contest.extensions import db
from contest.ranking import standings
from tests.exports import rows, workbook
from tests.setup import paper
from tests.setup.finalising import (
    csrf_of,
    finalise_team,
    finalise_venue,
    imported,
    teams_of,
)

pytestmark = pytest.mark.usefixtures("staff")


@pytest.fixture
def contest(app, staff):
    return paper.build()


def test_finalised_venue_updates_the_hall_standings_without_a_reveal(client, contest, tmp_path):
    imported(client, contest, tmp_path)
    venue = contest.venues[0]
    before = venue_snapshot(venue)

    finalise_venue(client, contest)

    db.session.expire_all()
    after = venue_snapshot(venue)
    assert (before["reveal"], before["standings"]) == (None, [])
    assert after["reveal"] is None
    assert after["stage"]["scene"] == "welcome"
    assert after["version"] == before["version"] + 1
    assert [(s["rank"], s["published"], s["team"]["team_name"]) for s in after["standings"]] == [
        (1, "93.20", "进港理货二组"),
        (2, "92.20", "叶片车间精加工一班"),
        (3, "90.13", "涂装事业部分段涂装三班"),
        (4, "89.00", "杨树浦水厂运行班"),
        (4, "89.00", "灌装车间甲班"),
    ]


def test_exports_say_where_to_finalise_imported_scores(client, contest, tmp_path):
    imported(client, contest, tmp_path)
    hint = "有 7 份评分，尚未定分（管理后台 → 导入成绩定分）"

    ranked = workbook(ranking.build(contest))
    form = workbook(summary.build(contest))

    assert [r[0] for r in rows(ranked["总排名"], 5)] == [
        hint,
        "有 6 份评分，尚未定分（管理后台 → 导入成绩定分）",
        hint,
        hint,
        hint,
    ]
    sheet = form[form.sheetnames[0]]
    assert [sheet.cell(r, 4).value for r in range(5, 10)] == [
        hint,
        "有 6 份评分，尚未定分（管理后台 → 导入成绩定分）",
        hint,
        hint,
        hint,
    ]


def test_contest_page_points_to_finalise_when_scores_wait(client, contest, tmp_path):
    imported(client, contest, tmp_path)

    page = client.get(f"/admin/contests/{contest.id}").get_data(as_text=True)

    notice = page.split('id="pending-finalise">', 1)[1].split("</p>", 1)[0]
    assert "有 5 个班组已有评分、尚未定分，不计入排名。" in notice
    assert f'href="/admin/contests/{contest.id}/finalise"' in notice


def test_finalise_page_lists_counts_and_buttons(client, contest, tmp_path):
    imported(client, contest, tmp_path)
    finalise_team(client, contest, teams_of(contest)[0])

    page = client.get(f"/admin/contests/{contest.id}/finalise").get_data(as_text=True)

    cells = re.findall(r'<td class="num">(\d+ / \d+)</td>', page)
    assert cells == ["7 / 7", "6 / 6", "7 / 7", "7 / 7", "7 / 7"]
    assert page.count(">按导入成绩定分</button>") == 4
    assert "<b>已定分</b> 92.20 · 第1名" in page
    assert "共 5 个班组：已定分 1 个，可定分 4 个，暂不能定分 0 个" in page


def test_supervisor_sees_the_page_without_buttons_and_cannot_finalise(
    app, client, contest, tmp_path
):
    from contest.models import StaffRole, StaffUser

    imported(client, contest, tmp_path)
    watcher = StaffUser(username="jiandu", display_name="监督", role=StaffRole.SUPERVISOR)
    watcher.set_password("supervisor-pass-1")
    db.session.add(watcher)
    db.session.commit()
    client = app.test_client()
    form = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    login = {"username": "jiandu", "password": "supervisor-pass-1", "csrf_token": token}
    assert client.post("/staff/login", data=login).status_code == 302
    venue = contest.venues[0]

    page = client.get(f"/admin/contests/{contest.id}/finalise")
    confirm = client.get(f"/admin/venues/{venue.id}/finalise")
    token = csrf_of(client, f"/admin/contests/{contest.id}/finalise")
    team = client.post(
        f"/admin/teams/{teams_of(contest)[0].id}/finalise", data={"csrf_token": token}
    )
    whole = client.post(
        f"/admin/venues/{venue.id}/finalise", data={"csrf_token": token, "confirm": "1"}
    )

    assert (page.status_code, confirm.status_code) == (200, 200)
    assert "按导入成绩定分</button>" not in page.get_data(as_text=True)
    assert "全部定分</a>" not in page.get_data(as_text=True)
    assert "确认全部定分" not in confirm.get_data(as_text=True)
    assert (team.status_code, whole.status_code) == (403, 403)
    assert standings.compute(contest) == []


def test_finalised_teams_get_awards_and_the_summary_form(client, contest, tmp_path, staff):
    from contest.ranking import results

    teams = imported(client, contest, tmp_path)
    finalise_venue(client, contest)
    db.session.expire_all()

    results.set_grades(contest, [("一等奖", 1, None), ("二等奖", 2, None)], staff["admin"])
    proposal = results.confirm_grades(contest, staff["admin"])
    db.session.commit()
    form = workbook(summary.build(contest))

    assert proposal.grades == {teams[2].id: "一等奖", teams[0].id: "二等奖", teams[1].id: "二等奖"}
    sheet = form[form.sheetnames[0]]
    assert [sheet.cell(r, 4).value for r in range(5, 10)] == [
        "93.20 / 第1名",
        "92.20 / 第2名",
        "90.13 / 第3名",
        "89.00 / 第4名（并列）",
        "89.00 / 第4名（并列）",
    ]
