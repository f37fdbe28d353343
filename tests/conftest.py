"""Fixtures: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import contextvars
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient

from contest import create_app
from contest.extensions import db
from contest.live import presence, realtime
from tests.browser.fixtures import (  # noqa: F401  (fixtures, defined once for every test)
    browser,
    demo_server,
    empty_server,
    fresh_server,
    phone,
    two_venue_server,
)
from tests.emptying import empty_postgres
from tests.services import CHEAP_HASH, POSTGRES_URL, need, postgres_available


def pytest_configure(config):
    import os

    from tests.ordering import Recorder
    from tests.services import ensure_postgres_database

    ensure_postgres_database()
    target = os.environ.get("CONTEST_RECORD_DURATIONS")
    if target and not os.environ.get("PYTEST_XDIST_WORKER"):
        config.pluginmanager.register(Recorder(target), "contest-durations")


def pytest_collection_modifyitems(session, config, items):
    """Longest files first (tests/ordering.py): the parallel run ends with both workers busy."""
    from tests.ordering import slowest_first

    items[:] = slowest_first(items)


def pytest_report_header(config):
    from tests.services import REQUIRED, chromium_available

    return [
        f"PostgreSQL at {POSTGRES_URL}: {'reachable' if postgres_available() else 'NOT reachable'}",
        f"Chromium: {'found' if chromium_available() else 'NOT found'}",
        f"CONTEST_REQUIRE_SERVICES={'1' if REQUIRED else '0'}",
    ]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    """Before any fixture tears down (servers stop, pages lose them), stop counting errors."""
    guard = getattr(item, "_page_guard", None)
    if guard is not None:
        guard.stop()


@pytest.fixture(autouse=True)
def _browser_pages_guarded(request):
    """Fail any browser test whose pages print a console error or throw (tests/browser/watch)."""
    if "browser" not in request.fixturenames:
        yield
        return
    from tests.browser.watch import Guard

    marker = request.node.get_closest_marker("console_allows")
    guard = Guard(request.getfixturevalue("browser"), tuple(marker.args) if marker else ())
    request.node._page_guard = guard
    yield
    errors = guard.close()
    if errors:
        pytest.fail("a page reported errors:\n" + "\n".join(errors))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request) -> str:
    if request.param == "postgresql":
        need(postgres_available(), "PostgreSQL at 127.0.0.1:5432")
    return request.param


@pytest.fixture(scope="session")
def postgres_schema_ready(backend):
    """Build the PostgreSQL schema once per run, from a clean slate."""
    if backend != "postgresql":
        return
    app = create_app(_config(POSTGRES_URL))
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        db.create_all()
        db.engine.dispose()


def _config(url: str, **extra) -> dict:
    config = {
        "CONTEST_INSTANCE_PATH": extra.pop("instance", "/nonexistent/contest-test-instance"),
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "CONTEST_ASYNC_MODE": "threading",
        "CONTEST_PUBLIC_URL": "http://contest.test",
        "SERVER_NAME": None,
        "CONTEST_COALESCE_MS": 0,  # push at once, so tests see each event deterministically
        "CONTEST_PASSWORD_METHOD": CHEAP_HASH,
    }
    config.update(extra)
    return config


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a server does.

    Otherwise requests reuse the app context the test pushed, sharing `g` (where the CSRF
    token is cached) and the database session between clients that should be strangers.
    """

    def open(self, *args, **kwargs):
        # End the test's own transaction on both sides of the request: the request sees
        # what the test wrote, and the test's next read sees what the request wrote.
        if not has_app_context():  # a redirect followed from inside the request's context
            return super().open(*args, **kwargs)
        db.session.commit()
        try:
            return contextvars.Context().run(super().open, *args, **kwargs)
        finally:
            db.session.commit()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty SQLite database with the whole schema, built once per run: each test starts
    from a copy, which is quicker than creating every table again."""
    path = tmp_path_factory.mktemp("schema") / "empty.sqlite3"
    app = create_app(_config(f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


@pytest.fixture
def app(backend, postgres_schema_ready, tmp_path: Path, request):
    url = f"sqlite:///{tmp_path / 'test.sqlite3'}" if backend == "sqlite" else POSTGRES_URL
    if backend == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "test.sqlite3")
    app = create_app(_config(url, instance=str(tmp_path / "instance")))
    app.test_client_class = IsolatedClient
    presence.reset()
    realtime.reset()
    with app.app_context():
        yield app
        db.session.remove()
        if backend == "postgresql":
            empty_postgres()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def demo(app):
    """The demo contest, loaded as `flask demo` would."""
    from contest.demo import load_demo

    return load_demo()


PASSWORDS = {"admin": "admin-pass-1", "host1": "host-pass-1"}


@pytest.fixture
def staff(demo):
    """The demo's staff accounts, with passwords the tests know."""
    from contest.models import StaffUser

    users = {}
    for username, password in PASSWORDS.items():
        user = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username))
        user.set_password(password)
        users[username] = user
    db.session.commit()
    return users


def sign_in(client, username: str) -> None:
    """Sign in through the real form, CSRF token included."""
    import re

    page = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/staff/login",
        data={"username": username, "password": PASSWORDS[username], "csrf_token": token},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
