"""A minimal Engine.IO v4 / Socket.IO v5 viewer over a raw websocket, for load benchmarks.

python-socketio's own client costs ~0.3 ms of CPU per received event (stack notes), so two
thousand of them on this 2-core machine would measure the clients. This one is an
`asyncio.Protocol` on the standard library only: an RFC 6455 handshake, an unmasked-frame
parser, and just enough Engine.IO/Socket.IO to connect as a viewer, answer pings and
timestamp the pushes we care about. It never parses JSON while a fan-out is under way:
a message that may be a reveal (a cheap substring test) is kept as bytes with the time it
arrived, and parsed later, when the benchmark asks for it (`Worker.collect`).

A `Worker` is one process holding hundreds of viewers on one event loop; the benchmark
drives it through a `multiprocessing` pipe (`worker_main`). Every wait here has a timeout.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import os
import resource
import time
from dataclasses import dataclass, field

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
REVEAL_MARKERS = (b'"scene": "reveal"', b'"scene":"reveal"')
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


def _frame(opcode: int, payload: bytes) -> bytes:
    """A masked client frame (RFC 6455 §5.3: every client frame is masked)."""
    key = os.urandom(4)
    n = len(payload)
    if n < 126:
        header = bytes((0x80 | opcode, 0x80 | n))
    elif n < 65536:
        header = bytes((0x80 | opcode, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        header = bytes((0x80 | opcode, 0x80 | 127)) + n.to_bytes(8, "big")
    if n:
        mask = (key * (n // 4 + 1))[:n]
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(mask, "big")).to_bytes(n, "big")
    else:
        masked = b""
    return header + key + masked


class Viewer(asyncio.Protocol):
    """One remote viewer: websocket → Engine.IO open → Socket.IO CONNECT with `auth`."""

    def __init__(self, worker: Worker, index: int, host: str, port: int, auth: dict) -> None:
        self.worker = worker
        self.index = index
        self.host, self.port = host, port
        self.auth = json.dumps(auth, separators=(",", ":")).encode()
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.upgraded = False
        self.key = base64.b64encode(os.urandom(16))
        self.fragments: list[bytes] = []
        self.ready = asyncio.get_running_loop().create_future()  # first stage_updated
        self.ready.add_done_callback(lambda f: f.cancelled() or f.exception())  # no warnings
        self.closed = False
        self.error = ""
        self.sid = ""
        self.events = 0
        self.pings = 0
        self.reveals: list[tuple[float, bytes]] = []  # (time.time() on receipt, message)
        self.reveal_count = 0  # reveal pushes ever received (`reveals` is emptied by collect)

    # -- asyncio.Protocol -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        request = (
            b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
            b"Host: " + f"{self.host}:{self.port}".encode() + b"\r\n"
            b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: " + self.key + b"\r\n"
            b"Sec-WebSocket-Version: 13\r\n\r\n"
        )
        transport.write(request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        now = time.time()  # stamped before any parsing: the receipt time of every frame here
        buf = self.buf
        buf += data
        if not self.upgraded:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                if len(buf) > 16384:
                    self._fail("handshake too long")
                return
            head = bytes(buf[:end]).decode("latin-1")
            del buf[: end + 4]
            if not self._handshake_ok(head):
                return
            self.upgraded = True
        while True:
            n = len(buf)
            if n < 2:
                return
            b0, b1 = buf[0], buf[1]
            length = b1 & 0x7F
            pos = 2
            if length == 126:
                if n < 4:
                    return
                length = int.from_bytes(buf[2:4], "big")
                pos = 4
            elif length == 127:
                if n < 10:
                    return
                length = int.from_bytes(buf[2:10], "big")
                pos = 10
            if b1 & 0x80:  # servers never mask (RFC 6455 §5.1)
                self._fail("masked frame from server")
                return
            if n < pos + length:
                return
            payload = bytes(buf[pos : pos + length])
            del buf[: pos + length]
            self._frame(b0 & 0x80, b0 & 0x0F, payload, now)
            if self.closed:
                return

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed:
            self.closed = True
            self.error = self.error or f"connection lost: {exc or 'closed by server'}"
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(self.error))
        self.worker.lost(self)

    # -- websocket --------------------------------------------------------------------------
    def _handshake_ok(self, head: str) -> bool:
        lines = head.split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            self._fail(f"handshake refused: {lines[0]}")
            return False
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        expected = base64.b64encode(hashlib.sha1(self.key + WS_GUID).digest()).decode()
        if headers.get("sec-websocket-accept") != expected:
            self._fail("bad Sec-WebSocket-Accept")
            return False
        return True

    def _frame(self, fin: int, opcode: int, payload: bytes, now: float) -> None:
        if opcode == OP_PING:
            self._send(OP_PONG, payload)
        elif opcode == OP_CLOSE:
            self._send(OP_CLOSE, payload[:2])
            self._fail("closed by server")
        elif opcode == OP_PONG:
            pass
        elif opcode in (OP_TEXT, OP_BINARY, OP_CONT):
            if not fin:
                self.fragments.append(payload)
                return
            if self.fragments:
                payload = b"".join([*self.fragments, payload])
                self.fragments.clear()
            self._message(payload, now)

    def _send(self, opcode: int, payload: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(_frame(opcode, payload))

    def _fail(self, why: str) -> None:
        self.error = self.error or why
        self.closed = True
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(why))
        if self.transport is not None:
            self.transport.close()

    # -- Engine.IO / Socket.IO --------------------------------------------------------------
    def _message(self, msg: bytes, now: float) -> None:
        kind = msg[:1]
        if kind == b"4":  # Engine.IO MESSAGE carrying a Socket.IO packet
            packet = msg[1:2]
            if packet == b"2":  # EVENT
                self.events += 1
                if not self.ready.done():
                    self.ready.set_result(now)  # the snapshot sent right after connect
                elif REVEAL_MARKERS[0] in msg or REVEAL_MARKERS[1] in msg:
                    self.reveals.append((now, msg))
                    self.reveal_count += 1
                    self.worker.revealed(self)
            elif packet == b"0":  # CONNECT ack: 40{"sid":...}
                with contextlib.suppress(ValueError):
                    self.sid = json.loads(msg[2:] or b"{}").get("sid", "")
            elif packet == b"4":  # CONNECT_ERROR
                self._fail(f"connect refused: {msg[2:200].decode(errors='replace')}")
        elif kind == b"2":  # Engine.IO PING → PONG
            self.pings += 1
            self._send(OP_TEXT, b"3" + msg[1:])
        elif kind == b"0":  # Engine.IO OPEN: answer with the Socket.IO CONNECT and our auth
            self._send(OP_TEXT, b"40" + self.auth)
        elif kind == b"1":  # Engine.IO CLOSE
            self._fail("engine.io close")

    def close(self) -> None:
        if self.transport is not None and not self.closed:
            self.closed = True
            self._send(OP_TEXT, b"1")
            self._send(OP_CLOSE, (1000).to_bytes(2, "big"))
            self.transport.close()


@dataclass
class Worker:
    """Hundreds of viewers on one event loop, driven over a pipe by the benchmark."""

    host: str
    port: int
    auth: dict
    first_index: int
    count: int
    viewers: list[Viewer] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    retries: int = 0
    lost_after_ready: int = 0
    reveal_counts: dict[int, int] = field(default_factory=dict)

    def lost(self, viewer: Viewer) -> None:
        if viewer.ready.done() and not viewer.ready.exception():
            self.lost_after_ready += 1

    def revealed(self, viewer: Viewer) -> None:
        k = viewer.reveal_count
        self.reveal_counts[k] = self.reveal_counts.get(k, 0) + 1

    def live(self) -> list[Viewer]:
        return [v for v in self.viewers if not v.closed]

    async def _connect_one(self, index: int, timeout: float, attempts: int) -> None:
        loop = asyncio.get_running_loop()
        why = ""
        for attempt in range(attempts):
            if attempt:
                self.retries += 1
                await asyncio.sleep(0.2 * attempt)
            viewer: Viewer | None = None
            try:
                _, viewer = await asyncio.wait_for(
                    loop.create_connection(
                        lambda: Viewer(self, index, self.host, self.port, self.auth),
                        self.host,
                        self.port,
                    ),
                    timeout,
                )
                await asyncio.wait_for(asyncio.shield(viewer.ready), timeout)
                self.viewers.append(viewer)
                return
            except (OSError, TimeoutError, ConnectionError) as exc:
                why = f"{type(exc).__name__}: {exc}"
                if viewer is not None:
                    viewer.close()
        self.failures.append(f"viewer {index}: {why}")

    async def connect(self, batch: int, pause: float, timeout: float, attempts: int) -> dict:
        started = time.monotonic()
        indexes = range(self.first_index, self.first_index + self.count)
        for start in range(0, self.count, batch):
            chunk = indexes[start : start + batch]
            await asyncio.gather(*(self._connect_one(i, timeout, attempts) for i in chunk))
            await asyncio.sleep(pause)
        return {
            "connected": len(self.viewers),
            "failures": self.failures[:5],
            "failed": len(self.failures),
            "retries": self.retries,
            "seconds": time.monotonic() - started,
        }

    async def await_reveals(self, k: int, timeout: float) -> dict:
        """Wait until every live viewer holds at least `k` reveal pushes, or `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.reveal_counts.get(k, 0) >= len(self.live()):
                break
            await asyncio.sleep(0.005)
        return {"have": self.reveal_counts.get(k, 0), "live": len(self.live())}

    def collect(self) -> list[tuple[int, int | None, str, float, int]]:
        """(viewer, revealed team id, updated_at, receipt time, bytes) of each reveal push."""
        rows = []
        for viewer in self.viewers:
            for received, msg in viewer.reveals:
                rows.append((viewer.index, *_reveal_fields(msg), received, len(msg)))
            viewer.reveals.clear()
        return rows

    def status(self) -> dict:
        return {
            "viewers": len(self.viewers),
            "live": len(self.live()),
            "lost": self.lost_after_ready,
            "events": sum(v.events for v in self.viewers),
            "pings": sum(v.pings for v in self.viewers),
            "errors": [v.error for v in self.viewers if v.error][:5],
        }

    def close_all(self) -> None:
        for viewer in self.viewers:
            viewer.close()


def _reveal_fields(msg: bytes) -> tuple[int | None, str]:
    """Socket.IO `42["stage_updated",{...}]` → (reveal.team.id, updated_at)."""
    name, payload = json.loads(msg[2:])
    if name != "stage_updated" or (payload.get("stage") or {}).get("scene") != "reveal":
        return None, ""
    team = ((payload.get("reveal") or {}).get("team") or {}).get("id")
    return team, payload.get("updated_at", "")


def _raise_open_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65_536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def worker_main(conn, spec: dict) -> None:
    """Entry point of a worker process. Commands arrive as (name, kwargs); one reply each."""
    if spec.get("cpus"):
        os.sched_setaffinity(0, spec["cpus"])
    _raise_open_file_limit()
    asyncio.run(_serve(conn, spec))


async def _serve(conn, spec: dict) -> None:
    loop = asyncio.get_running_loop()
    worker = Worker(spec["host"], spec["port"], spec["auth"], spec["first_index"], spec["count"])
    inbox: asyncio.Queue = asyncio.Queue()

    def readable() -> None:
        try:
            inbox.put_nowait(conn.recv())
        except (EOFError, OSError):  # the benchmark went away: stop
            inbox.put_nowait(("stop", {}))
            loop.remove_reader(conn.fileno())

    loop.add_reader(conn.fileno(), readable)
    lifetime = spec.get("lifetime", 900.0)  # a worker never outlives this, whatever happens
    deadline = time.monotonic() + lifetime
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                name, kwargs = await asyncio.wait_for(inbox.get(), remaining)
            except TimeoutError:
                break
            if name == "connect":
                conn.send(await worker.connect(**kwargs))
            elif name == "await_reveals":
                conn.send(await worker.await_reveals(**kwargs))
            elif name == "collect":
                conn.send(worker.collect())
            elif name == "status":
                conn.send(worker.status())
            elif name == "stop":
                worker.close_all()
                await asyncio.sleep(0.2)
                with contextlib.suppress(OSError):
                    conn.send({"stopped": True})
                break
    finally:
        with contextlib.suppress(Exception):
            loop.remove_reader(conn.fileno())
        worker.close_all()
