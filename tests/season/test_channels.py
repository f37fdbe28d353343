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
    early = team.post(f"{url}/submit", data={"csrf_token": helpers.token(team, f"{url}/submit")})
    assert early.headers["Location"] == url  # no attachments yet: back, told what is missing
    told = html.unescape(team.get(url).get_data(as_text=True))
    assert "请先上传班组创建材料（Word 文件），再提交" in told  # the scan comes after (papers)
    helpers.attach_both(team, application.id)
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
    assert '<td class="name">丙烯酸装置运行三班</td><td>待本单位审核</td>' in listing


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


def _submitted(team, enterprise, form=None) -> Application:
    team.post(
        "/apply/team/new",
        data={"csrf_token": helpers.token(team, "/apply/team/"), "enterprise": enterprise.id},
    )
    application = db.session.scalar(sa.select(Application).order_by(Application.id.desc()))
    url = f"/apply/team/{application.id}"
    data = {**(form or GOOD), "csrf_token": helpers.token(team, url), "next": "submit"}
    assert team.post(url, data=data).status_code == 302
    helpers.attach_both(team, application.id)
    token = helpers.token(team, f"{url}/submit")
    assert team.post(f"{url}/submit", data={"csrf_token": token}).status_code == 302
    return application


def test_the_enterprise_returns_with_reasons_and_sees_what_the_resubmission_changed(app, staff):
    from contest.season.decisions import RETURN_REASONS

    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    review = f"/apply/unit/applications/{application.id}"
    token = helpers.token(unit, review)
    refused = unit.post(review, data={"csrf_token": token, "outcome": "returned"})
    assert refused.status_code == 422
    assert "退回修改时请勾选退回原因或填写说明，让班组知道需要改什么" in html.unescape(
        refused.get_data(as_text=True)
    )
    reason = str(RETURN_REASONS[0])
    returned = unit.post(
        review,
        data={
            "csrf_token": token,
            "outcome": "returned",
            "reason": [reason],
            "note": "请写全称：丙烯酸装置运行三班",
        },
    )
    assert returned.headers["Location"] == "/apply/unit/"
    db.session.expire_all()
    assert db.session.get(Application, application.id).status is ApplicationStatus.RETURNED

    url = f"/apply/team/{application.id}"
    page = html.unescape(team.get(url).get_data(as_text=True))
    assert f"<li>{reason}</li>" in page
    assert '<p class="note">请写全称：丙烯酸装置运行三班</p>' in page
    again = {**GOOD, "team_name": "丙烯酸装置运行三班（Ⅱ线）", "complaints": "0"}
    _resubmit = {**again, "csrf_token": helpers.token(team, url), "next": "submit"}
    assert team.post(url, data=_resubmit).status_code == 302
    done = team.post(f"{url}/submit", data={"csrf_token": helpers.token(team, f"{url}/submit")})
    assert done.headers["Location"] == f"{url}/receipt/2"

    page = html.unescape(unit.get(review).get_data(as_text=True))
    assert (
        '<tr><td>质量信得过班组名称</td><td class="before">丙烯酸装置运行三班</td>'
        '<td class="after">丙烯酸装置运行三班（Ⅱ线）</td></tr>'
    ) in page
    assert '<tr><td>年顾客投诉数</td><td class="before">1</td><td class="after">0</td></tr>' in page
    helpers.complete_opinion(unit, application.id)
    approved = unit.post(
        review, data={"csrf_token": helpers.token(unit, review), "outcome": "approved"}
    )
    assert approved.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Application, application.id)
    assert (saved.status, saved.version) == (ApplicationStatus.APPROVED, 2)
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.subject == f"application:{application.id}")
        .order_by(AuditEntry.id)
    ).all()
    assert [a for a in actions if a != "season.application_saved"] == [
        "season.application_created",
        "season.file_uploaded",
        "season.file_uploaded",
        "season.application_submitted",
        "season.application_returned",
        "season.application_submitted",
        "season.unit_opinion_saved",
        "season.unit_opinion_submitted",
        "season.unit_opinion_scan_uploaded",
        "season.application_approved",
    ]
    # Decided: a second decision is refused in words; the team cannot decide at all.
    late = unit.post(
        review, data={"csrf_token": helpers.token(unit, review), "outcome": "returned", "note": "x"}
    )
    assert "该申报表当前不在待本单位审核状态" in html.unescape(late.get_data(as_text=True))
    assert team.get(review).status_code == 404


