"""形式审查's checklist per channel: items grouped by whose material they concern, findings
pre-checked with their evidence, a return telling each party its own items' sentences (by
mail through a real SMTP server), what each one's page shows, and who holds the application
until it comes back."""

from __future__ import annotations

import html
import io
import re
import subprocess
from datetime import timedelta

import sqlalchemy as sa

from contest.extensions import db
from contest.season.models import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    UnitOpinion,
    UnitOpinionSubmission,
)
from tests.season import helpers
from tests.season.files import blank_pdf
from tests.season.test_formal import _decide, _recommended
from tests.season.test_mail import inbox  # noqa: F401  (the SMTP server fixture)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _checked(page: str) -> dict[str, str]:
    """Each pre-checked item on the workbench: its key → the evidence shown."""
    found = re.findall(
        r'<label class="check finding" data-item="(\w+)"><input type="checkbox" name="reason" '
        r'value="\1" checked> <span class="item">[^<]*</span> '
        r'<span class="evidence">([^<]*)</span>',
        page,
    )
    return dict(found)


def _groups(page: str) -> dict[str, list[str]]:
    pattern = r'<fieldset class="checklist" data-group="(\w+)">(.*?)</fieldset>'
    parts = re.findall(pattern, page, re.S)
    return {group: re.findall(r'data-item="(\w+)"', body) for group, body in parts}


def test_the_checklist_groups_items_by_channel_and_prechecks_findings(app, staff):
    _team, office, (application,) = _recommended(app, staff)
    # What the system cannot refuse at upload but may meet later: a narrative counted over
    # the limit, an opinion submitted again after its sealed scan.
    narrative = db.session.scalars(
        sa.select(ApplicationFile).filter_by(application_id=application.id, kind="narrative")
    ).one()
    narrative.characters = 5123
    first = db.session.scalars(sa.select(UnitOpinionSubmission)).one()
    db.session.add(
        UnitOpinionSubmission(
            application_id=application.id, version=2, application_version=1,
            values=first.values, company_name=first.company_name, team_name=first.team_name,
            content_hash="0" * 64, submitted_by_id=first.submitted_by_id,
        )
    )  # fmt: skip
    db.session.scalars(sa.select(UnitOpinion)).one().version = 2
    db.session.commit()

    page = _text(office.get(f"/admin/season/applications/{application.id}"))
    assert _groups(page) == {
        "team": ["form", "company", "team_name", "narrative", "scan", "basic_unit"],
        "enterprise": ["opinion", "opinion_scan"],
        "recommender": ["unit_report", "form23", "form24"],
    }
    assert _checked(page) == {
        "narrative": "系统发现：班组创建材料 5,123 字，超过 5,000 字",
        "scan": "系统发现：扫描件核对：未识别到二维码",
        "opinion_scan": "系统发现：扫描件对应第 1 次提交，最新为第 2 次",
        "unit_report": "系统发现：附件 2-1、2-2：未提交",
        "form23": "系统发现：附件 2-3：未提交",
        "form24": "系统发现：附件 2-4：未提交",
    }
    assert (
        '<span class="sentence">班组名称应为全称，且不挂上级部门名称，请修改班组名称。</span>'
    ) in page


