"""Judges' keys: rate-limited guessing, never in logs or on public pages."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Judge
from contest.server.logs import AccessLog


def test_guessing_keys_is_rate_limited(client, demo):
    statuses = [client.get(f"/j/guess-{n:04d}").status_code for n in range(11)]
    assert statuses == [404] * 10 + [429]
    assert "尝试次数过多，请稍后再试" in client.get("/j/another-guess").get_data(as_text=True)


def test_opening_a_real_link_often_is_not_limited(client, demo):
    key = db.session.scalar(sa.select(Judge.access_key).where(Judge.number == 1))
    assert {client.get(f"/j/{key}").status_code for _ in range(15)} == {302}


def test_staff_password_guessing_is_rate_limited(client, staff):
    import re

    def attempt():
        page = client.get("/staff/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        return client.post(
            "/staff/login", data={"username": "admin", "password": "wrong", "csrf_token": token}
        ).status_code

    assert [attempt() for _ in range(11)] == [401] * 10 + [429]


def test_access_log_never_contains_a_key(app, demo, caplog):
    key = db.session.scalar(sa.select(Judge.access_key).where(Judge.number == 1))
    app.wsgi_app = AccessLog(app.wsgi_app)
    with caplog.at_level(logging.INFO, logger="contest.access"):
        app.test_client().get(f"/j/{key}")
    assert key not in caplog.text
    assert '"path": "/j/***"' in caplog.text
    assert '"status": 302' in caplog.text


def test_public_pages_and_api_carry_no_keys_or_codes(client, demo):
    secrets = [
        value
        for judge in db.session.scalars(sa.select(Judge))
        for value in (judge.access_key, judge.fallback_code)
    ]
    venue = demo.venues[0].id
    for url in (
        "/",
        f"/live/{demo.id}",
        f"/display/venues/{venue}",
        f"/api/venues/{venue}/state",
        "/api/openapi.json",
    ):
        body = client.get(url).get_data(as_text=True)
        assert not [s for s in secrets if s in body], url
