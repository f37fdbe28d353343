"""单位通道 评分与推荐意见 through the pages: drafts and versions never overwritten, 同意推荐
refused until it is submitted and its sealed scan uploaded (each missing thing named and
linked), read-only for the 推荐单位 and 形式审查, served to nobody else, frozen after the close.
(The form's own checks, word for word: test_opinion_form.py.)"""

from __future__ import annotations

import html
import io
from datetime import timedelta

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.models.types import utcnow
from contest.season.models import (
    Application,
    ApplicationStatus,
    Season,
    UnitOpinion,
    UnitOpinionSubmission,
)
from contest.season.opinion import records
from tests.conftest import sign_in
from tests.season import helpers
from tests.season.files import blank_pdf
from tests.season.test_channels import _season_with_a_team, _submitted
from tests.season.test_form12 import GOOD

CLOSED = "在线申报已截止，申报表和附件不能再修改或提交；如确因特殊情况需要延期，请联系秘书处"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _save(client, application, values, next_="draft"):
    url = f"/apply/unit/applications/{application.id}/opinion"
    data = {**values, "csrf_token": helpers.token(client, url), "next": next_}
    return client.post(url, data=data)


def _scan(client, application, data: bytes, name: str = "评分与推荐意见表.pdf"):
    url = f"/apply/unit/applications/{application.id}/opinion"
    form = {"csrf_token": helpers.token(client, url), "file": (io.BytesIO(data), name)}
    return client.post(f"{url}/scan", data=form, content_type="multipart/form-data")


def _approve(client, application):
    review = f"/apply/unit/applications/{application.id}"
    data = {"csrf_token": helpers.token(client, review), "outcome": "approved"}
    return client.post(review, data=data)


def _actions(application) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry.action)
            .where(
                AuditEntry.subject == f"application:{application.id}",
                AuditEntry.action.like("season.unit_opinion%"),
            )
            .order_by(AuditEntry.id)
        )
    )


def test_drafts_are_kept_and_each_submission_is_a_new_version_never_overwritten(app, staff):
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    url = f"/apply/unit/applications/{application.id}/opinion"
    page = _text(unit.get(url))
    assert "请对照《上海市“质量信得过班组”建设经验申报/推荐要求》（附件1-1）逐项对标对表" in page
    assert '<input name="filler" value="李华"' in page  # a blank form starts with the person

    saved = _save(unit, application, {"rating_1": "meets", "score": "１０１"})
    assert saved.headers["Location"] == url
    page = _text(unit.get(url))
    assert "草稿已保存；还有 1 处需要修改（见红色提示）" in page
    assert (
        '<span class="field-error" role="alert">自评得分应在 0 到 100 之间，现为 101</span>' in page
    )
    assert '<input name="score" value="１０１"' in page  # as typed
    assert db.session.scalar(sa.select(UnitOpinion)).values["rating_1"] == "meets"

    refused = _save(unit, application, {"rating_1": "meets", "score": "92.5"}, "submit")
    page = _text(refused)
    assert refused.status_code == 422
    assert "还有 9 处需要填写或修改，已保存草稿；请按红色提示改正后再提交" in page
    assert (
        '<li><a href="#field-rating_2">请评价第 2 项要求：选择符合、基本符合或不符合</a></li>'
        in page
    )
    assert '<li><a href="#field-opinion">请填写推荐意见</a></li>' in page
    assert db.session.scalar(sa.select(sa.func.count(UnitOpinionSubmission.id))) == 0

    typed = helpers.opinion_values(score="９２。５")
    done = _save(unit, application, typed, "submit")
    assert done.headers["Location"] == f"{url}#scan"
    page = _text(unit.get(url))
    assert (
        "已提交评分与推荐意见（第 1 次）；请按提交的内容填写评分与推荐意见表，加盖公章后扫描上传"
        in page
    )
    first = db.session.scalar(sa.select(UnitOpinionSubmission))
    assert (first.version, first.application_version, first.values["score"]) == (1, 1, "92.5")
    assert (first.company_name, first.team_name) == (enterprise.name, "丙烯酸装置运行三班")
    assert first.content_hash == records.content_hash(
        values=first.values,
        company_name=enterprise.name,
        team_name="丙烯酸装置运行三班",
        number="2026-0001",
        application_version=1,
        version=1,
    )
    assert f'<span class="hash">{first.content_hash}</span>' in page

    again = _save(unit, application, typed, "submit")  # the same content: no new version
    assert "评分与推荐意见与上次提交的内容相同，无需重复提交" in _text(
        unit.get(again.headers["Location"])
    )
    changed = helpers.opinion_values(
        score="95", rating_6="fails", remark_6="去年有一起轻微质量事故"
    )
    _save(unit, application, changed)  # a draft: the 推荐单位 still sees version 1
    assert "有修改尚未提交：推荐单位和秘书处看到的仍是第 1 次提交的内容。" in _text(unit.get(url))
    _save(unit, application, changed, "submit")
    db.session.expire_all()
    versions = db.session.scalars(
        sa.select(UnitOpinionSubmission).order_by(UnitOpinionSubmission.version)
    ).all()
    assert [(v.version, v.values["score"], v.values["rating_6"]) for v in versions] == [
        (1, "92.5", "meets"),
        (2, "95", "fails"),
    ]
    assert versions[0].content_hash == first.content_hash  # never overwritten
    assert versions[1].content_hash != first.content_hash
    assert _actions(application) == [
        "season.unit_opinion_saved",
        "season.unit_opinion_saved",
        "season.unit_opinion_saved",
        "season.unit_opinion_submitted",
        "season.unit_opinion_saved",
        "season.unit_opinion_submitted",
    ]


