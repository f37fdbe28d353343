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
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.dataset import JUDGES_PER_VENUE, TEAMS_PER_VENUE, VENUES, build_contest
from bench.documents_checks import check_certificates, check_ranking, check_summary, pdf_info
from bench.documents_measure import Sample, Spans, instrumented, measure
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
    from contest import fonts
    from contest.certificates import numbering, template
    from contest.certificates.render import certificate_font, certificates_for
    from contest.certificates.verify import verify_url
    from contest.exports import EXPORTERS
    from contest.exports import ranking as ranking_module
    from contest.extensions import db
    from contest.ranking import standings

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
    from contest.day.snapshot import venue_snapshot

    samples = [
        measure(lambda: venue_snapshot(fresh_contest(cid).venues[0])) for _ in range(args.runs)
    ]
    rows.append(
        Row(
            f"(extra) venue_snapshot, {TEAMS_PER_VENUE} revealed teams",
            samples,
            note="built for every push and every display/viewer (re)connect (contest.live.sockets)",
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
