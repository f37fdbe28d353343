"""gevent's WSGI server with the limits a public network needs (what serve.py runs).

- A client has CONTEST_HEADER_TIMEOUT seconds (10) to send its request line and headers,
  and a kept-alive connection is closed after CONTEST_IDLE_TIMEOUT seconds (75, above
  browsers' and nginx's own) without a new request; a socket read or write that stalls that
  long also ends the connection. Websockets are not affected: engine.io pings them every
  25 s and drops the dead ones itself.
- One address may hold CONTEST_CONNECTIONS_PER_ADDRESS connections at once (300); more are
  answered 503 with a Chinese notice and closed. Behind nginx (CONTEST_TRUSTED_PROXIES > 0)
  every connection comes from nginx, so the cap is off unless set, and nginx's limit_conn
  does that job.
- The process holds at most CONTEST_MAX_CONNECTIONS connections (10,000, and never more
  than the descriptors it may open, less a reserve for the database, Redis and files);
  beyond that, new ones wait in the kernel's backlog instead of failing the server.

Import this only after gevent's monkey patching (serve.py does it first).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass

import gevent
from gevent import pywsgi
from gevent.pool import Pool

logger = logging.getLogger("contest.access")

DESCRIPTOR_RESERVE = 200  # database pool, Redis, log files, documents being built
_REFUSED_BODY = "来自同一地址的连接过多，请关闭多余的页面，稍候再试。\n".encode()
_REFUSED = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Retry-After: 10\r\n"
    b"Connection: close\r\n"
    b"Content-Length: " + str(len(_REFUSED_BODY)).encode() + b"\r\n\r\n" + _REFUSED_BODY
)


@dataclass(frozen=True)
class Limits:
    header_timeout: float = 10.0
    idle_timeout: float = 75.0
    per_address: int = 300  # 0: no cap
    max_connections: int = 10_000

    @classmethod
    def from_environment(cls, descriptors: int | None = None) -> Limits:
        behind_proxy = int(os.environ.get("CONTEST_TRUSTED_PROXIES", "0") or 0) > 0
        per_address = os.environ.get("CONTEST_CONNECTIONS_PER_ADDRESS", "").strip()
        most = int(os.environ.get("CONTEST_MAX_CONNECTIONS", "") or cls.max_connections)
        if descriptors is not None:
            most = max(1, min(most, descriptors - DESCRIPTOR_RESERVE))
        return cls(
            header_timeout=float(os.environ.get("CONTEST_HEADER_TIMEOUT", "") or 10),
            idle_timeout=float(os.environ.get("CONTEST_IDLE_TIMEOUT", "") or 75),
            per_address=int(per_address) if per_address else (0 if behind_proxy else 300),
            max_connections=most,
        )


class Handler(pywsgi.WSGIHandler):
    """One connection: TCP_NODELAY, then requests under the header and idle deadlines.

    gevent writes a response's headers and body separately; without TCP_NODELAY the body of
    a kept-alive request waited ~40 ms for the client's delayed ACK (measured).
    """

    def handle(self):
        limits: Limits = self.server.limits
        self.requests_read = 0
        with suppress(OSError):
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.socket.settimeout(limits.idle_timeout)  # a stalled read or write ends it
        return super().handle()

    def read_requestline(self):
        limits: Limits = self.server.limits
        first = self.requests_read == 0
        self.header_started = time.monotonic()
        # The first request line counts against the header deadline; after a response, the
        # connection may sit idle that long waiting for the next one.
        with gevent.Timeout(limits.header_timeout if first else limits.idle_timeout, False):
            line = super().read_requestline()
            if not first:
                self.header_started = time.monotonic()
            return line
        return ""  # nothing (complete) in time: close without an answer

    def read_request(self, raw_requestline):
        limits: Limits = self.server.limits
        self.requests_read += 1
        left = limits.header_timeout - (time.monotonic() - self.header_started)
        with gevent.Timeout(max(left, 0.001), False):
            return super().read_request(raw_requestline)
        self.close_connection = True
        return False  # headers not complete in time: 400 and close


class Server(pywsgi.WSGIServer):
    """Counts connections per address and refuses those over the cap."""

    def __init__(self, listener, application, *, limits: Limits, **kwargs) -> None:
        super().__init__(
            listener,
            application,
            handler_class=Handler,
            spawn=Pool(limits.max_connections),
            **kwargs,
        )
        self.limits = limits
        self.by_address: Counter[str] = Counter()
        self._last_refusal_logged: dict[str, float] = {}

    def handle(self, sock, address):
        host = address[0] if isinstance(address, tuple) else ""
        cap = self.limits.per_address
        if cap and self.by_address[host] >= cap:
            self._refuse(sock, host)
            return
        self.by_address[host] += 1
        try:
            super().handle(sock, address)
        finally:
            self.by_address[host] -= 1
            if self.by_address[host] <= 0:
                del self.by_address[host]

    def _refuse(self, sock, host: str) -> None:
        with suppress(OSError):
            sock.settimeout(1)
            sock.sendall(_REFUSED)
        with suppress(OSError):
            sock.close()
        now = time.monotonic()
        if now - self._last_refusal_logged.get(host, -60.0) >= 60:  # one line a minute
            self._last_refusal_logged[host] = now
            logger.warning(
                json.dumps(
                    {
                        "ts": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                        "event": "connection_refused",
                        "reason": "too_many_from_address",
                        "cap": self.limits.per_address,
                        "remote": host,
                    }
                )
            )


def open_file_limit() -> int | None:
    try:
        import resource
    except ImportError:  # not on this platform
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY else soft
