"""Does the live server keep answering while staff build documents? Measured on serve.py.

    .venv/bin/python -m bench.event_loop
    .venv/bin/python -m bench.event_loop --inline    # documents built in the server process

Starts the real server (serve.py, gevent; tests/browser/server.py) on a fresh SQLite
database holding bench.dataset's 200-team contest (4 venues × 50 teams, every team graded),
signs in as staff over HTTP with the pages' CSRF token (tests/browser/actors.Host), assigns
the certificate numbers, connects one Socket.IO viewer to the first venue, and then, one
after the other, asks for what staff print on the day:

- the 200-certificate batch (POST …/certificates/batch, then the staff page's polling of the
  job until it is ready, then the download; checked with pdfinfo: 200 pages);
- the 最终排名 and 评审汇总表 workbooks, the 名称核对表 PDF and the judges' QR cards (GET).

Before each build and during it, a GET /healthz is sent every `--interval` (20 ms), each on
its own connection, so a pause of the server shows as a run of late answers rather than as
one missing sample; and every two seconds the host switches the hall display's scene (POST,
like the console) and the viewer's push for it is timed (a viewer that lost its connection
is connected again, and counted). Printed: each build's own duration, and the
p50 / p99 / max latency of the probes (and of the host action → viewer push) started while
it ran. An idle stretch comes first, as the baseline. `--inline` sets CONTEST_OFFLOAD=inline
on the server: documents are then built in the server's own process, as before
contest/offload.py, which gives the "before" figures on the same machine.

Every wait is bounded; the whole run stops by itself within `--budget` seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.event_loop_probe import Phase, Probes, Pushes, report
from tests.browser import server as live
from tests.browser.actors import Host

HTTP_TIMEOUT = 120
STAFF = "bench-staff"


def watchdog(seconds: float, server: list) -> None:
    def fire() -> None:
        print(f"\nbench.event_loop: still running after {seconds:.0f} s; stopping", flush=True)
        for process in server:
            with contextlib.suppress(Exception):
                process.kill()
        os._exit(3)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()


def build_database(url: str, folder: Path, seed: int) -> tuple[int, int, str, str]:
    """The 200-team contest in the server's (migrated) database, plus a staff admin.

    Returns (contest id, first venue id, staff password, one line about the contest).
    """
    from bench.dataset import build_contest
    from contest import create_app
    from contest.extensions import db
    from contest.models import Contest, StaffRole, StaffUser

    app = create_app(
        {
            "CONTEST_INSTANCE_PATH": str(folder / "bench-app"),
            "SECRET_KEY": "bench-event-loop",
            "SQLALCHEMY_DATABASE_URI": url,
            "CONTEST_ASYNC_MODE": "threading",
        }
    )
    password = secrets.token_urlsafe(12)
    with app.app_context():
        built = build_contest(seed)
        staff = StaffUser(username=STAFF, display_name="秘书处", role=StaffRole.ADMIN)
        staff.set_password(password)
        db.session.add(staff)
        db.session.commit()
        venue = db.session.get(Contest, built.contest_id).venues[0].id
        db.session.remove()
        db.engine.dispose()
    line = (
        f"{built.teams} teams, {built.judges} judges, {built.submissions:,} submissions, "
        f"longest company name {built.longest_company} characters"
    )
    return built.contest_id, venue, password, line


def pdf_pages(data: bytes, folder: Path) -> str:
    path = folder / "check.pdf"
    path.write_bytes(data)
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return found.group(1) if found else "?"


def certificate_batch(staff: Host, contest: str, folder: Path) -> str:
    """The staff page's path: start the batch, poll its job until ready, download."""
    response = staff.http.post(
        f"{contest}/certificates/batch",
        data={"csrf_token": staff.csrf},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    if response.status_code != 302 or "job=" not in response.headers.get("Location", ""):
        raise RuntimeError(f"batch not started: HTTP {response.status_code}")
    token = response.headers["Location"].split("job=", 1)[1]
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        state = staff.http.get(f"{contest}/certificates/job/{token}", timeout=HTTP_TIMEOUT).json()
        if state["error"]:
            raise RuntimeError(f"batch failed: {state['error']}")
        if state["ready"]:
            pdf = staff.http.get(f"{contest}/certificates/job/{token}/download", timeout=60)
            return f"pdfinfo: {pdf_pages(pdf.content, folder)} pages"
        time.sleep(0.1)
    raise TimeoutError("certificate batch not ready after 600 s")


def download(staff: Host, url: str, folder: Path) -> str:
    response = staff.http.get(url, timeout=HTTP_TIMEOUT)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    if response.content.startswith(b"%PDF-"):
        return f"pdfinfo: {pdf_pages(response.content, folder)} pages"
    return f"{len(response.content) / 1024:,.0f} KiB"


def run_phase(name: str, build, probes: Probes, pushes: Pushes, idle: float = 0.0) -> Phase:
    """Probe while `build()` runs (or for `idle` seconds); the figures of that stretch."""
    started, reconnects = time.monotonic(), pushes.reconnects
    note = build() if build is not None else time.sleep(idle)
    finished = time.monotonic()
    if pushes.reconnects > reconnects:
        note = f"{note}; " if note else ""
        note += f"the viewer lost its connection {pushes.reconnects - reconnects}× (reconnected)"
    return Phase(
        name=name,
        seconds=None if build is None else finished - started,
        probes=probes.between(started, finished),
        pushes=pushes.between(started, finished),
        note=note or "",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.event_loop", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--inline", action="store_true", help="CONTEST_OFFLOAD=inline (before)")
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between probes")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the contest's names/marks")
    parser.add_argument("--budget", type=float, default=900.0, help="seconds for the whole run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    for tool in ("pdfinfo", "fc-list"):
        if not shutil.which(tool):
            parser.error(f"{tool} is needed (apt-get install poppler-utils fontconfig)")
    started = time.monotonic()
    children: list = []
    watchdog(args.budget, children)
    folder = Path(tempfile.mkdtemp(prefix="bench-event-loop-"))
    url = f"sqlite:///{folder / 'contest.sqlite3'}"
    mode = "inline" if args.inline else "auto"
    server = live.start(
        url,
        folder,
        extra_env={"CONTEST_INSTANCE_PATH": str(folder), "CONTEST_OFFLOAD": mode},
    )
    children.append(server.process)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(
        f"bench.event_loop: serve.py (gevent), CONTEST_OFFLOAD={mode}; "
        f"{os.cpu_count()} CPUs, load average {load} at start"
    )
    try:
        server.flask("db", "upgrade")
        contest_id, venue, password, line = build_database(url, folder, args.seed)
        print(f"contest: {line} (built in {time.monotonic() - started:.0f} s)", flush=True)
        staff = Host(server.url, STAFF, password, venue_id=venue)
        contest = f"{server.url}/admin/contests/{contest_id}"
        staff.http.post(
            f"{contest}/certificates/numbers", data={"csrf_token": staff.csrf}, timeout=60
        ).raise_for_status()
        phases = []
        host = Host(server.url, STAFF, password, venue_id=venue)  # its own HTTP session
        with Probes(server.url, args.interval) as probes, Pushes(server.url, host) as pushes:
            phases.append(run_phase("idle (baseline, 6 s)", None, probes, pushes, idle=6.0))
            get = functools.partial(download, staff, folder=folder)
            builds = [
                ("certificates, 200 (batch)", lambda: certificate_batch(staff, contest, folder)),
                ("最终排名 workbook", lambda: get(f"{contest}/exports/ranking")),
                ("评审汇总表 workbook", lambda: get(f"{contest}/exports/summary")),
                ("名称核对表 PDF", lambda: get(f"{contest}/exports/proof_pdf")),
                ("judges' QR cards PDF", lambda: get(f"{contest}/judge-cards.pdf")),
            ]
            for name, build in builds:
                time.sleep(1.0)  # let the previous build's stragglers drain
                phases.append(run_phase(name, build, probes, pushes))
                print(f"{name} done ({time.monotonic() - started:.0f} s)", flush=True)
        report(phases, args.interval)
    finally:
        server.stop()
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"load average {load} at the end; total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
