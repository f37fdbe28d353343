"""Two server processes behind nginx, with Redis and PostgreSQL: one contest, one hall.

Viewers are real Socket.IO clients (python-socketio), some on websockets and some on
long-polling, which only works when every request of a connection reaches the same process.
"""

from __future__ import annotations

import threading

import pytest
import requests
import socketio

from tests.browser.actors import Host, JudgePhone, team_id
from tests.multiworker import topology as multi
from tests.services import need, postgres_available, redis_available

TOTALS = ["88", "91.5", "87", "90", "86.5", "92", "89", "90.5", "93"]
TRANSPORTS = [["websocket"], ["polling"]]


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    need(postgres_available(), "PostgreSQL at 127.0.0.1:5432")
    need(redis_available(), "Redis at 127.0.0.1:6379")
    need(multi.nginx_available(), f"nginx at {multi.NGINX}")
    topology = multi.start(tmp_path_factory.mktemp("two-workers"))
    yield topology
    topology.stop()


class Viewer:
    """A remote viewer's Socket.IO connection, pinned to a process by nginx's cookie."""

    def __init__(
        self,
        url: str,
        transports: list[str],
        audience: str = "viewer",
        http=None,
        reconnect: bool = False,
    ):
        self.http = http or requests.Session()
        self.snapshots: list[dict] = []
        self.connects = 0
        self.changed = threading.Condition()
        self.client = socketio.Client(
            http_session=self.http, reconnection=reconnect, reconnection_delay=0.2
        )
        self.client.on("stage_updated", self._take)
        self.client.on("connect", self._connected)
        self.client.connect(
            url, auth={"audience": audience, "venue": 1}, transports=transports, wait_timeout=10
        )
        self.transport = self.client.transport()

    @property
    def node(self) -> str | None:
        return self.http.cookies.get("contest_node")

    def _connected(self) -> None:
        with self.changed:
            self.connects += 1
            self.changed.notify_all()

    def wait_until(self, predicate, timeout: float = 10.0) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: predicate(self), timeout)

    def _take(self, snapshot: dict) -> None:
        with self.changed:
            self.snapshots.append(snapshot)
            self.changed.notify_all()

    def wait_for(self, predicate, timeout: float = 10.0) -> dict:
        with self.changed:
            found = self.changed.wait_for(
                lambda: next((s for s in self.snapshots if predicate(s)), None), timeout
            )
        assert found, f"no matching push in {len(self.snapshots)} received"
        return found

    def close(self) -> None:
        self.client.disconnect()


def revealed(team: int):
    def check(snapshot: dict) -> bool:
        reveal = snapshot.get("reveal")
        return (
            snapshot["stage"]["scene"] == "reveal" and bool(reveal) and reveal["team"]["id"] == team
        )

    return check


def run_to_reveal(hall, order: int) -> int:
    """The host runs the team at this place through scoring to its reveal (89.71)."""
    host = Host(hall.url, "host1", hall.credentials["host1"])
    judges = [JudgePhone(line.split("\t")[1]) for line in hall.flask("judge-links").splitlines()]
    team = team_id(hall.database_url, order)
    host.act("call", team_id=team)
    host.act("open")
    for judge, total in zip(judges, TOTALS, strict=True):
        assert judge.score(total).status_code == 201
    host.act("close")
    host.act("reveal")
    return team


def test_a_reveal_reaches_viewers_on_both_processes(hall):
    viewers = [Viewer(hall.url, TRANSPORTS[i % 2]) for i in range(6)]
    try:
        # Each process counts its own connections in Redis: nginx spread them over both.
        per_process = sorted(n.get("w:1:viewer", 0) for n in hall.presence_by_process())
        assert len(per_process) == 2 and sum(per_process) == 6 and per_process[0] >= 1
        # Long-polling needs stickiness: nginx pinned each such viewer with its cookie.
        assert all(v.node in ("w1", "w2") for v in viewers if v.transport == "polling")
        assert all(v.snapshots for v in viewers)  # each got the full snapshot on connect

        host = Host(hall.url, "host1", hall.credentials["host1"])
        audience = host.http.get(f"{hall.url}/api/venues/1/audience").json()
        assert audience == {"display": 0, "viewer": 6}  # counted over both processes

        team = run_to_reveal(hall, order=1)

        for viewer in viewers:
            reveal = viewer.wait_for(revealed(team))["reveal"]
            assert reveal["published"] == "89.71"
            assert [m["dropped"] for m in reveal["marks"] if m["dropped"]] == ["low", "high"]
            assert [m["total"] for m in reveal["marks"] if m["dropped"]] == ["86.5", "93"]
    finally:
        for viewer in viewers:
            viewer.close()


def test_the_host_sees_judges_online_whichever_process_they_reached(hall):
    host = Host(hall.url, "host1", hall.credentials["host1"])
    links = [line.split("\t")[1] for line in hall.flask("judge-links").splitlines()]
    judges = [JudgePhone(link) for link in links[:4]]
    sockets = [
        Viewer(hall.url, ["websocket"], audience="judge", http=judge.http) for judge in judges
    ]
    try:
        per_process = sorted(
            sum(1 for field in n if field.startswith("j:")) for n in hall.presence_by_process()
        )
        assert per_process[0] >= 1 and sum(per_process) == 4  # judges on both processes
        state = host.act("scene", scene="standings")
        online = [j["label"] for j in state["judges"] if j["online"]]
        assert online == ["评委1", "评委2", "评委3", "评委4"]
    finally:
        for s in sockets:
            s.close()


