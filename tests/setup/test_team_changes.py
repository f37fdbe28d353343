"""Teams after they are set up: move, withdraw, restore, delete, the team page; each refusal."""

from __future__ import annotations

import sqlalchemy as sa

from contest.day import running_order, stage
from contest.extensions import db
from contest.models import Recusal, Team, TeamStatus
from tests.factories import judges_of, marks_totalling, submit, team_at
from tests.setup.people import (
    CSRF_FIELD,
    admin,
    entries,
    judge,
    order_of,
    post,
    recusal_pairs,
    second_venue,
    team_named,
    text,
)
from tests.setup.teams_support import add_team, edit_team


def test_team_move_goes_to_the_end_and_closes_the_gap(client, staff, demo):
    other = second_venue(demo)
    first = demo.venues[0]
    team = team_at(demo, 3)
    response = edit_team(admin(client), team, venue_id=str(other.id))
    assert response.status_code == 302
    assert order_of(other.id) == [(1, "进港理货二组")]
    assert [p for p, _name in order_of(first.id)] == list(range(1, 20))
    assert order_of(first.id)[2] == (3, "涂装事业部分段涂装三班")
    [moved] = entries("team.moved")
    assert moved.data == {
        "from_venue": first.id,
        "to_venue": other.id,
        "order_position": [3, 1],
        "after_draw": False,
        "reason": "",
    }
    assert add_team(client, demo, venue_id=str(other.id)).status_code == 302
    assert order_of(other.id) == [(1, "进港理货二组"), (2, "合成氨车间（一）班(A)")]


def test_team_move_refused_on_stage_and_once_scored(client, staff, demo):
    other = second_venue(demo)
    venue = demo.venues[0]
    admin(client)
    on_stage = team_at(demo, 2)
    stage.call_team(venue, on_stage.id, actor="test")
    db.session.commit()
    response = edit_team(client, on_stage, venue_id=str(other.id))
    assert (response.status_code, "该班组正在台上，不能调整分会场" in text(response)) == (422, True)
    scored = team_at(demo, 6)
    submit(scored, judges_of(demo)[0], marks_totalling("80"))
    db.session.commit()
    response = edit_team(client, scored, venue_id=str(other.id))
    assert response.status_code == 422
    assert "该班组已发表或已有评分，不能调整分会场" in text(response)
    assert entries("team.moved") == []
    assert order_of(other.id) == []


def test_team_move_after_the_draw_needs_a_reason_and_goes_last(client, staff, demo):
    other = second_venue(demo)
    running_order.draw_lots(demo.venues[0], "2026-09-18-001", actor="test")
    db.session.commit()
    team = team_at(demo, 1)
    name = team.team_name
    admin(client)
    response = edit_team(client, team, venue_id=str(other.id))
    assert response.status_code == 422
    assert "已公开抽签，调整分会场必须填写原因" in text(response)
    reason = "会场调整，经监督同意"
    response = edit_team(client, team_named(name), venue_id=str(other.id), reason=reason)
    assert response.status_code == 302
    assert order_of(other.id) == [(1, name)]
    assert [p for p, _n in order_of(demo.venues[0].id)] == list(range(1, 20))
    moved = entries("team.moved")[0].data
    assert (moved["after_draw"], moved["reason"]) == (True, "会场调整，经监督同意")
    response = post(client, f"/admin/teams/{team_named(name).id}/delete", reason="误录入")
    assert "该班组已参加公开抽签，抽签记录中有它，不能删除" in text(response)


def test_team_withdraw_and_restore_are_audited_with_the_reason(client, staff, demo):
    team = team_at(demo, 8)
    admin(client)
    response = post(client, f"/admin/teams/{team.id}/withdraw", reason="")
    assert (response.status_code, "请填写退赛的原因" in text(response)) == (422, True)
    response = post(client, f"/admin/teams/{team.id}/withdraw", reason="企业书面通知不再参赛")
    assert response.status_code == 302
    db.session.refresh(team)
    assert team.status is TeamStatus.WITHDRAWN
    page = text(client.get(f"/admin/contests/{demo.id}/setup/teams"))
    assert '<span class="why">企业书面通知不再参赛</span>' in page
    response = post(client, f"/admin/teams/{team.id}/withdraw", reason="again")
    assert (response.status_code, "该班组已退赛" in text(response)) == (422, True)
    assert post(client, f"/admin/teams/{team.id}/restore").status_code == 302
    db.session.refresh(team)
    assert team.status is TeamStatus.WAITING
    response = post(client, f"/admin/teams/{team.id}/restore")
    assert (response.status_code, "该班组未退赛，无需恢复" in text(response)) == (422, True)
    assert [e.data for e in entries("team.withdrawn")] == [
        {"reason": "企业书面通知不再参赛", "was": "waiting"}
    ]
    assert [e.subject for e in entries("team.restored")] == [f"team:{team.id}"]


def test_team_withdraw_refused_on_stage(client, staff, demo):
    team = team_at(demo, 2)
    stage.call_team(demo.venues[0], team.id, actor="test")
    db.session.commit()
    response = post(admin(client), f"/admin/teams/{team.id}/withdraw", reason="临时退出")
    assert (response.status_code, "该班组已上台发表或已有评分，不能退赛" in text(response)) == (
        422,
        True,
    )
    db.session.refresh(team)
    assert team.status is TeamStatus.PRESENTING


