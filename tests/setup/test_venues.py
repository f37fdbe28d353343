"""Venues: add, rename, short name and code, order, delete while empty; find by any name."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import Draw, StaffUser, StageState, Venue
from contest.setup.venues import find_venue
from tests.conftest import sign_in
from tests.setup.forms import audit_count, entries, post

FULL = "第二分会场（泰安路74号报告厅）"


def _page(demo) -> str:
    return f"/admin/contests/{demo.id}/setup/venues"


def _add(client, demo, **fields):
    data = {"name": FULL, "short_name": "第二分会场", "code": "B", **fields}
    return post(client, _page(demo), data, page=_page(demo))


def _venue(name: str) -> Venue:
    return db.session.scalar(sa.select(Venue).where(Venue.name == name))


def _venues(demo) -> list[tuple]:
    db.session.expire_all()
    rows = db.session.scalars(
        sa.select(Venue).where(Venue.contest_id == demo.id).order_by(Venue.position)
    )
    return [(v.name, v.short_name, v.code, v.position) for v in rows]


def test_added_venue_has_its_stage_and_is_audited(client, staff, demo):
    sign_in(client, "admin")
    response = _add(client, demo, name=f"  {FULL}\u3000")
    assert response.status_code == 302
    assert _venues(demo) == [("第一分会场", "", "", 1), (FULL, "第二分会场", "B", 2)]
    venue = _venue(FULL)
    stage = db.session.get(StageState, venue.id)
    assert (stage.team_id, stage.scoring_open) == (None, False)
    [entry] = entries("venue.created")
    assert (entry.subject, entry.contest_id, entry.actor) == (
        f"venue:{venue.id}",
        demo.id,
        f"staff:{staff['admin'].id}",
    )
    assert entry.data == {"name": FULL, "short_name": "第二分会场", "code": "B", "position": 2}
    assert FULL in client.get(_page(demo)).get_data(as_text=True)


def test_find_venue_by_full_name_short_name_or_code(client, staff, demo):
    sign_in(client, "admin")
    _add(client, demo)
    second = _venue(FULL)
    db.session.refresh(demo)
    assert find_venue(demo, FULL) is second
    assert find_venue(demo, " 第二分会场\u3000") is second
    assert find_venue(demo, "b") is second
    assert find_venue(demo, "B") is second
    assert find_venue(demo, "第一分会场") is demo.venues[0]
    assert find_venue(demo, "第二分会场（泰安路74号报告厅") is None
    assert find_venue(demo, "") is None
    assert find_venue(demo, "   ") is None
    assert find_venue(demo, "C") is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "请填写分会场名称"),
        ({"name": "第一分会场"}, "「第一分会场」已被分会场「第一分会场」使用"),
        ({"short_name": "第一分会场"}, "「第一分会场」已被分会场「第一分会场」使用"),
        ({"code": "a"}, "「a」已被分会场「第一分会场」使用"),
        ({"name": "会" * 101}, "分会场名称最多 100 个字"),
        ({"short_name": "简" * 51}, "简称最多 50 个字"),
        ({"code": "A" * 21}, "代码最多 20 个字"),
        ({"code": "二"}, "代码只能用英文字母、数字、连字符和下划线"),
    ],
)
def test_bad_venue_is_refused_and_writes_nothing(client, staff, demo, fields, message):
    demo.venues[0].code = "A"
    db.session.commit()
    sign_in(client, "admin")
    before = audit_count()
    response = _add(client, demo, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _venues(demo) == [("第一分会场", "", "A", 1)]
    assert audit_count() == before


def test_renamed_venue_is_audited_and_unchanged_is_not(client, staff, demo):
    sign_in(client, "admin")
    venue = demo.venues[0]
    path = f"/admin/contests/{demo.id}/setup/venues/{venue.id}"
    data = {"name": "第一分会场（泰安路74号）", "short_name": "第一分会场", "code": "a"}
    assert post(client, path, data, page=_page(demo)).status_code == 302
    assert _venues(demo) == [("第一分会场（泰安路74号）", "第一分会场", "a", 1)]
    [entry] = entries("venue.updated")
    assert entry.data == {
        "changes": {
            "name": ["第一分会场", "第一分会场（泰安路74号）"],
            "short_name": ["", "第一分会场"],
            "code": ["", "a"],
        }
    }
    before = audit_count()
    assert post(client, path, data, page=_page(demo)).status_code == 302
    assert audit_count() == before


def test_rename_clashing_with_another_venue_is_refused(client, staff, demo):
    sign_in(client, "admin")
    _add(client, demo)
    venue = demo.venues[0]
    path = f"/admin/contests/{demo.id}/setup/venues/{venue.id}"
    response = post(client, path, {"name": "第一分会场", "code": "b"}, page=_page(demo))
    assert response.status_code == 422
    message = "「b」已被分会场「第二分会场（泰安路74号报告厅）」使用"
    assert message in response.get_data(as_text=True)
    assert _venues(demo)[0] == ("第一分会场", "", "", 1)


def test_venues_move_up_and_down(client, staff, demo):
    sign_in(client, "admin")
    _add(client, demo)
    _add(client, demo, name="第三分会场", short_name="", code="C")
    third = _venue("第三分会场")
    path = f"/admin/contests/{demo.id}/setup/venues/{third.id}/move"
    assert post(client, path, {"direction": "up"}, page=_page(demo)).status_code == 302
    assert [v[0] for v in _venues(demo)] == ["第一分会场", "第三分会场", FULL]
    post(client, path, {"direction": "up"}, page=_page(demo))
    post(client, path, {"direction": "up"}, page=_page(demo))  # already first: nothing
    assert [(v[0], v[3]) for v in _venues(demo)] == [
        ("第三分会场", 1),
        ("第一分会场", 2),
        (FULL, 3),
    ]
    post(client, path, {"direction": "down"}, page=_page(demo))
    assert [v[0] for v in _venues(demo)] == ["第一分会场", "第三分会场", FULL]
    moves = [e.data["changes"]["position"] for e in entries("venue.updated")]
    assert moves == [[3, 2], [2, 1], [1, 2]]


def test_empty_venue_is_deleted_with_its_stage_and_host_links(client, staff, demo):
    sign_in(client, "admin")
    _add(client, demo)
    second = _venue(FULL)
    second_id = second.id
    host = staff["host1"]
    host.venues.append(second)
    db.session.commit()
    path = f"/admin/contests/{demo.id}/setup/venues/{second_id}/delete"
    response = post(client, path, {}, page=_page(demo))
    assert response.status_code == 302
    page = client.get(_page(demo)).get_data(as_text=True)
    assert "已删除分会场「第二分会场（泰安路74号报告厅）」" in page
    assert "主持人 host1 不再负责该分会场" in page
    assert _venues(demo) == [("第一分会场", "", "", 1)]
    assert db.session.get(StageState, second_id) is None
    host = db.session.get(StaffUser, host.id)
    assert [v.name for v in host.venues] == ["第一分会场"]
    [entry] = entries("venue.deleted")
    assert (entry.subject, entry.data) == (
        f"venue:{second_id}",
        {"name": FULL, "short_name": "第二分会场", "code": "B", "hosts_unassigned": ["host1"]},
    )


def test_venue_with_teams_and_judges_is_not_deleted(client, staff, demo):
    sign_in(client, "admin")
    _add(client, demo)  # so the refusal is not about the last venue
    venue = demo.venues[0]
    before = audit_count()
    path = f"/admin/contests/{demo.id}/setup/venues/{venue.id}/delete"
    response = post(client, path, {}, page=_page(demo))
    assert response.status_code == 422
    assert (
        "分会场「第一分会场」还有 20 个班组、9 位评委，不能删除；"
        "请先把他们移到其他分会场或删除，再删除此分会场"
    ) in response.get_data(as_text=True)
    assert len(_venues(demo)) == 2
    assert audit_count() == before


def test_venue_with_a_draw_is_not_deleted(client, staff, demo):
    sign_in(client, "admin")
    _add(client, demo)
    second = _venue(FULL)
    db.session.add(Draw(venue=second, seed="1", algorithm="sha256-fy-v1", entrants=[], order=[]))
    db.session.commit()
    path = f"/admin/contests/{demo.id}/setup/venues/{second.id}/delete"
    response = post(client, path, {}, page=_page(demo))
    assert response.status_code == 422
    assert "已有抽签记录，不能删除" in response.get_data(as_text=True)
    assert len(_venues(demo)) == 2


def test_last_venue_is_not_deleted(client, staff, demo):
    from contest.models import Contest

    sign_in(client, "admin")
    created = Contest(name="空比赛", year=2027, settings={})
    db.session.add(created)
    db.session.flush()
    venue = Venue(contest=created, name="主会场", position=1)
    db.session.add_all([venue, StageState(venue=venue)])
    db.session.commit()
    path = f"/admin/contests/{created.id}/setup/venues/{venue.id}/delete"
    response = post(client, path, {}, page=_page(demo))
    assert response.status_code == 422
    assert "比赛至少要有一个分会场" in response.get_data(as_text=True)
    assert db.session.get(Venue, venue.id) is not None


def test_venue_of_another_contest_is_not_found(client, staff, demo):
    sign_in(client, "admin")
    path = f"/admin/contests/{demo.id + 1}/setup/venues/{demo.venues[0].id}"
    assert post(client, path, {"name": "x"}, page=_page(demo)).status_code == 404