def test_hall_displays_on_both_processes_show_the_reveal_in_chromium(hall, browser):
    """What a person sees: two hall displays through nginx, one on each process."""
    from playwright.sync_api import expect

    contexts = [browser.new_context(viewport={"width": 1920, "height": 1080}) for _ in range(2)]
    try:
        pages = []
        for context in contexts:
            page = context.new_page()
            page.goto(f"{hall.url}/display/venues/1")
            expect(page.locator("#conn")).to_be_hidden()
            pages.append(page)
        pinned = {
            c["value"] for ctx in contexts for c in ctx.cookies() if c["name"] == "contest_node"
        }
        assert pinned == {"w1", "w2"}

        run_to_reveal(hall, order=3)
        for page in pages:
            reveal = page.locator(".scene.reveal:not(.leaving)")
            expect(reveal.locator(".final .score")).to_have_text("89.71")
            expect(reveal.locator(".marks li.dropped .total")).to_have_text(["86.5", "93"])
    finally:
        for context in contexts:
            context.close()


def test_failed_sign_ins_are_counted_across_processes(hall):
    """The limit on guessing passwords holds whichever process each attempt reaches."""
    from contest.config import DEFAULTS

    per_minute = int(str(DEFAULTS["CONTEST_LOGIN_ATTEMPTS"]).split(" per minute")[0])
    nodes = set()
    statuses = []
    for _ in range(per_minute + 1):
        http = requests.Session()  # no pinning cookie: nginx spreads the attempts
        page = http.get(f"{hall.url}/staff/login")
        nodes.add(http.cookies.get("contest_node"))
        token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = http.post(
            f"{hall.url}/staff/login",
            data={"username": "host1", "password": "wrong", "csrf_token": token},
            allow_redirects=False,
        )
        statuses.append(response.status_code)
    assert nodes == {"w1", "w2"}
    assert statuses[-1] == 429
    assert statuses[:-1] == [401] * per_minute  # refused, then locked out


def test_each_process_reports_its_database_and_redis(hall):
    for worker in hall.workers:
        assert requests.get(f"{worker.url}/healthz").json() == {
            "status": "ok",
            "database": "ok",
            "message_queue": "ok",
        }


def test_a_process_stopped_by_systemd_takes_its_counts_out_of_redis(hall):
    """SIGTERM (systemctl stop): the host does not go on seeing its viewers. Runs last."""
    assert len(hall.presence_by_process()) == 2
    stopped = hall.workers[1].process
    stopped.terminate()
    assert stopped.wait(10) == 128 + 15
    assert len(hall.presence_by_process()) == 1


def test_viewers_of_a_killed_process_come_back_through_the_other(tmp_path):
    """SIGKILL one process mid-contest: its viewers reconnect via nginx and see the next reveal."""
    need(postgres_available(), "PostgreSQL at 127.0.0.1:5432")
    need(redis_available(), "Redis at 127.0.0.1:6379")
    need(multi.nginx_available(), f"nginx at {multi.NGINX}")
    hall = multi.start(tmp_path)
    viewers = []
    try:
        while len(viewers) < 8 and {v.node for v in viewers} != {"w1", "w2"}:
            viewers.append(Viewer(hall.url, ["polling"], reconnect=True))
        assert {v.node for v in viewers} == {"w1", "w2"}
        victims = [v for v in viewers if v.node == "w1"]
        hall.workers[0].process.kill()  # SIGKILL: no goodbye to anyone
        hall.workers[0].process.wait(10)
        for viewer in victims:
            # Its next poll fails at once; at worst a ping interval + timeout (25 + 20 s).
            viewer.wait_until(lambda v: v.connects >= 2, timeout=60)
            assert viewer.node == "w2"  # nginx re-pinned it to the process that answered

        team = run_to_reveal(hall, order=2)
        for viewer in viewers:
            assert viewer.wait_for(revealed(team))["reveal"]["published"] == "89.71"
    finally:
        for viewer in viewers:
            viewer.close()
        hall.stop()


def test_behind_nginx_silent_sockets_are_let_go_and_pages_keep_answering(hall):
    """#13 item 5 on the deployed path: 2,000 sockets that send nothing are held by nginx,
    /healthz answers through nginx meanwhile, and nginx closes each at its
    client_header_timeout (10 s)."""
    import resource
    import socket
    import time

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    port = int(hall.url.rsplit(":", 1)[1])
    opened = time.monotonic()  # the first socket's connect
    held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(2000)]
    try:
        for _ in range(3):  # (earlier tests of this module may have stopped a process)
            assert requests.get(hall.url + "/healthz", timeout=5).status_code == 200
        first = held[0]
        first.settimeout(20)
        assert first.recv(1) == b""  # closed by nginx, without a word
        waited = time.monotonic() - opened
        assert 8 <= waited <= 20, waited  # the 10 s header timeout, not the client's will
    finally:
        for sock in held:
            sock.close()