def test_team_delete_removes_it_and_its_automatic_recusal(client, staff, demo):
    team = team_at(demo, 4)
    team_id = team.id
    admin(client)
    response = post(client, f"/admin/teams/{team_id}/delete", reason="")
    assert (response.status_code, "请填写删除的原因" in text(response)) == (422, True)
    response = post(client, f"/admin/teams/{team_id}/delete", reason="误录入，与第 6 行重复")
    assert response.status_code == 302
    assert db.session.get(Team, team_id) is None
    assert recusal_pairs() == set()
    assert [p for p, _n in order_of(demo.venues[0].id)] == list(range(1, 20))
    [deleted] = entries("team.deleted")
    assert deleted.data == {
        "company_name": "上海外高桥造船有限公司",
        "team_name": "涂装事业部分段涂装三班",
        "unit": "浦东新区",
        "venue_id": demo.venues[0].id,
        "member_count": 22,
        "mode": "in_hall",
        "reason": "误录入，与第 6 行重复",
    }
    assert [e.data for e in entries("recusal.removed")] == [
        {"judge": judge(3).id, "kind": "automatic"}
    ]


def test_team_delete_refusals_say_why_and_suggest_withdrawal(client, staff, demo):
    admin(client)
    scored, drawn_venue = team_at(demo, 1), demo.venues[0]
    submit(scored, judges_of(demo)[0], marks_totalling("90"))
    manual = team_at(demo, 2)
    db.session.add(Recusal(judge=judge(5), team=manual, kind="manual", reason="曾在该企业任职"))
    db.session.commit()
    cases = [
        (scored, "该班组已上台发表或已有评分，不能删除；如该班组不再参赛，请改为「退赛」"),
        (manual, "评委5 对「上海电气核电设备有限公司 蒸发器装焊班组」有手动回避（曾在该企业任职）"),
    ]
    for team, message in cases:
        response = post(client, f"/admin/teams/{team.id}/delete", reason="误录入")
        assert (response.status_code, message in text(response)) == (422, True), message
    running_order.draw_lots(drawn_venue, "seed-for-delete", actor="test")
    db.session.commit()
    drawn = team_at(demo, 5)
    response = post(client, f"/admin/teams/{drawn.id}/delete", reason="误录入")
    assert response.status_code == 422
    assert "该班组已参加公开抽签，抽签记录中有它，不能删除" in text(response)
    assert entries("team.deleted") == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Team)) == 20


def test_team_page_lists_each_venue_and_links_from_the_contest_page(client, staff, demo):
    other = second_venue(demo)
    admin(client)
    add_team(client, demo, venue_id=str(other.id))
    contest_page = text(client.get(f"/admin/contests/{demo.id}"))
    assert f'href="/admin/contests/{demo.id}/setup/teams"' in contest_page
    page = text(client.get(f"/admin/contests/{demo.id}/setup/teams"))
    assert '第一分会场 <span class="muted">20 个班组</span>' in page
    assert '第二分会场（延安西路1882号） <span class="muted">1 个班组</span>' in page
    hub = text(client.get(f"/admin/contests/{demo.id}/setup"))
    assert [title in hub for title in ("参赛班组", "评委", "回避")] == [True, True, True]


def test_team_delete_refused_after_an_overtime_deduction(client, staff, demo):
    from decimal import Decimal

    from contest.models import Deduction

    venue, team = demo.venues[0], team_at(demo, 3)
    stage.call_team(venue, team.id, actor="test")
    db.session.add(Deduction(team=team, kind="overtime", amount=Decimal("0.5"), reason="超时"))
    stage.call_team(venue, team_at(demo, 4).id, actor="test")  # moved on: team 3 waits again
    db.session.commit()
    assert team.status is TeamStatus.WAITING
    response = post(admin(client), f"/admin/teams/{team.id}/delete", reason="误录入")
    assert response.status_code == 422
    assert "该班组已有扣分、获奖或推荐记录，不能删除；如该班组不再参赛，请改为「退赛」" in text(
        response
    )
    assert db.session.get(Team, team.id) is not None


def test_supervisor_sees_the_team_page_but_cannot_change_it(client, staff, demo):
    from contest.models import StaffRole, StaffUser
    from tests.security.identities import staff_sign_in

    watcher = StaffUser(username="jiandu", display_name="监督", role=StaffRole.SUPERVISOR)
    watcher.set_password("jiandu-pass-1")
    db.session.add(watcher)
    db.session.commit()
    assert staff_sign_in(client, "jiandu", "jiandu-pass-1").status_code == 302
    assert client.get(f"/admin/contests/{demo.id}/setup/teams").status_code == 200
    client.csrf = CSRF_FIELD.search(text(client.get("/j"))).group(1)
    assert add_team(client, demo).status_code == 403
    assert post(client, f"/admin/teams/{team_at(demo, 1).id}/withdraw", reason="x").status_code == (
        403
    )
    assert entries("team.created") == entries("team.withdrawn") == []


def test_team_add_beyond_two_per_enterprise_warns_but_adds(client, staff, demo):
    admin(client)
    company = "上海外高桥造船有限公司"
    assert add_team(client, demo, company_name=company, team_name="舾装二班").status_code == 302
    page = text(client.get(f"/admin/contests/{demo.id}/setup/teams"))
    assert "超过通知规定" not in page
    response = add_team(client, demo, company_name=company, team_name="舾装三班")
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert (
        "请注意：企业「上海外高桥造船有限公司」在本比赛中已有 3 个班组，超过通知规定的每个企业 "
        "2 个，请与推荐单位核实"
    ) in page
    assert team_named("舾装三班").company_name == company
