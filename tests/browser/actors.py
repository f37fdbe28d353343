"""People acting on a live server over HTTP, the way their browsers do."""

from __future__ import annotations

import re

import requests
import sqlalchemy as sa


class Host:
    """A signed-in host calling the stage API with a CSRF token, like the console does."""

    def __init__(self, base_url: str, username: str, password: str, venue_id: int = 1) -> None:
        self.base = base_url
        self.venue_id = venue_id
        self.http = requests.Session()
        page = self.http.get(f"{base_url}/staff/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = self.http.post(
            f"{base_url}/staff/login",
            data={"username": username, "password": password, "csrf_token": token},
            allow_redirects=False,
        )
        assert response.status_code == 302, response.text
        console = self.http.get(f"{base_url}/host/venues/{venue_id}").text
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', console).group(1)

    def act(self, action: str, **body) -> dict:
        response = self.http.post(
            f"{self.base}/api/venues/{self.venue_id}/stage/{action}",
            json=body,
            headers={"X-CSRFToken": self.csrf},
        )
        assert response.status_code == 200, response.text
        return response.json()


def team_id(database_url: str, order: int) -> int:
    """The id of the team at this place in the running order, read from the server's DB."""
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        found = conn.execute(
            sa.text("SELECT id FROM teams WHERE order_position = :o"), {"o": order}
        ).scalar_one()
    engine.dispose()
    return found


def submissions(database_url: str, *, team_id: int, judge_name: str) -> list[tuple]:
    """(version, total, idempotency key) rows the server stored, read straight from its DB."""
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT s.version, s.total, s.idempotency_key FROM score_submissions s "
                "JOIN judges j ON j.id = s.judge_id WHERE s.team_id = :t AND j.name = :n "
                "ORDER BY s.version"
            ),
            {"t": team_id, "n": judge_name},
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


class JudgePhone:
    """A judge scoring over HTTP through their personal link, as judge.js does."""

    def __init__(self, url: str) -> None:
        self.http = requests.Session()
        self.base = url.split("/j/")[0]
        page = self.http.get(url).text
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def state(self) -> dict:
        return self.http.get(f"{self.base}/api/judge/state").json()

    def score(self, total: str) -> requests.Response:
        """Submit marks adding up to `total`, spread over the sheet from the last item back."""
        from decimal import Decimal

        state = self.state()
        remaining = Decimal(total)
        marks = {}
        for item in reversed(state["items"]):
            share = min(Decimal(item["maximum"]), remaining)
            marks[str(item["id"])] = str(share)
            remaining -= share
        assert remaining == 0
        import secrets

        return self.http.post(
            f"{self.base}/api/judge/scores",
            json={
                "team_id": state["team"]["id"],
                "marks": marks,
                "total": total,
                "idempotency_key": secrets.token_hex(16),
            },
            headers={"X-CSRFToken": self.csrf},
        )


def scalar(database_url: str, sql: str, **params):
    """One value read straight from a live server's database."""
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        found = conn.execute(sa.text(sql), params).scalar_one()
    engine.dispose()
    return found


def sign_in(page, server, username: str) -> None:
    """Sign `page` in through the staff login form, with the server's demo password."""
    page.goto(server.url + "/staff/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.credentials[username])
    page.click("button[type=submit]")
    page.wait_for_load_state()
