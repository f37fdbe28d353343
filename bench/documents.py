"""Documents staff make after the scores, at contest size: certificates, workbooks, standings.

    .venv/bin/python -m bench.documents
    .venv/bin/python -m bench.documents --cert-runs 1 --runs 5 --keep

Builds a 200-team contest (bench.dataset: 4 venues × 50 teams, 9 judges each, every team
scored, closed and revealed, graded 一等奖 40 / 二等奖 60 / 三等奖 100, 20 national
candidates, results published) in a fresh SQLite database under a temporary folder, then
times, in this one process, what staff ask for on the day:

- certificates: the 200 certificate numbers (assigned by the first batch request), what
  the batch request prepares (`numbering.awarded` + `certificates_for`), and the batch
  itself through `contest.certificates.start_batch` (the staff page's path: a background
  task running `render.render_pdf` chunk by chunk, the PDF written to the instance folder),
  polled until ready as the page does;
- the final ranking workbook and the 评审汇总表, through the exporter registry
  (`contest.exports.EXPORTERS[name].build`), median of `--runs`;
- `standings.compute` for the 200 teams and for one venue's 50, median of `--runs`; and,
  as an extra, `snapshot.venue_snapshot` of a venue whose 50 teams are all revealed: the
  same ranking on the live path, built for each push and each screen that (re)connects.

Each run starts from a fresh database session, as a request does. Wall time is
time.perf_counter; CPU is this process's user + system time (resource.getrusage, every
thread); peak RSS is VmHWM, reset before each measurement (/proc/self/clear_refs), so it
is that step's own peak. No network is used. The certificate PDF is checked with pdfinfo
(200 A4-landscape pages) and pdftotext (first page and the longest name); the workbooks
with openpyxl (总排名 has 200 team rows, each venue sheet 50; every team is on exactly one
评审汇总表 sheet). Every wait is bounded; the run stops by itself within `--budget` s.
bench/documents_report.py prints the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.dataset import JUDGES_PER_VENUE, TEAMS_PER_VENUE, VENUES, build_contest
from bench.documents_report import Row, fmt_time, report

TEAMS = len(VENUES) * TEAMS_PER_VENUE


def watchdog(seconds: float) -> None:
    """Last resort: a step that hangs past the budget ends the process."""

    def fire() -> None:
        print(f"\nbench.documents: still running after {seconds:.0f} s; stopping", flush=True)
        os._exit(3)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()


# -- measuring -------------------------------------------------------------------------------


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _status_kib(name: str) -> int | None:
    with contextlib.suppress(OSError):
        found = re.search(rf"^{name}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
        if found:
            return int(found.group(1))
    return None


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux 4.0+); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mib: float  # this step's peak RSS
    rss_before_mib: float
    rss_after_mib: float
    value: Any = None


def measure(fn: Callable[[], Any]) -> Sample:
    reset = _reset_peak()
    before = (_status_kib("VmRSS") or 0) / 1024
    cpu, wall = _cpu(), time.perf_counter()
    value = fn()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    peak = _status_kib("VmHWM") if reset else None
    if peak is None:  # getrusage's peak is the whole process's, not this step's
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    after = (_status_kib("VmRSS") or 0) / 1024
    return Sample(wall, cpu, peak / 1024, before, after, value)


# -- instrumentation of the certificate path (wrappers in this process; no file changes) ----


@dataclass
class Spans:
    """Durations of calls into contest.certificates.render, from whichever thread."""

    calls: dict[str, list[float]] = field(default_factory=dict)
    sizes: list[int] = field(default_factory=list)  # sheets per _document call

    def add(self, name: str, seconds: float) -> None:
        self.calls.setdefault(name, []).append(seconds)

    def total(self, name: str) -> float:
        return sum(self.calls.get(name, []))

    def count(self, name: str) -> int:
        return len(self.calls.get(name, []))


@contextlib.contextmanager
def instrumented(spans: Spans):
    """Time render._pages (one chunk), _document (HTML + WeasyPrint layout), render_html
    (Jinja), _qr (QR SVGs), certificate_font (fc-list) and Document.write_pdf (the PDF)."""
    import weasyprint.document

    from contest.certificates import render

    targets = [
        (render, "_pages"),
        (render, "_document"),
        (render, "render_html"),
        (render, "_qr"),
        (render, "certificate_font"),
        (weasyprint.document.Document, "write_pdf"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name in targets]

    def wrap(name: str, original):
        @functools.wraps(original)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spans.add(name, time.perf_counter() - started)
                if name == "_document":
                    sheets = args[0] if args else kwargs.get("sheets", [])
                    spans.sizes.append(len(sheets))

        return timed

    for owner, name, original in originals:
        setattr(owner, name, wrap(name, original))
    try:
        yield spans
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


# -- checks ----------------------------------------------------------------------------------


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pairs = (line.split(":", 1) for line in out.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def pdf_page_text(path: Path, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return re.sub(r"\s+", "", out)


def check_certificates(path: Path, certs: list) -> list[str]:
    """Problems found in the batch PDF; empty when it is right."""
    problems = []
    info = pdf_info(path)
    if info.get("Pages") != str(len(certs)):
        problems.append(f"pdfinfo: {info.get('Pages')} pages, expected {len(certs)}")
    if not info.get("Page size", "").startswith("841.89 x 595.27"):
        problems.append(f"pdfinfo: page size {info.get('Page size')!r}, expected A4 landscape")
    if shutil.which("pdftotext"):
        longest = max(range(len(certs)), key=lambda i: len(certs[i].company + certs[i].team))
        for index in sorted({0, longest, len(certs) - 1}):
            cert = certs[index]
            text = pdf_page_text(path, index + 1)
            for what, expected in (
                ("company", cert.company),
                ("team", cert.team),
                ("number", cert.number),
            ):
                if re.sub(r"\s+", "", expected) not in text:
                    problems.append(f"page {index + 1}: {what} {expected!r} not found")
    return problems


def _team_rows(ws, name_column: str) -> int:
    header = [c.value for c in ws[1]]
    column = header.index(name_column)
    count = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in row):
            break
        count += row[column] is not None
    return count


def check_ranking(data: bytes) -> tuple[list[str], str]:
    from openpyxl import load_workbook

    problems = []
    workbook = load_workbook(io.BytesIO(data))
    if workbook.sheetnames[0] != "总排名":
        problems.append(f"first sheet is {workbook.sheetnames[0]!r}, not 总排名")
    overall = _team_rows(workbook["总排名"], "企业名称")
    if overall != TEAMS:
        problems.append(f"总排名 has {overall} team rows, expected {TEAMS}")
    ranked = sum(
        isinstance(r[0], int)
        for r in workbook["总排名"].iter_rows(min_row=2, max_row=TEAMS + 1, values_only=True)
    )
    if ranked != TEAMS:
        problems.append(f"总排名 ranks {ranked} teams, expected {TEAMS}")
    venues = {name: _team_rows(workbook[name], "企业名称") for name in workbook.sheetnames[1:]}
    if list(venues) != list(VENUES) or set(venues.values()) != {TEAMS_PER_VENUE}:
        problems.append(f"venue sheets {venues}, expected {TEAMS_PER_VENUE} rows in each")
    seen = f"总排名 {overall} team rows ({ranked} ranked), " + ", ".join(
        f"{name} {rows}" for name, rows in venues.items()
    )
    return problems, seen


def check_summary(data: bytes, units: int, direct: int) -> tuple[list[str], str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    teams = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows(min_row=5, values_only=True):
            if not isinstance(row[0], int):
                break
            teams += 1
    expected_sheets = units + (1 if direct else 0)
    problems = []
    if len(workbook.sheetnames) != expected_sheets:
        problems.append(f"{len(workbook.sheetnames)} sheets, expected {expected_sheets}")
    if teams != TEAMS:
        problems.append(f"{teams} team rows over all sheets, expected {TEAMS}")
    return problems, f"{len(workbook.sheetnames)} unit sheets, {teams} team rows in all"


# -- the run ---------------------------------------------------------------------------------


def make_app(folder: Path):
    from contest import create_app

    return create_app(
        {
            "CONTEST_INSTANCE_PATH": str(folder / "instance"),
            "TESTING": True,
            "SECRET_KEY": "bench-documents",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'contest.sqlite3'}",
            "CONTEST_ASYNC_MODE": "threading",
            "CONTEST_PUBLIC_URL": "http://127.0.0.1:5000",
            "SERVER_NAME": None,
        }
    )


def fresh_contest(contest_id: int):
    """A new session, as each request gets: nothing cached from the previous run."""
    from contest.extensions import db
    from contest.models import Contest

    db.session.remove()
    return db.session.get(Contest, contest_id)


def run_batch(app, contest_id: int, certs: list, values: dict, within: float) -> tuple[bytes, Any]:
    """The staff page's batch: start_batch, then poll the job until it is ready."""
    from contest import certificates

    job = certificates.start_batch(app, contest_id, certs, values, filename="bench.pdf")
    deadline = time.monotonic() + within
    while True:
        found = certificates.job(job.token, contest_id)
        if found is not None and (found.ready or found.error):
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"certificate batch not ready after {within:.0f} s")
        time.sleep(0.02)
    if found.error:
        raise RuntimeError(f"certificate batch failed: {found.error}")
    return found.path.read_bytes(), found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.documents", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each export and standings")
    parser.add_argument("--cert-runs", type=int, default=2, help="certificate batches (1–3)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the contest's names/marks")
    parser.add_argument("--budget", type=float, default=900.0, help="seconds for the whole run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if not 1 <= args.runs <= 20 or not 1 <= args.cert_runs <= 3:
        parser.error("--runs must be 1–20 and --cert-runs 1–3")
    for tool in ("pdfinfo", "fc-list"):
        if not shutil.which(tool):
            parser.error(f"{tool} is needed (apt-get install poppler-utils fontconfig)")
    started = time.monotonic()
    watchdog(args.budget)

    load = Path("/proc/loadavg").read_text().split()[:3]
    print(
        f"bench.documents: {TEAMS} teams ({len(VENUES)} venues × {TEAMS_PER_VENUE}, "
        f"{JUDGES_PER_VENUE} judges each), fresh SQLite database, one process, no network"
    )
    print(
        f"machine: {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), "
        f"load average {' '.join(load)} at start"
    )
    folder = Path(tempfile.mkdtemp(prefix="bench-documents-"))
    app = make_app(folder)
    rows: list[Row] = []
    problems: list[str] = []
    try:
        with app.app_context():
            status = run_all(app, args, rows, problems, started)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"load average {' '.join(load)} at the end; total {time.monotonic() - started:.0f} s")
    return status


