"""Issue #17's yardstick alone: reveal fan-out from the minimal socket.io 4 peer
(`bench/peer/server.js`) to the same `bench.eio_client` viewers the product's benchmark uses.

    make bench-peer                                   # npm install, then this at 1,000 viewers
    .venv/bin/python -m bench.peer_fanout --viewers 2000 --reveals 5

The peer runs pinned to CPU 0 and the viewers to CPU 1 (as `bench.fanout` does for the
product). Each reveal is a POST of a reveal-shaped payload; the peer stamps `updated_at` just
before its emit (its "commit"), and a viewer's latency is its receipt time minus that stamp.
Prints p50/p99 commit → viewer, the peer's CPU seconds per reveal and its RSS per viewer.
Next (issue #17): run product and peer interleaved on the same clients and print the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

from bench.fanout import percentile, stamp
from bench.fanout_actors import Clients

PEER = Path(__file__).resolve().parent / "peer"


def _payload(team: int) -> dict:
    """A reveal as the product pushes it, in shape and size (a venue of 20 teams)."""
    marks = [{"judge": f"评委{k}", "total": f"{85 + k % 5}", "dropped": None} for k in range(1, 10)]
    standings = [
        {"rank": r, "team": {"id": r, "company_name": "上海电气电站设备有限公司上海汽轮机厂",
                             "team_name": "叶片车间精加工一班"}, "published": "86.83"}
        for r in range(1, 21)
    ]  # fmt: skip
    return {
        "venue_id": 1,
        "version": 100 + team,
        "stage": {"scene": "reveal", "team": None},
        "reveal": {"team": {"id": team, "company_name": "上海电气电站设备有限公司上海汽轮机厂",
                            "team_name": "叶片车间精加工一班"},
                   "marks": marks, "published": "86.83", "rank": 1},
        "standings": standings,
    }  # fmt: skip


def _http(url: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def run(viewers: int, reveals: int, port: int, processes: int) -> dict:
    env = {**os.environ, "PEER_PORT": str(port)}
    cpus = os.sched_getaffinity(0)
    pin = (lambda: os.sched_setaffinity(0, {0})) if len(cpus) > 1 else None
    peer = subprocess.Popen(["node", "server.js"], cwd=PEER, env=env, preexec_fn=pin)
    clients = None
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                _http(base + "/stats")
                break
            except OSError:
                time.sleep(0.1)
        idle = _http(base + "/stats")
        clients = Clients(viewers, processes, port, {1} if len(cpus) > 1 else None)
        clients.ask("connect", 300, batch=100, pause=0.05, timeout=20, attempts=3)
        connected = _http(base + "/stats")
        latencies: list[float] = []
        for k in range(1, reveals + 1):
            _http(base + "/reveal", _payload(k))
            clients.ask("await_reveals", 60, k=k, timeout=30)
        done = _http(base + "/stats")
        for rows in clients.ask("collect", 60):
            latencies += [(received - stamp(at)) * 1000 for _, _, at, received, _ in rows if at]
        return {
            "viewers": viewers,
            "reveals": reveals,
            "received": len(latencies),
            "p50_ms": round(percentile(latencies, 0.5), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "cpu_ms_per_reveal": round(
                (done["cpu_seconds"] - connected["cpu_seconds"]) * 1000 / reveals, 1
            ),
            "kib_per_viewer": round(
                (connected["rss_bytes"] - idle["rss_bytes"]) / 1024 / viewers, 1
            ),
        }
    finally:
        if clients is not None:
            clients.stop()
        peer.terminate()
        peer.wait(10)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, nargs="+", default=[1000])
    parser.add_argument("--reveals", type=int, default=5)
    parser.add_argument("--port", type=int, default=5901)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    if not (PEER / "node_modules" / "socket.io").is_dir():
        raise SystemExit("先安装对照服务器：make bench-peer（npm install bench/peer）")
    for n in args.viewers:
        print(json.dumps(run(n, args.reveals, args.port, args.processes), ensure_ascii=False))


if __name__ == "__main__":
    main()
