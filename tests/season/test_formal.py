"""形式审查 through the staff pages: returned with a window, corrected and back with its
changes shown, passed; refused with a reason; every step in the record and the notices."""

from __future__ import annotations

import html
from datetime import timedelta

import sqlalchemy as sa

from contest.extensions import db
from contest.season.models import Application, ApplicationStatus, Extension, Message
from tests.conftest import sign_in
from tests.season import helpers
from tests.season.test_channels import _approved, _recommend, _season_with_a_team
from tests.season.test_form12 import GOOD


def _recommended(app, staff, names=("丙烯酸装置运行三班",)):
    team, unit, enterprise = _season_with_a_team(app, staff)
    recommender = app.test_client()
    # The 推荐单位's person signs in again (their client was local to the helper).
    form = {"csrf_token": helpers.token(recommender, "/apply/login"), "username": "pudong",
            "password": "zhiliang-2026-pudong"}  # fmt: skip
    assert recommender.post("/apply/login", data=form).status_code == 302
    applications = []
    for name in names:
        application = _approved(team, unit, enterprise, name)
        _recommend(recommender, application)
        applications.append(application)
    office = app.test_client()
    sign_in(office, "admin")
    return team, office, applications


def _decide(office, application, **fields):
    url = f"/admin/season/applications/{application.id}"
    data = {"csrf_token": helpers.token(office, url), **fields}
    return office.post(url, data=data)


def test_returned_with_a_window_corrected_and_passed(app, staff):
    team, office, (application,) = _recommended(app, staff)
    board = html.unescape(office.get("/admin/season/review").get_data(as_text=True))
    assert '<td class="state">待形式审查</td>' in board
    refused = _decide(office, application, outcome="returned")
    assert refused.status_code == 422
    assert "退回修改时请勾选不符合的项目或填写说明，让班组知道需要改什么" in html.unescape(
        refused.get_data(as_text=True)
    )
    item = "班组名称不是全称，或挂了上级部门名称"
    no_window = _decide(office, application, outcome="returned", reason=[item])
    assert "请设定修改期限：晚于现在，且不超过 15 天" in html.unescape(
        no_window.get_data(as_text=True)
    )
    until = helpers.local(timedelta(days=3))
    done = _decide(office, application, outcome="returned", reason=[item], until=until)
    assert done.headers["Location"] == "/admin/season/review"
    db.session.expire_all()
    assert db.session.get(Application, application.id).status is ApplicationStatus.FORMAL_RETURNED
    window = db.session.scalars(sa.select(Extension)).one()
    assert window.reason == "形式审查退回修改的修改期限"

    url = f"/apply/team/{application.id}"
    page = html.unescape(team.get(url).get_data(as_text=True))
    assert "<h2>形式审查退回修改</h2>" in page
    assert "<li>班组名称应为全称，且不挂上级部门名称，请修改班组名称。</li>" in page
    assert f"请在 {until.replace('T', ' ')}（北京时间）前修改并重新提交，逾期不能再修改。" in page
    fixed = {
        **GOOD,
        "team_name": "丙烯酸装置运行三班（Ⅱ线）",
        "csrf_token": helpers.token(team, url),
    }
    assert team.post(url, data={**fixed, "next": "submit"}).status_code == 302
    team.post(f"{url}/submit", data={"csrf_token": helpers.token(team, f"{url}/submit")})
    db.session.expire_all()
    saved = db.session.get(Application, application.id)
    assert (saved.status, saved.version) == (ApplicationStatus.RECOMMENDED, 2)  # straight back

    detail = html.unescape(
        office.get(f"/admin/season/applications/{application.id}").get_data(as_text=True)
    )
    assert (
        "<tr><td>质量信得过班组名称</td><td>丙烯酸装置运行三班</td>"
        "<td><b>丙烯酸装置运行三班（Ⅱ线）</b></td></tr>"
    ) in detail
    assert _decide(office, application, outcome="accepted").status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).status is ApplicationStatus.ACCEPTED
    subjects = db.session.scalars(
        sa.select(Message.subject)
        .where(Message.applicant_id == application.owner_id)
        .order_by(Message.id)
    ).all()
    assert subjects[-2:] == ["形式审查退回修改：申报表 2026-0001", "形式审查通过：申报表 2026-0001"]


def test_refused_only_with_a_reason(app, staff):
    _team, office, (application,) = _recommended(app, staff)
    refused = _decide(office, application, outcome="refused")
    assert "不予受理时请写明理由，它将通知申报班组" in html.unescape(refused.get_data(as_text=True))
    reason = "申报班组为车间，不是企业最基础的正式组织单元"
    assert _decide(office, application, outcome="refused", note=reason).status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).status is ApplicationStatus.REFUSED
    body = db.session.scalars(sa.select(Message.body).order_by(Message.id.desc())).first()
    assert body == f"您的申报表 2026-0001（丙烯酸装置运行三班）不予受理。理由：{reason}"
    again = _decide(office, application, outcome="accepted")
    assert "该申报表当前不在待形式审查状态" in html.unescape(again.get_data(as_text=True))


