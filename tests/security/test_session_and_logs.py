"""Session cookies, where a sign-in may send you, unstorable input, and logs without secrets."""

from __future__ import annotations

import io
import json
import logging
import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from contest.config import from_environment
from contest.extensions import db
from contest.models import Judge, Team
from contest.server.logs import AccessLog
from tests.conftest import PASSWORDS, sign_in
from tests.factories import team_at
from tests.security.identities import (
    CSRF_FIELD,
    LOGIN_CSRF,
    fingerprint,
    judge_one,
    staff_sign_in,
)


def _session_cookie(response) -> set[str]:
    """The attributes of the session cookie this response sets, lower-cased."""
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    return {part.strip().lower() for part in header.split(";")[1:]}


def _sign_ins(client):
    """A staff sign-in, a judge's link and a judge's typed code: each sets the session."""
    yield staff_sign_in(client, "admin", PASSWORDS["admin"])
    yield client.get(f"/j/{judge_one().access_key}")
    token = CSRF_FIELD.search(client.get("/j").get_data(as_text=True)).group(1)
    code = db.session.scalar(sa.select(Judge.fallback_code).where(Judge.number == 2))
    yield client.post("/j", data={"csrf_token": token, "code": code})


def test_session_cookies_are_http_only_and_same_site_lax(client, staff):
    for response in _sign_ins(client):
        assert response.status_code == 302
        attributes = _session_cookie(response)
        assert {"httponly", "samesite=lax"} <= attributes
        assert "secure" not in attributes  # plain http on a laptop still works


