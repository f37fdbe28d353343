"""Staff sign-in with hashed passwords; roles admin and host (per venue)."""

from __future__ import annotations

import re

from tests.conftest import sign_in


def _token(client) -> str:
    page = client.get("/staff/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_passwords_are_hashed(app, staff):
    assert staff["admin"].password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert "admin-pass-1" not in staff["admin"].password_hash


def test_wrong_password_is_refused_in_chinese(client, staff):
    response = client.post(
        "/staff/login",
        data={"username": "admin", "password": "nope", "csrf_token": _token(client)},
    )
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, staff):
    response = client.post("/staff/login", data={"username": "admin", "password": "admin-pass-1"})
    assert response.status_code == 400
    assert "页面已过期或表单无效" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302  # still signed out


def test_admin_pages_need_sign_in(client, demo):
    response = client.get(f"/admin/contests/{demo.id}")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_admin_lands_on_the_contest(client, staff, demo):
    sign_in(client, "admin")
    response = client.get("/admin/", follow_redirects=True)
    assert response.status_code == 200
    assert demo.name in response.get_data(as_text=True)


def test_host_reaches_own_console_but_not_admin(client, staff, demo):
    sign_in(client, "host1")
    venue = demo.venues[0]
    assert client.get(f"/host/venues/{venue.id}").status_code == 200
    assert client.get(f"/admin/contests/{demo.id}").status_code == 403


def test_host_cannot_run_another_venue(client, app, staff, demo):
    from contest.extensions import db
    from contest.models import Venue

    other = Venue(contest_id=demo.id, name="第二分会场", position=2)
    db.session.add(other)
    db.session.commit()
    sign_in(client, "host1")
    assert client.get(f"/host/venues/{other.id}").status_code == 403


def test_signing_out_ends_the_session(client, staff):
    sign_in(client, "admin")
    page = client.get("/admin/", follow_redirects=True).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/staff/logout", data={"csrf_token": token})
    assert client.get("/admin/").status_code == 302
