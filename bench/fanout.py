"""Reveal fan-out to remote viewers, measured on the real server.

    .venv/bin/python -m bench.fanout                      # 100, 1000 and 2000 viewers
    .venv/bin/python -m bench.fanout --viewers 1000 --reveals 3 --json /tmp/fanout.json
    .venv/bin/python -m bench.fanout --workers 2 --viewers 5000 --processes 4   # deploy/

With --workers 2 or more, each run starts deploy/README.md's layout instead: that many
serve.py processes on a fresh PostgreSQL demo database, a Redis message queue and nginx in
front (tests/multiworker/topology.py); viewers connect through nginx.

For each number of viewers N: start the real server (serve.py, gevent) on a fresh SQLite
demo database, connect N Socket.IO viewers over loopback, then run R teams through the
stage as on the day: the host calls the team and opens scoring, the 9 demo judges submit
over HTTP (a recused judge skips), the host closes scoring and reveals. The reveal's push
(`stage_updated` with `stage.scene == "reveal"` for that team) carries the stage's
`updated_at`, stamped inside the reveal's transaction just before it commits; a viewer's
latency is the time it received that push minus `updated_at` (same machine clock).

The viewers are `bench.eio_client` (a minimal Engine.IO v4 / Socket.IO v5 websocket client
on asyncio, standard library only) spread over 1–2 worker processes. On a machine with two
or more cores the server is pinned to CPU 0 and everything else (this driver, its judges
and host, the client processes) to CPU 1, so the server has a core to itself.

Every wait is bounded; the whole run stops by itself within `--budget` seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import math
import os
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench import fanout_target
from bench.fanout_actors import HTTP_TIMEOUT, Clients, Judge
from bench.fanout_report import report, summary
from bench.fanout_target import pinning_plan, server_kind
from bench.procfs import cpu_busy, pin, total_cpu_seconds, total_memory_mib
from bench.profiling import py_spy, start_profile, stop_profile
from tests.browser.actors import Host, team_id


class BudgetExceeded(RuntimeError):
    pass


CHILDREN: list = []  # the server and the client processes, for the watchdog


def watchdog(seconds: float) -> None:
    """Last resort: a step that hangs past the budget (+60 s) ends everything we started."""

    def fire() -> None:
        print(f"\nbench.fanout: still running after {seconds:.0f} s; stopping", flush=True)
        for child in CHILDREN:
            with contextlib.suppress(Exception):
                if isinstance(child, int):
                    os.kill(child, signal.SIGKILL)
                else:
                    child.kill()
        os._exit(3)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()


@dataclass
class Budget:
    """The whole run's deadline; every wait takes the smaller of its own limit and this."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def limit(self, wanted: float) -> float:
        left = self.left()
        if left <= 0:
            raise BudgetExceeded(f"the run's budget of {self.seconds:.0f} s is spent")
        return min(wanted, left)


# -- figures ---------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); nan when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def stamp(iso: str) -> float:
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


# -- one run ---------------------------------------------------------------------------------


def log_name(n: int, process: int = 0) -> str:
    return f"fanout-{n}-server{'' if process == 0 else process + 1}.log"


