"""监督 co-signs: a correction and a forced reveal wait for the 监督's signature; refused
with a reason, nothing happens; only the 监督 signs; the signature binds what was shown."""

from __future__ import annotations

import json
import re

import sqlalchemy as sa

from contest.day import stage
from contest.day.submissions import current_submission
from contest.extensions import db
from contest.models import AuditEntry, StaffRole, StaffUser, Team
from contest.signatures.models import Signature
from contest.signatures.store import verify
from contest.supervision import service
from contest.supervision.models import CosignKind, CosignRequest, CosignState
from contest.supervision.settings import save
from tests.conftest import sign_in
from tests.factories import judges_of, marks_totalling, submit, team_at
from tests.security.identities import staff_sign_in
from tests.signatures.ink import data_url

TOTALS = ["88", "90", "91", "92", "95"]


def _supervisor() -> StaffUser:
    user = StaffUser(username="jiandu", display_name="纪检监督 李明", role=StaffRole.SUPERVISOR)
    user.set_password("jiandu-pass-1")
    db.session.add(user)
    db.session.commit()
    return user


def _closed(demo, totals=TOTALS) -> Team:
    venue, team = demo.venues[0], team_at(demo, 1)
    stage.call_team(venue, team.id, actor="test")
    stage.open_scoring(venue, actor="test")
    for judge, total in zip(judges_of(demo), totals, strict=False):
        submit(team, judge, marks_totalling(total))
    stage.close_scoring(venue, actor="test")
    db.session.commit()
    return team


def _correct(client, team, judge, total, reason):
    page = client.get(f"/admin/teams/{team.id}/scores/{judge.id}/correct").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    data = {
        f"mark-{i.id}": m for i, m in zip(team.contest.items, marks_totalling(total), strict=True)
    }
    data.update(total=total, reason=reason, csrf_token=csrf, idempotency_key=key)
    return client.post(f"/admin/teams/{team.id}/scores/{judge.id}/correct", data=data)


def _supervisor_client(app):
    client = app.test_client()
    assert staff_sign_in(client, "jiandu", "jiandu-pass-1").status_code == 302
    return client


def _csrf(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1), page


def test_a_correction_waits_for_the_supervisor_and_is_applied_when_signed(app, client, staff, demo):
    save(demo, cosign=True, actor="test")
    _supervisor()
    team = _closed(demo)
    judge = judges_of(demo)[0]
    sign_in(client, "admin")
    response = _correct(client, team, judge, "80", "评委本人确认第3项应为 12 分")
    assert response.status_code == 302
    assert current_submission(team.id, judge.id).total == 88  # not yet applied
    row = db.session.scalar(sa.select(CosignRequest))
    assert (row.kind, row.state, row.details["total"]) == (
        CosignKind.CORRECTION,
        CosignState.PENDING,
        "80",
    )

    jiandu = _supervisor_client(app)
    token, page = _csrf(jiandu, f"/supervise/contests/{demo.id}")
    assert "评分更正" in page and "总分：88 → 80" in page and team.team_name in page
    shown = service.describe(row)
    approved = jiandu.post(
        f"/supervise/requests/{row.id}/approve", data={"csrf_token": token, "signature": data_url()}
    )
    assert approved.status_code == 302
    db.session.expire_all()
    now = current_submission(team.id, judge.id)
    assert (now.total, now.version, now.reason) == (
        80,
        2,
        "评委本人确认第3项应为 12 分（经监督签名确认）",
    )
    row = db.session.get(CosignRequest, row.id)
    assert row.state is CosignState.USED
    signature = db.session.get(Signature, row.signature_id)
    assert (signature.signer_kind, signature.signer_name) == ("supervisor", "纪检监督 李明")
    assert verify(signature, shown) is True
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.action.like("cosign.%") | (AuditEntry.action == "score.corrected"))
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["cosign.requested", "score.corrected", "cosign.approved"]


def test_a_refusal_needs_a_reason_and_applies_nothing(app, client, staff, demo):
    save(demo, cosign=True, actor="test")
    _supervisor()
    team = _closed(demo)
    judge = judges_of(demo)[0]
    sign_in(client, "admin")
    _correct(client, team, judge, "80", "录入错误")
    row = db.session.scalar(sa.select(CosignRequest))
    jiandu = _supervisor_client(app)
    token, _ = _csrf(jiandu, f"/supervise/contests/{demo.id}")
    empty = jiandu.post(
        f"/supervise/requests/{row.id}/refuse", data={"csrf_token": token, "note": " "}
    )
    assert "不同意时请填写理由" in jiandu.get(empty.headers["Location"]).get_data(as_text=True)
    jiandu.post(
        f"/supervise/requests/{row.id}/refuse",
        data={"csrf_token": token, "note": "未见评委本人签字的更正单"},
    )
    db.session.expire_all()
    row = db.session.get(CosignRequest, row.id)
    assert (row.state, row.note) == (CosignState.REFUSED, "未见评委本人签字的更正单")
    assert current_submission(team.id, judge.id).version == 1


def test_only_the_supervisor_signs(app, client, staff, demo):
    save(demo, cosign=True, actor="test")
    team = _closed(demo)
    judge = judges_of(demo)[0]
    sign_in(client, "admin")
    _correct(client, team, judge, "80", "录入错误")
    row = db.session.scalar(sa.select(CosignRequest))
    token, _ = _csrf(client, f"/supervise/contests/{demo.id}")
    refused = client.post(
        f"/supervise/requests/{row.id}/approve", data={"csrf_token": token, "signature": data_url()}
    )
    assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(CosignRequest, row.id).state is CosignState.PENDING


def test_a_forced_reveal_waits_for_the_supervisor_once(app, client, staff, demo):
    save(demo, cosign=True, actor="test")
    supervisor = _supervisor()
    team = _closed(demo)
    sign_in(client, "host1")
    page = client.get(f"/host/venues/{demo.venues[0].id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def reveal():
        return client.post(
            f"/api/venues/{demo.venues[0].id}/stage/reveal",
            data=json.dumps({"force_reason": "两位评委设备故障"}),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )

    first = reveal()
    assert first.status_code == 409
    assert first.get_json()["message"] == (
        "强制揭晓须经监督签名确认：已通知监督，监督在手机上签名同意后，请再次按「揭晓」"
    )
    assert reveal().status_code == 409  # asked again: still one request
    row = db.session.scalar(sa.select(CosignRequest))
    assert (row.kind, row.details) == (CosignKind.FORCED_REVEAL, {"reason": "两位评委设备故障"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CosignRequest)) == 1

    service.approve(row, supervisor=supervisor, data_url=data_url())
    db.session.commit()
    assert reveal().status_code == 200
    db.session.expire_all()
    assert db.session.get(Team, team.id).revealed_at is not None
    assert db.session.get(CosignRequest, row.id).state is CosignState.USED