def test_a_return_tells_each_party_its_own_items_and_holds_until_both_fixed(
    app,
    staff,
    inbox,  # noqa: F811
):
    team, office, (application,) = _recommended(app, staff)
    inbox.received.clear()
    until = helpers.local(timedelta(days=5))
    shown_until = until.replace("T", " ")
    note = "请于修改后电话告知秘书处"
    done = _decide(
        office, application, outcome="returned", until=until, note=note,
        reason=["team_name", "opinion_scan", "form23"],
    )  # fmt: skip
    assert done.headers["Location"] == "/admin/season/review"
    got = {to[0]: mail for to, mail in inbox.received}
    assert sorted(got) == ["13900001111@example.com", "huayi@example.com", "pudong@example.com"]
    subject = "形式审查退回修改：申报表 2026-0001"
    assert {mail["Subject"] for mail in got.values()} == {subject}
    assert got["13900001111@example.com"].get_content() == (
        "您的申报表 2026-0001（丙烯酸装置运行三班）形式审查需要修改：\n"
        "- 班组名称应为全称，且不挂上级部门名称，请修改班组名称。\n"
        f"说明：{note}\n"
        f"请在 {shown_until}（北京时间）前修改并重新提交，逾期不能再修改。\n"
    )
    assert got["huayi@example.com"].get_content() == (
        "本单位推荐的申报表 2026-0001（丙烯酸装置运行三班）形式审查需要修改：\n"
        "- 请按最新提交的评分与推荐意见打印评分与推荐意见表，加盖公章后上传扫描件。\n"
        f"说明：{note}\n"
        f"请在 {shown_until}（北京时间）前修改评分与推荐意见，并上传最新的盖章扫描件，"
        "逾期不能再修改。\n"
    )
    assert got["pudong@example.com"].get_content() == (
        "贵单位推荐的申报表 2026-0001（丙烯酸装置运行三班）形式审查需要修改：\n"
        "- 推荐表（附件 2-3）未提交，或推荐情况变化后需重新提交，请提交最新的推荐表。\n"
        f"说明：{note}\n"
        f"请在 {shown_until}（北京时间）前提交上述推荐单位材料。\n"
    )

    # What each one's page shows: its own sentences, the note, the window.
    team_page = _text(team.get(f"/apply/team/{application.id}"))
    assert "<li>班组名称应为全称，且不挂上级部门名称，请修改班组名称。</li>" in team_page
    assert "请按最新提交的评分与推荐意见" not in team_page
    unit, recommender = app.test_client(), app.test_client()
    for client, name in ((unit, "huayi"), (recommender, "pudong")):
        form = {"csrf_token": helpers.token(client, "/apply/login"), "username": name,
                "password": f"zhiliang-2026-{name}"}  # fmt: skip
        assert client.post("/apply/login", data=form).status_code == 302
    unit_page = _text(unit.get(f"/apply/unit/applications/{application.id}/opinion"))
    assert re.findall(r'<ul class="items">(.*?)</ul>', unit_page) == [
        "<li>请按最新提交的评分与推荐意见打印评分与推荐意见表，加盖公章后上传扫描件。</li>"
    ]
    assert f'<p class="note">说明：{note}</p>' in unit_page
    assert (
        f'<p class="window">请在 {shown_until}（北京时间）前修改评分与推荐意见，'
        "并上传最新的盖章扫描件，逾期不能再修改。</p>"
    ) in unit_page
    home = _text(recommender.get("/apply/recommender/"))
    assert re.findall(r'<ul class="items">(.*?)</ul>', home) == [
        "<li>推荐表（附件 2-3）未提交，或推荐情况变化后需重新提交，请提交最新的推荐表。</li>"
    ]
    assert f"请在 {shown_until}（北京时间）前提交上述推荐单位材料。" in home

    # The team resubmits: the enterprise still holds it (its scan is owed).
    url = f"/apply/team/{application.id}"
    submit = f"{url}/submit"
    assert team.post(submit, data={"csrf_token": helpers.token(team, submit)}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).status is ApplicationStatus.FORMAL_RETURNED
    detail = _text(office.get(f"/admin/season/applications/{application.id}"))
    assert '<p class="meta" id="waiting-on">退回修改，等待：单位</p>' in detail
    # The enterprise uploads the sealed scan again: back to 形式审查, nobody waits.
    scan_url = f"/apply/unit/applications/{application.id}/opinion/scan"
    form = {
        "csrf_token": helpers.token(unit, f"/apply/unit/applications/{application.id}/opinion"),
        "file": (io.BytesIO(blank_pdf(1)), "评分表（重新盖章）.pdf"),
    }
    sent = unit.post(scan_url, data=form, content_type="multipart/form-data")
    assert sent.status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).status is ApplicationStatus.RECOMMENDED
    assert "waiting-on" not in _text(office.get(f"/admin/season/applications/{application.id}"))
    # The enterprise's page no longer shows the return; the 推荐单位's does, within its window.
    assert "formal-return" not in _text(unit.get(f"/apply/unit/applications/{application.id}"))
    assert 'class="card returned formal-return"' in _text(recommender.get("/apply/recommender/"))


