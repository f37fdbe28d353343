"""Kill serve.py the hard way and bring it back; judges' phones that resend like judge.js."""

from __future__ import annotations

import secrets
import signal
import time
from dataclasses import dataclass, field
from decimal import Decimal

import requests

from tests.browser import server as live
from tests.browser.actors import JudgePhone


def kill(server: live.LiveServer) -> None:
    """SIGKILL: no shutdown handler, no flush, no goodbye to any client."""
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=10)


def restart(server: live.LiveServer, workdir) -> None:
    """serve.py again on the same port and database, where phones and displays expect it.

    The new process replaces the old one in `server`, so the fixture that started it stops it.
    """
    port = int(server.url.rsplit(":", 1)[1])
    again = live.start(
        server.database_url,
        workdir,
        extra_env={"CONTEST_INSTANCE_PATH": str(workdir)},
        port=port,
    )
    server.process = again.process


def text(value: Decimal) -> str:
    """A decimal the way judge.js writes it: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


@dataclass
class Entry:
    """One confirmed submission waiting in a phone's outbox."""

    key: str
    team_id: int
    marks: dict[str, str]
    total: str


@dataclass
class Answer:
    status: int
    body: dict


@dataclass
class OutboxPhone:
    """A judge's phone over HTTP that queues and resends exactly as static/js/judge.js does.

    Each confirmed score gets a fresh idempotency key and goes to the back of the outbox; the
    head is sent until the server answers. No answer or a 5xx keeps it (the network is down);
    any other answer removes it. `answers` keeps the last answer per key.
    """

    name: str
    link: str
    http: JudgePhone = field(init=False)
    sent: list[Entry] = field(default_factory=list)  # every entry ever queued, in order
    outbox: list[Entry] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.http = JudgePhone(self.link)

    def state(self) -> dict:
        return self.http.state()

    def queue(self, team_id: int, items: list[dict], seed: int) -> Entry:
        """Confirm a score: every item a few steps below full marks, varying with `seed`."""
        marks = {}
        for position, item in enumerate(items):
            steps = (seed + position) % 5
            marks[str(item["id"])] = Decimal(item["maximum"]) - Decimal(item["step"]) * steps
        entry = Entry(
            key=secrets.token_hex(16),
            team_id=team_id,
            marks={item: text(value) for item, value in marks.items()},
            total=text(sum(marks.values(), Decimal(0))),
        )
        self.sent.append(entry)
        self.outbox.append(entry)
        return entry

    def flush(self) -> bool:
        """Send the outbox from its head; False when the server could not be reached."""
        while self.outbox:
            entry = self.outbox[0]
            try:
                response = self.http.http.post(
                    f"{self.http.base}/api/judge/scores",
                    json={
                        "team_id": entry.team_id,
                        "marks": entry.marks,
                        "total": entry.total,
                        "idempotency_key": entry.key,
                    },
                    headers={"X-CSRFToken": self.http.csrf},
                    timeout=10,
                )
            except requests.RequestException:
                return False
            if response.status_code >= 500:
                return False
            self.outbox.pop(0)
            self.answers[entry.key] = Answer(response.status_code, response.json())
        return True

    def flush_until_empty(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.flush():
            assert time.monotonic() < deadline, f"{self.name}: outbox still not sent"
            time.sleep(0.2)

    def acknowledged(self) -> set[str]:
        return {key for key, answer in self.answers.items() if answer.status in (200, 201)}
