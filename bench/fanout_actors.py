"""The people bench.fanout puts on the stage (judges over HTTP) and its viewer processes."""

from __future__ import annotations

import contextlib
import multiprocessing
import re
import time
import uuid
from decimal import Decimal

import requests

from bench.eio_client import worker_main
from bench.procfs import cpu_seconds

HTTP_TIMEOUT = 30  # seconds, for every request the host and the judges make


# -- people on the stage ---------------------------------------------------------------------


class Judge:
    """A judge's phone over HTTP: personal link, the page's CSRF token, state, submission."""

    def __init__(self, number: int, name: str, link: str, base: str) -> None:
        self.number, self.name, self.base = number, name, base
        self.http = requests.Session()
        self.http.get(link, timeout=HTTP_TIMEOUT).raise_for_status()  # signs this phone in
        page = self.http.get(f"{base}/judge/", timeout=HTTP_TIMEOUT)
        page.raise_for_status()
        found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
        if found is None:
            raise RuntimeError(f"judge {name}: no csrf-token on /judge/")
        self.csrf = found.group(1)

    def submit(self, team: int, round_no: int) -> str:
        """'submitted', 'recused', or why it failed."""
        state = self.http.get(f"{self.base}/api/judge/state", timeout=HTTP_TIMEOUT)
        if state.status_code != 200:
            return f"state {state.status_code}"
        state = state.json()
        if state["recused"]:
            return "recused"
        if not state["scoring_open"] or (state["team"] or {}).get("id") != team:
            return "scoring not open for this team"
        marks = {}
        for i, item in enumerate(state["items"]):
            value = Decimal(item["maximum"])
            if i == (self.number + round_no) % len(state["items"]):  # judges differ a little
                value -= Decimal(item["step"]) * ((self.number * 3 + round_no) % 7)
            marks[str(item["id"])] = str(max(value, Decimal(0)))
        total = sum((Decimal(v) for v in marks.values()), Decimal(0))
        response = self.http.post(
            f"{self.base}/api/judge/scores",
            json={
                "team_id": team,
                "marks": marks,
                "total": str(total),
                "idempotency_key": uuid.uuid4().hex,
            },
            headers={"X-CSRFToken": self.csrf},
            timeout=HTTP_TIMEOUT,
        )
        if response.status_code == 201:
            return "submitted"
        return f"HTTP {response.status_code}: {response.text[:120]}"


# -- client processes ------------------------------------------------------------------------


class Clients:
    """The viewer processes (bench.eio_client.worker_main), one pipe each."""

    def __init__(self, n: int, processes: int, port: int, cpus: set[int] | None) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.processes = max(1, min(processes, n))
        self.pipes, self.procs = [], []
        first = 0
        for k in range(self.processes):
            count = n // self.processes + (1 if k < n % self.processes else 0)
            ours, theirs = ctx.Pipe()
            spec = {
                "host": "127.0.0.1",
                "port": port,
                "auth": {"audience": "viewer", "venue": 1},
                "first_index": first,
                "count": count,
                "cpus": cpus,
                "lifetime": 900.0,
            }
            proc = ctx.Process(target=worker_main, args=(theirs, spec), daemon=True)
            proc.start()
            theirs.close()
            self.pipes.append(ours)
            self.procs.append(proc)
            first += count

    def ask(self, name: str, within: float, **kwargs) -> list:
        """Send one command to every process, then gather one reply from each, in `within` s."""
        for pipe in self.pipes:
            pipe.send((name, kwargs))
        deadline = time.monotonic() + within
        replies = []
        for k, pipe in enumerate(self.pipes):
            if not pipe.poll(max(0.0, deadline - time.monotonic())):
                raise TimeoutError(f"client process {k} did not answer {name!r} in {within:.0f} s")
            replies.append(pipe.recv())
        return replies

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(proc.pid) for proc in self.procs if proc.is_alive())

    def stop(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError):
                pipe.send(("stop", {}))
        deadline = time.monotonic() + 5
        for proc in self.procs:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.terminate()
                proc.join(2)
            if proc.is_alive():
                proc.kill()
                proc.join(1)
        for pipe in self.pipes:
            pipe.close()
