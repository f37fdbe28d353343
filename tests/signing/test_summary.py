"""The venue's 评分汇总表: the chair's and the 监督's signatures over the same figures, the
audit log's head, and a QR code whose page says whether the paper still matches."""

from __future__ import annotations

import re
import subprocess
import tempfile

import sqlalchemy as sa

from contest.countersign import service as countersign
from contest.countersign.settings import save as save_countersign
from contest.day import stage
from contest.extensions import db
from contest.models import StaffRole, StaffUser, Team, TeamStatus
from contest.signing import summary
from tests.conftest import sign_in
from tests.factories import correct, judges_of, marks_totalling, submit, team_at
from tests.signatures.ink import data_url

TOTALS = ["80", "82", "84", "86", "88", "90", "81", "83", "85"]


def _ended_venue(demo):
    """Team 1 scored by every judge and revealed; every other team withdrawn."""
    venue, team = demo.venues[0], team_at(demo, 1)
    stage.call_team(venue, team.id, actor="test")
    stage.open_scoring(venue, actor="test")
    from contest.models import Recusal

    recused = set(db.session.scalars(sa.select(Recusal.judge_id).where(Recusal.team_id == team.id)))
    for judge, total in zip(judges_of(demo), TOTALS, strict=True):
        if judge.id not in recused:
            submit(team, judge, marks_totalling(total))
    stage.close_scoring(venue, actor="test")
    stage.reveal(venue, actor="test")
    for other in db.session.scalars(sa.select(Team).where(Team.venue_id == venue.id)):
        if other.id != team.id:
            other.status = TeamStatus.WITHDRAWN
    db.session.commit()
    return venue, team


def _supervisor() -> StaffUser:
    user = StaffUser(username="jiandu", display_name="纪检监督 李明", role=StaffRole.SUPERVISOR)
    user.set_password("jiandu-pass-1")
    db.session.add(user)
    db.session.commit()
    return user


def _pdf_text(data: bytes) -> tuple[str, int]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", f.name, "-"], capture_output=True, check=True
        )
        images = subprocess.run(["pdfimages", "-list", f.name], capture_output=True, check=True)
    listed = [line.split() for line in images.stdout.decode().splitlines()[2:]]
    return text.stdout.decode(), sum(1 for cols in listed if cols[2] == "image")


def test_the_summary_is_signed_by_chair_and_supervisor_and_checked_by_its_qr(
    app, client, staff, demo
):
    save_countersign(demo, enabled=True, when="venue_end", actor="test")
    venue, team = _ended_venue(demo)
    chair = countersign.chair_of(venue)
    now = countersign.pending_for(chair)
    assert now.subject == f"venue:{venue.id}"
    countersign.sign(chair, subject=now.subject, payload_hash=now.payload_hash, data_url=data_url())
    supervisor = _supervisor()
    found = summary.summary(venue)
    summary.supervisor_sign(
        venue, supervisor=supervisor, sheet_hash=found.payload_hash, data_url=data_url()
    )
    db.session.commit()
    found = summary.summary(venue)
    assert found.chair is not None and found.supervisor is not None
    assert found.chair.subject_hash == found.supervisor.subject_hash == found.payload_hash

    sign_in(client, "admin")
    response = client.get(f"/admin/venues/{venue.id}/summary.pdf")
    assert response.status_code == 200
    text, images = _pdf_text(response.data)
    flat = re.sub(r"\s+", "", text)
    row = found.payload["results"][0]
    for expected in (
        "评分汇总表",
        team.company_name,
        team.team_name,
        row["published"],
        "(80)82848688(90)818385",  # judges 1-9; the lowest and highest in brackets
        found.payload_hash,
        "纪检监督李明",
    ):
        assert re.sub(r"\s+", "", expected) in flat, expected
    assert re.search(r"审计日志：截至导出共\d+条记录", flat)
    assert images == 2  # the chair's ink and the 监督's (the QR code is vector)

    check = client.get(f"/check/summary/{venue.id}/{found.payload_hash}")
    assert "一致：打印的评分汇总表与系统当前记录相同。" in check.get_data(as_text=True)


def test_after_a_correction_the_printed_summary_no_longer_matches(app, client, staff, demo):
    venue, team = _ended_venue(demo)
    printed = summary.summary(venue).payload_hash
    judge = judges_of(demo)[3]
    correct(team, judge, "70", "录入错误")
    db.session.commit()
    page = client.get(f"/check/summary/{venue.id}/{printed}").get_data(as_text=True)
    assert "不一致：打印之后成绩已有更正" in page


def test_the_supervisor_cannot_sign_before_the_venue_ends(app, demo):
    supervisor = _supervisor()
    venue = demo.venues[0]
    try:
        summary.supervisor_sign(venue, supervisor=supervisor, sheet_hash="0", data_url=data_url())
    except summary.SummaryRefused as refused:
        assert refused.message == "本分会场尚未全部揭晓，评分汇总表还不能签名"
    else:
        raise AssertionError("signed before the end")


def test_a_correction_after_the_supervisor_signed_asks_for_a_new_signature(app, demo):
    from tests.supervision.test_cosign import _supervisor_client

    venue, team = _ended_venue(demo)
    supervisor = _supervisor()
    found = summary.summary(venue)
    assert found.supervisor_stale is False
    summary.supervisor_sign(
        venue, supervisor=supervisor, sheet_hash=found.payload_hash, data_url=data_url()
    )
    db.session.commit()
    jiandu = _supervisor_client(app)
    page = jiandu.get(f"/supervise/contests/{demo.id}").get_data(as_text=True)
    assert "待签名确认（0）" in page and 'id="nothing-pending"' in page

    correct(team, judges_of(demo)[3], "70", "录入错误")
    db.session.commit()
    found = summary.summary(venue)
    assert found.supervisor is None and found.supervisor_stale is True
    page = jiandu.get(f"/supervise/contests/{demo.id}").get_data(as_text=True)
    assert "待签名确认（1）" in page and 'id="nothing-pending"' not in page
    assert f"{venue.name}评分汇总表待您签名（您签名后成绩有更正，须重新签名）" in page
    assert f'id="summary-stale-{venue.id}"' in page
