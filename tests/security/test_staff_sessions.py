"""Staff sessions end for real: sign-out, disabling and an admin's 结束全部登录 end every copy of
the cookie; passwords built from the username are refused (issue 13, item 9)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, StaffUser
from tests.conftest import sign_in
from tests.security.identities import CSRF_FIELD


def _copy(app, client):
    """Another browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _token(client, path: str = "/admin/") -> str:
    page = client.get(path, follow_redirects=True).get_data(as_text=True)
    return CSRF_FIELD.search(page).group(1)


def _user(username: str) -> StaffUser:
    return db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username))


def test_a_cookie_copied_before_sign_out_stops_working(app, client, staff):
    sign_in(client, "admin")
    copy = _copy(app, client)
    assert copy.get("/admin/").status_code == 200
    client.post("/staff/logout", data={"csrf_token": _token(client)})
    response = copy.get("/admin/")
    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/staff/login?next=%2Fadmin%2F",
    )
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["staff.signed_in", "staff.signed_out"]


def test_sessions_ended_by_disabling_stay_ended_after_enabling(app, client, staff, runner):
    sign_in(client, "host1")
    copy = _copy(app, client)
    assert runner.invoke(args=["disable-staff", "host1"]).exit_code == 0
    assert runner.invoke(args=["enable-staff", "host1"]).exit_code == 0
    for browser in (client, copy):
        assert browser.get("/staff/").headers["Location"] == "/staff/login?next=%2Fstaff%2F"


def test_an_admin_ends_every_session_of_an_account(app, client, staff, demo):
    host = app.test_client()
    sign_in(host, "host1")
    assert host.get("/staff/").status_code == 302  # to the console: signed in
    assert host.get("/staff/").headers["Location"].startswith("/host/venues/")
    sign_in(client, "admin")
    path = f"/admin/contests/{demo.id}/accounts"
    response = client.post(
        f"{path}/{_user('host1').id}/sessions", data={"csrf_token": _token(client, path)}
    )
    assert (response.status_code, response.headers["Location"]) == (302, path)
    assert "已结束 host1 的全部登录" in client.get(path).get_data(as_text=True)
    assert host.get("/staff/").headers["Location"] == "/staff/login?next=%2Fstaff%2F"
    assert client.get("/admin/").status_code == 200  # the admin's own session goes on


def test_ending_ones_own_sessions_keeps_this_page(app, client, staff, demo):
    sign_in(client, "admin")
    laptop = _copy(app, client)
    path = f"/admin/contests/{demo.id}/accounts"
    client.post(f"{path}/{_user('admin').id}/sessions", data={"csrf_token": _token(client, path)})
    assert client.get("/admin/").status_code == 200
    assert laptop.get("/admin/").status_code == 302


def test_end_sessions_command(app, client, staff, runner):
    sign_in(client, "host1")
    result = runner.invoke(args=["end-sessions", "host1"])
    assert (result.exit_code, result.output) == (
        0,
        "已结束 host1 的全部登录；其已打开的页面在下一次操作时退出\n",
    )
    assert client.get("/staff/").status_code == 302
    assert client.get("/staff/").headers["Location"].startswith("/staff/login")
    result = runner.invoke(args=["end-sessions", "nobody"])
    assert result.exit_code == 1
    assert "没有用户名为 nobody 的账号" in result.output


@pytest.mark.parametrize("password", ["wangfang2026", "WangFang!!2026", "wangfan", "1", "wangfang"])
def test_passwords_built_from_the_username_are_refused(runner, demo, password):
    result = runner.invoke(args=["create-staff", "wangfang", "--password", password])
    assert result.exit_code == 1
    expected = (
        "密码至少 8 位"
        if len(password) < 8
        else "密码不能是用户名加数字或符号，也不能是用户名的一部分；请换一个密码"
    )
    assert expected in result.output
    assert _user("wangfang") is None


def test_a_password_with_the_username_and_real_words_is_accepted(runner, demo):
    result = runner.invoke(args=["create-staff", "wang", "--password", "wang-likes-tea"])
    assert result.exit_code == 0, result.output


def test_reset_password_refuses_the_username_plus_digits(runner, staff):
    result = runner.invoke(args=["reset-password", "host1", "--password", "host1host1"])
    assert result.exit_code == 1
    assert "请换一个密码" in result.output
    assert re.search(r"已重置", result.output) is None
