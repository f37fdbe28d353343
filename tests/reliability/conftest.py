"""The real server (serve.py under gevent) on SQLite or PostgreSQL, loaded with the demo.

`live_server` runs each test on both backends. `start_demo_server` is the building block
for tests that need to stop and restart the server on the same database (`serve`). Below
the fixture: people acting on it over HTTP, at the same instant if need be, and checks
read straight from its database.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.browser import server as live
from tests.browser.actors import Host, JudgePhone
from tests.services import POSTGRES_URL, need, postgres_available

BACKENDS = ["sqlite", "postgresql"]


def database_url(backend: str, workdir: Path) -> str:
    """A SQLite file in the test's own folder, or the test PostgreSQL database."""
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'contest.sqlite3'}"
    need(postgres_available(), "PostgreSQL at 127.0.0.1:5432")
    return POSTGRES_URL


def reset_postgres(url: str, *, create_tables: bool = False) -> None:
    """Drop and recreate schema public: empty for `flask db upgrade`, or with the models'
    tables (`create_tables`), which is what the rest of the suite expects to find."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    if create_tables:
        import contest.models  # noqa: F401  (registers every table)
        from contest.extensions import db

        db.metadata.create_all(engine)
    engine.dispose()


def serve(url: str, workdir: Path) -> live.LiveServer:
    """serve.py on an existing database, with `database_url` and the demo's `credentials`."""
    server = live.start(url, workdir, extra_env={"CONTEST_INSTANCE_PATH": str(workdir)})
    server.database_url = url
    server.log_path = workdir / "server.log"
    credentials = workdir / "demo-credentials.json"
    server.credentials = json.loads(credentials.read_text()) if credentials.exists() else {}
    return server


def start_demo_server(url: str, workdir: Path) -> live.LiveServer:
    """serve.py on an empty database, which `flask db upgrade` and `flask demo` fill while
    the server boots (it answers on an empty database, as on a first `make run`)."""
    cli = live.LiveServer(
        "",
        {
            **os.environ,
            "CONTEST_DATABASE_URL": url,
            "CONTEST_INSTANCE_PATH": str(workdir),
            "CONTEST_SECRET_KEY": "browser-test",
        },
        None,
    )
    with ThreadPoolExecutor(max_workers=1) as pool:
        booting = pool.submit(serve, url, workdir)
        try:
            cli.flask("db", "upgrade")
            cli.flask("demo")
        except BaseException:
            booting.result().stop()
            raise
        server = booting.result()
    server.credentials = json.loads((workdir / "demo-credentials.json").read_text())
    return server


@pytest.fixture(params=BACKENDS)
def live_server(request, tmp_path):
    """A fresh demo contest served by serve.py, on SQLite and on PostgreSQL."""
    backend = request.param
    url = database_url(backend, tmp_path)
    if backend == "postgresql":
        reset_postgres(url)
    try:
        server = start_demo_server(url, tmp_path)
        server.backend = backend
        yield server
        server.stop()
    finally:
        dispose_engines()
        if backend == "postgresql":
            reset_postgres(url, create_tables=True)


def together(*calls: Callable[[], requests.Response]) -> list[requests.Response]:
    """Run each call on its own thread, all released at once by a barrier; answers in order.
    Whatever the order the server ran them in, none may fail with a 5xx."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(index: int, call: Callable[[], requests.Response]) -> None:
        barrier.wait()
        try:
            answers[index] = call()
        except BaseException as error:  # reported below, on the test's own thread
            answers[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for answer in answers:
        if not isinstance(answer, requests.Response):
            raise AssertionError(f"a request did not complete: {answer!r}")
        assert answer.status_code < 500, answer.text
    return answers


_engines: dict[str, sa.Engine] = {}


def rows(server, sql: str, **params) -> list[tuple]:
    """Read the server's database directly, outside the server."""
    engine = _engines.get(server.database_url)
    if engine is None:
        engine = _engines[server.database_url] = sa.create_engine(server.database_url)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def dispose_engines() -> None:
    while _engines:
        _engines.popitem()[1].dispose()


def as_dict(data: object) -> dict:
    """A JSON column as read by a raw query: a dict on PostgreSQL, text on SQLite."""
    return data if isinstance(data, dict) else json.loads(str(data))


