"""Teams from the set-up pages: add and edit, names exact, recusals re-derived; each refusal."""

from __future__ import annotations

import sqlalchemy as sa

from contest.extensions import db
from contest.models import RecommendingUnit, Team
from tests.factories import judges_of, marks_totalling, submit, team_at
from tests.setup.people import (
    admin,
    entries,
    judge,
    post,
    recusal_pairs,
    team_named,
    text,
)
from tests.setup.teams_support import add_team, edit_team


def test_team_add_goes_to_the_end_of_its_venue_with_names_exact(client, staff, demo):
    response = add_team(admin(client), demo)
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
    assert add_team(admin(client), demo, unit="浦东新区").status_code == 302
    units = db.session.scalars(
        sa.select(RecommendingUnit.name).where(RecommendingUnit.name == "浦东新区")
    ).all()
    assert units == ["浦东新区"]
    assert entries("team.created")[0].data["unit_created"] is False


def test_team_add_with_the_same_names_is_refused_in_chinese(client, staff, demo):
    first = team_at(demo, 1)
    response = add_team(
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
        response = add_team(client, demo, **fields)
        assert (response.status_code, message in text(response)) == (422, True), fields
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Team)) == 20
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecommendingUnit)) == 12


def test_team_add_whose_company_employs_a_judge_recuses_that_judge(client, staff, demo):
    add_team(admin(client), demo, company_name="上海市质量协会", team_name="秘书处质量班")
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
    response = edit_team(admin(client), team, unit="上海市交通委员会")
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
    response = edit_team(admin(client), four, company_name="上海市质量协会")
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
    from contest.roster.recusals import sync_automatic

    sync_automatic(demo, actor="test")
    db.session.commit()
    assert edit_team(admin(client), team_at(demo, 7), unit="闵行区").status_code == 302
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
    response = edit_team(admin(client), team, company_name="上海市质量协会")
    assert response.status_code == 422
    assert "保存后 评委1 陈建国 与「上海市质量协会 叶片车间精加工一班」的回避关系会改变" in text(
        response
    )
    db.session.refresh(team)
    assert team.company_name == "上海电气电站设备有限公司上海汽轮机厂"
    assert entries("team.edited") == []