def test_approval_is_refused_until_the_opinion_is_submitted_and_its_scan_uploaded(app, staff):
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    link = f"/apply/unit/applications/{application.id}/opinion"
    review = _text(unit.get(f"/apply/unit/applications/{application.id}"))
    assert (
        "同意推荐前，须已提交评分与推荐意见，并上传加盖公章的评分与推荐意见表扫描件；"
        "退回修改不需要。目前还差 12 项。"
    ) in review
    assert '<li id="opinion-state" class="todo">尚未填写</li>' in review

    refused = _approve(unit, application)
    page = _text(refused)
    assert refused.status_code == 422
    assert '<p id="decision-error">同意推荐前还需完成以下 12 项（点击前往填写）：</p>' in page
    assert (
        f'<li><a href="{link}#field-rating_1">'
        "请评价第 1 项要求：选择符合、基本符合或不符合</a></li>" in page
    )
    assert f'<li><a href="{link}#field-filled_on">请填写日期</a></li>' in page
    assert (
        f'<li><a href="{link}#scan">尚未上传加盖公章的评分与推荐意见表扫描件（PDF）</a></li>'
        in page
    )

    # A scan before any 提交 is refused: it would vouch for nothing.
    early = _scan(unit, application, blank_pdf(1))
    assert (
        "请先提交评分与推荐意见，再上传按提交内容填写并加盖公章的评分与推荐意见表扫描件"
        in _text(unit.get(early.headers["Location"]))
    )
    _save(unit, application, helpers.opinion_values(remark_7=""))
    page = _text(_approve(unit, application))
    assert '<p id="decision-error">同意推荐前还需完成以下 2 项（点击前往填写）：</p>' in page
    assert (
        f'<li><a href="{link}#field-remark_7">第 7 项评为“基本符合”，请在说明中写明原因</a></li>'
        in page
    )
    _save(unit, application, helpers.opinion_values())
    page = _text(_approve(unit, application))
    assert (
        f'<li><a href="{link}#opinion-actions">'
        "评分与推荐意见尚未提交；请按“提交评分与推荐意见”</a></li>" in page
    )
    _save(unit, application, helpers.opinion_values(), "submit")
    assert _scan(unit, application, b"not a pdf", "评分表.pdf").status_code == 302
    assert records.scan(application) is None  # a refused file leaves nothing
    _scan(unit, application, blank_pdf(2))
    _save(unit, application, helpers.opinion_values(score="90"), "submit")  # version 2
    page = _text(_approve(unit, application))
    assert (
        f'<li><a href="{link}#scan">已上传的盖章扫描件是第 1 次提交的；'
        "请按第 2 次提交的内容盖章后重新上传</a></li>"
    ) in page
    _save(unit, application, helpers.opinion_values(score="88"))  # changed, not submitted
    page = _text(_approve(unit, application))
    assert (
        f'<li><a href="{link}#opinion-actions">'
        "评分与推荐意见有修改尚未提交；请提交后再同意推荐</a></li>" in page
    )
    _save(unit, application, helpers.opinion_values(score="90"))  # back as submitted
    scan = blank_pdf(3)
    receipt = _scan(unit, application, scan)
    assert "共 3 页，SHA-256 " in _text(unit.get(receipt.headers["Location"]))
    db.session.expire_all()
    assert db.session.get(Application, application.id).status is ApplicationStatus.SUBMITTED

    assert _approve(unit, application).headers["Location"] == "/apply/unit/"
    db.session.expire_all()
    assert db.session.get(Application, application.id).status is ApplicationStatus.APPROVED
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "season.application_approved")
    ).one()
    latest = records.latest(application)
    assert (entry.data["opinion_version"], entry.data["opinion_sha256"]) == (
        2,
        latest.content_hash,
    )
    # Decided: the opinion is the one approved with, no longer changeable.
    late = _save(unit, application, helpers.opinion_values(score="70"))
    assert (
        "该申报表当前不在待本单位审核状态，评分与推荐意见不能修改；请刷新页面查看最新状态"
        in _text(unit.get(late.headers["Location"]))
    )
    page = _text(unit.get(link))
    assert 'id="opinion-form"' not in page and 'id="scan-form"' not in page
    assert '<tr data-key="score"><th>自评得分</th>' in page
    assert records.draft(application).values["score"] == "90"


