"""An expert's 材料文审 in Chromium, on a phone (390×844) and a desktop (1440×900): the list
by their link, the materials and the sheet, marks typed (one full-width) and autosaved, a
draft found again after a reload, the offline message, one confirmed 提交评审 that locks and
then shows the other reviewers' totals, and staff's 「退回重评」 with a reason, resubmitted."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.console import Dialogs, rows, shoot

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "locale": "zh-CN"}
DESKTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "zh-CN"}
STALE = (
    "本评审已在其他窗口或设备上保存过，此页的内容未保存。请先复制您刚输入的内容，再刷新页面后继续。"
)
SAVED = re.compile(r"^已自动保存 \d\d:\d\d$")


def seed() -> None:
    """The shared review world, open, with reviewers 1, 3 and 5 on applications 1 and 2,
    their files, and 评审专家3's review of application 1 already submitted."""
    from contest import create_app
    from contest.review import reviews
    from contest.transactions import atomic
    from tests.review.reviewing import assignment, attach_files, open_world, typed

    app = create_app()
    with app.app_context(), app.test_request_context():
        built = open_world()
        attach_files(built, 0)
        attach_files(built, 1)
        third = assignment(built, 0, 2)
        sheet = typed(built, "20", "25", "20", "15")
        atomic(lambda: reviews.submit(assignment=third, version=0, typed=sheet))


# How many lines each exact name takes on screen: always one (never broken inside a name).
LINES = """els => els.map(el => { const r = document.createRange(); r.selectNodeContents(el);
  return new Set(Array.from(r.getClientRects()).map(rect => Math.round(rect.top))).size; })"""


def _fill_sheet(page, marks: list[str]) -> None:
    for box, mark in zip(page.locator("input.mark").all(), marks, strict=True):
        box.fill(mark)
    page.fill("#part-conformity", "材料基本符合质量信得过班组建设标准的要求，结构完整。")
    page.fill("#part-features", "以数据说话，QC 小组活动成果明显，标准化作业有特色。")
    page.fill("#part-shortcomings", "班组培训记录不够完整，部分数据缺少来源说明。")


