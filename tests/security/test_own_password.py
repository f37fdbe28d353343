"""修改密码: a staff member changes their own password; every other session ends, this one
stays; a wrong current password is counted like a sign-in (issue 13, item 9)."""

from __future__ import annotations

import html

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, StaffUser
from tests.conftest import PASSWORDS, sign_in
from tests.security.identities import CSRF_FIELD

NEW = "qing-pu-7f3k"


def _token(client) -> str:
    return CSRF_FIELD.search(client.get("/staff/password").get_data(as_text=True)).group(1)


def _change(client, current: str, new: str, repeat: str | None = None):
    form = {"csrf_token": _token(client), "current": current, "new": new}
    form["repeat"] = new if repeat is None else repeat
    return client.post("/staff/password", data=form)


def _said(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_host_changes_their_password_and_only_this_browser_stays_in(app, staff):
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "host1")
    sign_in(elsewhere, "host1")
    page = _said(here.get("/host/venues/1"))
    assert 'href="/staff/password">修改密码</a>' in page  # on every staff page's top bar

    refused = _change(here, "not-my-password", NEW)
    assert refused.status_code == 422
    assert "当前密码不正确；请重新输入" in _said(refused)
    refused = _change(here, PASSWORDS["host1"], NEW, "qing-pu-7f3x")
    assert (refused.status_code, "两次输入的新密码不一致；请重新输入" in _said(refused)) == (
        422,
        True,
    )
    refused = _change(here, PASSWORDS["host1"], "host1-2026!")
    assert refused.status_code == 422
    assert "密码不能是用户名加数字或符号，也不能是用户名的一部分；请换一个密码" in _said(refused)
    refused = _change(here, PASSWORDS["host1"], "short")
    assert "密码至少 8 位" in _said(refused)
    db.session.expire_all()
    assert db.session.scalar(
        sa.select(StaffUser).where(StaffUser.username == "host1")
    ).check_password(PASSWORDS["host1"])  # nothing written by a refusal

    done = _change(here, PASSWORDS["host1"], NEW)
    assert (done.status_code, done.headers["Location"]) == (302, "/staff/")
    landing = _said(here.get("/staff/", follow_redirects=True))
    assert "密码已修改；其他设备上的登录已退出，需用新密码重新登录" in landing
    assert here.get("/host/venues/1").status_code == 200  # this browser stays signed in
    gone = elsewhere.get("/host/venues/1")
    assert (gone.status_code, gone.headers["Location"]) == (
        302,
        "/staff/login?next=%2Fhost%2Fvenues%2F1",
    )
    db.session.expire_all()
    user = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "host1"))
    assert (user.check_password(NEW), user.check_password(PASSWORDS["host1"])) == (True, False)
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor, entry.data) == (
        "staff.password_changed",
        f"staff:{user.id}",
        {"username": "host1"},
    )


def test_wrong_current_passwords_are_counted_like_sign_ins(app, staff):
    app.config["CONTEST_ACCOUNT_ATTEMPTS"] = "3 per hour"
    client = app.test_client()
    sign_in(client, "admin")
    statuses = [_change(client, f"guess-{n}", NEW).status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429]
    assert "该账号尝试次数过多" in _said(_change(client, PASSWORDS["admin"], NEW))
    db.session.expire_all()
    admin = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))
    assert admin.check_password(PASSWORDS["admin"])


def test_the_password_page_needs_a_sign_in(client, staff):
    response = client.get("/staff/password")
    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/staff/login?next=%2Fstaff%2Fpassword",
    )