def test_secure_cookies_setting_adds_secure(app, client, staff, monkeypatch):
    monkeypatch.setenv("CONTEST_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("CONTEST_SECURE_COOKIES", "1")
    app.config["SESSION_COOKIE_SECURE"] = from_environment()["SESSION_COOKIE_SECURE"]
    for response in _sign_ins(client):
        assert response.status_code == 302
        assert {"httponly", "samesite=lax", "secure"} <= _session_cookie(response)
    monkeypatch.setenv("CONTEST_SECURE_COOKIES", "0")
    assert from_environment()["SESSION_COOKIE_SECURE"] is False


def test_sign_in_never_sends_staff_to_another_site(app, staff):
    # Browsers drop tabs and newlines from a URL and read "\\" as "/": each of these is a
    # way to write //evil.example.
    targets = ["//evil.example/", "/\t/evil.example", "/\n/evil.example", "/\\evil.example"]
    for target in [*targets, "http://evil.example/", "https://evil.example/"]:
        client = app.test_client()
        page = client.get("/staff/login").get_data(as_text=True)
        response = client.post(
            "/staff/login",
            query_string={"next": target},
            data={
                "username": "admin",
                "password": PASSWORDS["admin"],
                "csrf_token": LOGIN_CSRF.search(page).group(1),
            },
        )
        assert (response.status_code, response.headers["Location"]) == (302, "/admin/"), target


def test_sign_in_returns_to_the_page_asked_for(client, staff, demo):
    response = client.get(f"/host/venues/{demo.venues[0].id}")
    assert (
        response.headers["Location"] == f"/staff/login?next=%2Fhost%2Fvenues%2F{demo.venues[0].id}"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    token = LOGIN_CSRF.search(page).group(1)
    response = client.post(
        response.headers["Location"],
        data={"username": "host1", "password": PASSWORDS["host1"], "csrf_token": token},
    )
    assert response.headers["Location"] == f"/host/venues/{demo.venues[0].id}"


def test_text_no_database_can_store_is_refused_in_chinese(app, client, staff, demo):
    team = team_at(demo, 1)
    sign_in(client, "admin")
    token = CSRF_FIELD.search(client.get("/j").get_data(as_text=True)).group(1)
    anonymous = app.test_client()
    plain = CSRF_FIELD.search(anonymous.get("/j").get_data(as_text=True)).group(1)
    before = fingerprint()
    responses = [
        anonymous.get("/j/abc%00def"),
        anonymous.get("/verify/SQA%00001"),
        anonymous.get(f"/live/{demo.id}?venue=%00"),
        anonymous.post("/j", data={"csrf_token": plain, "code": "ABCD\x00EFG"}),
        anonymous.post(
            "/staff/login", data={"csrf_token": plain, "username": "ad\x00min", "password": "x"}
        ),
        client.post(
            f"/admin/teams/{team.id}/edit",
            data={
                "csrf_token": token,
                "company_name": "上海\x00公司",
                "team_name": team.team_name,
                "member_count": "8",
                "mode": "in_hall",
                "reason": "更正",
            },
        ),
    ]
    for response in responses:
        assert response.status_code == 400
        assert "请求内容包含无效字符" in response.get_data(as_text=True)
    assert fingerprint() == before


@contextmanager
def _every_log_line():
    """Everything the access log and any propagating logger (Flask, Werkzeug) write."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setLevel(logging.DEBUG)
    loggers = [logging.getLogger()]
    if not logging.getLogger("contest.access").propagate:  # as `serve.py` configures it
        loggers.append(logging.getLogger("contest.access"))
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def test_logs_carry_no_keys_codes_passwords_cookies_or_tokens(app, staff, demo):
    app.wsgi_app = AccessLog(app.wsgi_app)
    judges = db.session.scalars(sa.select(Judge).order_by(Judge.number)).all()
    secrets = {PASSWORDS["admin"], "wrong-password-9"}
    secrets |= {j.access_key for j in judges} | {j.fallback_code for j in judges}
    staff_client, phone = app.test_client(), app.test_client()
    with _every_log_line() as output:
        staff_sign_in(staff_client, "admin", "wrong-password-9")
        staff_sign_in(staff_client, "admin", PASSWORDS["admin"])
        token = CSRF_FIELD.search(staff_client.get("/j").get_data(as_text=True)).group(1)
        secrets |= {token, staff_client.get_cookie("session").value}
        staff_client.get(f"/admin/contests/{demo.id}", headers={"X-CSRFToken": token})
        staff_client.post("/staff/logout", data={"csrf_token": token})
        # The link as printed, and as people mistype it: each is logged, none with its key.
        for path in ("/j/{}", "//j/{}", "/j//{}", "/J/{}", "/j/{}/"):
            phone.get("/", environ_overrides={"PATH_INFO": path.format(judges[0].access_key)})
        phone.get(f"/j/{judges[1].access_key}")
        page = phone.get("/judge/").get_data(as_text=True)
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        secrets |= {csrf, phone.get_cookie("session").value}
        phone.post("/api/judge/scores", json={}, headers={"X-CSRFToken": csrf})
        code = CSRF_FIELD.search(phone.get("/j").get_data(as_text=True)).group(1)
        phone.post("/j", data={"csrf_token": code, "code": judges[2].fallback_code})
        secrets |= {code, phone.get_cookie("session").value}
    text = output.getvalue()
    requests = [json.loads(line) for line in text.splitlines() if line.startswith('{"ts"')]
    assert len(requests) == 17
    paths = [r["path"] for r in requests if "/j/" in r["path"].lower()]
    assert paths == ["/j/***"] * 4 + ["/j/***/", "/j/***"]
    assert [s for s in secrets if s in text] == []


def test_an_unexpected_error_is_logged_without_the_key(app, client, demo, monkeypatch):
    def broken(judge):
        raise RuntimeError("the page could not be built")

    monkeypatch.setattr("contest.judge.views.open_page", broken)
    key = judge_one().access_key
    with _every_log_line() as output:
        response = client.get(f"/j/{key}")
    assert response.status_code == 500
    assert "服务器出错，请联系会务组" in response.get_data(as_text=True)
    assert "unhandled error on GET /j/***" in output.getvalue()
    assert "RuntimeError: the page could not be built" in output.getvalue()
    assert key not in output.getvalue()


def test_database_errors_do_not_carry_the_values_looked_up(app, demo):
    key = judge_one().access_key
    with pytest.raises(sa.exc.DBAPIError) as raised:
        db.session.execute(
            sa.text("SELECT id FROM no_such_table WHERE access_key = :key"), {"key": key}
        )
    db.session.rollback()
    assert "no_such_table" in str(raised.value)
    assert key not in str(raised.value)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Team)) == 20
