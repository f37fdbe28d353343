"""The sealed scan read back: the paper printed, "scanned" at 150 dpi (pdftoppm, then an
image PDF), uploaded through the team's page; its QR code checked against the current
version, shown to the team and flagged in 形式审查."""

from __future__ import annotations

import html
import time

import sqlalchemy as sa

from contest.extensions import db
from contest.season.models import Application, ApplicationFile
from tests.conftest import sign_in
from tests.season import helpers
from tests.season.files import pdf_by_hand
from tests.season.papers import blank_scan, need_tools, scan_of, submitted
from tests.season.test_form12 import GOOD


def _upload(team, application, data: bytes) -> str:
    response = helpers.upload(team, application.id, "scan", data, "申报表（盖章）.pdf")
    assert response.status_code == 302
    return html.unescape(team.get(f"/apply/team/{application.id}").get_data(as_text=True))


def _latest_scan(application) -> ApplicationFile:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(ApplicationFile)
        .where(ApplicationFile.application_id == application.id, ApplicationFile.kind == "scan")
        .order_by(ApplicationFile.id.desc())
    )


def _staff_line(app, application) -> tuple[str, str]:
    office = app.test_client()
    sign_in(office, "admin")
    review = html.unescape(office.get("/admin/season/review").get_data(as_text=True))
    detail = html.unescape(
        office.get(f"/admin/season/applications/{application.id}").get_data(as_text=True)
    )
    return review, detail


def test_a_scan_of_the_current_paper_is_matched(app, staff, tmp_path):
    need_tools()
    team, _unit, application = submitted(app, staff)
    paper = team.get(f"/apply/team/{application.id}/paper.pdf").data
    page = _upload(team, application, scan_of(paper, tmp_path))
    assert "扫描件核对：二维码与当前申报表一致（第1次提交的版本）" in page
    record = _latest_scan(application)
    submission = db.session.get(Application, application.id).submissions[-1]
    assert record.qr_text == f"SQA|2026|1-2|2026-0001|v1|{submission.content_hash[:12]}"
    assert record.qr_state == "matched"
    review, detail = _staff_line(app, application)
    assert (
        '<td class="scan-check check-matched">扫描件核对：二维码与当前申报表一致（第1次提交的版本）'
        "</td>"
    ) in review
    assert f"<code>{record.qr_text}</code>" in detail


def test_a_scan_of_an_older_version_is_a_mismatch_naming_that_version(app, staff, tmp_path):
    need_tools()
    team, unit, application = submitted(app, staff)
    old_paper = team.get(f"/apply/team/{application.id}/paper.pdf").data
    review = f"/apply/unit/applications/{application.id}"
    unit.post(review, data={"csrf_token": helpers.token(unit, review), "outcome": "returned",
                            "note": "请核对投诉数"})  # fmt: skip
    url = f"/apply/team/{application.id}"
    again = {**GOOD, "complaints": "0", "csrf_token": helpers.token(team, url), "next": "submit"}
    assert team.post(url, data=again).status_code == 302
    token = helpers.token(team, f"{url}/submit")
    assert team.post(f"{url}/submit", data={"csrf_token": token}).status_code == 302
    page = _upload(team, application, scan_of(old_paper, tmp_path))
    expected = "扫描件核对：二维码与当前申报表版本不符（扫描件为第1次提交的版本）"
    assert f"{expected}。请下载当前版本的申报表，盖章后重新扫描上传" in page
    assert _latest_scan(application).qr_state == "mismatch"
    review_page, detail = _staff_line(app, application)
    assert f'<td class="scan-check check-mismatch">{expected}</td>' in review_page
    assert f'<p class="scan-check check-mismatch" id="scan-check-line">{expected}</p>' in detail
    # The current paper, scanned: matched again.
    paper = team.get(f"{url}/paper.pdf").data
    page = _upload(team, application, scan_of(paper, tmp_path))
    assert "二维码与当前申报表一致（第2次提交的版本）" in page


def test_a_blank_scan_is_taken_with_a_note_that_no_code_was_read(app, staff):
    team, _unit, application = submitted(app, staff)
    page = _upload(team, application, blank_scan())
    assert (
        "扫描件核对：未识别到二维码。扫描件已收下，形式审查时将人工核对；"
        "如可能，请确认扫描的是从本系统下载的申报表，二维码清晰完整"
    ) in page
    record = _latest_scan(application)
    assert (record.qr_text, record.qr_state, record.pages) == (None, "unreadable", 1)


def test_a_hostile_scan_is_read_within_bounds(app, staff):
    """An image claiming 100,000² pixels, and one whose stream inflates past the bound."""
    import zlib

    team, _unit, application = submitted(app, staff)
    bomb = zlib.compress(b"\0" * (80 * 1024 * 1024), 9)
    hostile = pdf_by_hand(
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</XObject<</Im0 4 0 R"
        b"/Im1 5 0 R>>>>/Contents 6 0 R>>",
        b"<</Type/XObject/Subtype/Image/Width 100000/Height 100000/ColorSpace/DeviceGray"
        b"/BitsPerComponent 8/Length 0>>stream\n\nendstream",
        b"<</Type/XObject/Subtype/Image/Width 6000/Height 6000/ColorSpace/DeviceGray"
        b"/BitsPerComponent 8/Filter/FlateDecode/Length %d>>stream\n"
        % len(bomb)
        + bomb
        + b"\nendstream",
        b"<</Length 0>>stream\n\nendstream",
    )
    started = time.monotonic()
    page = _upload(team, application, hostile)
    assert time.monotonic() - started < 20
    record = _latest_scan(application)
    assert (record.qr_text, record.qr_state) == (None, "unreadable")
    assert "扫描件核对：未识别到二维码" in page
