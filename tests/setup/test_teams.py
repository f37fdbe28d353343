"""Teams from the set-up pages: add, edit, move, withdraw, restore, delete; each refusal."""

from __future__ import annotations

import sqlalchemy as sa

from contest import running_order, stage
from contest.extensions import db
from contest.models import RecommendingUnit, Recusal, Team, TeamStatus
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

NEW = {
    "unit": "  上海市化工行业协会 ",
    "company_name": "\u3000上海华谊（集团）公司  吴泾化工厂 ",
    "team_name": "合成氨车间（一）班(A)",
    "member_count": "12",
    "mode": "online",
}


def _add(client, demo, **fields):
    data = {**NEW, "venue_id": str(demo.venues[0].id), **fields}
    return post(client, f"/admin/contests/{demo.id}/setup/teams", **data)


def _edit(client, team, **fields):
    data = {
        "company_name": team.company_name,
        "team_name": team.team_name,
        "member_count": str(team.member_count or ""),
        "mode": team.mode.value,
        "unit": team.unit.name if team.unit else "",
        "venue_id": str(team.venue_id),
        "reason": "",
        **fields,
    }
    return post(client, f"/admin/teams/{team.id}/edit", **data)


def test_team_add_goes_to_the_end_of_its_venue_with_names_exact(client, staff, demo):
    response = _add(admin(client), demo)
    assert response.status_code == 302
    team = team_named("合成氨车间（一）班(A)")
    assert (team.company_name, team.member_count, team.mode.value) == (
        "上海华谊（集团）公司  吴泾化工厂",
        12,
        "online",
    )
    assert (team.unit.name, team.venue_id, team.order_position) == (
        "上海市化工行业协会",
        demo.venues[0].id,
        21,
    )
    [entry] = entries("team.created")
    assert entry.actor == f"staff:{staff['admin'].id}"
    assert entry.data == {
        "company_name": "上海华谊（集团）公司  吴泾化工厂",
        "team_name": "合成氨车间（一）班(A)",
        "member_count": 12,
        "mode": "online",
        "venue_id": demo.venues[0].id,
        "unit": "上海市化工行业协会",
        "unit_created": True,
        "order_position": 21,
    }
    page = text(client.get(f"/admin/contests/{demo.id}/setup/teams"))
    assert '<td class="name company">上海华谊（集团）公司  吴泾化工厂</td>' in page


def test_team_add_picks_an_existing_unit_without_a_new_row(client, staff, demo):
    assert _add(admin(client), demo, unit="浦东新区").status_code == 302
    units = db.session.scalars(
        sa.select(RecommendingUnit.name).where(RecommendingUnit.name == "浦东新区")
    ).all()
    assert units == ["浦东新区"]
    assert entries("team.created")[0].data["unit_created"] is False


def test_team_add_with_the_same_names_is_refused_in_chinese(client, staff, demo):
    first = team_at(demo, 1)
    response = _add(
        admin(client), demo, company_name=f" {first.company_name}", team_name=first.team_name
    )
    assert response.status_code == 422
    assert "本比赛已有「上海电气电站设备有限公司上海汽轮机厂 叶片车间精加工一班」" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Team)) == 20
    assert entries("team.created") == []


def test_team_add_refuses_bad_fields_and_writes_nothing(client, staff, demo):
    admin(client)
    cases = [
        ({"company_name": "  "}, "企业名称和班组名称不能为空"),
        ({"team_name": "班" * 201}, "企业名称和班组名称各不能超过 200 个字"),
        ({"member_count": "十二"}, "班组人数须为 1 至 999 的整数，不清楚可留空"),
        ({"member_count": "0"}, "班组人数须为 1 至 999 的整数，不清楚可留空"),
        ({"mode": "hybrid"}, "请选择发表形式（现场或线上）"),
        ({"venue_id": "999"}, "请选择分会场"),
        ({"unit": "会" * 201}, "推荐单位名称不能超过 200 个字"),
    ]
    for fields, message in cases:
        response = _add(client, demo, **fields)
        assert (response.status_code, message in text(response)) == (422, True), fields
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Team)) == 20
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecommendingUnit)) == 12


def test_team_add_whose_company_employs_a_judge_recuses_that_judge(client, staff, demo):
    _add(admin(client), demo, company_name="上海市质量协会", team_name="秘书处质量班")
    assert recusal_pairs() == {
        ("评委3李志强", "涂装事业部分段涂装三班", "automatic"),
        ("评委1陈建国", "秘书处质量班", "automatic"),
    }
    added = entries("recusal.added")[-1]
    assert added.data == {
        "judge": judge(1).id,
        "kind": "automatic",
        "reason": "评委工作单位与企业名称相同",
    }


def test_team_edit_sets_the_unit_and_keeps_the_audit_name(client, staff, demo):
    team = team_at(demo, 3)
    response = _edit(admin(client), team, unit="上海市交通委员会")
    assert response.status_code == 302
    db.session.refresh(team)
    assert team.unit.name == "上海市交通委员会"
    [entry] = entries("team.edited")
    assert entry.data == {
        "changes": {"unit": ["浦东新区", "上海市交通委员会"]},
        "reason": "",
        "names_locked": False,
        "unit_created": True,
    }


