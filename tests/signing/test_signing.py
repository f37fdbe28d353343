"""Judges sign their day's 评分表: bound to its hash, locked after, signed again after a
correction with the old signature kept on the old version; the signed PDF."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
import sqlalchemy as sa

from contest.day.submissions import submit_score
from contest.extensions import db
from contest.models import AuditEntry, Channel, Contest, Judge, StaffUser, Team, TeamStatus
from contest.signatures.digest import digest
from contest.signatures.models import Signature
from contest.signatures.store import verify
from contest.signing import service
from contest.signing.settings import save
from contest.signing.sheet import State, payload, status
from tests.conftest import sign_in
from tests.factories import close_scoring
from tests.judge_helpers import judge_client, open_team, post_json
from tests.signatures.ink import data_url

URL = "/api/judge/scores"
MARKS = ("14.5", "13", "22.5", "12.5", "17.5", "8.5")  # 88.5


def _score(demo, phone, team, marks=MARKS, total="88.5"):
    body = {
        "team_id": team.id,
        "marks": {str(i.id): m for i, m in zip(demo.items, marks, strict=True)},
        "total": total,
        "idempotency_key": uuid.uuid4().hex,
    }
    return post_json(phone, URL, body)


def _scored_and_open(app, demo, *, when="manual"):
    """Judge 1 scores team 1, it is revealed, signing is enabled and opened for the venue."""
    phone = judge_client(app, 1)
    team = open_team(demo, 1)
    assert _score(demo, phone, team).status_code == 201
    venue = demo.venues[0]
    from contest.day import stage

    stage.close_scoring(venue, actor="test")
    db.session.commit()
    close_scoring(db.session.get(Team, team.id), reveal=True)
    save(demo, enabled=True, when=when, actor="test")
    if when == "manual":
        service.open_window(venue, actor="staff:1")
    db.session.commit()
    return phone, team


def _sign(phone, sheet_hash, ink=None):
    return phone.post(
        "/judge/sign",
        data={"csrf_token": phone.csrf, "sheet_hash": sheet_hash, "signature": ink or data_url()},
    )


def test_the_judge_signs_the_sheet_shown_and_the_signature_is_bound_to_its_hash(app, demo):
    phone, team = _scored_and_open(app, demo)
    judge = db.session.get(Judge, phone.judge.id)
    page = phone.get("/judge/").get_data(as_text=True)
    assert "评分表签名确认" in page and team.company_name in page and team.team_name in page
    assert '<span class="total">88.5</span>' in page
    sheet = payload(judge)
    assert sheet["teams"] == [
        {
            "order": 1,
            "company_name": team.company_name,
            "team_name": team.team_name,
            "recused": False,
            "marks": list(MARKS),
            "total": "88.5",
            "version": 1,
        }
    ]
    assert _sign(phone, digest(sheet)).status_code == 302

    signature = db.session.scalar(sa.select(Signature))
    assert (signature.signer_kind, signature.signer_id, signature.purpose) == (
        "judge",
        judge.id,
        "judge_sheet",
    )
    assert signature.subject_hash == digest(sheet)
    assert verify(signature, sheet) is True
    assert status(judge).state is State.SIGNED
    assert "已签名" in phone.get("/judge/").get_data(as_text=True)


def test_after_signing_the_phone_scores_no_more(app, demo):
    phone, _ = _scored_and_open(app, demo)
    judge = db.session.get(Judge, phone.judge.id)
    _sign(phone, status(judge).sheet_hash)
    team2 = open_team(demo, 2)
    refused = _score(demo, phone, team2)
    assert refused.status_code == 422
    assert refused.get_json()["message"] == (
        "您已在评分表上签名，评分已锁定；如需更改，请联系会务组更正"
    )


def test_a_stale_sheet_or_an_empty_pad_is_refused_and_nothing_is_kept(app, demo):
    phone, _ = _scored_and_open(app, demo)
    stale = _sign(phone, "0" * 64)
    assert stale.status_code == 409
    assert "评分表内容已更新，请核对后重新签名" in stale.get_data(as_text=True)
    judge = db.session.get(Judge, phone.judge.id)
    empty = phone.post(
        "/judge/sign",
        data={"csrf_token": phone.csrf, "sheet_hash": status(judge).sheet_hash, "signature": ""},
    )
    assert empty.status_code == 409
    assert "请先在签名框内用手指（或鼠标）签名，再提交" in empty.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Signature)) == 0


def test_a_judge_cannot_sign_another_judges_sheet(app, demo):
    phone, _ = _scored_and_open(app, demo)
    other = judge_client(app, 2)
    judge1 = db.session.get(Judge, phone.judge.id)
    refused = _sign(other, status(judge1).sheet_hash)  # judge 2 sends judge 1's sheet
    assert refused.status_code == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Signature)) == 0


def test_a_correction_after_signing_asks_for_a_new_signature_and_keeps_the_old(app, demo):
    phone, team = _scored_and_open(app, demo)
    judge = db.session.get(Judge, phone.judge.id)
    first_sheet = status(judge).sheet
    _sign(phone, digest(first_sheet))
    admin = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))
    corrected = ("14.5", "13", "22.5", "12.5", "17.5", "9")  # 89
    submit_score(
        judge=judge,
        team_id=team.id,
        marks={str(i.id): m for i, m in zip(demo.items, corrected, strict=True)},
        total="89",
        idempotency_key=uuid.uuid4().hex,
        channel=Channel.CORRECTION,
        entered_by=admin,
        actor=f"staff:{admin.id}",
        reason="评委口头更正第6项",
    )
    db.session.commit()

    old = db.session.scalar(sa.select(Signature))
    assert old.superseded_reason == "评分更正后须重新签名：评委口头更正第6项"
    assert verify(old, first_sheet) is True  # the old signature stays with the old version
    now = status(judge)
    assert now.state is State.CHANGED and now.sheet["teams"][0]["total"] == "89"
    page = phone.get("/judge/").get_data(as_text=True)
    assert "您的评分经会务组更正，请核对更正后的评分表并重新签名。" in page
    assert _sign(phone, now.sheet_hash).status_code == 302
    rows = db.session.scalars(sa.select(Signature).order_by(Signature.id)).all()
    assert [r.superseded_at is None for r in rows] == [False, True]
    assert rows[1].payload["teams"][0]["total"] == "89"
    assert status(judge).state is State.SIGNED
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.action.like("signature.%"))
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["signature.signed", "signature.superseded", "signature.signed"]


def test_signing_opens_by_itself_when_the_venues_last_team_is_revealed(app, demo):
    phone, team = _scored_and_open(app, demo, when="venue_end")
    venue = demo.venues[0]
    assert service.is_open(venue) is False  # other teams still to present
    for other in db.session.scalars(sa.select(Team).where(Team.venue_id == venue.id)):
        if other.id != team.id:
            other.status = TeamStatus.WITHDRAWN
    db.session.commit()
    assert service.is_open(venue) is True
    assert "评分表签名确认" in phone.get("/judge/").get_data(as_text=True)
    assert phone.get("/api/judge/state").get_json()["step"] == "sign"


def test_staff_cannot_ask_for_signatures_while_a_team_is_being_scored(app, demo):
    save(demo, enabled=True, when="manual", actor="test")
    open_team(demo, 1)
    with pytest.raises(service.SigningRefused) as refused:
        service.open_window(demo.venues[0], actor="staff:1")
    assert refused.value.message == "第一分会场正在评分，请在评分结束后再请评委签名"


def test_the_signed_sheet_pdf_carries_the_names_marks_hash_and_ink(app, client, staff, demo):
    phone, team = _scored_and_open(app, demo)
    judge = db.session.get(Judge, phone.judge.id)
    sheet_hash = status(judge).sheet_hash
    _sign(phone, sheet_hash)
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/signing").get_data(as_text=True)
    assert "已签名" in page
    others = len([j for j in judge.venue.judges if j.id != judge.id])
    assert f"签名进行中（已签名 1 / {others + 1}）" in page
    response = client.get(f"/admin/venues/{judge.venue_id}/signing/{judge.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.data, capture_output=True, check=True
    ).stdout.decode()
    flat = re.sub(r"\s+", "", text)
    for expected in (
        "评委评分表",
        team.company_name,
        team.team_name,
        "88.5",
        f"{judge.label}{judge.name}",
        sheet_hash,
        "校验一致",
    ):
        assert re.sub(r"\s+", "", expected) in flat, expected
    images = subprocess.run(
        ["pdfimages", "-list", "-"], input=response.data, capture_output=True, check=False
    )
    if images.returncode != 0:  # pdfimages reads a file, not stdin, on some versions
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(response.data)
            f.flush()
            images = subprocess.run(["pdfimages", "-list", f.name], capture_output=True, check=True)
    assert len(images.stdout.decode().strip().splitlines()) - 2 >= 1  # the signature's ink


def test_the_contest_setting_is_saved_and_audited(app, client, staff, demo):
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/signing").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/admin/contests/{demo.id}/signing",
        data={"csrf_token": token, "enabled": "1", "when": "manual"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert service.setting(db.session.get(Contest, demo.id)) == {
        "enabled": True,
        "when": "manual",
    }
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "signing.settings_changed")
    )
    assert entry.data == {"enabled": True, "when": "manual"}