def test_attachments_are_checked_stored_by_hash_and_served_to_their_owner_only(app, staff):
    import hashlib

    from tests.season.files import blank_pdf, docx

    team, unit, enterprise = _season_with_a_team(app, staff)
    team.post(
        "/apply/team/new",
        data={"csrf_token": helpers.token(team, "/apply/team/"), "enterprise": enterprise.id},
    )
    application = db.session.scalar(sa.select(Application))
    url = f"/apply/team/{application.id}"
    long = docx("班" * 5001)
    refused = helpers.upload(team, application.id, "narrative", long, "创建材料.docx")
    page = html.unescape(team.get(refused.headers["Location"]).get_data(as_text=True))
    assert "班组创建材料共 5,001 字，超过 5,000 字的上限；请删减 1 字以上后重新上传" in page
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    helpers.upload(team, application.id, "narrative", old_word, "创建材料.doc")
    page = html.unescape(team.get(url).get_data(as_text=True))
    assert "「创建材料.doc」是旧版 Word/WPS 格式（.doc 或 .wps），不能读取字数" in page
    assert page.count("尚未上传") == 2  # nothing kept from a refusal

    scan = blank_pdf(3)
    done = helpers.upload(team, application.id, "scan", scan, "申报表（盖章）.pdf")
    page = html.unescape(team.get(done.headers["Location"]).get_data(as_text=True))
    digest = hashlib.sha256(scan).hexdigest()
    assert "已收到「申报表（盖章）.pdf」：" in page
    assert f"共 3 页，SHA-256 {digest[:16]}…（前 16 位），服务器时间 " in page
    stored = app.instance_path + f"/season-files/{digest[:2]}/{digest[2:4]}/{digest}"
    with open(stored, "rb") as file:
        assert file.read() == scan
    got = team.get(f"{url}/files/scan")
    assert (got.status_code, got.data) == (200, scan)
    assert "filename*=UTF-8''%E7%94%B3%E6%8A%A5%E8%A1%A8" in got.headers["Content-Disposition"]
    assert unit.get(f"{url}/files/scan").status_code == 404  # not the owner
    assert app.test_client().get(f"{url}/files/scan").status_code == 302  # to sign in


def _approved(team, unit, enterprise, team_name: str) -> Application:
    application = _submitted(team, enterprise, {**GOOD, "team_name": team_name})
    review = f"/apply/unit/applications/{application.id}"
    helpers.complete_opinion(unit, application.id)
    data = {"csrf_token": helpers.token(unit, review), "outcome": "approved"}
    assert unit.post(review, data=data).status_code == 302
    return application


def _recommend(client, application, choice: str = "recommend") -> str:
    data = {"csrf_token": helpers.token(client, "/apply/recommender/")}
    client.post(f"/apply/recommender/applications/{application.id}/{choice}", data=data)
    return html.unescape(client.get("/apply/recommender/").get_data(as_text=True))


def test_at_most_two_teams_per_enterprise_across_every_recommending_unit(app, staff):
    office = app.test_client()
    sign_in(office, "admin")
    helpers.open_season(office)
    district_path = helpers.add_recommender(office, "浦东新区质量协会")
    industry_path = helpers.add_recommender(office, "上海市化工行业协会", "industry")
    district, industry, unit_a, unit_b, team = (app.test_client() for _ in range(5))
    helpers.join(district, district_path, "pudong", "王明")
    helpers.join(industry, industry_path, "huagong", "赵强")
    units = db.session.scalars(sa.select(Recommender).order_by(Recommender.id)).all()
    helpers.join(unit_a, helpers.add_enterprise(district, units[0].id, COMPANY), "huayi-a", "李华")
    helpers.join(unit_b, helpers.add_enterprise(industry, units[1].id, COMPANY), "huayi-b", "李华")
    via_district, via_industry = db.session.scalars(sa.select(Enterprise).order_by(Enterprise.id))
    helpers.join(team, helpers.invite_team(unit_a, via_district.id), "team-a", "张建国")
    team_path = helpers.invite_team(unit_b, via_industry.id)
    form = {"csrf_token": helpers.token(team, team_path), "as": "me"}
    assert team.post(team_path, data=form).status_code == 302  # the same person, both
    first = _approved(team, unit_a, via_district, "丙烯酸装置运行一班")
    second = _approved(team, unit_a, via_district, "丙烯酸装置运行二班")
    third = _approved(team, unit_a, via_district, "丙烯酸装置运行三班")
    fourth = _approved(team, unit_b, via_industry, "丙烯酸装置运行四班")

    page = _recommend(district, first)
    assert "已推荐 丙烯酸装置运行一班" in page
    assert "已推荐 1 / 2（每个企业最多 2 个班组，含其他推荐单位的推荐）" in page
    _recommend(district, second)
    page = _recommend(district, third)  # the same 推荐单位's third team
    assert (
        f"企业「{COMPANY}」已有 2 个班组被推荐（浦东新区质量协会：丙烯酸装置运行一班、"
        "浦东新区质量协会：丙烯酸装置运行二班）；按通知，每个企业最多推荐 2 个班组。"
        "如需更换，请先撤销其中一个推荐"
    ) in page
    page = _recommend(industry, fourth)  # the same enterprise through its industry
    assert f"企业「{COMPANY}」已有 2 个班组被推荐" in page
    db.session.expire_all()
    assert db.session.get(Application, fourth.id).status is ApplicationStatus.APPROVED

    page = _recommend(district, second, "withdraw")
    assert "已撤销推荐 丙烯酸装置运行二班" in page
    assert "已推荐 丙烯酸装置运行四班" in _recommend(industry, fourth)
    db.session.expire_all()
    statuses = [db.session.get(Application, a.id).status for a in (first, second, third, fourth)]
    assert statuses == [
        ApplicationStatus.RECOMMENDED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.RECOMMENDED,
    ]
    # Another 推荐单位's application is not this one's to recommend.
    assert (
        district.post(
            f"/apply/recommender/applications/{fourth.id}/withdraw",
            data={"csrf_token": helpers.token(district, "/apply/recommender/")},
        ).status_code
        == 404
    )