def teams(server) -> list[int]:
    """Team ids in running order."""
    return [r[0] for r in rows(server, "SELECT id FROM teams ORDER BY order_position, id")]


def recused(server, team: int) -> set[int]:
    return {r[0] for r in rows(server, "SELECT judge_id FROM recusals WHERE team_id = :t", t=team)}


def stored(server, team: int) -> list[tuple[int, int, Decimal]]:
    """(judge id, version, total) of every stored submission for a team."""
    found = rows(
        server,
        "SELECT judge_id, version, total FROM score_submissions WHERE team_id = :t "
        "ORDER BY judge_id, version",
        t=team,
    )
    return [(j, v, Decimal(str(t))) for j, v, t in found]


@dataclass
class Judge:
    id: int
    number: int
    phone: JudgePhone  # signed in through the personal link /j/<key>
    items: list[dict]  # the score sheet, as the phone shows it


def judges(server) -> list[Judge]:
    found = rows(server, "SELECT id, number, access_key FROM judges ORDER BY number")
    phones = [(i, n, JudgePhone(f"{server.url}/j/{key}")) for i, n, key in found]
    items = phones[0][2].state()["items"]
    return [Judge(i, n, phone, items) for i, n, phone in phones]


def score_body(judge: Judge, team: int, total: Decimal, key: str | None = None) -> dict:
    """What judge.js posts: marks adding up to `total` (filled from the last item back) and
    a fresh idempotency key."""
    marks, remaining = {}, total
    for item in reversed(judge.items):
        share = min(Decimal(item["maximum"]), remaining)
        marks[str(item["id"])], remaining = str(share), remaining - share
    assert remaining == 0
    return {
        "team_id": team,
        "marks": marks,
        "total": str(total),
        "idempotency_key": key or secrets.token_hex(16),
    }


def submit(phone: JudgePhone, body: dict, http: requests.Session | None = None):
    """The phone's POST, ready to send (`http`: another tab of the same browser)."""
    return lambda: (http or phone.http).post(
        f"{phone.base}/api/judge/scores", json=body, headers={"X-CSRFToken": phone.csrf}
    )


def press(host: Host, action: str, version: int, **body):
    """A console button, ready to send: the action with the stage version last seen."""
    return lambda: host.http.post(
        f"{host.base}/api/venues/{host.venue_id}/stage/{action}",
        json={"expected_version": version, **body},
        headers={"X-CSRFToken": host.csrf},
    )


def public_state(server, venue: int = 1) -> dict:
    """The snapshot every hall display and viewer rebuilds from."""
    return requests.get(f"{server.url}/api/venues/{venue}/state", timeout=10).json()


def assert_stage_follows_the_rules(server) -> None:
    """Scoring open only for the unclosed team on stage; reveals only after the close; the
    running order taken without gaps: scored teams, at most the one on stage, then waiting."""
    ((on_stage, scoring_open, revealed),) = rows(
        server, "SELECT team_id, scoring_open, revealed_team_id FROM stage_states"
    )
    order = rows(
        server,
        "SELECT id, status, scoring_closed_at IS NOT NULL, revealed_at IS NOT NULL FROM teams "
        "ORDER BY order_position, id",
    )
    state = {team: (status, bool(closed), bool(shown)) for team, status, closed, shown in order}
    if scoring_open:
        assert state[on_stage] == ("presenting", False, False)
    if revealed is not None:
        assert state[revealed][:2] == ("scored", True)
    assert all(closed for _, closed, shown in state.values() if shown)
    # s: done (scored, or absent / withdrawn), p: presenting, w: waiting
    letters = "".join({"presenting": "p", "waiting": "w"}.get(s, "s") for s, _, _ in state.values())
    assert letters.lstrip("s").removeprefix("p").strip("w") == "", letters
    taken = [team for team, (status, _, _) in state.items() if status != "waiting"]
    assert on_stage == (taken[-1] if taken else None)


def assert_clean_finish(server) -> None:
    """`flask verify-audit` passes and the server logged nothing but requests answered
    below 500 (a "database is locked" or any other error leaves a traceback there)."""
    assert "审计日志完整" in server.flask("verify-audit")
    lines = server.log_path.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    assert [line for line in lines if not line.startswith("{")] == []
    assert [e for e in entries if e.get("status", 0) >= 500] == []
