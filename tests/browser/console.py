"""The host console in Chromium: signing in, answering its dialogs, reading the server's DB."""

from __future__ import annotations

import os
import re
from pathlib import Path

import sqlalchemy as sa


class Dialogs:
    """Answers the page's confirm and prompt dialogs from a script, and keeps what they said.

    Queue answers with `answer(True, False, "a reason")`: True accepts, False dismisses, a
    string is typed into a prompt. A dialog with no answer queued is dismissed (and kept, so
    the test sees it was asked).
    """

    def __init__(self, page) -> None:
        self.seen: list[str] = []
        self.answers: list[bool | str] = []
        page.on("dialog", self._on)

    def answer(self, *answers: bool | str) -> None:
        self.answers.extend(answers)

    def wait_for(self, page, count: int) -> None:
        """Wait until the page has asked `count` questions in all (a fetch may come first)."""
        for _ in range(300):  # 15 s: a loaded machine (the suite runs on every core)
            if len(self.seen) >= count:
                return
            page.wait_for_timeout(50)
        raise AssertionError(f"expected {count} dialogs, saw {self.seen}")

    def _on(self, dialog) -> None:
        self.seen.append(dialog.message)
        answer = self.answers.pop(0) if self.answers else False
        if answer is False:
            dialog.dismiss()
        elif answer is True:
            dialog.accept()
        else:
            dialog.accept(answer)


def shoot(page, name: str, *, full_page: bool = False) -> None:
    """Keep a picture when CONTEST_SCREENSHOTS names a folder (docs/screens come from it)."""
    folder = os.environ.get("CONTEST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def sign_in(page, server, username: str, venue: int = 1) -> None:
    """Open the venue's console through the sign-in form, as the host does."""
    page.goto(f"{server.url}/host/venues/{venue}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.credentials[username])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"/host/venues/{venue}$"))


def rows(server, sql: str, **params) -> list[tuple]:
    """Rows read straight from the live server's database."""
    engine = sa.create_engine(server.database_url)
    with engine.begin() as conn:
        found = [tuple(r) for r in conn.execute(sa.text(sql), params)]
    engine.dispose()
    return found


def write(server, sql: str, **params) -> None:
    """Change the live server's database behind its back, as another process would."""
    engine = sa.create_engine(server.database_url)
    with engine.begin() as conn:
        conn.execute(sa.text(sql), params)
    engine.dispose()


def judge_links(server, prefix: str) -> list[tuple[str, str]]:
    """(name, personal link) of the judges whose names start with `prefix`."""
    lines = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    return [(name, url) for name, url in lines if name.startswith(prefix)]