@pytest.mark.console_allows("status of 409")
def test_a_reviewer_scores_on_phone_and_desktop_and_staff_reopen(empty_server, browser):
    server = empty_server
    subprocess.run([sys.executable, "-m", "tests.browser.test_review_reviewer"],
                   env=server.env, check=True)  # fmt: skip
    server.flask("create-staff", "mishu", "--role", "admin", "--password", "mishu-zhiliang-1")
    key = rows(server, "SELECT access_key FROM reviewers WHERE number = 1")[0][0]
    mine = ("SELECT a.id FROM review_assignments a JOIN reviewers r ON r.id = a.reviewer_id"
            " WHERE r.number = 1 ORDER BY a.id")  # fmt: skip
    first, second = (row[0] for row in rows(server, mine))

    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    dialogs = Dialogs(page)

    # The list: only this expert's two applications, with exact names and states.
    page.goto(f"{server.url}/review/{key}")
    expect(page.locator("#assignments .number")).to_have_text(["2026-0001", "2026-0002"])
    expect(page.locator("#assignments .team")).to_have_text(
        ["丙烯酸装置运行三班", "聚合装置运行一班"]
    )
    expect(page.locator("#assignments .badge")).to_have_text(["未开始", "未开始"])
    shoot(page, "review-reviewer-phone-list")
    assert page.locator("#assignments .name").evaluate_all(LINES) == [1, 1, 1, 1]
    page.click(f"#open-{first}")
    page.wait_for_url(re.compile(rf"/review/{key}/{first}$"))
    expect(page.locator("#team")).to_have_text("丙烯酸装置运行三班")
    assert page.locator("#company, #team").evaluate_all(LINES) == [1, 1]
    expect(page.locator("#others")).to_have_count(0)

    # Phone: 材料 and 评分 one above the other, with a jump between them.
    page.click("#jump-sheet")
    expect(page.locator("#sheet-title")).to_be_in_viewport()
    page.click("#jump-materials")
    expect(page.locator("#materials-title")).to_be_in_viewport()
    page.click("#to-narrative")
    expect(page.locator("#narrative .narrative-text p").first).to_have_text("一、班组概况")
    expect(page.locator("#narrative .narrative-text p").first).to_be_in_viewport()
    page.click("#to-form12")
    expect(page.locator("#form12 dd.name").first).to_have_text("上海石化股份有限公司")
    assert page.locator("#form12 dd.name").evaluate_all(LINES) == [1, 1]
    with phone.expect_page() as opened:
        page.click("#scan-scan")
    scan = opened.value
    assert scan.url.endswith(f"/review/{key}/{first}/files/scan")
    scan.close()
    with phone.expect_page() as opened:
        page.click("#scan-opinion_scan")
    opened.value.close()

    page.click("#jump-sheet")
    page.fill("#mark-1", "２２")
    expect(page.locator("#error-1")).to_have_text("")  # read as typed by a Chinese IME
    expect(page.locator("#mark-1")).to_have_value("２２")
    page.locator("#mark-1").blur()  # once left, it shows as stored
    expect(page.locator("#mark-1")).to_have_value("22")
    _fill_sheet(page, ["２２", "26.5", "20", "18"])
    page.click("#comment-toggle-2")
    page.fill("#comment-2", "改进成果数据翔实。")
    expect(page.locator("#save-state")).to_have_text(SAVED)
    expect(page.locator("#review-state")).to_have_text("草稿")
    expect(page.locator("#total")).to_have_text("86.5")
    expect(page.locator("#jump-total")).to_have_text("86.5")

    # Off the network: a clear message, and what was typed stays; saved once back.
    phone.set_offline(True)
    page.fill("#mark-4", "17.5")
    expect(page.locator("#save-state")).to_have_text(
        "网络中断，尚未保存。您输入的内容仍保留在本页，网络恢复后将自动保存。")  # fmt: skip
    expect(page.locator("#total")).to_have_text("86")
    phone.set_offline(False)
    expect(page.locator("#save-state")).to_have_text(SAVED)

    # A reload finds the draft.
    page.reload()
    values = page.locator("input.mark").evaluate_all("boxes => boxes.map(b => b.value)")
    assert values == ["22", "26.5", "20", "17.5"]
    expect(page.locator("#comment-2")).to_have_value("改进成果数据翔实。")
    expect(page.locator("#part-features")).to_have_value(
        "以数据说话，QC 小组活动成果明显，标准化作业有特色。"
    )
    expect(page.locator("#review-state")).to_have_text("草稿")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path="docs/screens/review-reviewer-phone.png")
    page.click("#jump-sheet")
    shoot(page, "review-reviewer-phone-sheet")

    # A wrong mark is named; 提交评审 asks first with the total, then locks.
    page.fill("#mark-3", "25.5")
    expect(page.locator("#error-3")).to_have_text("应在 0 到 25 之间")
    page.click("#submit-review")
    expect(page.locator("#submit-errors")).to_have_text("请为每一项评分，并填写材料评价的三个部分")
    page.fill("#mark-3", "20")
    dialogs.answer(False, True)
    page.click("#submit-review")
    dialogs.wait_for(page, 1)
    expect(page.locator("#review-state")).to_have_text("草稿")
    page.click("#submit-review")
    page.wait_for_selector("#locked")
    confirm = "确认提交评审？\n总分 86 分。\n提交后不能再修改；如需修改，须由秘书处退回。"
    assert dialogs.seen == [confirm, confirm]
    expect(page.locator("#locked")).to_contain_text("总分 86 分。评分已锁定")
    expect(page.locator("#review-state")).to_have_text("已提交")
    expect(page.locator("#mark-1")).to_be_disabled()
    expect(page.locator("#submit-review")).to_have_count(0)
    expect(page.locator("#others li")).to_have_text(["评审专家3 80 分"])
    shoot(page, "review-reviewer-phone-locked")
    page.click("#to-list")
    expect(page.locator("#assignments .badge")).to_have_text(["已提交", "未开始"])

    # Desktop: the second application, materials beside the sheet.
    office = browser.new_context(**DESKTOP)
    desk = office.new_page()
    desk.goto(f"{server.url}/review/{key}")
    desk.click(f"#open-{second}")
    desk.wait_for_url(re.compile(rf"/review/{key}/{second}$"))
    stale = office.new_page()  # the same application left open in a second tab
    stale.goto(f"{server.url}/review/{key}/{second}")
    materials, sheet = (
        desk.locator("#materials").bounding_box(),
        desk.locator("#sheet").bounding_box(),
    )
    assert (
        materials["x"] + materials["width"] <= sheet["x"] and abs(materials["y"] - sheet["y"]) < 2
    )
    expect(desk.locator("#jump")).to_be_hidden()
    desk.fill("#mark-1", "23")
    desk.fill("#mark-2", "２７")
    desk.fill("#part-conformity", "符合标准要求。")
    expect(desk.locator("#save-state")).to_have_text(SAVED)
    expect(desk.locator("#total")).to_have_text("50")
    expect(desk.locator("#scored")).to_have_text("已评 2 / 4 项")
    expect(desk.locator("#others")).to_have_count(0)
    desk.screenshot(path="docs/screens/review-reviewer-desktop.png")

    # The stale tab never overwrites the newer draft: it says so and keeps what was typed.
    stale.fill("#mark-3", "21")
    expect(stale.locator("#save-state")).to_have_text(STALE)
    expect(stale.locator("#mark-3")).to_have_value("21")
    stale.close()
    assert (
        rows(server, "SELECT version FROM reviews WHERE assignment_id = :id", id=second)[0][0] >= 1
    )

    # Staff send the first review back with a reason.
    desk.goto(f"{server.url}/staff/login")
    desk.fill("input[name=username]", "mishu")
    desk.fill("input[name=password]", "mishu-zhiliang-1")
    desk.click("button[type=submit]")
    desk.goto(f"{server.url}/admin/season/expert-review/progress")
    expect(desk.locator('tr[data-reviewer="1"] td.submitted')).to_have_text("1")
    expect(desk.locator('tr[data-reviewer="1"] td.draft')).to_have_text("1")
    desk.fill(f"#reopen-{first} input[name=reason]", "第二项评分与评语不一致，请复核")
    desk.click(f"#reopen-{first} button")
    expect(desk.locator(".flash-success")).to_have_text(
        "已退回评审专家1对 2026-0001 的评审，评审专家修改后须重新提交。")  # fmt: skip
    expect(desk.locator(f'li[data-assignment="{first}"] .reopened')).to_have_text(
        "已退回：第二项评分与评语不一致，请复核")  # fmt: skip
    shoot(desk, "review-staff-progress", full_page=True)
    desk.click("#nav-season")
    desk.go_back()
    desk.click("#nav-admin")

    # The reviewer reads the reason, changes a mark and submits again.
    page.goto(f"{server.url}/review/{key}/{first}")
    expect(page.locator("#reopen-note")).to_contain_text("原因：第二项评分与评语不一致，请复核。")
    shoot(page, "review-reviewer-phone-reopened")
    expect(page.locator("#others")).to_have_count(0)
    page.fill("#mark-2", "28")
    expect(page.locator("#save-state")).to_have_text(SAVED)
    dialogs.answer(True)
    page.click("#submit-review")
    page.wait_for_selector("#locked")
    expect(page.locator("#locked")).to_contain_text("总分 87.5 分")
    stored = "SELECT state, total FROM reviews WHERE assignment_id = :id"
    assert rows(server, stored, id=first) == [("submitted", "87.5")]
    office.close()
    phone.close()


if __name__ == "__main__":
    seed()
