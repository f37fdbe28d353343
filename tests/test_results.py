"""Staff confirm national candidates and grades, override with reasons, and publish."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, NationalSelection, TeamAward
from tests.conftest import sign_in
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at

SCORES = {1: "95", 2: "94", 3: "93", 5: "92", 6: "92"}  # order -> every judge's total


def _scored(demo):
    for order, total in SCORES.items():
        team = team_at(demo, order)
        for judge in judges_of(demo)[:5]:
            submit(team, judge, marks_totalling(total))
        close_scoring(team, reveal=True)
    db.session.commit()


def _csrf(client, demo) -> str:
    page = client.get(f"/admin/contests/{demo.id}/results").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _post(client, demo, path, **data):
    data["csrf_token"] = _csrf(client, demo)
    return client.post(f"/admin/contests/{demo.id}/results{path}", data=data, follow_redirects=True)


def test_national_proposal_respects_caps_and_flags_the_tie(client, staff, demo):
    _scored(demo)
    sign_in(client, "admin")
    page = _post(
        client, demo, "/national-rules", quota="4", per_enterprise="1", per_unit=""
    ).get_data(as_text=True)
    assert "名额线上有并列的班组" in page  # orders 5 and 6 tie on 92.00 at the cut
    _post(client, demo, "/national/confirm")
    chosen = {team_at(demo, o).id: o for o in SCORES}
    selected = db.session.scalars(
        sa.select(NationalSelection.team_id).where(NationalSelection.selected)
    ).all()
    assert sorted(chosen[t] for t in selected) == [1, 2, 3, 5]


def test_override_needs_a_reason_and_is_audited(client, staff, demo):
    _scored(demo)
    sign_in(client, "admin")
    _post(client, demo, "/national/confirm")
    team = team_at(demo, 6)
    page = _post(client, demo, f"/national/{team.id}", selected="1", reason=" ").get_data(
        as_text=True
    )
    assert "调整推荐名单必须填写原因" in page
    _post(client, demo, f"/national/{team.id}", selected="1", reason="评审组长裁定：现场答辩更优")
    row = db.session.get(NationalSelection, team.id)
    assert (row.selected, row.overridden, row.reason) == (True, True, "评审组长裁定：现场答辩更优")
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "results.national_overridden")
    )
    assert entry.data == {"selected": True, "reason": "评审组长裁定：现场答辩更优"}


def test_grades_by_count_then_publish_for_the_display(client, staff, demo):
    _scored(demo)
    sign_in(client, "admin")
    _post(client, demo, "/grades", grades="一等奖 1\n二等奖 2\n三等奖 >=90")
    _post(client, demo, "/grades/confirm")
    awards = {a.team.order_position: a.grade.name for a in db.session.scalars(sa.select(TeamAward))}
    assert awards == {1: "一等奖", 2: "二等奖", 3: "二等奖", 5: "三等奖", 6: "三等奖"}
    state = client.get(f"/api/venues/{demo.venues[0].id}/state").get_json()
    assert state["results"] is None
    _post(client, demo, "/publish", published="1")
    state = client.get(f"/api/venues/{demo.venues[0].id}/state").get_json()
    assert [g["grade"] for g in state["results"]["awards"]] == ["一等奖", "二等奖", "三等奖"]


def test_bad_grade_lines_are_refused_in_chinese(client, staff, demo):
    sign_in(client, "admin")
    page = _post(client, demo, "/grades", grades="一等奖 三个").get_data(as_text=True)
    assert "无法识别「三个」" in page
    page = _post(client, demo, "/grades", grades="一等奖 1\n一等奖 2").get_data(as_text=True)
    assert "奖项名称不能为空或重复" in page


def test_hosts_cannot_decide_results(client, staff, demo):
    sign_in(client, "host1")
    assert client.get(f"/admin/contests/{demo.id}/results").status_code == 403


def test_numbered_certificates_block_bulk_grade_changes(client, staff, demo):
    _scored(demo)
    sign_in(client, "admin")
    _post(client, demo, "/grades", grades="一等奖 1\n二等奖 2")
    _post(client, demo, "/grades/confirm")
    award = db.session.scalar(sa.select(TeamAward).where(TeamAward.team_id == team_at(demo, 1).id))
    award.certificate_no = "SQA-2026-001"
    db.session.commit()
    page = _post(client, demo, "/grades/confirm").get_data(as_text=True)
    assert "证书已编号，不能再整体修改奖项" in page
    page = _post(client, demo, f"/grades/{award.team_id}", grade_id="", reason="误发").get_data(
        as_text=True
    )
    assert "该班组的证书已编号（SQA-2026-001），不能取消奖项" in page
    assert db.session.get(TeamAward, award.team_id).certificate_no == "SQA-2026-001"
