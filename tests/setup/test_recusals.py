"""Manual recusals from the set-up page: added and removed with a reason, refused when late."""

from __future__ import annotations

import sqlalchemy as sa

from contest.day import stage
from contest.day.snapshot import progress
from contest.extensions import db
from contest.judge.state import judge_state
from contest.models import Recusal, RecusalKind
from tests.factories import marks_totalling, submit, team_at
from tests.setup.people import admin, entries, judge, post, recusal_pairs, second_venue, text


def _add(client, demo, judge_number: int, order: int, reason: str = "曾在该企业任职至2024年"):
    return post(
        client,
        f"/admin/contests/{demo.id}/setup/recusals",
        judge_id=str(judge(judge_number).id),
        team_id=str(team_at(demo, order).id),
        venue_id=str(demo.venues[0].id),
        reason=reason,
    )


def _manual() -> Recusal:
    return db.session.scalar(sa.select(Recusal).where(Recusal.kind == RecusalKind.MANUAL))


def test_recusal_add_is_kept_audited_and_shown_on_the_judges_phone(client, staff, demo):
    response = _add(admin(client), demo, 5, 7)
    assert response.status_code == 302
    assert recusal_pairs() == {
        ("评委3李志强", "涂装事业部分段涂装三班", "automatic"),
        ("评委5刘卫东", "冷链复核班组", "manual"),
    }
    recusal = _manual()
    assert (recusal.reason, recusal.created_by_id) == ("曾在该企业任职至2024年", staff["admin"].id)
    [entry] = [e for e in entries("recusal.added") if e.data["kind"] == "manual"]
    assert (entry.actor, entry.subject, entry.data) == (
        f"staff:{staff['admin'].id}",
        f"team:{team_at(demo, 7).id}",
        {"judge": judge(5).id, "kind": "manual", "reason": "曾在该企业任职至2024年"},
    )
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 7).id, actor="test")
    stage.open_scoring(venue, actor="test")
    db.session.commit()
    assert judge_state(judge(5))["recused"] is True
    assert judge_state(judge(4))["recused"] is False
    assert progress(team_at(demo, 7)) == {"submitted": 0, "expected": 8}
    page = text(client.get(f"/admin/contests/{demo.id}/setup/recusals"))
    assert '<td class="name why">曾在该企业任职至2024年</td>' in page
    assert '<td class="why">评委工作单位与企业名称相同</td>' in page


def test_recusal_add_refusals_say_what_to_do(client, staff, demo):
    admin(client)
    other = second_venue(demo)
    cases = [
        ((5, 7, "  "), "请填写回避的原因"),
        ((3, 4, "重复登记"), "评委3 已回避该班组（评委工作单位与企业名称相同）"),
    ]
    for (number, order, reason), message in cases:
        response = _add(client, demo, number, order, reason)
        assert (response.status_code, message in text(response)) == (422, True), message
    far = team_at(demo, 8)
    far.venue = other
    db.session.commit()
    response = _add(client, demo, 5, 8)
    assert (response.status_code, "评委与班组不在同一分会场，无需回避" in text(response)) == (
        422,
        True,
    )
    submit(team_at(demo, 2), judge(6), marks_totalling("86"))
    db.session.commit()
    response = _add(client, demo, 6, 2)
    assert response.status_code == 422
    said = "评委6 周雅琴 已为该班组评分，回避关系不能再更改；如需剔除或更正该评分，请使用成绩更正"
    assert said in text(response)
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 3).id, actor="test")
    stage.open_scoring(venue, actor="test")
    db.session.commit()
    response = _add(client, demo, 7, 3)
    assert response.status_code == 422
    assert "该班组正在台上评分，请在主持人结束评分后再更改回避" in text(response)
    response = post(
        client, f"/admin/contests/{demo.id}/setup/recusals", judge_id="", team_id="", reason="x"
    )
    assert (response.status_code, "请选择评委和班组" in text(response)) == (422, True)
    assert _manual() is None
    assert [e.data["kind"] for e in entries("recusal.added")] == ["automatic"]


def test_recusal_remove_needs_a_reason_and_is_audited(client, staff, demo):
    _add(admin(client), demo, 5, 7)
    recusal = _manual()
    recusal_id = recusal.id
    response = post(client, f"/admin/recusals/{recusal_id}/remove", reason="")
    assert (response.status_code, "请填写撤销回避的原因" in text(response)) == (422, True)
    response = post(client, f"/admin/recusals/{recusal_id}/remove", reason="经核实未曾任职")
    assert response.status_code == 302
    assert _manual() is None
    [entry] = entries("recusal.removed")
    assert entry.data == {
        "judge": judge(5).id,
        "kind": "manual",
        "reason": "经核实未曾任职",
        "was": "曾在该企业任职至2024年",
    }


def test_recusal_remove_refused_for_automatic_ones_and_while_scoring(client, staff, demo):
    admin(client)
    automatic = db.session.scalar(sa.select(Recusal))
    response = post(client, f"/admin/recusals/{automatic.id}/remove", reason="误判")
    assert response.status_code == 422
    assert "自动回避由规则产生，不能撤销；如有误，请更正评委的工作单位或班组的企业名称" in text(
        response
    )
    _add(client, demo, 5, 7)
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 7).id, actor="test")
    stage.open_scoring(venue, actor="test")
    db.session.commit()
    response = post(client, f"/admin/recusals/{_manual().id}/remove", reason="经核实未曾任职")
    assert response.status_code == 422
    assert "该班组正在台上评分，请在主持人结束评分后再更改回避" in text(response)
    assert len(db.session.scalars(sa.select(Recusal)).all()) == 2
    assert entries("recusal.removed") == []


def test_recusal_page_shows_one_venue_at_a_time(client, staff, demo):
    other = second_venue(demo)
    admin(client)
    page = text(client.get(f"/admin/contests/{demo.id}/setup/recusals?venue={other.id}"))
    assert "登记手动回避 · 第二分会场（延安西路1882号）" in page
    assert "评委3 李志强" not in page
    assert client.get(f"/admin/contests/{demo.id}/setup/recusals?venue=999").status_code == 404


def test_recusal_of_a_team_moved_away_stays_listed_and_removable(client, staff, demo):
    other = second_venue(demo)
    _add(admin(client), demo, 5, 7)
    moved = team_at(demo, 7)
    moved.venue = other
    db.session.commit()
    for venue in (demo.venues[0], other):
        page = text(client.get(f"/admin/contests/{demo.id}/setup/recusals?venue={venue.id}"))
        assert '<td class="name why">曾在该企业任职至2024年</td>' in page
    response = post(client, f"/admin/recusals/{_manual().id}/remove", reason="已调往第二分会场")
    assert response.status_code == 302
    assert _manual() is None
