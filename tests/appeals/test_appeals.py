"""申诉 and 复核: one appeal per team within its window, through the team's own link or at
the desk; ruled by staff and the 评委组长 with reasons and both signatures; 「已复核」 in
the standings where the result stands."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from contest.appeals import service
from contest.appeals.models import Appeal
from contest.day import stage
from contest.day.snapshot import venue_snapshot
from contest.extensions import db
from contest.models import AuditEntry, Contest, StaffUser, Team
from contest.signatures.models import Signature
from tests.factories import correct, judges_of, marks_totalling, submit, team_at
from tests.signatures.ink import data_url

TOTALS = ["80", "82", "84", "86", "88"]


def _enable(contest: Contest, minutes: int = 30, after: str = "reveal") -> None:
    contest.settings = {
        **(contest.settings or {}),
        "appeals": {"enabled": True, "window_minutes": minutes, "after": after},
    }
    db.session.commit()


def _revealed(demo) -> Team:
    venue, team = demo.venues[0], team_at(demo, 1)
    stage.call_team(venue, team.id, actor="test")
    stage.open_scoring(venue, actor="test")
    for judge, total in zip(judges_of(demo), TOTALS, strict=False):
        submit(team, judge, marks_totalling(total))
    stage.close_scoring(venue, actor="test")
    stage.reveal(venue, actor="test", force_reason="测试")
    db.session.commit()
    return team


def _post(client, token: str, **fields):
    page = client.get(f"/appeal/{token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(f"/appeal/{token}", data={"csrf_token": csrf, **fields})


GOOD = {"name": "王推进", "phone": "13900001234", "grounds": "第3位评委的分数明显偏低，请复核"}


def test_a_team_files_one_appeal_through_its_own_link(app, client, demo):
    _enable(demo)
    team = _revealed(demo)
    token = service.token(team)
    assert _post(client, token, **GOOD).status_code == 302
    row = db.session.scalar(sa.select(Appeal))
    assert (row.team_id, row.filer_name, row.via) == (team.id, "王推进", "link")
    page = client.get(f"/appeal/{token}").get_data(as_text=True)
    assert "已收到您的申诉" in page and "正在复核，结论将在本页公布。" in page
    second = client.post(f"/appeal/{token}", data={**GOOD, "csrf_token": "x"})
    assert second.status_code in (400, 422)
    with pytest.raises(service.AppealRefused) as refused:
        service.file(team, **GOOD, via="desk", actor="staff:1")
    assert refused.value.message == "本班组已提出过申诉，每个班组只能申诉一次"


def test_a_forged_link_is_not_found(app, client, demo):
    _enable(demo)
    team = _revealed(demo)
    token = service.token(team)
    assert client.get(f"/appeal/{token[:-2]}xx").status_code == 404
    assert client.get(f"/appeal/{team.id}").status_code == 404


def test_outside_the_window_the_appeal_is_refused(app, client, demo):
    _enable(demo, minutes=30)
    team = _revealed(demo)
    team.revealed_at = team.revealed_at - timedelta(minutes=31)
    db.session.commit()
    page = client.get(f"/appeal/{service.token(team)}").get_data(as_text=True)
    assert "申诉时间已过" in page
    with pytest.raises(service.AppealRefused) as refused:
        service.file(team, **GOOD, via="desk", actor="staff:1")
    assert refused.value.message == "不在申诉时间内：申诉须在成绩揭晓（或公布）后规定时间内提出"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Appeal)) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({**GOOD, "name": " "}, "请填写申诉人姓名（活动推进者）"),
        ({**GOOD, "phone": "12"}, "请填写能联系到您的电话号码"),
        ({**GOOD, "grounds": ""}, "请写明申诉理由"),
        ({**GOOD, "grounds": "理" * 1001}, "申诉理由不超过 1000 字"),
    ],
)
def test_bad_input_says_what_to_fix_and_keeps_nothing(app, client, demo, fields, message):
    _enable(demo)
    team = _revealed(demo)
    response = _post(client, service.token(team), **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Appeal)) == 0


def _admin() -> StaffUser:
    return db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))


def _filed(demo) -> tuple[Team, Appeal]:
    """Appeals on, the first team revealed, and its appeal filed at the desk."""
    _enable(demo)
    team = _revealed(demo)
    row = service.file(team, **GOOD, via="desk", actor="staff:1")
    db.session.commit()
    return team, row


def _rule(row: Appeal, outcome: str, ruling: str, *, chair_ink: str | None = None) -> None:
    """Rule as the admin, signed by the admin and the chair."""
    service.rule(
        row,
        outcome=outcome,
        ruling=ruling,
        staff=_admin(),
        staff_ink=data_url(),
        chair_ink=data_url() if chair_ink is None else chair_ink,
    )


def test_upheld_shows_reviewed_in_the_standings_with_both_signatures(app, demo):
    team, row = _filed(demo)
    _rule(row, "upheld", "经核查，第3位评委评分符合评分标准，维持原结果")
    db.session.commit()
    signatures = db.session.scalars(
        sa.select(Signature).where(Signature.purpose == "appeal_ruling").order_by(Signature.id)
    ).all()
    assert [s.signer_kind for s in signatures] == ["staff", "judge"]
    assert signatures[0].subject_hash == signatures[1].subject_hash
    assert signatures[0].payload["outcome"] == "维持原结果"
    rows = venue_snapshot(demo.venues[0])["standings"]
    assert [(r["team"]["id"], r["reviewed"]) for r in rows] == [(team.id, "upheld")]
    assert db.session.scalar(
        sa.select(AuditEntry.data).where(AuditEntry.action == "appeal.ruled")
    ) == {
        "appeal": row.id,
        "outcome": "upheld",
        "ruling": "经核查，第3位评委评分符合评分标准，维持原结果",
    }


def test_changed_needs_a_correction_first_then_the_new_version_stands(app, demo):
    team, row = _filed(demo)
    with pytest.raises(service.AppealRefused) as refused:
        _rule(row, "changed", "更正")
    assert refused.value.message == (
        "选择“已更正成绩”前，请先在班组页面更正分数（填写原因），再作复核结论"
    )
    db.session.rollback()
    judge = judges_of(demo)[2]
    correct(team, judge, "86", "申诉复核：第3位评委录入错误")
    _rule(db.session.get(Appeal, row.id), "changed", "录入错误已更正")
    db.session.commit()
    rows = venue_snapshot(demo.venues[0])["standings"]
    assert rows[0]["reviewed"] == "changed"
    assert rows[0]["published"] == "84.67"  # 80 and 88 dropped: (82 + 86 + 86) / 3


def test_a_ruling_needs_a_reason_and_both_signatures(app, demo):
    _, row = _filed(demo)
    with pytest.raises(service.AppealRefused) as refused:
        _rule(row, "upheld", " ")
    assert refused.value.message == "请写明复核理由"
    from contest.signatures.image import SignatureRefused

    with pytest.raises(SignatureRefused):
        _rule(row, "upheld", "维持", chair_ink="")
    db.session.rollback()
    assert db.session.get(Appeal, row.id).ruled_at is None