def test_team_edit_form_without_unit_or_venue_leaves_them(client, staff, demo):
    team = team_at(demo, 5)
    admin(client)
    data = {"company_name": team.company_name, "team_name": "无菌包装质控组", "mode": "in_hall"}
    assert post(client, f"/admin/teams/{team.id}/edit", **data).status_code == 302
    db.session.refresh(team)
    assert (team.team_name, team.unit.name, team.venue_id) == (
        "无菌包装质控组",
        "闵行区",
        demo.venues[0].id,
    )


def test_team_edit_of_company_rederives_recusals(client, staff, demo):
    four = team_at(demo, 4)
    response = _edit(admin(client), four, company_name="上海市质量协会")
    assert response.status_code == 302
    assert recusal_pairs() == {("评委1陈建国", "涂装事业部分段涂装三班", "automatic")}
    removed = entries("recusal.removed")
    assert [e.data for e in removed] == [{"judge": judge(3).id, "kind": "automatic"}]


def test_team_edit_of_unit_rederives_recusals_under_the_unit_rule(client, staff, demo):
    demo.settings = {**demo.settings, "recusal": {"same_recommending_unit": True}}
    judge(2).unit = db.session.scalar(
        sa.select(RecommendingUnit).where(RecommendingUnit.name == "闵行区")
    )
    db.session.commit()
    from contest.recusals import sync_automatic

    sync_automatic(demo, actor="test")
    db.session.commit()
    assert _edit(admin(client), team_at(demo, 7), unit="闵行区").status_code == 302
    assert recusal_pairs() == {
        ("评委3李志强", "涂装事业部分段涂装三班", "automatic"),
        ("评委2王丽华", "无菌包装质量控制组", "automatic"),
        ("评委2王丽华", "虹梅水质检测班", "automatic"),
        ("评委2王丽华", "冷链复核班组", "automatic"),
    }


def test_team_edit_refused_when_a_recusal_would_change_for_a_scored_judge(client, staff, demo):
    team = team_at(demo, 1)
    submit(team, judges_of(demo)[0], marks_totalling("88"))
    db.session.commit()
    response = _edit(admin(client), team, company_name="上海市质量协会")
    assert response.status_code == 422
    assert "保存后 评委1 陈建国 与「上海市质量协会 叶片车间精加工一班」的回避关系会改变" in text(
        response
    )
    db.session.refresh(team)
    assert team.company_name == "上海电气电站设备有限公司上海汽轮机厂"
    assert entries("team.edited") == []


def test_team_move_goes_to_the_end_and_closes_the_gap(client, staff, demo):
    other = second_venue(demo)
    first = demo.venues[0]
    team = team_at(demo, 3)
    response = _edit(admin(client), team, venue_id=str(other.id))
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
    assert _add(client, demo, venue_id=str(other.id)).status_code == 302
    assert order_of(other.id) == [(1, "进港理货二组"), (2, "合成氨车间（一）班(A)")]


def test_team_move_refused_on_stage_and_once_scored(client, staff, demo):
    other = second_venue(demo)
    venue = demo.venues[0]
    admin(client)
    on_stage = team_at(demo, 2)
    stage.call_team(venue, on_stage.id, actor="test")
    db.session.commit()
    response = _edit(client, on_stage, venue_id=str(other.id))
    assert (response.status_code, "该班组正在台上，不能调整分会场" in text(response)) == (422, True)
    scored = team_at(demo, 6)
    submit(scored, judges_of(demo)[0], marks_totalling("80"))
    db.session.commit()
    response = _edit(client, scored, venue_id=str(other.id))
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
    response = _edit(client, team, venue_id=str(other.id))
    assert response.status_code == 422
    assert "已公开抽签，调整分会场必须填写原因" in text(response)
    reason = "会场调整，经监督同意"
    response = _edit(client, team_named(name), venue_id=str(other.id), reason=reason)
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
    _add(client, demo, venue_id=str(other.id))
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
    assert _add(client, demo).status_code == 403
    assert post(client, f"/admin/teams/{team_at(demo, 1).id}/withdraw", reason="x").status_code == (
        403
    )
    assert entries("team.created") == entries("team.withdrawn") == []


def test_team_add_beyond_two_per_enterprise_warns_but_adds(client, staff, demo):
    admin(client)
    company = "上海外高桥造船有限公司"
    assert _add(client, demo, company_name=company, team_name="舾装二班").status_code == 302
    page = text(client.get(f"/admin/contests/{demo.id}/setup/teams"))
    assert "超过通知规定" not in page
    response = _add(client, demo, company_name=company, team_name="舾装三班")
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert (
        "请注意：企业「上海外高桥造船有限公司」在本比赛中已有 3 个班组，超过通知规定的每个企业 "
        "2 个，请与推荐单位核实"
    ) in page
    assert team_named("舾装三班").company_name == company
