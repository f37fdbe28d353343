"""A judge's phone page in Chromium, opened through their personal link."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.actors import Host, team_id

# What Chromium itself prints while a test holds the phone offline on purpose.
OFFLINE = ("net::ERR_INTERNET_DISCONNECTED", "WebSocket connection to")


def open_judge_page(server, page, number: int) -> str:
    """Open judge `number`'s personal link in `page`, wait until it is live; their name."""
    name, url = server.flask("judge-links").splitlines()[number - 1].split("\t")
    page.goto(url)
    page.wait_for_url(re.compile(r"/judge/$"))
    expect(page.locator("#conn")).to_be_hidden()
    return name


def stage_team(server, order: int) -> tuple[Host, int]:
    """The host calls the team at `order` in the running order and opens scoring."""
    team = team_id(server.database_url, order)
    host = Host(server.url, "host1", server.credentials["host1"])
    host.act("call", team_id=team)
    host.act("open")
    return host, team


def fill_marks(page, marks) -> None:
    for index, value in enumerate(marks):
        page.locator("#items input").nth(index).fill(value)


def submit_marks(page) -> None:
    page.click("#submit")
    page.click("#confirm-yes")


def query(database_url: str, sql: str, **params) -> list[tuple]:
    """Rows straight from the live server's database (none for an UPDATE, committed)."""
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        result = conn.execute(sa.text(sql), params)
        rows = [tuple(r) for r in result] if result.returns_rows else []
    engine.dispose()
    return rows
