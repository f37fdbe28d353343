"""Browser fixtures (imported by tests/conftest.py, so every test shares one Chromium)."""

from __future__ import annotations

import json

import pytest

from tests.browser import server as live
from tests.services import CHROMIUM, chromium_available, need

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    need(chromium_available(), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def _demo_server(workdir, extra_env: dict[str, str] | None = None):
    server = live.start(
        f"sqlite:///{workdir / 'contest.sqlite3'}",
        workdir,
        extra_env={"CONTEST_INSTANCE_PATH": str(workdir), **(extra_env or {})},
    )
    server.flask("db", "upgrade")
    server.flask("demo", "--if-empty")
    server.credentials = json.loads((workdir / "demo-credentials.json").read_text())
    server.database_url = f"sqlite:///{workdir / 'contest.sqlite3'}"
    return server


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """A fresh SQLite database, migrated and loaded with the demo, as `make run` does."""
    server = _demo_server(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture
def fresh_server(tmp_path):
    """Like demo_server, but new for each test that changes the contest's state."""
    server = _demo_server(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def phone(browser):
    """A phone-sized browser context (390×844, touch)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    yield context
    context.close()


@pytest.fixture
def two_venue_server(tmp_path):
    """A fresh database with two venues (tests/browser/seed.py), served by serve.py."""
    from tests.browser import seed

    server = live.start(
        f"sqlite:///{tmp_path / 'contest.sqlite3'}",
        tmp_path,
        extra_env={"CONTEST_INSTANCE_PATH": str(tmp_path)},
    )
    server.flask("db", "upgrade")
    server.database_url = f"sqlite:///{tmp_path / 'contest.sqlite3'}"
    seed.seed(server.database_url, str(tmp_path))
    server.credentials = dict(seed.PASSWORDS)
    yield server
    server.stop()


@pytest.fixture
def empty_server(tmp_path):
    """A migrated SQLite database with no contest and no account: a real first run."""
    server = live.start(
        f"sqlite:///{tmp_path / 'contest.sqlite3'}",
        tmp_path,
        extra_env={"CONTEST_INSTANCE_PATH": str(tmp_path)},
    )
    server.flask("db", "upgrade")
    server.database_url = f"sqlite:///{tmp_path / 'contest.sqlite3'}"
    server.credentials = {}
    yield server
    server.stop()