def run(n: int, args: argparse.Namespace, budget: Budget, plan: dict) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"fanout-{n}-"))
    server = (
        fanout_target.behind_nginx(workdir, args.workers)
        if args.workers > 1
        else (fanout_target.single(workdir))
    )
    CHILDREN.extend(server.pids)
    clients: Clients | None = None
    spy = None
    pids = server.pids
    try:
        if plan["server_cpus"]:
            for pid in pids:
                pin(pid, plan["server_cpus"])
        port = server.port
        host = Host(server.url, "host1", server.credentials["host1"])
        host.http.request = functools.partial(host.http.request, timeout=HTTP_TIMEOUT)
        judges = []
        for number, line in enumerate(server.flask("judge-links").splitlines(), start=1):
            name, _, link = line.partition("\t")
            judges.append(Judge(number, name, link.strip(), server.url))
        teams = [team_id(server.database_url, order) for order in range(1, args.reveals + 1)]
        idle = total_memory_mib(pids)

        processes = args.processes or (1 if n <= 500 else 2)
        clients = Clients(n, processes, port, plan["client_cpus"])
        CHILDREN.extend(clients.procs)
        batch = max(1, args.batch // clients.processes)
        connect_timeout = budget.limit(60 + n * 0.1)
        started = time.monotonic()
        connected = clients.ask(
            "connect",
            connect_timeout,
            batch=batch,
            pause=args.pause,
            timeout=20.0,
            attempts=3,
        )
        connect_seconds = time.monotonic() - started
        viewers = sum(c["connected"] for c in connected)
        failed = sum(c["failed"] for c in connected)
        retries = sum(c["retries"] for c in connected)
        failures = [f for c in connected for f in c["failures"]][:5]
        time.sleep(0.5)  # let the last initial snapshots settle before reading memory
        with_viewers = total_memory_mib(pids)
        per_process = server.per_process() if server.per_process else None

        reveals = []
        spy = start_profile(pids[0], n, plan["client_cpus"]) if args.profile else None
        core = min(plan["server_cpus"]) if plan["server_cpus"] else None
        core_before = cpu_busy(core) if core is not None else math.nan
        cpu_before, wall_before = total_cpu_seconds(pids), time.monotonic()
        for round_no, team in enumerate(teams, start=1):
            budget.limit(1)
            host.act("call", team_id=team)
            host.act("open")
            outcomes = {j.name: j.submit(team, round_no) for j in judges}
            missing = [
                name for name, how in outcomes.items() if how not in ("submitted", "recused")
            ]
            host.act("close", confirm_missing=True)
            time.sleep(args.settle)  # let the close's push drain before the reveal's
            cpu_reveal, clients_cpu = total_cpu_seconds(pids), clients.cpu_seconds()
            sent = time.time()
            host.act("reveal", **({"force_reason": "bench"} if missing else {}))
            answered = time.time()
            waited = clients.ask(
                "await_reveals",
                budget.limit(args.wait + 5),
                k=round_no,
                timeout=budget.limit(args.wait),
            )
            cpu_after, clients_cpu = total_cpu_seconds(pids), clients.cpu_seconds() - clients_cpu
            rows = [row for part in clients.ask("collect", budget.limit(60)) for row in part]
            got: dict[int, float] = {}
            commit, size = math.nan, 0
            for viewer, revealed, updated_at, received, length in rows:
                if revealed == team and viewer not in got:
                    got[viewer] = received
                    commit, size = stamp(updated_at), max(size, length)
            latencies = sorted((t - commit) * 1000 for t in got.values())
            reveals.append(
                {
                    "team_id": team,
                    "sent_at": sent,
                    "recused": [k for k, how in outcomes.items() if how == "recused"],
                    "not_submitted": {k: outcomes[k] for k in missing},
                    "forced": bool(missing),
                    "received": len(got),
                    "live": sum(w["live"] for w in waited),
                    "request_ms": (answered - sent) * 1000,
                    "first_ms": latencies[0] if latencies else math.nan,
                    "p50_ms": percentile(latencies, 0.5),
                    "p99_ms": percentile(latencies, 0.99),
                    "last_ms": latencies[-1] if latencies else math.nan,
                    "server_cpu_s": cpu_after - cpu_reveal,
                    "clients_cpu_s": clients_cpu,
                    "payload_bytes": size,
                    "latencies_ms": latencies,
                    "viewers": sorted(got),
                }
            )
        cpu_after_all, wall_after_all = total_cpu_seconds(pids), time.monotonic()
        core_busy = cpu_busy(core) - core_before if core is not None else math.nan
        profile = stop_profile(*spy) if spy else None
        spy = None
        peak = total_memory_mib(pids)
        status = clients.ask("status", 30)
    finally:
        if spy is not None:
            spy[0].kill()
        if clients is not None:
            clients.stop()
        server.stop()
        for k, log in enumerate(server.logs):  # keep the servers' logs for a look afterwards
            with contextlib.suppress(OSError):
                shutil.copyfile(log, Path(tempfile.gettempdir()) / log_name(n, k))
        shutil.rmtree(workdir, ignore_errors=True)

    samples = [x for r in reveals for x in r["latencies_ms"]]
    every = set(range(n))
    for r in reveals:
        every &= set(r["viewers"])
    lasts = [r["last_ms"] for r in reveals]
    cpu = cpu_after_all - cpu_before
    wall = wall_after_all - wall_before
    fanout_cpu = [r["server_cpu_s"] for r in reveals]
    return {
        "viewers": n,
        "connected": viewers,
        "connect_failed": failed,
        "connect_retries": retries,
        "connect_failures": failures,
        "connect_seconds": connect_seconds,
        "client_processes": clients.processes,
        "lost_after_connect": sum(s["lost"] for s in status),
        "pings_answered": sum(s["pings"] for s in status),
        "client_errors": [e for s in status for e in s["errors"]][:5],
        "reveals": [
            {k: v for k, v in r.items() if k not in ("latencies_ms", "viewers")} for r in reveals
        ],
        "received_every_reveal": len(every),
        "viewer_latency_ms": {
            "samples": len(samples),
            "p50": percentile(samples, 0.5),
            "p99": percentile(samples, 0.99),
            "max": max(samples) if samples else math.nan,
        },
        "commit_to_last_viewer_ms": {
            "p50": percentile(lasts, 0.5),
            "p99": percentile(lasts, 0.99),
            "max": max(lasts) if lasts else math.nan,
        },
        "server_cpu": {
            "reveal_phase_s": cpu,
            "reveal_phase_wall_s": wall,
            "reveal_phase_percent": 100 * cpu / wall if wall else math.nan,
            "server_core_busy_percent": 100 * core_busy / wall if wall else math.nan,
            "server_core_others_percent": 100 * (core_busy - cpu) / wall if wall else math.nan,
            "per_reveal_s_mean": sum(fanout_cpu) / len(fanout_cpu) if fanout_cpu else math.nan,
            "per_reveal_s_median": percentile(fanout_cpu, 0.5),
            "per_viewer_per_reveal_ms": 1000 * sum(fanout_cpu) / (len(fanout_cpu) * viewers)
            if fanout_cpu and viewers
            else math.nan,
        },
        "server_rss_mib": {
            "idle": idle["VmRSS"],
            "connected": with_viewers["VmRSS"],
            "end": peak["VmRSS"],
            "peak": peak["VmHWM"],
            "per_viewer_kib": 1024 * (with_viewers["VmRSS"] - idle["VmRSS"]) / viewers
            if viewers
            else math.nan,
        },
        "profile": profile,
        "server_processes": len(pids),
        "viewers_per_process": per_process,
        "server_log": str(Path(tempfile.gettempdir()) / log_name(n)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fanout", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--viewers", default="100,1000,2000", help="comma-separated, one run each")
    parser.add_argument("--reveals", type=int, default=5, help="teams revealed per run (1–20)")
    parser.add_argument("--processes", type=int, default=0, help="client processes (0: 1 or 2)")
    parser.add_argument("--batch", type=int, default=100, help="viewers connecting at once")
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between batches")
    parser.add_argument("--settle", type=float, default=1.0, help="seconds from close to reveal")
    parser.add_argument("--wait", type=float, default=30.0, help="seconds to wait for a reveal")
    parser.add_argument("--budget", type=float, default=540.0, help="seconds for the whole run")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes; 2 or more run behind nginx with Redis and PostgreSQL",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy record the server over the reveal phase (needs py-spy installed)",
    )
    args = parser.parse_args(argv)
    counts = [int(v) for v in args.viewers.split(",") if v.strip()]
    if args.profile and not py_spy():
        parser.error("--profile needs py-spy (pip install py-spy)")
    if not 1 <= args.reveals <= 20 or any(c < 1 or c > 5000 for c in counts):
        parser.error("--reveals must be 1–20 and each --viewers count 1–5000")

    plan = (
        pinning_plan()
        if args.workers <= 1
        else {
            "server_cpus": None,
            "client_cpus": None,
            "description": f"not pinned: {args.workers} server processes, nginx, Redis, "
            "PostgreSQL, this driver and the client processes share every CPU",
        }
    )
    if plan["client_cpus"]:
        os.sched_setaffinity(0, plan["client_cpus"])  # the server inherits it, then moves
    budget = Budget(args.budget)
    watchdog(args.budget + 60)
    print(
        f"bench.fanout: viewers {', '.join(f'{c:,}' for c in counts)}; {args.reveals} reveals "
        f"each; {server_kind(args.workers)}; loopback only"
    )
    print(
        "client: bench.eio_client (raw asyncio websocket, Engine.IO v4 / Socket.IO v5, stdlib "
        f"only), 1 process up to 500 viewers, else {args.processes or 2}; batches of "
        f"{args.batch} with {args.pause:.2f} s pauses; close → reveal pause {args.settle:.1f} s"
    )
    print(f"pinning: {plan['description']}")
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(load)} at start")
    results = []
    for n in counts:
        try:
            result = run(n, args, budget, plan)
        except BudgetExceeded as exc:
            print(f"\n{n:,} viewers: stopped: {exc}")
            break
        report(result, plan)
        results.append(result)
    summary(results)
    print(f"total {budget.seconds - budget.left():.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
