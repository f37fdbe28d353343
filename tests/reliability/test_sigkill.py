"""SIGKILL the server while judges are scoring, restart it, and nothing is lost or doubled.

A score is acknowledged to the phone only after its transaction commits, so every score a
phone saw acknowledged must be in the database after a crash, with the exact marks sent.
Phones resend whatever was not acknowledged with the same idempotency key (the outbox in
static/js/judge.js), so a score whose answer was lost in the crash is stored once, not
twice. Phones and hall displays find the restarted server by themselves.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from decimal import ROUND_HALF_UP, Decimal

import pytest
import requests
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.actors import Host, team_id
from tests.reliability.killable import OutboxPhone, kill, restart

pytestmark = pytest.mark.browser
BROWSER_MARKS = ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]  # 88.5; revised to 15 -> 89
ACKNOWLEDGED_BEFORE_KILL = 3  # per phone, so the kill lands in a steady stream
SAME_DOCUMENT = "window.__sameDocument === true"  # set once; a reload would clear it


def _phones(server) -> tuple[tuple[str, str], list[OutboxPhone]]:
    """The judges who may score the team on stage: the first (name, link) for Chromium,
    the rest as phones over HTTP."""
    links = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    phones = [OutboxPhone(name, url) for name, url in links]
    eligible = [p for p in phones if not p.state()["recused"]]
    assert len(eligible) >= 7, "the demo should leave enough judges for a trimmed mean"
    first = eligible[0]
    return (first.name, first.link), eligible[1:]


def _score_until_cut(judge: OutboxPhone, team: int, items: list[dict], seed: int) -> None:
    """A judge who keeps revising: each confirmed score waits for its answer, until none comes."""
    for revision in range(500):
        judge.queue(team, items, seed + revision)
        if not judge.flush():
            return  # the unanswered score stays in the outbox


def _wait_for(condition, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _stored(database_url: str, team: int) -> tuple[dict[str, tuple], int]:
    """Every stored score of the team as key -> (judge, version, total, marks), and how many
    score entries the audit log holds for it."""
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT s.id, s.idempotency_key, j.name, s.version, s.total "
                "FROM score_submissions s JOIN judges j ON j.id = s.judge_id "
                "WHERE s.team_id = :t"
            ),
            {"t": team},
        ).all()
        marks: dict[int, dict[str, Decimal]] = {}
        for submission, item, value in conn.execute(
            sa.text(
                "SELECT m.submission_id, m.item_id, m.value FROM score_marks m "
                "JOIN score_submissions s ON s.id = m.submission_id WHERE s.team_id = :t"
            ),
            {"t": team},
        ):
            marks.setdefault(submission, {})[str(item)] = Decimal(str(value))
        audited = conn.execute(
            sa.text(
                "SELECT count(*) FROM audit_entries WHERE subject = :s "
                "AND action IN ('score.submitted', 'score.revised')"
            ),
            {"s": f"team:{team}"},
        ).scalar_one()
    engine.dispose()
    stored = {
        key: (judge, version, Decimal(str(total)), marks.get(sid, {}))
        for sid, key, judge, version, total in rows
    }
    assert len(stored) == len(rows)  # no idempotency key twice
    return stored, audited


def _as_sent(judge: OutboxPhone) -> dict[str, tuple]:
    """What the phone sent, as _stored reads it: key -> (judge, version, total, marks)."""
    return {
        entry.key: (
            judge.name,
            version,
            Decimal(entry.total),
            {item: Decimal(value) for item, value in entry.marks.items()},
        )
        for version, entry in enumerate(judge.sent, start=1)
    }


def _trimmed_mean(totals: list[Decimal]) -> Decimal:
    """The contest's rule: drop the highest and the lowest, average the rest, half-up."""
    kept = sorted(totals)[1:-1]
    return (sum(kept, Decimal(0)) / len(kept)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _browser_judge(context, link: str):
    page = context.new_page()
    page.goto(link)
    page.wait_for_url(re.compile(r"/judge/$"))
    expect(page.locator("#sheet")).to_be_visible()
    return page


def _confirm(page) -> None:
    page.click("#submit")
    page.click("#confirm-yes")


@pytest.fixture
def display(browser):
    """The hall display at 1920×1080."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    yield page
    page.close()


# The server is killed on purpose: the pages' requests meanwhile are refused.
@pytest.mark.console_allows(
    "net::ERR_CONNECTION_REFUSED",
    "net::ERR_SOCKET_NOT_CONNECTED",
    "net::ERR_EMPTY_RESPONSE",
    "net::ERR_CONNECTION_RESET",  # a request in flight when the process was killed
)
def test_sigkill_mid_round_loses_no_acknowledged_score_and_doubles_none(
    live_server,
    display,
    phone,
    tmp_path,
):
    server = live_server
    host = Host(server.url, "host1", server.credentials["host1"])
    team = team_id(server.database_url, 1)
    host.act("call", team_id=team)
    host.act("open")
    (browser_name, browser_link), judges = _phones(server)
    everyone = len(judges) + 1
    items = judges[0].state()["items"]

    display.goto(server.url + "/display/venues/1")
    scoring = display.locator(".scene.scoring:not(.leaving)")
    expect(scoring.locator(".progress")).to_have_text(f"已提交 0 / {everyone}")
    judge_page = _browser_judge(phone, browser_link)
    browser_label = judge_page.evaluate(
        "fetch('/api/judge/state').then(r => r.json()).then(s => s.judge.label)"
    )
    for index, value in enumerate(BROWSER_MARKS):
        judge_page.locator("#items input").nth(index).fill(value)
    _confirm(judge_page)
    expect(judge_page.locator("#status")).to_contain_text("已提交（第1次）")
    for page in (display, judge_page):
        page.evaluate("window.__sameDocument = true")

    # Judges keep submitting; the server dies under them once each has a few answers.
    threads = [
        threading.Thread(target=_score_until_cut, args=(judge, team, items, seed), daemon=True)
        for seed, judge in enumerate(judges)
    ]
    for thread in threads:
        thread.start()
    _wait_for(
        lambda: all(len(j.acknowledged()) >= ACKNOWLEDGED_BEFORE_KILL for j in judges),
        "every judge to have scores acknowledged",
    )
    kill(server)
    for thread in threads:
        thread.join(timeout=15)
        assert not thread.is_alive(), "a phone kept getting answers from a killed server"
    assert all(j.outbox for j in judges)  # each phone was cut off with a score unanswered

    # 1. With the server dead, every score a phone saw acknowledged is in the database,
    # exactly as sent.
    stored, _ = _stored(server.database_url, team)
    for judge in judges:
        sent = _as_sent(judge)
        for key in judge.acknowledged():
            assert stored.get(key) == sent[key], f"{judge.name}: an acknowledged score was lost"
    unanswered = {e.key for j in judges for e in j.outbox}
    committed_unanswered = len(unanswered & stored.keys())
    print(
        f"\n{server.backend}: {sum(len(j.answers) for j in judges)} scores acknowledged before "
        f"the kill, {len(unanswered)} unanswered, {committed_unanswered} of those committed"
    )

    # While the server is down the judges revise once more, the browser judge too.
    for seed, judge in enumerate(judges):
        judge.queue(team, items, 1000 + seed)
    expect(display.locator("#conn")).to_be_visible()
    expect(judge_page.locator("#conn")).to_be_visible()
    judge_page.click("#revise")  # a submitted sheet reads only until 修改
    judge_page.locator("#items input").first.fill("15")
    _confirm(judge_page)
    expect(judge_page.locator("#status")).to_contain_text("等待网络")

    restart(server, tmp_path)
    for judge in judges:
        judge.flush_until_empty()
    # The browser phone drains its outbox by itself, without a reload.
    expect(judge_page.locator("#status")).to_contain_text("已提交（第2次）", timeout=20_000)
    expect(judge_page.locator("#conn")).to_be_hidden()
    outbox = (
        "localStorage.getItem('contest-outbox-' + document.getElementById('app').dataset.judge)"
    )
    assert judge_page.evaluate(outbox) == "[]"

    # 2. Nothing twice: each confirmed score is one version, in the order confirmed; resends
    # were accepted (201 new, or 200 with the stored version when committed before the kill).
    stored, audited = _stored(server.database_url, team)
    for judge in judges:
        assert {key: stored[key] for key in _as_sent(judge)} == _as_sent(judge)
        for entry in judge.sent:
            answer = judge.answers[entry.key]
            assert answer.status in (200, 201), answer.body
            assert answer.body["submission"]["version"] == stored[entry.key][1]
    assert sum(a.body["replayed"] for j in judges for a in j.answers.values()) == (
        committed_unanswered
    )
    mine = sorted((v, t) for name, v, t, _ in stored.values() if name == browser_name)
    assert mine == [(1, Decimal("88.5")), (2, Decimal("89"))]
    assert len(stored) == sum(len(j.sent) for j in judges) + 2  # nothing else was written
    assert audited == len(stored)  # each stored score audited once

    # 3. The judges' progress counts each judge once; the display resynced by itself.
    snapshot = requests.get(f"{server.url}/api/venues/1/state", timeout=5).json()
    assert snapshot["stage"]["progress"] == {"submitted": everyone, "expected": everyone}
    expect(display.locator("#conn")).to_be_hidden(timeout=15_000)
    expect(display.locator("body")).to_have_attribute("data-version", str(snapshot["version"]))
    expect(scoring.locator(".progress")).to_have_text(f"已提交 {everyone} / {everyone}")

    # The trimmed mean takes each judge's latest version, once.
    host.act("close")
    host.act("reveal")
    reveal = requests.get(f"{server.url}/api/venues/1/state", timeout=5).json()["reveal"]
    latest = {j.state()["judge"]["label"]: Decimal(j.sent[-1].total) for j in judges}
    latest[browser_label] = Decimal("89")
    assert {m["judge"]: Decimal(m["total"]) for m in reveal["marks"]} == latest
    assert Decimal(reveal["published"]) == _trimmed_mean(list(latest.values()))
    expect(display.locator(".scene.reveal:not(.leaving) .final .score")).to_have_text(
        reveal["published"]
    )
    for page in (display, judge_page):
        assert page.evaluate(SAME_DOCUMENT), "the page was reloaded"

    # The audit log's hash chain survived the crash.
    assert server.flask("verify-audit").startswith(
        f"审计日志完整：共 {_audit_entries(server)} 条，"
    )
    if server.backend == "sqlite":
        # What survives a SIGKILL is every commit made before its answer: any SQLite journal
        # rolls back the killed half-transactions. WAL with synchronous=FULL (contest/database.py)
        # also keeps commits across a power cut, which no test here can cause; check at least
        # that the server's file is in WAL mode (a property of the file, kept across restarts).
        with sqlite3.connect(server.database_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _audit_entries(server) -> int:
    engine = sa.create_engine(server.database_url)
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM audit_entries")).scalar_one()
    engine.dispose()
    return count
