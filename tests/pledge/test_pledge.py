"""评审承诺书: no phone score before the judge accepts the contest's text; acceptances kept."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa
from openpyxl import load_workbook

from contest.exports.audit_csv import shown_time
from contest.extensions import db
from contest.models import AuditEntry, Contest, ScoreSubmission
from contest.pledge import service
from contest.pledge.models import PledgeAcceptance
from contest.setup.judges import delete_blocker
from tests.conftest import sign_in
from tests.judge_helpers import judge_client, open_team, post_json

URL = "/api/judge/scores"
MARKS = ("14.5", "13", "22.5", "12.5", "17.5", "8.5")


def _body(demo, team, key):
    return {
        "team_id": team.id,
        "marks": {str(item.id): m for item, m in zip(demo.items, MARKS, strict=True)},
        "total": "88.5",
        "idempotency_key": key,
    }


def _enable(contest: Contest, text: str = service.DEFAULT_TEXT) -> None:
    service.save(contest, enabled=True, text=text, actor="test")
    db.session.commit()


def _submissions() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission))


def _accept(phone, sha: str):
    return phone.post("/judge/pledge", data={"csrf_token": phone.csrf, "sha256": sha})


def test_no_score_before_the_pledge_then_scoring_once_accepted(app, demo):
    phone = judge_client(app, 1)
    _enable(demo)
    team = open_team(demo, 1)

    page = phone.get("/judge/").get_data(as_text=True)
    assert "评审承诺书" in page and "我已阅读，承诺遵守" in page
    assert "二、对评审过程中知悉的参赛材料、评分情况和评审结果严格保密" in page
    assert 'id="sheet"' not in page  # no score sheet until accepted

    refused = post_json(phone, URL, _body(demo, team, "p" * 32))
    assert refused.status_code == 422
    assert refused.get_json() == {
        "error": "pledge_required",
        "message": "请先阅读并接受评审承诺书：请刷新页面，确认承诺后再提交评分",
        "item_id": None,
    }
    assert _submissions() == 0

    accepted = _accept(phone, service.pledge_of(demo).sha256)
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/judge/")
    assert 'id="sheet"' in phone.get("/judge/").get_data(as_text=True)
    assert post_json(phone, URL, _body(demo, team, "q" * 32)).status_code == 201
    assert _submissions() == 1

    row = db.session.scalar(sa.select(PledgeAcceptance))
    assert (row.judge_id, row.text, row.text_sha256) == (
        phone.judge.id,
        service.DEFAULT_TEXT,
        service.text_hash(service.DEFAULT_TEXT),
    )
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "pledge.accepted"))
    assert entry.actor == f"judge:{phone.judge.id}"
    assert entry.data["text_sha256"] == row.text_sha256


def test_accepting_twice_keeps_one_acceptance(app, demo):
    phone = judge_client(app, 2)
    _enable(demo)
    sha = service.pledge_of(demo).sha256
    assert _accept(phone, sha).status_code == 302
    assert _accept(phone, sha).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PledgeAcceptance)) == 1


def test_a_changed_text_is_accepted_again_and_a_stale_page_is_refused(app, demo):
    phone = judge_client(app, 1)
    _enable(demo)
    old_sha = service.pledge_of(demo).sha256
    assert _accept(phone, old_sha).status_code == 302
    _enable(demo, "本人承诺：公正评分，严格保密，主动回避。")

    page = phone.get("/judge/").get_data(as_text=True)
    assert "本人承诺：公正评分，严格保密，主动回避。" in page
    stale = _accept(phone, old_sha)
    assert stale.status_code == 409
    assert "承诺书内容已更新，请重新阅读后再确认" in stale.get_data(as_text=True)
    assert _accept(phone, service.pledge_of(demo).sha256).status_code == 302
    texts = db.session.scalars(sa.select(PledgeAcceptance.text).order_by(PledgeAcceptance.id))
    assert list(texts) == [service.DEFAULT_TEXT, "本人承诺：公正评分，严格保密，主动回避。"]


def test_off_by_default_a_judge_scores_without_a_pledge(app, demo):
    team = open_team(demo, 1)
    phone = judge_client(app, 3)
    assert service.pledge_of(demo).enabled is False
    assert post_json(phone, URL, _body(demo, team, "r" * 32)).status_code == 201


def _csrf(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_staff_set_the_text_and_an_empty_text_is_refused_with_nothing_written(
    app, client, staff, demo
):
    sign_in(client, "admin")
    path = f"/admin/contests/{demo.id}/pledge"
    token = _csrf(client, path)
    empty = client.post(path, data={"csrf_token": token, "enabled": "1", "text": "  \n "})
    assert empty.status_code == 422
    assert "承诺书内容不能为空；如不需要承诺书，请取消勾选“启用”" in empty.get_data(as_text=True)
    db.session.expire_all()
    assert service.pledge_of(db.session.get(Contest, demo.id)).enabled is False
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "pledge.updated")
        )
        == 0
    )

    saved = client.post(
        path, data={"csrf_token": token, "enabled": "1", "text": "第一条\r\n第二条  "}
    )
    assert saved.status_code == 302
    db.session.expire_all()
    pledge = service.pledge_of(db.session.get(Contest, demo.id))
    assert (pledge.enabled, pledge.text) == (True, "第一条\n第二条")
    page = client.get(path).get_data(as_text=True)
    assert "0 / 9 位评委已接受当前承诺书" in page  # the demo's nine judges


def test_the_export_lists_each_acceptance_and_each_text(app, client, staff, demo):
    phone = judge_client(app, 4)
    _enable(demo)
    _accept(phone, service.pledge_of(demo).sha256)
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/pledge").get_data(as_text=True)
    assert "1 / 9 位评委已接受当前承诺书" in page
    response = client.get(f"/admin/contests/{demo.id}/pledge.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["签署记录"]
    assert [c.value for c in sheet[3]] == list(service.HEADERS)
    judge = phone.judge
    row = [c.value for c in sheet[4]]
    acceptance = db.session.scalar(sa.select(PledgeAcceptance))
    assert row[:6] == [
        judge.venue.name,
        "评委4",
        judge.name,
        judge.employer,
        shown_time(acceptance.accepted_at),
        acceptance.text_sha256[:12],
    ]
    assert sheet.max_row == 4
    assert book["承诺书文本"]["B2"].value == service.DEFAULT_TEXT


def test_a_judge_who_signed_the_pledge_is_deactivated_not_deleted(app, demo):
    phone = judge_client(app, 5)
    _enable(demo)
    assert delete_blocker(phone.judge) is None
    _accept(phone, service.pledge_of(demo).sha256)
    assert delete_blocker(phone.judge) == (
        "该评委已签署评审承诺书，签署记录须保留，不能删除；请在「评委链接」页停用"
    )
