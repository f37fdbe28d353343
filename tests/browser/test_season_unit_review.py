"""A 推荐单位's forms 2-4 (材料评审汇总表) and 2-3 (推荐表) in Chromium, from an empty database,
on a phone (390×844, zh-CN): the unit reviews its teams with its own judges, is told what is
missing, confirms the 排序 and submits with a receipt; submits the 推荐表; a new
recommendation makes both stale until submitted again; the secretariat sees both forms."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from contest.models.types import utcnow
from contest.season.current import BEIJING
from tests.browser.season_steps import (
    PARTS,
    PHONE,
    apply,
    approve,
    fill_review_row,
    join,
    local,
    shot,
)

pytestmark = pytest.mark.browser
COMPANY = "上海华谊（集团）公司  丙烯酸厂"
FIRST, SECOND = "丙烯酸装置运行三班", "聚合装置  运行一班"
JUDGES = (("陈志远", "上海市质量协会", "TGQ-2019-0123", "13911112222"),
          ("孙丽", "上海华谊（集团）公司", "TGQ-2020-0007", "13722223333"))  # fmt: skip


def _setup(server, browser, tmp_path):
    """Staff open the season; the 推荐单位 adds its enterprise and two judges; the team
    submits two 申报表; the enterprise approves both. Returns (staff, recommender) pages."""
    server.flask("create-staff", "mishu", "--role", "admin", "--password", "mishu-zhiliang-1")
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    staff.goto(server.url + "/staff/login")
    staff.fill("input[name=username]", "mishu")
    staff.fill("input[name=password]", "mishu-zhiliang-1")
    staff.click("button[type=submit]")
    staff.wait_for_url(re.compile(r"/admin/$"))
    staff.goto(server.url + "/admin/season/")
    staff.fill("input[name=year]", "2026")
    staff.fill("input[name=name]", "2026年上海市质量信得过班组建设经验申报")
    staff.fill("input[name=opens]", local(-timedelta(days=1)))
    staff.fill("input[name=closes]", local(timedelta(days=10)))
    staff.click("#save-season")
    staff.fill("#add-recommender input[name=name]", "浦东新区质量协会")
    staff.click("#add-recommender button[type=submit]")
    link = staff.input_value("#invited-url")

    recommender = browser.new_context(**PHONE).new_page()
    join(recommender, link, "pudong", "王明")
    recommender.wait_for_url(re.compile(r"/apply/recommender/$"))
    recommender.fill(".add-enterprise input[name=name]", COMPANY)
    recommender.click(".add-enterprise button[type=submit]")
    enterprise_link = recommender.input_value("#invited-url")
    for name, employer, number, mobile in JUDGES:
        recommender.click(".add-judge summary")
        form = recommender.locator(".add-judge form")
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=employer]").fill(employer)
        form.locator("input[name=certificate_no]").fill(number)
        form.locator("input[name=mobile]").fill(mobile)
        form.locator("button").click()
        expect(recommender.locator(".flash-success")).to_have_text(f"已将 {name} 加入评委名单")

    unit = browser.new_context(**PHONE).new_page()
    join(unit, enterprise_link, "huayi", "李华")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    unit.click(".enterprise button[type=submit]")
    team_link = unit.input_value("#invited-url")
    team = browser.new_context(**PHONE).new_page()
    join(team, team_link, "13900001111", "张建国")
    team.wait_for_url(re.compile(r"/apply/team/$"))
    apply(team, server, tmp_path, FIRST, "12")
    apply(team, server, tmp_path, SECOND, "9")
    for number in ("2026-0001", "2026-0002"):
        approve(unit, server, number, tmp_path)  # with its 评分与推荐意见
    return staff, recommender


# Provoked on purpose, each answered with its messages on the page: the 汇总表 with a
# half-written row (422), the 推荐表 with a team not in the submitted 汇总表 (422).
@pytest.mark.console_allows("status of 422")
def test_a_recommending_unit_reviews_recommends_and_submits_forms_2_4_and_2_3(
    empty_server, browser, tmp_path
):
    server = empty_server
    staff, page = _setup(server, browser, tmp_path)
    page.goto(server.url + "/apply/recommender/")
    page.locator(".to-recommend li", has_text=FIRST).locator("button").click()
    expect(page.locator(".flash-success")).to_have_text(f"已推荐 {FIRST}")
    expect(page.locator(".review-state")).to_have_text("未提交")

    # Form 2-4: a draft kept, what is missing said, then the whole 汇总表 confirmed.
    page.click(".review-link")
    page.wait_for_url(re.compile(r"/review$"))
    expect(page.locator("fieldset.review-row .team")).to_have_text([FIRST, SECOND])
    first = page.locator("fieldset.review-row", has_text="2026-0001")
    first.locator("textarea[name$=-conformity]").fill(PARTS[0])
    first.locator("input[name$=-score]").fill("８６．５")
    page.click("#review-save")
    expect(page.locator(".flash-success")).to_have_text("草稿已保存")
    expect(first.locator("input[name$=-score]")).to_have_value("８６．５")
    page.click("#review-check")
    expect(page.locator("#form-error > p")).to_have_text(
        "汇总表还有 6 处问题，已保存草稿；请按提示改正后再提交"
    )
    expect(page.locator("#form-error li")).to_have_text(
        [
            "2026-0001「丙烯酸装置运行三班」：请填写材料评价“特色”",
            "2026-0001「丙烯酸装置运行三班」：请填写材料评价“不足之处”",
            "2026-0001「丙烯酸装置运行三班」：请至少选择一位评审该班组的评委",
        ]
    )
    expect(first.locator(".row-problems li")).to_have_count(3)  # said at the row, too
    expect(page.locator("[data-field=filler] .field-error")).to_have_text(
        "请填写填表人姓名（不超过 50 个字）"
    )
    shot(page, "unit-review-errors")
    fill_review_row(page, "2026-0001", "８６．５", ["陈志远", "孙丽"])
    today = utcnow().astimezone(BEIJING).date().isoformat()
    page.fill("#filler input[name=filler]", "王明")
    page.fill("#filler input[name=phone]", "021-58471234")
    page.fill("#filler input[name=date]", today)
    page.click("#review-check")
    page.wait_for_url(re.compile(r"/review/submit$"))
    expect(page.locator(".review-rows .score")).to_have_text(["86.5 / 第 1"])
    page.click("#back-to-review")  # 返回修改, then on again
    page.wait_for_url(re.compile(r"/review$"))
    page.click("#review-check")
    page.wait_for_url(re.compile(r"/review/submit$"))
    shot(page, "unit-review-confirm")
    page.click("#review-submit")
    page.wait_for_url(re.compile(r"/review/receipt/1$"))
    expect(page.locator("#receipt-form")).to_have_text("材料评审汇总表（附件 2-4）已提交")
    expect(page.locator("#receipt-version")).to_have_text("第 1 次")
    assert re.fullmatch(r"[0-9a-f]{64}", page.text_content("#receipt-hash"))
    expect(page.locator(".review-rows .judges")).to_have_text(["陈志远、孙丽"])
    shot(page, "unit-review-receipt")
    page.click("#receipt-back")
    page.wait_for_url(re.compile(r"/review$"))
    expect(page.locator("#versions li")).to_have_count(1)
    shot(page, "unit-review")
    page.click("#versions a")
    page.wait_for_url(re.compile(r"/review/receipt/1$"))
    page.click("#receipt-home")
    page.wait_for_url(re.compile(r"/apply/recommender/$"))
    expect(page.locator(".review-state")).to_have_text("已提交第 1 次")

    # Form 2-3: the teams and judges as they stand; the 填表人 fields saved, then 提交.
    page.click(".recommendation-link")
    page.wait_for_url(re.compile(r"/recommendation$"))
    expect(page.locator("#recommended-teams tbody td.name")).to_have_text([COMPANY, FIRST])
    expect(page.locator("#team-total")).to_have_text("12")
    expect(page.locator("#judge-list .certificate")).to_have_text(
        ["TGQ-2019-0123", "TGQ-2020-0007"]
    )
    page.fill("#filler input[name=filler]", "王明")
    page.fill("#filler input[name=phone]", "13812345678")
    page.fill("#filler input[name=date]", today)
    page.click("#recommendation-save")
    expect(page.locator(".flash-success")).to_have_text("草稿已保存")
    expect(page.locator("#filler input[name=phone]")).to_have_value("13812345678")
    shot(page, "unit-recommendation")
    page.click("#recommendation-submit")
    page.wait_for_url(re.compile(r"/recommendation/receipt/1$"))
    expect(page.locator("#receipt-form")).to_have_text("推荐表（附件 2-3）已提交")
    assert page.text_content("#recommended-teams tbody td.name >> nth=0") == COMPANY  # exact
    shot(page, "unit-recommendation-receipt")
    page.click("#receipt-back")
    page.wait_for_url(re.compile(r"/recommendation$"))
    page.click("#back-recommender")
    page.wait_for_url(re.compile(r"/apply/recommender/$"))

    # A second recommendation: both forms are stale until submitted again.
    page.locator(".to-recommend li", has_text=SECOND).locator("button").click()
    expect(page.locator(".recommendation-state .stale-note")).to_have_text("推荐表需重新提交")
    expect(page.locator(".review-state .stale-note")).to_have_text("汇总表需重新提交")
    page.click(".recommendation-link")
    expect(page.locator("#recommendation-stale li")).to_have_text(
        ["新推荐：2026-0002「聚合装置  运行一班」"]
    )
    page.click("#recommendation-submit")
    expect(page.locator("#form-error li")).to_have_text(
        [
            "2026-0002「聚合装置  运行一班」不在已提交的材料评审汇总表中；"
            "请在汇总表中评审该班组并重新提交"
        ]
    )
    page.click("#back-recommender")
    page.click(".review-link")
    expect(page.locator("#review-stale")).to_contain_text("2026-0002「聚合装置  运行一班」")
    fill_review_row(page, "2026-0002", "86.5", ["孙丽"])
    page.click("#review-check")
    page.wait_for_url(re.compile(r"/review/submit$"))
    expect(page.locator(".review-rows .score")).to_have_text(["86.5 / 并列第 1"] * 2)
    page.click("#review-submit")
    page.wait_for_url(re.compile(r"/review/receipt/2$"))
    page.goto(server.url + "/apply/recommender/")
    page.click(".recommendation-link")
    page.click("#recommendation-submit")
    page.wait_for_url(re.compile(r"/recommendation/receipt/2$"))
    expect(page.locator("#team-total")).to_have_text("21")
    page.click("#receipt-home")
    expect(page.locator(".recommendation-state")).to_have_text("已提交第 2 次")

    # The secretariat: the completeness column, both forms in full, the workbook.
    staff.goto(server.url + "/admin/season/review")
    expect(staff.locator("td.unit-forms .form-state")).to_have_text(
        ["附件 2-1/2-2：未提交", "附件 2-3：已提交（第 2 次）", "附件 2-4：已提交（第 2 次）"]
    )
    staff.click(".unit-forms-link")
    staff.wait_for_url(re.compile(r"/admin/season/recommenders/\d+/forms$"))
    expect(staff.locator("#staff-review .score")).to_have_text(["86.5 / 并列第 1"] * 2)
    expect(staff.locator("#staff-recommendation #team-total")).to_have_text("21")
    expect(staff.locator("#staff-history tbody tr")).to_have_count(4)
    shot(staff, "staff-unit-forms")
    staff.set_viewport_size({"width": 390, "height": 844})
    shot(staff, "staff-unit-forms-phone")
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.click("text=返回形式审查")
    staff.wait_for_url(re.compile(r"/admin/season/review$"))
    with staff.expect_download() as fetched:
        staff.click("#formal-report")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(fetched.value.path().read_bytes()))
    assert list(book["推荐单位材料"].iter_rows(values_only=True))[2] == (
        "浦东新区质量协会", 2, "未提交", "已提交（第 2 次）", "已提交（第 2 次）",
    )  # fmt: skip