def test_a_return_needs_no_opinion_and_a_resubmission_keeps_the_enterprise_scan_apart(app, staff):
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    helpers.complete_opinion(unit, application.id)
    review = f"/apply/unit/applications/{application.id}"
    data = {"csrf_token": helpers.token(unit, review), "outcome": "returned", "note": "请核对人数"}
    assert unit.post(review, data=data).headers["Location"] == "/apply/unit/"
    other = _submitted(team, enterprise)  # a second team: returned with nothing filled in
    data = {"csrf_token": helpers.token(unit, review), "outcome": "returned", "note": "请补充"}
    assert unit.post(f"/apply/unit/applications/{other.id}", data=data).status_code == 302

    url = f"/apply/team/{application.id}"
    team.post(url, data={**GOOD, "member_count": "13", "csrf_token": helpers.token(team, url),
                         "next": "submit"})  # fmt: skip
    done = team.post(f"{url}/submit", data={"csrf_token": helpers.token(team, f"{url}/submit")})
    assert done.headers["Location"] == f"{url}/receipt/2"
    db.session.expire_all()
    assert set(db.session.get(Application, application.id).submissions[-1].files) == {
        "narrative",
        "scan",
    }
    # The enterprise's opinion and scan still stand for the corrected 申报表.
    assert _approve(unit, application).status_code == 302
    assert team.get(f"{url}/files/opinion_scan").status_code == 404


