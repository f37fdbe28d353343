"""Documents on the real server (serve.py under gevent): built in a child process
(contest.offload), with the exact names, while the server keeps answering everyone else.

Each ordering below would not hold before the offload: a layout held the whole process, so
nothing was answered until it finished (bench/event_loop.py measures how long).
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
import sqlalchemy as sa
from openpyxl import load_workbook

from contest import create_app, fonts
from contest.extensions import db
from contest.models import Contest, Judge, Team, TeamAward
from tests.browser.actors import Host
from tests.browser.fixtures import _demo_server
from tests.certificates import give_awards, joined, need_pdf_tools, pdf_info, pdf_text, write

WAIT = 180  # seconds: every loop below gives up after this


@contextlib.contextmanager
def server_database(server):
    """An app context on the live server's own database, from this test process."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": server.database_url,
            "CONTEST_ASYNC_MODE": "threading",
            "CONTEST_INSTANCE_PATH": str(server.workdir),
        }
    )
    with app.app_context():
        yield
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The demo on serve.py, every one of its 20 teams awarded (5 一等奖, 15 二等奖)."""
    need_pdf_tools()
    workdir = tmp_path_factory.mktemp("documents")
    live = _demo_server(workdir)
    live.workdir = workdir
    try:
        with server_database(live):
            give_awards(db.session.scalar(sa.select(Contest)), 20, first=5)
        yield live
    finally:
        live.stop()


def _admin(server) -> Host:
    return Host(server.url, "admin", server.credentials["admin"])


def _document_processes(server) -> list[int]:
    """The server's children running `python -m contest.offload`."""
    found = []
    for task in Path(f"/proc/{server.process.pid}/task").iterdir():
        with contextlib.suppress(OSError):
            for pid in (task / "children").read_text().split():
                with contextlib.suppress(OSError):
                    if b"contest.offload" in Path(f"/proc/{pid}/cmdline").read_bytes():
                        found.append(int(pid))
    return found


def _healthy(server) -> None:
    assert requests.get(f"{server.url}/healthz", timeout=30).status_code == 200


def test_a_batch_prints_exact_names_and_the_server_answers_while_it_is_laid_out(server, tmp_path):
    staff = _admin(server)
    base = f"{server.url}/admin/contests/1/certificates"
    started = staff.http.post(
        f"{base}/batch", data={"csrf_token": staff.csrf}, allow_redirects=False, timeout=60
    )
    assert started.status_code == 302
    token = parse_qs(urlparse(started.headers["Location"]).query)["job"][0]

    def job() -> dict:
        return staff.http.get(f"{base}/job/{token}", timeout=60).json()

    # Three health checks answered while the batch made no progress at all, once layout had
    # begun (a chunk done): the server answered in the middle of a layout step or of the
    # final PDF write. Before the offload it could only answer between two steps (and while
    # fc-list looked for the font, before the first chunk).
    answered_mid_step = 0
    deadline = time.monotonic() + WAIT
    while not (state := job())["ready"] and not state["error"]:
        for _ in range(3):
            _healthy(server)
        after = job()
        answered_mid_step += 0 < state["done"] == after["done"] and not after["ready"]
        assert time.monotonic() < deadline, "the batch did not finish"
    assert state == {"done": 20, "total": 20, "ready": True, "error": ""}
    assert answered_mid_step >= 1

    pdf = staff.http.get(f"{base}/job/{token}/download", timeout=60)
    assert pdf.headers["Content-Type"] == "application/pdf"
    path = write(tmp_path, pdf.content)
    assert pdf_info(path)["Pages"] == "20"
    with server_database(server):
        names = {
            number: (company, team)
            for number, company, team in db.session.execute(
                sa.select(TeamAward.certificate_no, Team.company_name, Team.team_name).join(Team)
            )
        }
    printed = set()
    for page in range(1, 21):
        text = joined(pdf_text(path, page=page))
        [number] = re.findall(r"SQA-2026-\d{3}", text)
        company, team = names[number]
        assert company + team + "：" in text  # exactly as stored, printed together
        printed.add(number)
    assert printed == set(names)


def test_one_certificate_and_the_exports_come_out_exact_under_gevent(server, tmp_path):
    staff = _admin(server)
    with server_database(server):
        teams = db.session.execute(
            sa.select(Team.id, Team.company_name, Team.team_name).order_by(Team.order_position)
        ).all()
    team_id, company, team = teams[6]
    one = staff.http.get(
        f"{server.url}/admin/contests/1/certificates/teams/{team_id}.pdf", timeout=60
    )
    assert one.status_code == 200
    text = joined(pdf_text(write(tmp_path, one.content, "one.pdf")))
    assert company + team + "：" in text

    ranking = staff.http.get(f"{server.url}/admin/contests/1/exports/ranking", timeout=60)
    assert ranking.status_code == 200
    sheet = load_workbook(io.BytesIO(ranking.content))["总排名"]
    header = [cell.value for cell in sheet[4]]  # under the title and date lines
    column, name_column = header.index("企业名称"), header.index("班组名称")
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[column]]
    assert sorted((r[column], r[name_column]) for r in rows) == sorted(
        (c, t) for _id, c, t in teams
    )

    cards = staff.http.get(f"{server.url}/admin/contests/1/judge-cards.pdf", timeout=60)
    assert cards.status_code == 200
    path = write(tmp_path, cards.content, "cards.pdf")
    assert pdf_info(path)["Pages"] == "2"  # 9 judges, 8 cards a page
    with server_database(server):
        judges = db.session.scalars(sa.select(Judge.name)).all()
    printed = joined(pdf_text(path, layout=False))
    assert len(judges) == 9
    assert all(name in printed for name in judges)


def test_the_server_answers_while_a_pdf_download_is_being_built(server, tmp_path):
    staff = _admin(server)
    finished: list[str] = []
    result: dict[str, requests.Response] = {}

    def download() -> None:
        result["pdf"] = staff.http.get(
            f"{server.url}/admin/contests/1/exports/proof_pdf", timeout=WAIT
        )
        finished.append("pdf")

    thread = threading.Thread(target=download)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not _document_processes(server):
        assert thread.is_alive(), "the PDF was built without a document process"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    _healthy(server)  # asked while the PDF is being laid out
    finished.append("healthz")
    thread.join(WAIT)
    assert finished == ["healthz", "pdf"]
    assert result["pdf"].status_code == 200
    flat = pdf_text(write(tmp_path, result["pdf"].content, "proof.pdf"), layout=False)
    assert "上海浦东国际机场货运站有限公司（东区）" in flat.replace("\n", "")
    assert _document_processes(server) == []  # and none is left behind


def test_without_a_chinese_font_the_child_error_reaches_staff_in_chinese(tmp_path):
    empty = tmp_path / "fonts.conf"  # fontconfig with no font folder: fc-list finds nothing
    empty.write_text('<?xml version="1.0"?><fontconfig></fontconfig>')
    live = _demo_server(tmp_path, extra_env={"FONTCONFIG_FILE": str(empty)})
    try:
        staff = _admin(live)
        for path in ("certificates/preview.pdf", "exports/proof_pdf", "judge-cards.pdf"):
            response = staff.http.get(f"{live.url}/admin/contests/1/{path}", timeout=60)
            assert response.status_code == 503, path
            assert fonts.MESSAGE in response.text
        assert _document_processes(live) == []
    finally:
        live.stop()
