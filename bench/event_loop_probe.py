"""What bench.event_loop measures with, and what it prints.

- `Probes`: GET /healthz every `interval`, each probe on its own connection and thread, so a
  server that stops answering for a second collects fifty late answers, not one.
- `Pushes`: one Socket.IO viewer of the venue (python-socketio's client) and the host
  switching the hall display's scene every two seconds; each time, from the host's POST to the
  viewer receiving the push it caused (no judges score here, so every public push is ours).
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

from tests.browser.actors import Host

PROBE_TIMEOUT = 60.0
PUSH_TIMEOUT = 30.0


@dataclass
class Series:
    """Latencies (seconds) of what was started within a stretch, and how many failed."""

    latencies: list[float]
    failed: int = 0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]  # nearest rank


@dataclass
class Phase:
    name: str
    seconds: float | None  # the build's own duration; None for the idle baseline
    probes: Series
    pushes: Series
    note: str = ""


class Probes:
    def __init__(self, base_url: str, interval: float) -> None:
        self.url = f"{base_url}/healthz"
        self.interval = interval
        self.results: list[tuple[float, float | None]] = []  # (sent, latency or None)
        self.inflight: list[float] = []  # send times of probes still waiting for an answer
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=512, thread_name_prefix="probe")
        self.ticker = threading.Thread(target=self._tick, daemon=True)

    def __enter__(self) -> Probes:
        self.ticker.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.ticker.join(timeout=5)
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _tick(self) -> None:
        due = time.monotonic()
        while not self.stopped.is_set():
            self.pool.submit(self._probe)
            due += self.interval
            now = time.monotonic()
            if due < now - self.interval:  # this thread itself was held up: do not burst
                due = now
            self.stopped.wait(max(0.0, due - now))

    def _probe(self) -> None:
        sent = time.monotonic()
        with self.lock:
            self.inflight.append(sent)
        latency = None
        with contextlib.suppress(requests.RequestException):
            if requests.get(self.url, timeout=PROBE_TIMEOUT).ok:
                latency = time.monotonic() - sent
        with self.lock:
            self.inflight.remove(sent)
            self.results.append((sent, latency))

    def between(self, start: float, end: float) -> Series:
        """The probes sent in [start, end], once every one of them has its answer."""
        deadline = time.monotonic() + PROBE_TIMEOUT + 5
        while time.monotonic() < deadline:
            with self.lock:
                if all(sent > end for sent in self.inflight):
                    break
            time.sleep(0.05)
        with self.lock:
            chosen = [latency for sent, latency in self.results if start <= sent <= end]
        return Series(
            [latency for latency in chosen if latency is not None],
            sum(latency is None for latency in chosen),
        )


class Pushes:
    def __init__(self, base_url: str, host: Host, every: float = 2.0) -> None:
        self.base_url = base_url
        self.host = host
        self.every = every
        self.client = None
        self.arrived = threading.Condition()
        self.arrivals: list[float] = []
        self.results: list[tuple[float, float | None]] = []
        self.current: float | None = None  # send time of the action under way
        self.reconnects = 0  # times the viewer lost its connection and connected again
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._drive, daemon=True)

    def _pushed(self, _data) -> None:
        with self.arrived:
            self.arrivals.append(time.monotonic())
            self.arrived.notify_all()

    def _connect(self) -> None:
        """A new viewer; returns once it has the snapshot every (re)connect starts with."""
        import socketio

        with contextlib.suppress(Exception):
            if self.client is not None:
                self.client.disconnect()
        self.client = socketio.Client(reconnection=False)
        self.client.on("stage_updated", self._pushed)
        with self.arrived:
            before = len(self.arrivals)
        auth = {"audience": "viewer", "venue": self.host.venue_id}
        self.client.connect(self.base_url, auth=auth, transports=["websocket"], wait_timeout=20)
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.arrivals) > before, timeout=PUSH_TIMEOUT)

    def __enter__(self) -> Pushes:
        self._connect()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join(timeout=PUSH_TIMEOUT + 5)
        with contextlib.suppress(Exception):
            self.client.disconnect()

    def _drive(self) -> None:
        scenes = ("standings", "welcome")
        turn = 0
        while not self.stopped.is_set():
            if not self.client.connected:  # e.g. its pings went unanswered while frozen
                self.reconnects += 1
                with contextlib.suppress(Exception):
                    self._connect()
                continue
            sent = self.current = time.monotonic()
            latency = None
            with self.arrived:
                before = len(self.arrivals)
            with contextlib.suppress(requests.RequestException):
                response = self.host.http.post(
                    f"{self.base_url}/api/venues/{self.host.venue_id}/stage/scene",
                    json={"scene": scenes[turn % 2]},
                    headers={"X-CSRFToken": self.host.csrf},
                    timeout=PROBE_TIMEOUT,
                )
                if response.ok:
                    with self.arrived:
                        if self.arrived.wait_for(
                            lambda n=before: len(self.arrivals) > n, timeout=PUSH_TIMEOUT
                        ):
                            latency = self.arrivals[before] - sent
            self.results.append((sent, latency))
            self.current = None
            turn += 1
            self.stopped.wait(max(0.0, sent + self.every - time.monotonic()))

    def between(self, start: float, end: float) -> Series:
        """The actions sent in [start, end], once the last of them has its push."""
        deadline = time.monotonic() + PROBE_TIMEOUT + PUSH_TIMEOUT
        while time.monotonic() < deadline:
            current = self.current
            if current is None or current > end:
                break
            time.sleep(0.05)
        chosen = [latency for sent, latency in self.results if start <= sent <= end]
        return Series(
            [latency for latency in chosen if latency is not None],
            sum(latency is None for latency in chosen),
        )


def _ms(value: float) -> str:
    return "—" if math.isnan(value) else f"{value * 1000:,.0f} ms"


def report(phases: list[Phase], interval: float) -> None:
    print(
        f"\n=== GET /healthz every {interval * 1000:.0f} ms, and host scene switch → viewer "
        "push every 2 s, while each build runs ==="
    )
    print(
        f"{'build':<30} {'took':>8} {'probes':>6} {'p50':>8} {'p99':>9} {'max':>9}   "
        f"{'pushes':>6} {'p50':>8} {'p99':>9} {'max':>9}"
    )
    for phase in phases:
        took = "—" if phase.seconds is None else f"{phase.seconds:.2f} s"
        cols = []
        for series in (phase.probes, phase.pushes):
            count = f"{len(series.latencies)}" + (f"+{series.failed}!" if series.failed else "")
            cols.append(
                f"{count:>6} {_ms(series.percentile(50)):>8} {_ms(series.percentile(99)):>9} "
                f"{_ms(series.percentile(100)):>9}"
            )
        label = phase.name + " " * max(0, 30 - _width(phase.name))
        print(f"{label} {took:>8} {cols[0]}   {cols[1]}")
        if phase.note:
            print(f"{'':<6}{phase.note}")
    print("(n+k! = k more failed: no answer within 60 s, or no push within 30 s)")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
