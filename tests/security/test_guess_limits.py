"""Guess limits under concurrency, per account as well as per address, and a slowdown rather
than a lock for the right key, code or password (issue 13, items 2, 3 and 11).

Requests are sent at once: each thread waits at a barrier, then posts. Exactly `limit` of them
are answered normally and the rest refused, whatever the storage (memory or Redis).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from statistics import median

import pytest
import sqlalchemy as sa

from contest import create_app
from contest.extensions import db
from contest.models import Judge
from tests.conftest import PASSWORDS, IsolatedClient, _config
from tests.emptying import empty_postgres
from tests.security.identities import CSRF_FIELD, LOGIN_CSRF, judge_one
from tests.services import POSTGRES_URL, REDIS_URL, need, redis_available

TOO_MANY = "尝试次数过多，请稍后再试"


def at_once(count: int, work) -> list:
    """Run `work(i)` for i in range(count) in threads released together by a barrier."""
    barrier = threading.Barrier(count)

    def run(i: int):
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def _login_form(app):
    client = app.test_client()
    token = LOGIN_CSRF.search(client.get("/staff/login").get_data(as_text=True)).group(1)
    return client, token


def _code_form(app):
    client = app.test_client()
    token = CSRF_FIELD.search(client.get("/j").get_data(as_text=True)).group(1)
    return client, token


def test_wrong_keys_sent_at_once_get_exactly_the_limit(app, demo):
    app.config["CONTEST_KEY_ATTEMPTS"] = "10 per minute;60 per hour"
    clients = [app.test_client() for _ in range(100)]
    statuses = at_once(100, lambda i: clients[i].get(f"/j/wrong-{i:03d}").status_code)
    assert Counter(statuses) == {404: 10, 429: 90}
    # And the real key still opens the page from the same (hammered) address.
    assert app.test_client().get(f"/j/{judge_one().access_key}").status_code == 302


def test_wrong_passwords_sent_at_once_get_exactly_the_limit(app, staff):
    app.config["CONTEST_LOGIN_ATTEMPTS"] = "10 per minute;50 per hour"
    app.config["CONTEST_SLOWDOWN_SECONDS"] = 0.01
    forms = [_login_form(app) for _ in range(60)]

    def attempt(i: int) -> int:
        client, token = forms[i]
        # Sprayed over 60 account names: only the address limit applies.
        data = {"username": f"guess{i}", "password": "wrong-pass", "csrf_token": token}
        return client.post("/staff/login", data=data).status_code

    assert Counter(at_once(60, attempt)) == {401: 10, 429: 50}


def test_one_account_guessed_from_many_addresses_gets_exactly_its_limit(app, staff):
    app.config["CONTEST_ACCOUNT_ATTEMPTS"] = "10 per minute;30 per hour"
    forms = [_login_form(app) for _ in range(30)]

    def attempt(i: int) -> int:
        client, token = forms[i]
        data = {"username": "admin", "password": f"wrong-{i}", "csrf_token": token}
        where = {"REMOTE_ADDR": f"198.51.100.{i + 1}"}
        return client.post("/staff/login", data=data, environ_overrides=where).status_code

    assert Counter(at_once(30, attempt)) == {401: 10, 429: 20}
    # The account waits, even with the right password, from a fresh address.
    client, token = _login_form(app)
    right = {"username": "admin", "password": PASSWORDS["admin"], "csrf_token": token}
    response = client.post("/staff/login", data=right, environ_overrides={"REMOTE_ADDR": "::9"})
    assert response.status_code == 429
    assert "「登录限制」页解除" in response.get_data(as_text=True)


def test_wrong_codes_sent_at_once_get_exactly_the_limit(app, demo):
    app.config["CONTEST_SLOWDOWN_SECONDS"] = 0.01
    forms = [_code_form(app) for _ in range(40)]

    def attempt(i: int) -> int:
        client, token = forms[i]
        return client.post("/j", data={"csrf_token": token, "code": f"WRONG{i:03d}"}).status_code

    assert Counter(at_once(40, attempt)) == {400: 10, 429: 30}


def test_a_hammered_address_slows_the_right_password_but_lets_it_in(app, staff):
    app.config["CONTEST_SLOWDOWN_SECONDS"] = 0.4
    for n in range(10):  # ten wrong /j/x from the hall's address: the key limit, not sign-in
        app.test_client().get(f"/j/x{n}")
    for n in range(10):  # and ten wrong passwords for ten names: the sign-in address limit
        client, token = _login_form(app)
        data = {"username": f"n{n}", "password": "x", "csrf_token": token}
        client.post("/staff/login", data=data)
    client, token = _login_form(app)
    started = time.monotonic()
    right = {"username": "host1", "password": PASSWORDS["host1"], "csrf_token": token}
    response = client.post("/staff/login", data=right)
    assert response.status_code == 302
    assert time.monotonic() - started >= 0.4
    wrong_client, token = _login_form(app)
    wrong = {"username": "host1", "password": "nope", "csrf_token": token}
    assert wrong_client.post("/staff/login", data=wrong).status_code == 429


def test_the_right_code_gets_in_while_the_address_is_hammered(app, demo):
    app.config["CONTEST_SLOWDOWN_SECONDS"] = 0.3
    code = db.session.scalar(sa.select(Judge.fallback_code).where(Judge.number == 2))
    for n in range(10):
        client, token = _code_form(app)
        client.post("/j", data={"csrf_token": token, "code": f"BAD{n:05d}"})
    client, token = _code_form(app)
    started = time.monotonic()
    assert client.post("/j", data={"csrf_token": token, "code": code}).status_code == 302
    assert time.monotonic() - started >= 0.3


def test_every_typed_code_together_has_a_budget(app, demo):
    app.config["CONTEST_CODE_BUDGET"] = "5 per hour"
    code = db.session.scalar(sa.select(Judge.fallback_code).where(Judge.number == 2))
    statuses = []
    for n in range(6):
        client, token = _code_form(app)
        where = {"REMOTE_ADDR": f"192.0.2.{n + 1}"}
        data = {"csrf_token": token, "code": f"BAD{n:05d}"}
        statuses.append(client.post("/j", data=data, environ_overrides=where).status_code)
    assert statuses == [400] * 5 + [429]
    client, token = _code_form(app)
    response = client.post("/j", data={"csrf_token": token, "code": code})
    assert response.status_code == 429
    assert "请扫描卡片上的二维码" in response.get_data(as_text=True)
    # The QR code (the key) still works.
    assert app.test_client().get(f"/j/{judge_one().access_key}").status_code == 302


def test_an_empty_code_is_not_counted(app, demo):
    for _ in range(12):
        client, token = _code_form(app)
        assert client.post("/j", data={"csrf_token": token, "code": "  "}).status_code == 400
    client, token = _code_form(app)
    assert client.post("/j", data={"csrf_token": token, "code": "WRONG001"}).status_code == 400


CROSS_SITE = [
    {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image", "Sec-Fetch-Mode": "no-cors"},
    {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "document"},
    {"Sec-Fetch-Dest": "image"},  # no Sec-Fetch-Site: still an <img>
    {"Referer": "http://evil.example/page"},  # an older browser, no fetch metadata
]


def test_requests_made_by_another_page_count_nothing(app, demo):
    app.config["CONTEST_KEY_ATTEMPTS"] = "3 per minute"
    for headers in CROSS_SITE * 5:
        response = app.test_client().get("/j/wrong-key", headers=headers)
        assert response.status_code == 200
        assert "进入评分" in response.get_data(as_text=True)
    # The hall's address has used none of its three failures.
    statuses = [app.test_client().get(f"/j/wrong-{n}").status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_the_confirmation_page_signs_the_judge_in_with_one_tap(app, demo):
    key = judge_one().access_key
    client = app.test_client()
    page = client.get(f"/j/{key}", headers=CROSS_SITE[0]).get_data(as_text=True)
    assert client.get("/judge/").status_code == 401  # not signed in by the GET
    token = CSRF_FIELD.search(page).group(1)
    response = client.post(f"/j/{key}", data={"csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (302, "/judge/")
    assert client.get("/judge/").status_code == 200
    # A cross-site POST carries no token: refused before anything is counted.
    assert app.test_client().post(f"/j/{key}").status_code == 400


def test_a_qr_scan_or_a_typed_link_opens_the_page_at_once(client, demo):
    key = judge_one().access_key
    for headers in ({}, {"Sec-Fetch-Site": "none", "Sec-Fetch-Dest": "document"}):
        assert client.get(f"/j/{key}", headers=headers).status_code == 302


def _sign_in_seconds(app, username: str) -> float:
    client, token = _login_form(app)
    data = {"username": username, "password": "not-the-password", "csrf_token": token}
    # CPU time of this process: the password hash dominates it whoever asks, and it is not
    # stretched by other work on a loaded machine (wall-clock was, under the parallel suite).
    started = time.process_time()
    assert client.post("/staff/login", data=data).status_code == 401
    return time.process_time() - started


def test_unknown_usernames_take_as_long_as_known_ones(app, staff):
    app.config["CONTEST_LOGIN_ATTEMPTS"] = "100 per minute"
    app.config["CONTEST_ACCOUNT_ATTEMPTS"] = "100 per minute"
    app.config["CONTEST_PASSWORD_METHOD"] = "scrypt"  # the product's hash, not the tests' cheap one
    staff["admin"].set_password(PASSWORDS["admin"])
    db.session.commit()
    assert staff["admin"].password_hash.startswith("scrypt:")
    known = median(_sign_in_seconds(app, "admin") for _ in range(5))
    unknown = median(_sign_in_seconds(app, f"nobody{n}") for n in range(5))
    assert unknown >= 0.6 * known, (unknown, known)


@pytest.fixture
def redis_app(backend, postgres_schema_ready, tmp_path):
    """The app counting in the real Redis, under a key prefix of its own."""
    need(redis_available(), "Redis at 127.0.0.1:6379")
    url = f"sqlite:///{tmp_path / 'test.sqlite3'}" if backend == "sqlite" else POSTGRES_URL
    prefix = f"test-limits-{uuid.uuid4().hex[:8]}"
    config = _config(url, RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        if backend == "sqlite":
            db.create_all()
        yield app
        import redis

        connection = redis.Redis.from_url(REDIS_URL)
        for name in connection.scan_iter(match=f"*{prefix}*"):
            connection.delete(name)
        db.session.remove()
        if backend == "postgresql":
            empty_postgres()
        db.engine.dispose()


def test_wrong_keys_sent_at_once_get_exactly_the_limit_in_redis(redis_app):
    from contest.auth import attempts
    from contest.demo import load_demo

    load_demo()
    clients = [redis_app.test_client() for _ in range(100)]
    statuses = at_once(100, lambda i: clients[i].get(f"/j/wrong-{i:03d}").status_code)
    assert Counter(statuses) == {404: 10, 429: 90}
    [lock] = attempts.locks()
    assert (lock.kind, lock.scope, lock.ident) == ("key", "address", "127.0.0.1")
    assert lock.failures == 100
    assert attempts.clear(lock.group) == 2  # its minute and its hour
    assert attempts.locks() == []
    assert redis_app.test_client().get("/j/wrong-again").status_code == 404