def test_accepted_applications_become_the_contests_teams_with_names_byte_for_byte(app, staff, demo):
    from contest.models import Team

    _team, office, applications = _recommended(
        app, staff, names=("丙烯酸装置运行三班（Ⅱ线）", "聚合装置  运行一班")
    )
    for application in applications:
        assert _decide(office, application, outcome="accepted").status_code == 302
    venue = demo.venues[0]
    before = {t.id for t in db.session.scalars(sa.select(Team))}
    form = {
        "csrf_token": helpers.token(office, "/admin/season/review"),
        "venue": venue.id,
        "application": [a.id for a in applications],
    }
    done = office.post("/admin/season/into-contest", data=form)
    assert done.headers["Location"] == f"/admin/contests/{demo.id}"
    page = html.unescape(office.get(done.headers["Location"]).get_data(as_text=True))
    assert f"已在「{demo.name}」{venue.name}生成 2 个班组，名称与申报表一致" in page
    made = db.session.scalars(sa.select(Team).where(Team.id.not_in(before)).order_by(Team.id)).all()
    company = "上海华谊（集团）公司  丙烯酸厂"
    assert [
        (t.company_name, t.team_name, t.member_count, t.unit.name, t.venue_id) for t in made
    ] == [
        (company, "丙烯酸装置运行三班（Ⅱ线）", 12, "浦东新区质量协会", venue.id),
        (company, "聚合装置  运行一班", 12, "浦东新区质量协会", venue.id),
    ]
    assert made[0].company_name.encode() == company.encode()
    db.session.expire_all()
    assert [db.session.get(Application, a.id).contest_team_id for a in applications] == [
        t.id for t in made
    ]
    # The contest's results are now the season's: its certificates wait for publication.
    from contest.publicity import gate
    from contest.publicity.results import linked_ids

    assert linked_ids(applications[0].season_id) == [demo.id]
    assert gate.refusal(demo.id) is not None
    again = office.post("/admin/season/into-contest", data=form, follow_redirects=True)
    assert "请勾选要生成班组的申报表（只能选择已通过形式审查、尚未生成的）" in html.unescape(
        again.get_data(as_text=True)
    )


def test_removing_the_contest_keeps_the_seasons_applications(app, staff, demo, tmp_path):
    from contest.season import into_contest
    from contest.season.models import Season, Submission
    from contest.setup.removal import remove_contest

    _team, office, (application,) = _recommended(app, staff)
    application_id, contest_id, name = application.id, demo.id, demo.name
    _decide(office, application, outcome="accepted")
    form = {
        "csrf_token": helpers.token(office, "/admin/season/review"),
        "venue": demo.venues[0].id,
        "application": [application_id],
    }
    office.post("/admin/season/into-contest", data=form)
    remove_contest(contest_id=contest_id, typed_name=name, folder=tmp_path, actor="staff:1")
    db.session.expire_all()
    kept = db.session.get(Application, application_id)
    assert kept is not None and kept.status is ApplicationStatus.ACCEPTED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 1
    season = db.session.scalar(sa.select(Season))
    assert [a.id for a in into_contest.candidates(season)] == [application_id]  # again
    from contest.publicity.results import linked_ids

    assert linked_ids(season.id) == []  # a later contest with the same id is not the season's


def test_the_formal_report_has_a_total_and_a_sheet_per_recommending_unit(app, staff):
    import io

    from openpyxl import load_workbook

    _team, office, (passed, returned) = _recommended(
        app, staff, names=("丙烯酸装置运行三班", "聚合装置  运行一班")
    )
    _decide(office, passed, outcome="accepted")
    item = "企业名称与公章不一致"
    _decide(office, returned, outcome="returned", reason=[item], note="请用公章全称",
            until=helpers.local(timedelta(days=2)))  # fmt: skip
    got = office.get("/admin/season/formal-report.xlsx")
    book = load_workbook(io.BytesIO(got.data))
    assert book.sheetnames == ["总表", "浦东新区质量协会", "推荐单位材料"]
    rows = list(book["总表"].iter_rows(values_only=True))
    assert rows[1][0] == "共 2 份：通过 1，退回修改中 1，不予受理 0，待形式审查 0"
    company = "上海华谊（集团）公司  丙烯酸厂"
    assert rows[3][:6] == (
        "2026-0001",
        "浦东新区质量协会",
        company,
        "丙烯酸装置运行三班",
        "通过",
        None,
    )
    assert rows[4][:6] == (
        "2026-0002", "浦东新区质量协会", company, "聚合装置  运行一班", "退回修改中",
        f"{item}；请用公章全称",
    )  # fmt: skip
    assert list(book["浦东新区质量协会"].iter_rows(values_only=True))[3:] == rows[3:]
