"""单位通道 评分与推荐意见 in Chromium on phones, from an empty database: the enterprise is
told what 同意推荐 still needs and led to each field, rates the seven requirements, saves a
draft, submits, uploads the sealed scan, resubmits and is told the scan no longer matches,
then approves; the 推荐单位 and the secretariat read it and open the scan. Every control of
these pages is pressed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from contest.models.types import utcnow
from contest.season.current import BEIJING
from tests.browser import unit_opinion
from tests.browser.season_steps import (
    add_enterprise,
    add_recommender,
    file,
    join,
    season_times,
    shot,
    staff_page,
)
from tests.season.files import blank_pdf, docx
from tests.season.helpers import OPINION_TEXT
from tests.season.test_form12 import GOOD

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "locale": "zh-CN"}
COMPANY = "上海华谊（集团）公司  丙烯酸厂"
TEAM = "丙烯酸装置运行三班"
SHOTS = "/tmp/season-shots"  # CONTEST_SCREENSHOTS=<dir> keeps them elsewhere


def _a_submitted_application(server, browser, tmp_path):
    """The secretariat, a 推荐单位, an enterprise and a team, each joined by their link;
    the team's 申报表 submitted. Returns (staff, recommender, unit) pages."""
    staff = staff_page(browser, server)
    staff.goto(server.url + "/admin/season/")
    season_times(staff, -timedelta(days=1), timedelta(days=10))
    recommender = browser.new_context(**PHONE).new_page()
    join(recommender, add_recommender(staff, "浦东新区质量协会", "district"), "pudong", "王明")
    recommender.wait_for_url(re.compile(r"/apply/recommender/$"))
    unit = browser.new_context(**PHONE).new_page()
    join(unit, add_enterprise(recommender, COMPANY), "huayi", "李华")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    unit.click(".enterprise button[type=submit]")
    team = browser.new_context(**PHONE).new_page()
    join(team, unit.input_value("#invited-url"), "13900001111", "张建国")
    team.wait_for_url(re.compile(r"/apply/team/$"))
    team.click(".new-application button")
    team.wait_for_url(re.compile(r"/apply/team/\d+$"))
    for key, value in {**GOOD, "team_name": TEAM}.items():
        team.fill(f"[name={key}]", value)
    team.click("#save-draft")
    expect(team.locator(".flash-success")).to_have_text("草稿已保存")
    narrative = file(tmp_path, "班组创建材料.docx", docx("班组创建材料：我们开展QC小组活动。"))
    team.set_input_files(".attachment[data-kind=narrative] input[type=file]", narrative)
    team.click(".attachment[data-kind=narrative] button")
    expect(team.locator(".flash-success")).to_contain_text("已收到「班组创建材料.docx」")
    team.set_input_files(
        ".attachment[data-kind=scan] input[type=file]", file(tmp_path, "申报表.pdf", blank_pdf(1))
    )
    team.click(".attachment[data-kind=scan] button")
    expect(team.locator(".flash-success")).to_contain_text("已收到「申报表.pdf」")
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    team.click("#submit")
    team.wait_for_url(re.compile(r"/receipt/1$"))
    return staff, recommender, unit


