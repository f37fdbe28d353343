"""Judges from the set-up pages: add, edit, move venue, delete; each refusal; recusals."""

from __future__ import annotations

import sqlalchemy as sa

from contest.day import stage
from contest.extensions import db
from contest.judge.state import judge_state
from contest.models import Judge, Recusal, Team
from tests.factories import marks_totalling, submit, team_at
from tests.setup.people import admin, entries, judge, post, recusal_pairs, second_venue, text

NEW = {
    "name": " 钱学敏 ",
    "employer": "上海市机械施工集团有限公司（盾构事业部）",
    "certificate_no": "TGQ-2023-0911",
    "phone": "139 1650 0911",
    "unit": "上海建工集团",
}


def _add(client, demo, **fields):
    data = {**NEW, "venue_id": str(demo.venues[0].id), **fields}
    return post(client, f"/admin/contests/{demo.id}/setup/judges", **data)


def _edit(client, one: Judge, **fields):
    data = {
        "name": one.name,
        "employer": one.employer,
        "certificate_no": one.certificate_no,
        "phone": one.phone,
        "unit": one.unit.name if one.unit else "",
        "venue_id": str(one.venue_id),
        **({"is_chair": "1"} if one.is_chair else {}),
        **fields,
    }
    return post(client, f"/admin/judges/{one.id}/edit", **data)


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Judge))


def test_judge_add_numbers_next_gives_a_link_and_recuses(client, staff, demo):
    response = _add(admin(client), demo)
    assert response.status_code == 302
    new = judge(10)
    assert (new.name, new.employer, new.phone, new.unit.name, new.is_chair) == (
        "钱学敏",
        "上海市机械施工集团有限公司（盾构事业部）",
        "139 1650 0911",
        "上海建工集团",
        False,
    )
    assert len(new.access_key) == 32 and len(new.fallback_code) == 8
    assert len(set(db.session.scalars(sa.select(Judge.access_key)))) == 10
    assert client.get(f"/j/{new.access_key}").status_code == 302  # the link signs in
    assert recusal_pairs() == {
        ("评委3李志强", "涂装事业部分段涂装三班", "automatic"),
        ("评委10钱学敏", "盾构管片拼装二班", "automatic"),
    }
    [entry] = entries("judge.created")
    assert entry.data == {
        "name": "钱学敏",
        "employer": "上海市机械施工集团有限公司（盾构事业部）",
        "certificate_no": "TGQ-2023-0911",
        "phone": "139 1650 0911",
        "number": 10,
        "venue_id": demo.venues[0].id,
        "unit": "上海建工集团",
        "unit_created": False,
        "is_chair": False,
    }
    assert "access_key" not in str(entry.data) and new.access_key not in str(entry.data)


def test_judge_add_refuses_bad_fields_and_a_second_chair(client, staff, demo):
    admin(client)
    cases = [
        ({"name": "  "}, "请填写评委姓名"),
        ({"name": "名" * 51}, "姓名不能超过 50 个字"),
        ({"phone": "139-abc"}, "手机号只能包含数字、空格、+ 和 -"),
        ({"venue_id": ""}, "请选择分会场"),
        ({"is_chair": "1"}, "该分会场已有评委组长（评委1 陈建国）"),
    ]
    for fields, message in cases:
        response = _add(client, demo, **fields)
        assert (response.status_code, message in text(response)) == (422, True), fields
    assert _count() == 9
    assert entries("judge.created") == []


def test_judge_edit_of_employer_rederives_recusals(client, staff, demo):
    response = _edit(admin(client), judge(3), employer="上海船舶研究设计院")
    assert response.status_code == 302
    assert recusal_pairs() == set()
    response = _edit(client, judge(6), employer="上海巴士第一公交有限公司")
    assert response.status_code == 302
    assert recusal_pairs() == {("评委6周雅琴", "71路中运量运营班组", "automatic")}
    assert [e.data["changes"] for e in entries("judge.updated")] == [
        {"employer": ["上海外高桥造船有限公司", "上海船舶研究设计院"]},
        {"employer": ["上海质量管理科学研究院", "上海巴士第一公交有限公司"]},
    ]


def test_judge_edit_refused_when_a_recusal_would_change_for_scored_marks(client, staff, demo):
    submit(team_at(demo, 10), judge(6), marks_totalling("85"))
    db.session.commit()
    response = _edit(admin(client), judge(6), employer="上海巴士第一公交有限公司")
    assert response.status_code == 422
    assert "评委6 周雅琴 与「上海巴士第一公交有限公司 71路中运量运营班组」" in text(response)
    assert judge(6).employer == "上海质量管理科学研究院"
    assert entries("judge.updated") == []


