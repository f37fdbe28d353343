"""The deadline: read-only after the close until staff grant an extension (the 延期记录), and
系统问题报告 filed before it, timestamped by the server."""

from __future__ import annotations

import html

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.season.models import Application
from tests.conftest import sign_in
from tests.season import helpers
from tests.season.test_channels import COMPANY, _season_with_a_team
from tests.season.test_form12 import GOOD


def test_after_the_close_everything_is_read_only_until_staff_grant_an_extension(app, staff):
    import io
    from datetime import timedelta
    from urllib.parse import quote

    from openpyxl import load_workbook

    from contest.models.types import utcnow
    from contest.season.models import Season

    team, unit, enterprise = _season_with_a_team(app, staff)
    team.post(
        "/apply/team/new",
        data={"csrf_token": helpers.token(team, "/apply/team/"), "enterprise": enterprise.id},
    )
    application = db.session.scalar(sa.select(Application))
    url = f"/apply/team/{application.id}"
    helpers.attach_both(team, application.id)
    season = db.session.scalar(sa.select(Season))
    season.closes_at = utcnow() - timedelta(minutes=1)  # 22:00 has passed
    db.session.commit()

    late = team.post(url, data={**GOOD, "csrf_token": helpers.token(team, url), "next": "draft"})
    page = html.unescape(team.get(late.headers["Location"]).get_data(as_text=True))
    assert (
        "在线申报已截止，申报表和附件不能再修改或提交；如确因特殊情况需要延期，请联系秘书处" in page
    )
    assert 'id="form12"' not in page and "在线申报已于" in page
    db.session.expire_all()
    assert db.session.get(Application, application.id).form == {}

    office = app.test_client()
    sign_in(office, "admin")
    until = helpers.local(timedelta(days=2))
    form = {"csrf_token": helpers.token(office, "/admin/season/"), "number": "2026-0001"}
    refused = office.post("/admin/season/extensions", data={**form, "until": until, "reason": " "})
    assert refused.status_code == 422
    assert "请写明延期原因（不超过 500 字），它将记入延期记录" in html.unescape(
        refused.get_data(as_text=True)
    )
    reason = "7月25日21:40起系统上传故障（系统问题报告 #3），班组未能提交"
    granted = office.post(
        "/admin/season/extensions", data={**form, "until": until, "reason": reason}
    )
    assert granted.status_code == 302
    # The banner now gives this application's own time, not the season's close.
    page = html.unescape(team.get(url).get_data(as_text=True))
    shown = until.replace("T", " ")
    assert f"在线申报已截止；本申报（2026-0001）的修改期限延至 {shown}（北京时间）" in page
    assert "现仅可查看" not in page and 'id="form12"' in page
    assert "现仅可查看" in html.unescape(team.get("/apply/team/").get_data(as_text=True))
    done = team.post(url, data={**GOOD, "csrf_token": helpers.token(team, url), "next": "submit"})
    assert done.headers["Location"] == f"{url}/submit"
    submitted = team.post(
        f"{url}/submit", data={"csrf_token": helpers.token(team, f"{url}/submit")}
    )
    assert submitted.headers["Location"] == f"{url}/receipt/1"
    review = f"/apply/unit/applications/{application.id}"  # the enterprise, within it too
    helpers.complete_opinion(unit, application.id)
    data = {"csrf_token": helpers.token(unit, review), "outcome": "approved"}
    assert unit.post(review, data=data).status_code == 302

    workbook = office.get("/admin/season/extensions.xlsx")
    assert workbook.headers["Content-Disposition"] == (
        "attachment; filename*=UTF-8''" + quote("2026年申报延期记录.xlsx")
    )
    rows = list(load_workbook(io.BytesIO(workbook.data)).active.iter_rows(values_only=True))
    assert rows[1] == ("申报编号", "企业名称", "班组名称", "推荐单位", "延期至（北京时间）",
                       "原因", "批准人", "批准时间（北京时间）")  # fmt: skip
    assert rows[2][:4] == ("2026-0001", COMPANY, "丙烯酸装置运行三班", "浦东新区质量协会")
    assert (rows[2][4], rows[2][5], rows[2][6]) == (until.replace("T", " "), reason, "秘书处管理员")
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "season.extension_granted")
    ).one()
    assert entry.data == {"number": "2026-0001", "until": until.replace("T", " "), "reason": reason}


def test_a_problem_report_is_timestamped_and_listed_for_staff(app, staff):
    from datetime import timedelta

    from contest.models.types import utcnow
    from contest.season.models import ProblemReport, Season

    team, _unit, _enterprise = _season_with_a_team(app, staff)
    empty = team.post("/apply/problems", data={"csrf_token": helpers.token(team, "/apply/")})
    assert empty.status_code == 422
    assert "请描述遇到的问题：在哪一步、看到什么提示、什么时间" in html.unescape(
        empty.get_data(as_text=True)
    )
    text = "21:40 上传扫描件时一直显示“正在上传”，刷新后附件仍为尚未上传"
    filed = team.post(
        "/apply/problems", data={"csrf_token": helpers.token(team, "/apply/"), "text": text}
    )
    report = db.session.scalar(sa.select(ProblemReport))
    page = html.unescape(team.get(filed.headers["Location"]).get_data(as_text=True))
    from contest.season.current import beijing

    assert (
        f"已收到系统问题报告 #{report.id}，服务器时间 {beijing(report.filed_at)}（北京时间）；"
        "秘书处将据此核实"
    ) in page
    office = app.test_client()
    sign_in(office, "admin")
    listing = html.unescape(office.get("/admin/season/").get_data(as_text=True))
    assert f'<td class="text">{text}</td>' in listing
    season = db.session.scalar(sa.select(Season))
    season.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    late = team.post(
        "/apply/problems", data={"csrf_token": helpers.token(team, "/apply/"), "text": "x"}
    )
    assert "系统问题报告只能在申报开放期间提交；截止后请直接联系秘书处" in html.unescape(
        late.get_data(as_text=True)
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProblemReport)) == 1