def test_an_enterprise_only_return_leaves_the_team_nothing_to_fix(app, staff):
    team, office, (application,) = _recommended(app, staff)
    until = helpers.local(timedelta(days=2))
    assert _decide(office, application, outcome="returned", until=until,
                   reason=["opinion"]).status_code == 302  # fmt: skip
    page = _text(team.get(f"/apply/team/{application.id}"))
    assert (
        '<p class="muted" id="returned-elsewhere">本次退回修改的是企业的评分与推荐意见，'
        "申报表无需修改；企业修改后，申报表将回到形式审查。</p>"
    ) in page
    messages = _text(team.get("/apply/messages"))
    assert "形式审查退回修改" not in messages


def test_a_return_of_the_recommenders_items_alone_is_refused(app, staff):
    _team, office, (application,) = _recommended(app, staff)
    until = helpers.local(timedelta(days=2))
    refused = _decide(office, application, outcome="returned", until=until, reason=["form24"])
    assert refused.status_code == 422
    assert (
        "只勾选了推荐单位的项目：推荐单位材料不随本申报表退回。"
        "请同时勾选班组或单位需修改的项目，或选择“通过”"
    ) in _text(refused)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status is ApplicationStatus.RECOMMENDED


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def test_the_report_as_pdf_in_total_and_per_recommender(app, staff, tmp_path):
    _team, office, applications = _recommended(
        app, staff, names=("丙烯酸装置运行三班", "聚合装置运行一班")
    )
    until = helpers.local(timedelta(days=2))
    assert _decide(office, applications[0], outcome="accepted").status_code == 302
    assert _decide(office, applications[1], outcome="returned", until=until,
                   reason=["team_name"], note="名称请用全称").status_code == 302  # fmt: skip
    total = office.get("/admin/season/formal-report.pdf")
    assert total.status_code == 200
    assert total.headers["Content-Disposition"] == (
        "attachment; filename*=UTF-8''2026%E5%B9%B4%E5%BD%A2%E5%BC%8F%E5%AE%A1%E6%9F%A5"
        "%E6%8A%A5%E5%91%8A.pdf"
    )
    text = _pdf_text(total.data, tmp_path)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    season_name = db.session.get(Application, applications[0].id).season.name
    assert lines[0] == f"{season_name} 形式审查报告（总表）"
    assert re.fullmatch(r"上海市质量协会秘书处 · \d{4}年\d{1,2}月\d{1,2}日", lines[1])
    figures = "共 2 份：通过 1，退回修改中 1，不予受理 0，待形式审查 0"
    assert lines.count(figures) == 2  # 总表 and 浦东新区质量协会
    assert "名称请用全称" in text.replace("\n", "")
    assert "班组名称不是全称，或挂了上级部门名称；名称请用全称" in text.replace("\n", "")
    unit_id = applications[0].enterprise.recommender_id
    one = office.get(f"/admin/season/recommenders/{unit_id}/formal-report.pdf")
    unit_lines = [ln.strip() for ln in _pdf_text(one.data, tmp_path).splitlines() if ln.strip()]
    assert unit_lines[0] == f"{season_name} 形式审查报告（浦东新区质量协会）"
    assert unit_lines.count(figures) == 1
    assert "总表" not in unit_lines
    assert office.get("/admin/season/recommenders/999/formal-report.pdf").status_code == 404