def run_all(app, args, rows: list[Row], problems: list[str], started: float) -> int:
    from contest import fonts, standings
    from contest.certificates import numbering, template
    from contest.certificates.render import certificate_font, certificates_for
    from contest.certificates.verify import verify_url
    from contest.exports import EXPORTERS
    from contest.exports import ranking as ranking_module
    from contest.extensions import db

    db.create_all()
    built = measure(lambda: build_contest(args.seed))
    b = built.value
    print(
        f"contest: {b.teams} teams, {b.judges} judges, {b.submissions:,} submissions "
        f"({b.revisions} revised to version 2), {b.marks:,} item marks, {b.recusals} recusals, "
        f"{b.deductions} overtime deductions; {b.units} recommending units + {b.direct} teams "
        f"applying directly; longest company name {b.longest_company} characters, team name "
        f"{b.longest_team}; awards "
        + " / ".join(f"{name} {count}" for name, count in b.awards.items())
        + f"; {b.national} national candidates; results published "
        f"(built in {built.wall:.1f} s)"
    )
    if sum(b.awards.values()) != TEAMS:
        problems.append(f"{sum(b.awards.values())} teams awarded, expected {TEAMS}")
    font = certificate_font()
    serif = font in ("Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif CJK")
    print(
        f"certificate font: {font}"
        + ("" if serif else " (no serif CJK font installed; the app falls back to this one)")
        + f"; {len(fonts.chinese_families())} Chinese families known to fontconfig"
    )
    print(f"runs: exports and standings × {args.runs} (median), certificates × {args.cert_runs}")
    print(flush=True)
    cid = b.contest_id

    # -- standings.compute: what every screen, export and proposal starts from -----------------
    def overall():
        return standings.compute(fresh_contest(cid))

    first_venue = fresh_contest(cid).venues[0].id

    def one_venue():
        return standings.compute(fresh_contest(cid), venue_id=first_venue)

    samples = [measure(overall) for _ in range(args.runs)]
    if len(samples[0].value) != TEAMS:
        problems.append(f"standings.compute ranked {len(samples[0].value)} teams, not {TEAMS}")
    rows.append(Row("standings.compute, 200 teams", samples, per=TEAMS, per_label="team"))
    samples = [measure(one_venue) for _ in range(args.runs)]
    rows.append(
        Row(
            f"standings.compute, one venue ({TEAMS_PER_VENUE})",
            samples,
            per=TEAMS_PER_VENUE,
            per_label="team",
        )
    )
    # Not a document, but the same computation on the live path: every public snapshot
    # (each push, and each display or viewer (re)connecting) ranks its venue's revealed teams.
    from contest.snapshot import venue_snapshot

    samples = [
        measure(lambda: venue_snapshot(fresh_contest(cid).venues[0])) for _ in range(args.runs)
    ]
    rows.append(
        Row(
            f"(extra) venue_snapshot, {TEAMS_PER_VENUE} revealed teams",
            samples,
            note="built for every push and every display/viewer (re)connect (contest.sockets)",
        )
    )
    print(f"standings done ({time.monotonic() - started:.0f} s)", flush=True)

    # -- the ranking workbook, whole and by phase ---------------------------------------------
    ranking = EXPORTERS["ranking"]
    samples = [measure(lambda: ranking.build(fresh_contest(cid))) for _ in range(args.runs)]
    data = samples[-1].value
    found, seen = check_ranking(data)
    problems += [f"ranking workbook: {p}" for p in found]
    sheets = 1 + len(VENUES)
    rows.append(
        Row(
            f"最终排名 workbook ({sheets} sheets)",
            samples,
            size=len(data),
            per=TEAMS,
            per_label="team",
            note=seen,
        )
    )
    phases: dict[str, list[float]] = {"load (5 × standings + facts)": [], "tables (pandas)": []}
    phases["write (openpyxl)"] = []
    for _ in range(args.runs):
        contest = fresh_contest(cid)
        t0 = time.perf_counter()
        facts = ranking_module.load(contest)
        t1 = time.perf_counter()
        specs = ranking_module.tables(facts)
        t2 = time.perf_counter()
        ranking_module.write_tables(specs)
        t3 = time.perf_counter()
        for name, seconds in zip(phases, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            phases[name].append(seconds)
    ranking_phases = {k: statistics.median(v) for k, v in phases.items()}
    print(f"ranking workbook done ({time.monotonic() - started:.0f} s)", flush=True)

    # -- the 评审汇总表 -------------------------------------------------------------------------
    summary = EXPORTERS["summary"]
    samples = [measure(lambda: summary.build(fresh_contest(cid))) for _ in range(args.runs)]
    data = samples[-1].value
    found, seen = check_summary(data, b.units, b.direct)
    problems += [f"评审汇总表: {p}" for p in found]
    rows.append(
        Row(
            "评审汇总表 workbook (form 2-4)",
            samples,
            size=len(data),
            per=TEAMS,
            per_label="team",
            note=seen,
        )
    )
    print(f"评审汇总表 done ({time.monotonic() - started:.0f} s)", flush=True)

    # -- certificates ---------------------------------------------------------------------------
    def number_them():
        contest = fresh_contest(cid)
        given = numbering.assign_numbers(contest, actor="bench")
        db.session.commit()
        return given

    sample = measure(number_them)
    rows.append(
        Row(
            "certificate numbers (first batch request)",
            [sample],
            per=len(sample.value),
            per_label="number",
            note=f"{len(sample.value)} numbers, each audited",
        )
    )

    def prepare():
        contest = fresh_contest(cid)
        certs = certificates_for(contest, numbering.awarded(contest), url_for_number=verify_url)
        return certs, template.settings_of(contest)

    samples = [measure(prepare) for _ in range(args.runs)]
    certs, values = samples[-1].value
    rows.append(
        Row(
            "batch request: awarded + certificates_for",
            samples,
            per=len(certs),
            per_label="cert",
        )
    )
    if len(certs) != TEAMS:
        problems.append(f"{len(certs)} certificates to print, expected {TEAMS}")

    cert_samples: list[Sample] = []
    spans_each: list[Spans] = []
    pdf = b""
    for run in range(args.cert_runs):
        left = args.budget - (time.monotonic() - started) - 30
        if run and left < 2 * cert_samples[-1].wall:
            print("(skipping another certificate batch: not enough budget left)")
            break
        spans = Spans()
        with instrumented(spans):
            sample = measure(lambda s=left: run_batch(app, cid, certs, values, within=s))
        pdf, job = sample.value
        cert_samples.append(sample)
        spans_each.append(spans)
        print(
            f"certificate batch {run + 1}: {fmt_time(sample.wall)} ({job.done}/{job.total} "
            f"laid out) ({time.monotonic() - started:.0f} s)",
            flush=True,
        )
    path = Path(app.instance_path) / "bench-certificates.pdf"
    path.write_bytes(pdf)
    found = check_certificates(path, certs)
    problems += [f"certificates PDF: {p}" for p in found]
    info = pdf_info(path)
    rows.append(
        Row(
            f"certificates, {len(certs)} in one PDF (batch job)",
            cert_samples,
            size=len(pdf),
            per=len(certs),
            per_label="cert",
            note=f"pdfinfo: {info.get('Pages')} pages, {info.get('Page size')}; RSS "
            + ", ".join(
                f"{s.rss_before_mib:.0f} → peak {s.peak_mib:.0f} → {s.rss_after_mib:.0f} MiB after"
                for s in cert_samples
            ),
        )
    )

    report(rows, spans_each, ranking_phases, cert_samples)
    if problems:
        print("\nPROBLEMS")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(
        "\nchecks: all passed (certificates: page count, A4 landscape, names and numbers on the "
        "first, last and longest-named pages; workbooks: team rows per sheet)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