def test_judge_move_renumbers_in_the_new_venue_and_keeps_the_link(client, staff, demo):
    other = second_venue(demo)
    moving = judge(4)
    key, code = moving.access_key, moving.fallback_code
    response = _edit(admin(client), moving, venue_id=str(other.id))
    assert response.status_code == 302
    db.session.refresh(moving)
    assert (moving.venue_id, moving.number, moving.access_key, moving.fallback_code) == (
        other.id,
        1,
        key,
        code,
    )
    assert judge_state(moving)["venue"] == {"id": other.id, "name": "第二分会场（延安西路1882号）"}
    [moved] = entries("judge.moved")
    assert moved.data == {"from_venue": demo.venues[0].id, "to_venue": other.id, "number": [4, 1]}
    assert _add(client, demo, venue_id=str(other.id)).status_code == 302
    assert judge(2, other.id).name == "钱学敏"


def test_judge_move_refused_once_scored_or_while_scoring_is_open(client, staff, demo):
    other = second_venue(demo)
    admin(client)
    submit(team_at(demo, 1), judge(2), marks_totalling("80"))
    db.session.commit()
    response = _edit(client, judge(2), venue_id=str(other.id))
    assert (response.status_code, "该评委已评分，不能调整分会场" in text(response)) == (422, True)
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 2).id, actor="test")
    stage.open_scoring(venue, actor="test")
    db.session.commit()
    response = _edit(client, judge(5), venue_id=str(other.id))
    assert response.status_code == 422
    assert "该评委所在分会场正在评分，请在本轮评分结束后再调整" in text(response)
    assert entries("judge.moved") == []
    assert (judge(2).venue_id, judge(5).venue_id) == (venue.id, venue.id)


def test_judge_move_of_a_chair_to_a_venue_with_a_chair_is_refused(client, staff, demo):
    other = second_venue(demo)
    admin(client)
    assert _add(client, demo, venue_id=str(other.id), is_chair="1").status_code == 302
    response = _edit(client, judge(1), venue_id=str(other.id))
    assert response.status_code == 422
    assert "该分会场已有评委组长（评委1 钱学敏）" in text(response)


def test_judge_delete_before_scoring_removes_its_automatic_recusal(client, staff, demo):
    three = judge(3)
    three_id = three.id
    admin(client)
    response = post(client, f"/admin/judges/{three_id}/delete", reason="")
    assert (response.status_code, "请填写删除的原因" in text(response)) == (422, True)
    response = post(client, f"/admin/judges/{three_id}/delete", reason="重复录入")
    assert response.status_code == 302
    assert db.session.get(Judge, three_id) is None
    assert recusal_pairs() == set()
    [deleted] = entries("judge.deleted")
    assert deleted.data == {
        "name": "李志强",
        "employer": "上海外高桥造船有限公司",
        "number": 3,
        "venue_id": demo.venues[0].id,
        "reason": "重复录入",
    }
    removed = [e.data for e in entries("recusal.removed")]
    assert removed == [{"judge": three_id, "kind": "automatic"}]


def test_judge_delete_refused_after_scoring_or_with_a_manual_recusal(client, staff, demo):
    admin(client)
    submit(team_at(demo, 1), judge(2), marks_totalling("80"))
    db.session.add(Recusal(judge=judge(7), team=team_at(demo, 9), kind="manual", reason="亲属"))
    db.session.commit()
    response = post(client, f"/admin/judges/{judge(2).id}/delete", reason="误录入")
    assert response.status_code == 422
    assert "该评委已评分，不能删除；如不再参加评审，请在「评委链接」页停用" in text(response)
    response = post(client, f"/admin/judges/{judge(7).id}/delete", reason="误录入")
    assert response.status_code == 422
    team = "上海地铁维护保障有限公司车辆分公司 川杨河基地定修一班"
    assert f"评委7 对「{team}」有手动回避（亲属）" in text(response)
    assert _count() == 9
    assert entries("judge.deleted") == []


def test_judges_page_lists_each_venue_with_the_chair(client, staff, demo):
    page = text(admin(client).get(f"/admin/contests/{demo.id}/setup/judges"))
    assert '第一分会场 <span class="muted">9 位评委</span>' in page
    assert '评委1 <span class="badge chair">组长</span>' in page
    edit = text(client.get(f"/admin/judges/{judge(3).id}/edit"))
    assert 'value="上海外高桥造船有限公司"' in edit
    assert "删除该评委" in edit


def test_judge_move_refused_while_the_new_venue_is_scoring(client, staff, demo):
    other = second_venue(demo)
    guest = Team(contest=demo, venue=other, company_name="上海第二会场公司", team_name="一班")
    db.session.add(guest)
    db.session.commit()
    stage.call_team(other, guest.id, actor="test")
    stage.open_scoring(other, actor="test")
    db.session.commit()
    response = _edit(admin(client), judge(5), venue_id=str(other.id))
    assert response.status_code == 422
    assert "第二分会场（延安西路1882号）正在评分，请在本轮评分结束后再调整" in text(response)
    assert judge(5).venue_id == demo.venues[0].id
