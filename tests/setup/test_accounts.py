"""Staff accounts from the page (工作人员账号): roles, venues, disable, reset, guards, audit."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, StaffRole, StaffUser, Venue
from contest.setup import accounts
from tests.conftest import sign_in
from tests.security.identities import staff_sign_in

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _url(demo, tail: str = "") -> str:
    return f"/admin/contests/{demo.id}/accounts{tail}"


def _post(client, demo, tail: str, data: dict):
    """POST one of the page's forms with the session's CSRF token, as the browser does."""
    token = TOKEN.search(client.get(_url(demo)).get_data(as_text=True)).group(1)
    return client.post(_url(demo, tail), data={**data, "csrf_token": token})


def _user(username: str) -> StaffUser | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username))


def _staff_audit() -> list[tuple[str, str, dict]]:
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action.like("staff.%")).order_by(AuditEntry.id)
    )
    return [(e.action, e.actor, e.data) for e in entries if e.action != "staff.signed_in"]


@pytest.fixture
def admin(client, staff, demo):
    sign_in(client, "admin")
    return client


def _create(admin, demo, **fields):
    data = {"display_name": "", "password": "", **fields}
    return _post(admin, demo, "", data)


def test_create_each_role_lists_it_in_chinese_and_it_signs_in(app, admin, demo, staff):
    venue = demo.venues[0]
    for username, role in (("a2", "admin"), ("h2", "host"), ("c2", "clerk"), ("s2", "supervisor")):
        venues = {"venue": str(venue.id)} if role == "host" else {}
        response = _create(
            admin, demo, username=username, role=role, password=f"{username}-pass-1", **venues
        )
        assert response.status_code == 302
    page = admin.get(_url(demo)).get_data(as_text=True)
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r'data-username="([^"]+)".*?<td class="role">([^<]+)</td>', page, re.S)
    }
    assert rows == {
        "admin": "管理员",
        "a2": "管理员",
        "host1": "主持人",
        "h2": "主持人",
        "c2": "录入员",
        "s2": "监督",
    }
    assert [v.name for v in _user("h2").venues] == [venue.name]
    landings = {}
    for username in ("a2", "h2", "c2", "s2"):
        response = staff_sign_in(app.test_client(), username, f"{username}-pass-1")
        landings[username] = response.headers["Location"]
    assert landings == {
        "a2": "/admin/",
        "h2": f"/host/venues/{venue.id}",
        "c2": "/admin/clerk",
        "s2": "/admin/",
    }
    created = [(a, actor, d["username"], d["role"], d["venues"]) for a, actor, d in _staff_audit()]
    admin_id = staff["admin"].id
    assert created == [
        ("staff.created", f"staff:{admin_id}", "a2", "admin", []),
        ("staff.created", f"staff:{admin_id}", "h2", "host", [venue.id]),
        ("staff.created", f"staff:{admin_id}", "c2", "clerk", []),
        ("staff.created", f"staff:{admin_id}", "s2", "supervisor", []),
    ]


def test_generated_password_is_shown_once_and_never_audited(app, admin, demo):
    response = _create(admin, demo, username="clerk-x", display_name="录入员 小李", role="clerk")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code id="new-password">([^<]+)</code>', page).group(1)
    assert re.fullmatch(r"[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}", password)
    assert password not in admin.get(_url(demo)).get_data(as_text=True)
    assert staff_sign_in(app.test_client(), "clerk-x", password).status_code == 302
    assert _user("clerk-x").display_name == "录入员 小李"
    reset = _post(admin, demo, f"/{_user('clerk-x').id}/password", {"password": ""})
    second = re.search(r'<code id="new-password">([^<]+)</code>', reset.get_data(as_text=True))
    assert second.group(1) != password
    assert staff_sign_in(app.test_client(), "clerk-x", second.group(1)).status_code == 302
    everything = json.dumps([e.data for e in db.session.scalars(sa.select(AuditEntry))])
    assert password not in everything and second.group(1) not in everything
    assert [a for a, _actor, _d in _staff_audit()] == ["staff.created", "staff.password_reset"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "h9", "role": "host", "password": "short7!"}, "密码至少 8 位"),
        (
            {"username": "ADMIN", "role": "admin", "password": "long-enough-1"},
            "用户名 admin 已被使用",
        ),
        ({"username": "a b", "role": "clerk", "password": "long-enough-1"}, "用户名中间不能有空格"),
        ({"username": "", "role": "clerk", "password": "long-enough-1"}, "请填写用户名"),
        ({"username": "c9", "role": "boss", "password": "long-enough-1"}, "请选择角色"),
        ({"username": "p9", "role": "host", "password": " padded-pass "}, "密码首尾不能有空格"),
        (
            {"username": "h8", "role": "host", "password": "long-enough-1", "venue": "9" * 20},
            "所选分会场不属于本比赛",
        ),
        (
            {"username": "d8", "display_name": "a\x01b", "role": "clerk", "password": "pass-12345"},
            "显示名称不能含控制字符",
        ),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(admin, demo, fields, message):
    before = (_staff_audit(), db.session.scalar(sa.select(sa.func.count(StaffUser.id))))
    response = _create(admin, demo, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    after = (_staff_audit(), db.session.scalar(sa.select(sa.func.count(StaffUser.id))))
    assert after == before


def test_venues_are_refused_for_a_clerk_and_from_another_contest(admin, demo):
    venue = demo.venues[0]
    response = _create(
        admin, demo, username="c3", role="clerk", password="c3-pass-12", venue=venue.id
    )
    assert "只有主持人需要分会场" in response.get_data(as_text=True)
    response = _create(admin, demo, username="h3", role="host", password="h3-pass-12", venue="999")
    assert "所选分会场不属于本比赛" in response.get_data(as_text=True)
    assert (_user("c3"), _user("h3")) == (None, None)


def test_a_host_given_a_venue_uses_it_without_signing_in_again(app, admin, demo):
    venue = demo.venues[0]
    response = _create(admin, demo, username="h4", role="host", password="h4-pass-123")
    assert "还没有分会场" in admin.get(_url(demo)).get_data(as_text=True)  # flashed on redirect
    assert response.status_code == 302
    host = app.test_client()
    assert staff_sign_in(host, "h4", "h4-pass-123").headers["Location"] == "/staff/"
    waiting = host.get("/staff/")
    assert waiting.status_code == 200
    assert "尚未分配分会场" in waiting.get_data(as_text=True)
    assert host.get(f"/host/venues/{venue.id}").status_code == 403
    user_id = _user("h4").id
    assert _post(admin, demo, f"/{user_id}/venues", {"venue": str(venue.id)}).status_code == 302
    assert host.get(f"/host/venues/{venue.id}").status_code == 200
    assert host.get("/staff/").headers["Location"] == f"/host/venues/{venue.id}"
    action, _actor, data = _staff_audit()[-1]
    assert (action, data) == (
        "staff.venues_changed",
        {"username": "h4", "before": [], "after": [venue.id]},
    )


def test_venues_of_other_contests_are_kept_when_this_contests_change(admin, demo):
    from contest.models import Contest

    other = Contest(name="另一场比赛", year=2027)
    elsewhere = Venue(contest=other, name="外场")
    db.session.add_all([other, elsewhere])
    host = _user("host1")
    host.venues.append(elsewhere)
    db.session.commit()
    assert _post(admin, demo, f"/{host.id}/venues", {}).status_code == 302
    assert [v.name for v in _user("host1").venues] == ["外场"]


def test_a_disabled_account_is_signed_out_at_its_next_request(app, admin, demo, staff):
    venue = demo.venues[0]
    host = app.test_client()
    sign_in(host, "host1")
    assert host.get(f"/host/venues/{venue.id}").status_code == 200
    response = _post(admin, demo, f"/{staff['host1'].id}/active", {"active": "0"})
    assert response.status_code == 302
    refused = host.get(f"/host/venues/{venue.id}")
    assert refused.status_code == 302
    assert refused.headers["Location"].startswith("/staff/login?next=")
    disabled = staff_sign_in(app.test_client(), "host1", "host-pass-1")
    assert disabled.status_code == 403
    assert "该账号已停用；如需恢复，请联系秘书处管理员" in disabled.get_data(as_text=True)
    wrong = staff_sign_in(app.test_client(), "host1", "not-the-password")
    assert "用户名或密码不正确" in wrong.get_data(as_text=True)  # says nothing of the account
    assert _post(admin, demo, f"/{staff['host1'].id}/active", {"active": "1"}).status_code == 302
    assert staff_sign_in(app.test_client(), "host1", "host-pass-1").status_code == 302
    assert [(a, d) for a, _actor, d in _staff_audit()] == [
        ("staff.disabled", {"username": "host1"}),
        ("staff.enabled", {"username": "host1"}),
    ]


def test_a_password_reset_signs_out_the_other_sessions_only(app, admin, demo, staff):
    host = app.test_client()
    sign_in(host, "host1")
    venue = demo.venues[0]
    _post(admin, demo, f"/{staff['host1'].id}/password", {"password": "brand-new-pass"})
    assert host.get(f"/host/venues/{venue.id}").status_code == 302
    assert staff_sign_in(app.test_client(), "host1", "host-pass-1").status_code == 401
    assert staff_sign_in(app.test_client(), "host1", "brand-new-pass").status_code == 302
    # An admin resetting their own password stays signed in on this page.
    _post(admin, demo, f"/{staff['admin'].id}/password", {"password": "admin-new-pass"})
    assert admin.get(_url(demo)).status_code == 200


def test_an_admin_cannot_disable_or_demote_themselves(admin, demo, staff):
    me = staff["admin"].id
    refused = _post(admin, demo, f"/{me}/active", {"active": "0"})
    page = admin.get(refused.headers["Location"]).get_data(as_text=True)
    assert "不能停用自己的账号；请由另一位管理员操作" in page
    _post(admin, demo, f"/{me}/role", {"role": "host"})
    assert "不能更改自己的角色；请由另一位管理员操作" in admin.get(_url(demo)).get_data(
        as_text=True
    )
    assert (_user("admin").active, _user("admin").role) == (True, StaffRole.ADMIN)
    assert _staff_audit() == []


def test_the_last_active_admin_cannot_be_disabled_or_demoted(app, demo):
    admin = _user("admin")
    for change in (
        lambda: accounts.set_active(user=admin, active=False, actor="cli"),
        lambda: accounts.set_role(user=admin, role=StaffRole.SUPERVISOR, actor="cli"),
    ):
        with pytest.raises(accounts.AccountRefused) as refused:
            change()
        assert refused.value.message.startswith("admin 是最后一个启用的管理员账号")
        assert refused.value.message.endswith("请先为另一人创建管理员账号")


def test_a_host_changed_to_clerk_loses_their_venues(admin, demo, staff):
    venue = demo.venues[0]
    assert _post(admin, demo, f"/{staff['host1'].id}/role", {"role": "clerk"}).status_code == 302
    user = _user("host1")
    assert (user.role, user.venues) == (StaffRole.CLERK, [])
    assert _staff_audit()[-1] == (
        "staff.role_changed",
        f"staff:{staff['admin'].id}",
        {"username": "host1", "before": "host", "after": "clerk", "venues_removed": [venue.id]},
    )


def test_a_bad_toggle_value_is_refused_without_error(admin, demo, staff):
    response = _post(admin, demo, f"/{staff['host1'].id}/active", {"active": "maybe"})
    assert response.status_code == 302
    assert "请求无效" in admin.get(_url(demo)).get_data(as_text=True)
    assert _user("host1").active is True


def test_the_supervisor_sees_the_list_but_no_form_and_cannot_post(app, admin, demo, staff):
    _create(admin, demo, username="s5", role="supervisor", password="s5-pass-123")
    supervisor = app.test_client()
    staff_sign_in(supervisor, "s5", "s5-pass-123")
    page = supervisor.get(_url(demo)).get_data(as_text=True)
    assert 'data-username="host1"' in page
    assert (
        "创建账号" not in page
        and "重置密码" not in page
        and '<form method="post" action="/admin' not in page
    )
    token = TOKEN.search(page).group(1)  # the sign-out form's
    response = supervisor.post(
        _url(demo, f"/{staff['host1'].id}/active"), data={"active": "0", "csrf_token": token}
    )
    assert response.status_code == 403
    assert _user("host1").active is True
