"""A hung or stopped Redis (a redis-server of the test's own, on a free port) against the
real multi-process configuration: host actions stay quick, guess limits keep counting."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time

import pytest
import requests

from tests.browser import server as live
from tests.browser.actors import Host, team_id
from tests.services import need


@pytest.fixture
def own_redis(tmp_path):
    need(shutil.which("redis-server") is not None, "redis-server")
    port = live.free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not live_redis(port):
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.1)
    process.port = port
    yield process
    if process.poll() is None:  # still ours to stop (a test may have stopped it already)
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


def live_redis(port: int) -> bool:
    import redis

    try:
        return redis.Redis(port=port, socket_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def shared_server(tmp_path, own_redis):
    """serve.py with the demo, linked through our own Redis as several processes would be."""
    url = f"redis://127.0.0.1:{own_redis.port}/0"
    server = live.start(
        f"sqlite:///{tmp_path / 'contest.sqlite3'}",
        tmp_path,
        extra_env={
            "CONTEST_INSTANCE_PATH": str(tmp_path),
            "CONTEST_MESSAGE_QUEUE": url,
            "CONTEST_MESSAGE_CHANNEL": "test-network-redis",
        },
    )
    server.flask("db", "upgrade")
    server.flask("demo", "--if-empty")
    server.credentials = json.loads((tmp_path / "demo-credentials.json").read_text())
    server.database_url = f"sqlite:///{tmp_path / 'contest.sqlite3'}"
    yield server
    server.stop()


def _timed(action) -> tuple[float, object]:
    started = time.monotonic()
    result = action()
    return time.monotonic() - started, result


def _console_says_degraded(host: Host) -> bool:
    page = host.http.get(f"{host.base}/host/venues/1", timeout=5).text
    notice = page.split('id="link-degraded"', 1)[1].split(">", 1)[0]
    return "hidden" not in notice


def _guesses_until_refused(base: str, tries: int = 12) -> list[int]:
    guesser = requests.Session()
    return [guesser.get(f"{base}/j/wrong-key-{i}", timeout=5).status_code for i in range(tries)]


def test_a_hung_redis_costs_a_host_action_under_a_second(shared_server, own_redis):
    host = Host(shared_server.url, "host1", shared_server.credentials["host1"])
    teams = [team_id(shared_server.database_url, order) for order in (1, 2, 3, 4)]
    host.act("call", team_id=teams[0])
    assert _console_says_degraded(host) is False

    os.kill(own_redis.pid, signal.SIGSTOP)  # Redis hangs: connections open, nothing answers
    took = []
    for team in teams[1:]:
        seconds, snapshot = _timed(lambda team=team: host.act("call", team_id=team))
        took.append(seconds)
        assert snapshot["stage"]["team"]["id"] == team
    assert max(took) < 1.0, took
    assert _console_says_degraded(host) is True
    # The guess limit still counts (in this process's memory): 10 a minute, then 429.
    statuses = _guesses_until_refused(shared_server.url)
    assert statuses == [404] * 10 + [429] * 2
    # The probe tells the truth, within its own 1 s.
    seconds, health = _timed(lambda: requests.get(shared_server.url + "/healthz", timeout=5))
    assert (health.status_code, health.json()) == (
        503,
        {"status": "error", "database": "ok", "message_queue": "unreachable"},
    )
    assert seconds < 1.5

    os.kill(own_redis.pid, signal.SIGCONT)  # Redis is back: the link recovers by itself
    time.sleep(5.5)  # the breaker's pause
    host.act("call", team_id=teams[0])
    assert _console_says_degraded(host) is False


def test_a_stopped_redis_leaves_the_guess_limits_on(shared_server, own_redis):
    own_redis.terminate()
    own_redis.wait(timeout=10)
    seconds, statuses = _timed(lambda: _guesses_until_refused(shared_server.url))
    assert statuses == [404] * 10 + [429] * 2
    assert seconds < 5
    host = Host(shared_server.url, "host1", shared_server.credentials["host1"])
    seconds, _ = _timed(lambda: host.act("call", team_id=team_id(shared_server.database_url, 1)))
    assert seconds < 1.0
    assert _console_says_degraded(host) is True
