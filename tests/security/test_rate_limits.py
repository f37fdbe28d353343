"""Guessing is slowed down, people who know their password, key or code are not.

tests/test_security_keys.py already shows ten wrong keys or passwords in a row end in 429.
Here: right attempts in between are not counted, the configured numbers are the ones used,
a forged X-Forwarded-For does not reset the count, and the typed code is limited too.
tests/security/test_guess_limits.py: concurrency, per-account limits, the slowdown.
"""

from __future__ import annotations

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Judge
from tests.conftest import PASSWORDS
from tests.security.identities import CSRF_FIELD, LOGIN_CSRF, judge_one, staff_sign_in

TOO_MANY = "尝试次数过多，请稍后再试"
FORGED = {"X-Forwarded-For": "203.0.113.7", "X-Real-IP": "203.0.113.7"}


def _limited(response) -> bool:
    return response.status_code == 429 and TOO_MANY in response.get_data(as_text=True)


def test_staff_sign_in_counts_only_failures(app, staff):
    def attempt(password: str) -> int:
        return staff_sign_in(app.test_client(), "admin", password).status_code

    assert [attempt("wrong") for _ in range(9)] == [401] * 9
    assert [attempt(PASSWORDS["admin"]) for _ in range(3)] == [302] * 3
    assert attempt("wrong") == 401  # the tenth failure
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    token = LOGIN_CSRF.search(page).group(1)
    right = {"username": "admin", "password": PASSWORDS["admin"], "csrf_token": token}
    # Now even the right password waits: an answer would tell a guesser they had it.
    assert _limited(client.post("/staff/login", data=right))
    assert _limited(client.post("/staff/login", data=right, headers=FORGED))
    assert client.get("/admin/").status_code == 302  # not signed in


def test_judge_links_use_the_configured_number_and_count_only_failures(app, client, demo):
    app.config["CONTEST_KEY_ATTEMPTS"] = "3 per minute"
    key = judge_one().access_key
    statuses = [
        client.get(path).status_code
        for path in ("/j/wrong-1", f"/j/{key}", "/j/wrong-2", f"/j/{key}", "/j/wrong-3")
    ]
    assert statuses == [404, 302, 404, 302, 404]
    assert _limited(client.get("/j/wrong-4"))
    assert _limited(client.get("/j/wrong-5", headers=FORGED))
    # A real key still gets in: a hall shares one address (issue 13, item 3).
    assert client.get(f"/j/{key}").status_code == 302


def test_typed_codes_are_limited_and_right_codes_not_counted(app, demo):
    app.config["CONTEST_SLOWDOWN_SECONDS"] = 0.01
    code = db.session.scalar(sa.select(Judge.fallback_code).where(Judge.number == 3))

    def attempt(typed: str, **headers):
        client = app.test_client()
        token = CSRF_FIELD.search(client.get("/j").get_data(as_text=True)).group(1)
        return client.post("/j", data={"csrf_token": token, "code": typed}, headers=headers)

    assert [attempt(f"WRONG{n:03d}").status_code for n in range(9)] == [400] * 9
    assert [attempt(code).status_code for _ in range(3)] == [302] * 3
    assert attempt("WRONG999").status_code == 400  # the tenth failure
    assert _limited(attempt("WRONG998"))
    assert _limited(attempt("WRONG997", **FORGED))
    # The right code still gets in past the address limit, after the slowdown.
    assert attempt(code).status_code == 302
