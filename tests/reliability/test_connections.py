"""The real server (serve.py under gevent) against idle, slow and too many raw connections."""

from __future__ import annotations

import json
import resource
import secrets
import socket
import time

import pytest
import requests

from tests.browser import server as live

HEADER_TIMEOUT, IDLE_TIMEOUT, PER_ADDRESS = 1, 2, 20


def _start(tmp_path, preexec_fn=None, **env: str) -> live.LiveServer:
    server = live.start(
        f"sqlite:///{tmp_path / 'contest.sqlite3'}",
        tmp_path,
        extra_env={"CONTEST_INSTANCE_PATH": str(tmp_path), **env},
        preexec_fn=preexec_fn,
    )
    server.flask("db", "upgrade")
    server.port = int(server.url.rsplit(":", 1)[1])
    return server


@pytest.fixture
def strict_server(tmp_path):
    server = _start(
        tmp_path,
        CONTEST_HEADER_TIMEOUT=str(HEADER_TIMEOUT),
        CONTEST_IDLE_TIMEOUT=str(IDLE_TIMEOUT),
        CONTEST_CONNECTIONS_PER_ADDRESS=str(PER_ADDRESS),
    )
    yield server
    server.stop()


def _connect(server, timeout: float = 10) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    return sock


def _response(sock: socket.socket) -> bytes:
    """One whole response (headers and a Content-Length body) from a kept-alive connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(
        next(
            line.split(b":")[1]
            for line in head.split(b"\r\n")[1:]
            if line.lower().startswith(b"content-length")
        )
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def _seconds_until_closed(sock: socket.socket) -> tuple[float, bytes]:
    """Read until the server closes; how long that took and what it sent."""
    started, received = time.monotonic(), b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return time.monotonic() - started, received


def test_a_connection_that_sends_nothing_is_closed_at_the_header_timeout(strict_server):
    with _connect(strict_server) as sock:
        waited, received = _seconds_until_closed(sock)
    assert received == b""
    assert HEADER_TIMEOUT - 0.2 < waited < HEADER_TIMEOUT + 1.5


def test_headers_dribbled_in_are_cut_off_at_the_header_deadline(strict_server):
    with _connect(strict_server) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        closed = False
        for i in range(20):  # a header every 0.25 s: each read is quick, the whole is not
            time.sleep(0.25)
            try:
                sock.sendall(f"X-Slow-{i}: 1\r\n".encode())
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
        _, received = _seconds_until_closed(sock)
    assert closed or received.startswith(b"HTTP/1.1 400")
    assert time.monotonic() - started < HEADER_TIMEOUT + 2.5  # not the 5 s the dribble takes
    assert b"200 OK" not in received


def test_a_kept_alive_connection_is_closed_when_idle(strict_server):
    with _connect(strict_server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _response(sock).startswith(b"HTTP/1.1 200")
        time.sleep(IDLE_TIMEOUT / 2)  # idle for less than the timeout: still served
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _response(sock).startswith(b"HTTP/1.1 200")
        waited, received = _seconds_until_closed(sock)
    assert received == b""
    assert IDLE_TIMEOUT - 0.3 < waited < IDLE_TIMEOUT + 1.5


def test_one_address_holds_at_most_its_cap_of_connections(strict_server):
    held = [_connect(strict_server) for _ in range(PER_ADDRESS)]
    try:
        with _connect(strict_server) as extra:
            extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            waited, received = _seconds_until_closed(extra)
        head, _, body = received.partition(b"\r\n\r\n")
        assert head.split(b"\r\n")[0] == b"HTTP/1.1 503 Service Unavailable"
        assert b"Retry-After: 10" in head
        assert body.decode() == "来自同一地址的连接过多，请关闭多余的页面，稍候再试。\n"
        assert waited < 0.5
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.3)
    assert requests.get(strict_server.url + "/healthz", timeout=5).status_code == 200
    log = (strict_server.env["CONTEST_INSTANCE_PATH"] + "/server.log").strip()
    with open(log, encoding="utf-8") as lines:
        refused = [line for line in lines if '"event": "connection_refused"' in line]
    assert len(refused) == 1
    assert '"cap": 20' in refused[0] and '"remote": "127.0.0.1"' in refused[0]


def _low_descriptor_limit() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


def test_more_idle_sockets_than_descriptors_do_not_stop_the_server(tmp_path):
    """1,100 idle sockets against a 1,024-descriptor process: they wait, then time out."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2048:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    server = _start(
        tmp_path,
        CONTEST_HEADER_TIMEOUT="2",
        CONTEST_CONNECTIONS_PER_ADDRESS="0",  # as behind nginx: no cap by address
        preexec_fn=_low_descriptor_limit,
    )
    held = []
    try:
        for _ in range(1100):
            held.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        started = time.monotonic()
        assert requests.get(server.url + "/healthz", timeout=15).status_code == 200
        answered_in = time.monotonic() - started
        assert answered_in < 8  # the idle ones are dropped after 2 s, a few batches at most
    finally:
        for sock in held:
            sock.close()
        server.stop()
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert "Too many open files" not in log


def test_no_log_line_carries_a_key_however_the_request_is_written(strict_server, tmp_path):
    key = secrets.token_urlsafe(24)
    requests_sent = [
        f"GET /j/{key} HTTP/9.9\r\n\r\n",  # gevent refuses the version and logs the line
        f"GET /j/{key} two HTTP/1.1\r\nHost: x\r\n\r\n",  # a space in the path
        f"GET http://127.0.0.1/j/{key} HTTP/1.1\r\nHost: x\r\n\r\n",  # absolute form
        f"GET /./j/{key} HTTP/1.1\r\nHost: x\r\n\r\n",
        f"GET /static/../j/{key} HTTP/1.1\r\nHost: x\r\n\r\n",
        f"GET /j;x/{key} HTTP/1.1\r\nHost: x\r\n\r\n",
        f"GET /%6A/{key} HTTP/1.1\r\nHost: x\r\n\r\n",
        f"GET /j%2F{key} HTTP/1.1\r\nHost: x\r\n\r\n",
    ]
    for raw in requests_sent:
        with _connect(strict_server) as sock:
            sock.sendall(raw.encode())
            sock.recv(65536)  # the answer (a 400 or a 404): the request has been handled
    time.sleep(0.3)
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert key not in log
    assert key[:8] not in log
    # gevent's own error log still says what was wrong with the line, without the key.
    assert "Invalid http version: 'GET /j/*** HTTP/9.9\\r\\n'" in log
    assert "Invalid HTTP method: 'GET /j/*** two HTTP/1.1\\r\\n'" in log
    logged = [json.loads(line) for line in log.splitlines() if line.startswith('{"ts"')]
    assert [entry["path"] for entry in logged if entry["path"] != "/healthz"] == [
        "http://127.0.0.1/j/***",
        "/./j/***",
        "/static/../j/***",
        "/j;x/***",
        "/j/***",  # %6A: the server decodes the path before the log sees it
        "/j/***",  # %2F likewise
    ]
