"""The channels through their pages: staff open the season and add a 推荐单位; it adds an
enterprise; the enterprise invites a team; the team fills in form 1-2, is told what is
wrong, and submits with a receipt whose names are the enterprise's and the form's exactly."""

from __future__ import annotations

import html

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.season.models import (
    Application,
    ApplicationStatus,
    Enterprise,
    Recommender,
    Submission,
)
from tests.conftest import sign_in
from tests.season import helpers
from tests.season.test_form12 import GOOD

COMPANY = "上海华谊（集团）公司  丙烯酸厂"  # two spaces, as the 公章 reads: kept exactly


def _season_with_a_team(app, staff):
    office = app.test_client()
    sign_in(office, "admin")
    helpers.open_season(office)
    path = helpers.add_recommender(office, "浦东新区质量协会")
    recommender_client, unit_client, team_client = (app.test_client() for _ in range(3))
    helpers.join(recommender_client, path, "pudong", "王明")
    recommender = db.session.scalar(sa.select(Recommender))
    path = helpers.add_enterprise(recommender_client, recommender.id, f" {COMPANY} ")
    helpers.join(unit_client, path, "huayi", "李华")
    enterprise = db.session.scalar(sa.select(Enterprise))
    path = helpers.invite_team(unit_client, enterprise.id)
    helpers.join(team_client, path, "13900001111", "张建国")
    return team_client, unit_client, enterprise


def test_a_team_submits_form_1_2_with_a_receipt_and_exact_names(app, staff):
    team, unit, enterprise = _season_with_a_team(app, staff)
    assert enterprise.name == COMPANY
    response = team.post(
        "/apply/team/new",
        data={"csrf_token": helpers.token(team, "/apply/team/"), "enterprise": enterprise.id},
    )
    application = db.session.scalar(sa.select(Application))
    assert response.headers["Location"] == f"/apply/team/{application.id}"
    assert application.number == "2026-0001"

    url = f"/apply/team/{application.id}"
    bad = {**GOOD, "completion_rate": "120", "team_name": "丙烯酸装置运行三班 "}
    refused = team.post(url, data={**bad, "csrf_token": helpers.token(team, url), "next": "submit"})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422
    assert "还有 1 处需要填写或修改，已保存草稿；请按红色提示改正后再提交" in page
    assert "班组工作完成率%应在 0 到 100 之间，现为 120" in page
    db.session.expire_all()
    assert db.session.get(Application, application.id).form["completion_rate"] == "120"

    fixed = {**bad, "completion_rate": "100", "csrf_token": helpers.token(team, url)}
    response = team.post(url, data={**fixed, "next": "submit"})
    assert response.headers["Location"] == f"{url}/submit"
    confirm = html.unescape(team.get(f"{url}/submit").get_data(as_text=True))
    assert f'<dd class="name" id="confirm-company">{COMPANY}</dd>' in confirm
    done = team.post(f"{url}/submit", data={"csrf_token": helpers.token(team, f"{url}/submit")})
    assert done.headers["Location"] == f"{url}/receipt/1"
    receipt = html.unescape(team.get(f"{url}/receipt/1").get_data(as_text=True))
    submission = db.session.scalar(sa.select(Submission))
    assert f'<dd class="name" id="receipt-company">{COMPANY}</dd>' in receipt
    assert '<dd class="name" id="receipt-team">丙烯酸装置运行三班</dd>' in receipt
    assert f'<dd class="hash" id="receipt-hash">{submission.content_hash}</dd>' in receipt
    db.session.expire_all()
    saved = db.session.get(Application, application.id)
    assert (saved.status, saved.version, saved.team_name) == (
        ApplicationStatus.SUBMITTED,
        1,
        "丙烯酸装置运行三班",
    )
    assert submission.company_name == COMPANY
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.data["sha256"]) == (
        "season.application_submitted",
        submission.content_hash,
    )
    # Submitted: the form is read-only, a second submit is refused, the enterprise sees it.
    again = team.post(url, data={**fixed, "next": "draft"}, follow_redirects=True)
    assert "申报表已提交，不能再修改；如需修改，请联系本单位退回" in again.get_data(as_text=True)
    listing = html.unescape(unit.get("/apply/unit/").get_data(as_text=True))
    assert '<td class="name">丙烯酸装置运行三班</td><td>已提交</td>' in listing


def test_another_persons_application_is_not_found(app, staff):
    team, unit, enterprise = _season_with_a_team(app, staff)
    team.post(
        "/apply/team/new",
        data={"csrf_token": helpers.token(team, "/apply/team/"), "enterprise": enterprise.id},
    )
    application = db.session.scalar(sa.select(Application))
    for path in (f"/apply/team/{application.id}", f"/apply/team/{application.id}/submit"):
        assert unit.get(path).status_code == 404  # the enterprise's person is not its owner
    assert app.test_client().get("/apply/team/").headers["Location"] == (
        "/apply/login?next=/apply/team/"
    )
