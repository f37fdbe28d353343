"""Publication waits for the end of the 公示 and every objection's answer; certificates of a
season's contests wait for publication; contests of no season keep their own rule."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from contest.certificates import numbering
from contest.extensions import db
from contest.models import StaffUser, TeamAward
from contest.publicity import objections
from contest.publicity.calendar import today
from contest.publicity.models import Objection
from tests.certificates import publish as publish_contest
from tests.factories import team_at
from tests.publicity.steps import end_notice, file_objection, prepared, staff_post


def _numbered(demo) -> str:
    numbering.assign_numbers(demo, actor="staff:1")
    db.session.commit()
    return db.session.scalar(
        sa.select(TeamAward.certificate_no).where(TeamAward.team_id == team_at(demo, 1).id)
    )


def test_publishing_is_refused_until_the_end_and_every_answer(client, staff, demo):
    season = prepared(client, demo)
    file_objection(client.application.test_client())
    page = staff_post(client, season, "/publish").get_data(as_text=True)
    end = re.search(r"公示期 5 个工作日：\S+ 至 (\S+)。", page).group(1)
    assert (
        f"暂不能发布：公示期至 {end} 结束，公示期满后方可发布；以下异议尚未答复：YY-2026-001"
    ) in page
    end_notice(season)
    page = staff_post(client, season, "/publish").get_data(as_text=True)
    assert "暂不能发布：以下异议尚未答复：YY-2026-001" in page
    row = db.session.scalar(sa.select(Objection))
    admin = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))
    objections.accept(objection_id=row.id, handler_id=admin.id, staff_id=admin.id)
    objections.start_check(objection_id=row.id, notes="核查", staff_id=admin.id)
    objections.answer(objection_id=row.id, decision="维持原结果", staff_id=admin.id)
    db.session.commit()
    page = staff_post(client, season, "/publish").get_data(as_text=True)
    assert "评选结果已正式发布，证书可打印并可在线验证" in page
    again = staff_post(client, season, "/publish").get_data(as_text=True)
    assert "暂不能发布：结果已于此前正式发布" in again


def test_the_results_page_and_json_appear_only_after_publication(client, staff, demo):
    season = prepared(client, demo)
    public = client.application.test_client()
    assert public.get("/jieguo/2026").status_code == 404
    assert "本年度评选结果尚未正式发布" in public.get("/jieguo/2026").get_data(as_text=True)
    assert public.get("/jieguo/2026.json").status_code == 404
    end_notice(season)
    staff_post(client, season, "/publish")
    page = public.get("/jieguo/2026").get_data(as_text=True)
    assert "关于命名2026年上海市质量信得过班组结果的通知" in page
    assert re.findall(r'<section class="level" data-grade="([^"]+)"', page) == [
        "一等奖",
        "二等奖",
        "三等奖",
    ]
    assert "推荐参加全国质量信得过班组评选的班组" in page
    assert "http://localhost/jieguo/2026" in page  # the citable address
    data = public.get("/jieguo/2026.json").get_json()
    first = team_at(demo, 1)
    assert (data["season"], data["version"], len(data["teams"])) == (2026, 1, 5)
    assert data["teams"][0] == {
        "rank": 1,
        "company": first.company_name,
        "team": first.team_name,
        "unit": first.unit.name,
        "score": "95.00",
        "grade": "一等奖",
        "national": True,
        "contest": demo.name,
    }
    assert data["notice"]["ends_on"] == (today() - timedelta(days=10)).isoformat()


def test_certificates_of_a_season_wait_for_publication(client, staff, demo):
    season = prepared(client, demo)
    publish_contest(demo)  # the day's own 发布 (for the hall screen) is not enough
    number = _numbered(demo)
    team = team_at(demo, 1)
    response = client.get(f"/verify/{number}")
    assert response.status_code == 404
    assert "评选结果尚未正式发布" in response.get_data(as_text=True)
    printed = client.get(f"/admin/contests/{demo.id}/certificates/teams/{team.id}.pdf")
    assert printed.status_code == 409
    assert "评选结果须经公示并正式发布后方可打印证书" in printed.get_data(as_text=True)
    page = client.get(f"/admin/contests/{demo.id}/certificates").get_data(as_text=True)
    assert '<p class="flash flash-error" id="certificates-held">本比赛属于年度评选' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    batch = client.post(
        f"/admin/contests/{demo.id}/certificates/batch",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "评选结果须经公示并正式发布后方可打印证书" in batch.get_data(as_text=True)
    end_notice(season)
    staff_post(client, season, "/publish")
    response = client.get(f"/verify/{number}")
    assert response.status_code == 200
    assert "该证书真实有效" in response.get_data(as_text=True)


def test_a_contest_of_no_season_keeps_its_own_rule(client, staff, demo):
    from tests.publicity import world

    world.scored(demo)
    number = _numbered(demo)
    assert "未找到该证书编号" in client.get(f"/verify/{number}").get_data(as_text=True)
    publish_contest(demo)
    assert client.get(f"/verify/{number}").status_code == 200


def test_a_year_without_a_season_says_so_on_each_public_address(client, staff, demo):
    public = client.application.test_client()
    for path in ("/gongshi/1999", "/jieguo/1999"):
        response = public.get(path)
        assert response.status_code == 404
        assert "1999年度没有质量信得过班组评选的公示或结果" in response.get_data(as_text=True)
    response = public.get("/jieguo/1999.json")
    assert response.status_code == 404
    assert response.get_json() == {"error": "1999年度没有质量信得过班组评选的公示或结果"}
