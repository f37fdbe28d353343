"""What bench.fanout's viewers connect to: one serve.py, or several behind nginx."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Target:
    url: str
    port: int
    pids: list[int]  # the server processes (not nginx, Redis or PostgreSQL)
    database_url: str
    credentials: dict
    flask: Callable[..., str]
    stop: Callable[[], None]
    logs: list[Path]
    per_process: Callable[[], list[int]] | None  # viewers each server process holds


def single(workdir: Path) -> Target:
    """serve.py on a fresh SQLite demo database: what `make run` starts."""
    from tests.browser.fixtures import _demo_server

    server = _demo_server(workdir)
    return Target(
        url=server.url,
        port=int(server.url.rsplit(":", 1)[1]),
        pids=[server.process.pid],
        database_url=server.database_url,
        credentials=server.credentials,
        flask=server.flask,
        stop=server.stop,
        logs=[workdir / "server.log"],
        per_process=None,
    )


def behind_nginx(workdir: Path, workers: int) -> Target:
    """`workers` serve.py processes, PostgreSQL, Redis and nginx: deploy/README.md's layout."""
    from tests.multiworker import topology

    hall = topology.start(workdir, workers=workers)

    def per_process() -> list[int]:
        return [counts.get("w:1:viewer", 0) for counts in hall.presence_by_process()]

    return Target(
        url=hall.url,
        port=int(hall.url.rsplit(":", 1)[1]),
        pids=[w.process.pid for w in hall.workers],
        database_url=hall.database_url,
        credentials=hall.credentials,
        flask=hall.flask,
        stop=hall.stop,
        logs=[workdir / f"w{i + 1}" / "server.log" for i in range(workers)],
        per_process=per_process,
    )


def server_kind(workers: int) -> str:
    if workers <= 1:
        return "fresh server (serve.py, gevent, SQLite demo) per run"
    return (
        f"fresh topology per run: {workers} serve.py processes behind nginx (deploy/), "
        "Redis message queue, PostgreSQL demo"
    )


def pinning_plan() -> dict:
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return {
            "server_cpus": None,
            "client_cpus": None,
            "description": f"not pinned (only CPU {cpus} available)",
        }
    server, rest = {cpus[0]}, set(cpus[1:2])
    return {
        "server_cpus": server,
        "client_cpus": rest,
        "description": f"server (serve.py, all threads) → CPU {cpus[0]}; this driver, the host, "
        f"the judges and the client processes → CPU {cpus[1]}",
    }