# Provoked on purpose, each answered with its message: 同意推荐 too early, a 提交 with
# fields missing (422).
@pytest.mark.console_allows("status of 422")
def test_the_enterprise_evaluates_submits_uploads_the_scan_and_approves(
    empty_server, browser, tmp_path
):
    server = empty_server
    staff, recommender, unit = _a_submitted_application(server, browser, tmp_path)
    unit.reload()
    unit.click("table.list a")
    unit.wait_for_url(re.compile(r"/apply/unit/applications/\d+$"))
    expect(unit.locator("#opinion-state")).to_have_text("尚未填写")
    expect(unit.locator("#opinion-scan-state")).to_have_text("盖章扫描件尚未上传")
    expect(unit.locator("#approve-needs")).to_have_text(
        "同意推荐前，须已提交评分与推荐意见，并上传加盖公章的评分与推荐意见表扫描件；"
        "退回修改不需要。目前还差 12 项。"
    )
    # 同意推荐 too early: told what is missing, each item a link to its field.
    unit.click("#approve")
    expect(unit.locator("#decision-error")).to_have_text(
        "同意推荐前还需完成以下 12 项（点击前往填写）："
    )
    expect(unit.locator("#missing li")).to_have_count(12)
    expect(unit.locator("#missing li").last).to_have_text(
        "尚未上传加盖公章的评分与推荐意见表扫描件（PDF）"
    )
    shot(unit, "unit-approve-missing")
    unit.click("#missing a >> nth=0")
    unit.wait_for_url(re.compile(r"/opinion#field-rating_1$"))
    expect(unit.locator("#scan-after-submit")).to_have_text(
        "请先提交评分与推荐意见，再上传盖章扫描件。"
    )
    expect(unit.locator("input[name=filler]")).to_have_value("李华")  # a sensible start
    expect(unit.locator("input[name=filled_on]")).to_have_value(
        utcnow().astimezone(BEIJING).date().isoformat()
    )

    # A draft keeps what was typed and marks what is wrong so far.
    unit_opinion.rate(unit, {1: "meets", 2: "meets", 3: "meets", 4: "meets", 5: "meets"})
    unit_opinion.rate(unit, {6: "fails"})
    unit.fill("input[name=score]", "９２。５")
    unit.fill("textarea[name=opinion]", "同意推荐")
    unit.click("#opinion-draft")
    expect(unit.locator(".flash-info")).to_have_text("草稿已保存；还有 1 处需要修改（见红色提示）")
    expect(unit.locator("#field-opinion .field-error")).to_have_text(
        "推荐意见至少 20 字，现有 4 字；请写明推荐的理由"
    )
    expect(unit.locator("input[name=rating_6][value=fails]")).to_be_checked()
    expect(unit.locator("input[name=score]")).to_have_value("９２。５")
    # 提交 with three things wrong: a list that leads to each.
    unit.click("#opinion-submit")
    expect(unit.locator("#form-error")).to_have_text(
        "还有 3 处需要填写或修改，已保存草稿；请按红色提示改正后再提交"
    )
    expect(unit.locator(".error-list a")).to_have_text(
        [
            "第 6 项评为“不符合”，请在说明中写明原因",
            "请评价第 7 项要求：选择符合、基本符合或不符合",
            "推荐意见至少 20 字，现有 4 字；请写明推荐的理由",
        ]
    )
    shot(unit, "unit-opinion-errors")
    unit.click(".error-list a >> nth=0")
    assert unit.evaluate("location.hash") == "#field-remark_6"
    unit.fill("textarea[name=remark_6]", "去年有一起轻微质量事故，已整改并通过复查")
    unit_opinion.rate(unit, {7: "meets"})
    unit.fill("textarea[name=opinion]", OPINION_TEXT)
    unit.click("#opinion-submit")
    unit.wait_for_url(re.compile(r"/opinion#scan$"))
    expect(unit.locator(".flash-success")).to_have_text(
        "已提交评分与推荐意见（第 1 次）；请按提交的内容填写评分与推荐意见表，加盖公章后扫描上传"
    )
    expect(unit.locator("#opinion-receipt .done")).to_contain_text("已提交第 1 次 · ")
    expect(unit.locator("#opinion-receipt .hash")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))

    # The scan: a wrong type said in the browser; the PDF receipted and opened again.
    unit.set_input_files("#scan-form input[type=file]", file(tmp_path, "评分表.jpg", b"x"))
    unit.click("#scan-upload")
    expect(unit.locator("#scan-form .upload-error")).to_have_text(
        "「评分表.jpg」不是 .pdf 文件；请选择 .pdf 格式的文件"
    )
    unit.set_input_files(
        "#scan-form input[type=file]", file(tmp_path, "评分与推荐意见表.pdf", blank_pdf(2))
    )
    unit.click("#scan-upload")
    expect(unit.locator("#scan-receipt")).to_contain_text("已收到「评分与推荐意见表.pdf」：")
    expect(unit.locator("#scan-receipt")).to_contain_text("共 2 页，SHA-256 ")
    with unit.expect_download() as fetched:
        unit.click("#scan-download")
    assert fetched.value.suggested_filename == "评分与推荐意见表.pdf"
    shot(unit, "unit-opinion")

    # Resubmitted with another score: a second version, and the scan no longer vouches for it.
    unit.fill("input[name=score]", "93")
    unit.click("#opinion-submit")
    unit.wait_for_url(re.compile(r"/opinion#scan$"))
    expect(unit.locator("#opinion-receipt .done")).to_contain_text("已提交第 2 次 · ")
    expect(unit.locator("#scan-stale")).to_have_text(
        "该扫描件是第 1 次提交时上传的；请按第 2 次提交的内容盖章后重新上传。"
    )
    unit.click("#back-review")
    unit.wait_for_url(re.compile(r"/apply/unit/applications/\d+$"))
    expect(unit.locator("#opinion-state")).to_contain_text("已提交第 2 次（")
    expect(unit.locator("#opinion-scan-state")).to_have_text(
        "盖章扫描件须按最近一次提交的内容重新上传"
    )
    unit.click("#approve")
    expect(unit.locator("#missing a")).to_have_text(
        ["已上传的盖章扫描件是第 1 次提交的；请按第 2 次提交的内容盖章后重新上传"]
    )
    unit.click("#missing a")
    unit.wait_for_url(re.compile(r"/opinion#scan$"))
    unit.set_input_files(
        "#scan-form input[type=file]",
        file(tmp_path, "评分与推荐意见表（第2次）.pdf", blank_pdf(1)),
    )
    unit.click("#scan-upload")
    expect(unit.locator("#scan-receipt")).to_contain_text("已收到「评分与推荐意见表（第2次）.pdf」")
    expect(unit.locator("#scan-stale")).to_have_count(0)
    unit.click("#back-review")
    unit.click("#approve")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    expect(unit.locator("tr.status-approved td").nth(2)).to_have_text("已同意推荐")
    # Decided: the page reads back what was approved, with no form.
    unit.click("table.list a")
    expect(unit.locator("#opinion-link")).to_have_text("查看评分与推荐意见")
    unit.click("#opinion-link")
    unit.wait_for_url(re.compile(r"/opinion$"))
    expect(unit.locator("#opinion-form")).to_have_count(0)
    expect(unit.locator("#unit-opinion tr[data-key=score] td")).to_have_text("93")
    expect(unit.locator("#unit-opinion tr[data-key=rating_6] td")).to_have_text(
        "不符合去年有一起轻微质量事故，已整改并通过复查"
    )

    # The 推荐单位 reads it on the application's page and opens the scan.
    recommender.goto(server.url + "/apply/recommender/")
    recommender.click(".to-recommend a.number")
    recommender.wait_for_url(re.compile(r"/apply/recommender/applications/\d+$"))
    expect(recommender.locator("#opinion-version")).to_contain_text("第 2 次提交 · ")
    expect(recommender.locator("#unit-opinion tr[data-key=opinion] td")).to_have_text(OPINION_TEXT)
    expect(recommender.locator("#opinion-scan-receipt")).to_contain_text(
        "已收到「评分与推荐意见表（第2次）.pdf」"
    )
    with recommender.expect_download() as fetched:
        recommender.click("#opinion-scan-link")
    assert fetched.value.suggested_filename == "评分与推荐意见表（第2次）.pdf"
    shot(recommender, "recommender-application")
    recommender.click("#back-recommender")
    recommender.wait_for_url(re.compile(r"/apply/recommender/$"))
    recommender.click(".to-recommend button.primary")
    expect(recommender.locator(".flash-success")).to_have_text(f"已推荐 {TEAM}")

    # 形式审查: the secretariat sees the same, and opens the scan.
    staff.goto(server.url + "/admin/season/review")
    staff.click("#applications a")
    staff.wait_for_url(re.compile(r"/admin/season/applications/\d+$"))
    expect(staff.locator("#unit-opinion tr[data-key=rating_6] .rating")).to_have_text("不符合")
    expect(staff.locator("#unit-opinion tr[data-key=score] td")).to_have_text("93")
    with staff.expect_download() as fetched:
        staff.click("#opinion-scan-link")
    assert fetched.value.suggested_filename == "评分与推荐意见表（第2次）.pdf"
    shot(staff, "staff-opinion")