def test_the_scan_and_opinion_are_shown_to_the_enterprise_its_recommender_and_staff_only(
    app, staff
):
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    helpers.complete_opinion(unit, application.id)
    scan_path = f"/apply/unit/applications/{application.id}/opinion/scan"
    got = unit.get(scan_path)
    assert (got.status_code, got.data) == (200, blank_pdf(1))
    assert "filename*=UTF-8''%E8%AF%84%E5%88%86%E8%A1%A8.pdf" in got.headers["Content-Disposition"]
    assert team.get(scan_path).status_code == 404  # the team is not the enterprise
    assert team.get(f"/apply/unit/applications/{application.id}/opinion").status_code == 404
    assert app.test_client().get(scan_path).headers["Location"] == (
        f"/apply/login?next={scan_path}"
    )

    recommender = app.test_client()
    form = {"csrf_token": helpers.token(recommender, "/apply/login"), "username": "pudong",
            "password": "zhiliang-2026-pudong"}  # fmt: skip
    assert recommender.post("/apply/login", data=form).status_code == 302
    page_path = f"/apply/recommender/applications/{application.id}"
    assert recommender.get(page_path).status_code == 404  # not yet approved by the enterprise
    assert _approve(unit, application).status_code == 302
    page = _text(recommender.get(page_path))
    latest = records.latest(application)
    assert '<p class="meta" id="opinion-version">第 1 次提交 · ' in page
    assert '<tr data-key="rating_7"><th>7. 各行业、集团对申报的上海市质量信得过班组典型经验' in page
    assert (
        '<td><span class="rating">基本符合</span>'
        '<span class="note">本集团发表评审安排在 8 月，材料审核已完成</span></td>'
    ) in page
    assert f'<span class="hash" id="opinion-hash">{latest.content_hash}</span>' in page
    assert '<p class="uploaded" id="opinion-scan-receipt">已收到「评分表.pdf」：' in page
    got = recommender.get(f"{page_path}/opinion-scan")
    assert (got.status_code, got.data) == (200, blank_pdf(1))
    home = _text(recommender.get("/apply/recommender/"))
    assert f'<a href="{page_path}" class="number">2026-0001</a>' in home

    # Another 推荐单位 (and its enterprise) sees none of it.
    office = app.test_client()
    sign_in(office, "admin")
    path = helpers.add_recommender(office, "上海市化工行业协会", "industry")
    stranger = app.test_client()
    helpers.join(stranger, path, "huagong", "赵强")
    assert stranger.get(page_path).status_code == 404
    assert stranger.get(f"{page_path}/opinion-scan").status_code == 404

    staff_page = _text(office.get(f"/admin/season/applications/{application.id}"))
    staff_scan = f"/admin/season/applications/{application.id}/opinion-scan"
    assert f'<a href="{staff_scan}" class="download" id="opinion-scan-link">' in staff_page
    assert '<tr data-key="score"><th>自评得分</th><td><span class="value">92.5</span>' in staff_page
    got = office.get(staff_scan)
    assert (got.status_code, got.data) == (200, blank_pdf(1))
    assert stranger.get(staff_scan).headers["Location"].startswith("/staff/login")


def test_after_the_close_the_opinion_is_read_only_until_an_extension(app, staff):
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    _save(unit, application, helpers.opinion_values(score="80"))
    season = db.session.scalar(sa.select(Season))
    season.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    url = f"/apply/unit/applications/{application.id}/opinion"
    late = _save(unit, application, helpers.opinion_values(), "submit")
    assert CLOSED in _text(unit.get(late.headers["Location"]))
    late_scan = _scan(unit, application, blank_pdf(1))
    assert CLOSED in _text(unit.get(late_scan.headers["Location"]))
    page = _text(unit.get(url))
    assert 'id="opinion-form"' not in page and 'id="scan-form"' not in page
    assert '<p class="muted" id="opinion-none">企业尚未提交评分与推荐意见。</p>' in page
    db.session.expire_all()
    assert records.draft(application).values["score"] == "80"
    assert records.latest(application) is None and records.scan(application) is None

    office = app.test_client()
    sign_in(office, "admin")
    form = {
        "csrf_token": helpers.token(office, "/admin/season/"),
        "number": application.number,
        "until": helpers.local(timedelta(days=2)),
        "reason": "单位通道上传故障（系统问题报告 #2）",
    }
    assert office.post("/admin/season/extensions", data=form).status_code == 302
    assert 'id="opinion-form"' in _text(unit.get(url))
    helpers.complete_opinion(unit, application.id)
    assert _approve(unit, application).status_code == 302
