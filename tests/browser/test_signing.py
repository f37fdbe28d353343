"""评委签名 in Chromium: staff switch it on and ask the venue's judges to sign; the judge's
phone (390×844) turns to the day's sheet by itself, the judge draws a signature with a
finger (Playwright's mouse), the sheet locks; staff see it and print the signed PDF."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.actors import scalar, sign_in
from tests.browser.judge_phone import fill_marks, open_judge_page, stage_team, submit_marks
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
MARKS = ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]  # total 88.5


def draw(page, selector: str) -> None:
    """A signature-like stroke across the pad, as a finger would."""
    # The pad's script is deferred: ink drawn before it has attached would not count.
    page.wait_for_function("s => Boolean(document.querySelector(s)._pad)", arg=selector)
    page.locator(selector).scroll_into_view_if_needed()  # the mouse reaches only what is shown
    box = page.locator(selector).bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.7)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x + w * (0.1 + 0.8 * step / 24), y + h * (0.5 + 0.3 * ((-1) ** step)))
    page.mouse.up()


def test_judge_signs_the_days_sheet_on_the_phone_and_staff_print_it(
    fresh_server, browser, phone, tmp_path
):
    desk = browser.new_context(viewport={"width": 1440, "height": 900})
    with watched_page(desk) as staff, watched_page(phone) as judge:
        sign_in(staff, fresh_server, "admin")
        staff.goto(fresh_server.url + "/admin/contests/1/setup")
        staff.get_by_role("link", name="评委签名").click()
        staff.check("#signing-enabled")
        staff.check("#when-manual")
        staff.click("#signing-save")
        expect(staff.locator(".flash")).to_have_text("已保存")

        name = open_judge_page(fresh_server, judge, 1)
        host, team = stage_team(fresh_server, 1)
        expect(judge.locator("#sheet")).to_be_visible()
        fill_marks(judge, MARKS)
        submit_marks(judge)
        expect(judge.locator("#status-title")).to_contain_text("已提交")
        host.act("close", confirm_missing=True)
        host.act("reveal", force_reason="签名功能演示：仅一位评委评分")

        staff.reload()
        staff.once("dialog", lambda dialog: dialog.accept())
        staff.click("#open-signing-1")
        expect(staff.locator(".flash")).to_contain_text("已请第一分会场的评委签名")

        # The phone turns to the signing page by itself (pushed, then reloaded).
        expect(judge.locator("#signing-title")).to_have_text("评分表签名确认", timeout=15_000)
        expect(judge.locator("#signing-teams li")).to_have_count(1)
        expect(judge.locator("#signing-teams .total")).to_have_text("88.5")
        judge.click("#sign-submit")  # an empty pad is not sent: the page says what to do
        expect(judge.locator("#signing-pad-hint")).to_have_text(
            "请先在签名框内用手指（或鼠标）签名，再提交"
        )
        draw(judge, "#signing-pad")
        expect(judge.locator("#signing-pad-hint")).to_have_text(
            "请用手指（或鼠标）在框内写下您的姓名"
        )
        judge.click("#signing-pad-clear")
        draw(judge, "#signing-pad")
        judge.screenshot(path=str(tmp_path / "signing.png"))
        judge.click("#sign-submit")
        expect(judge.locator(".signed-title")).to_have_text("已签名")
        expect(judge.locator("#signed img.signature")).to_be_visible()

        staff.reload()
        row = staff.locator("#venue-1 tr", has_text=name)
        expect(row.locator("td").nth(2)).to_contain_text("已签名")
        expect(row.locator("img.signature")).to_be_visible()
        with desk.expect_page() as opened:
            row.get_by_role("link", name="打印（PDF）").click()
        pdf_url = opened.value.url
        opened.value.close()
        response = staff.request.get(pdf_url)
        assert response.headers["content-type"] == "application/pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=response.body(),
            capture_output=True,
            check=True,
        ).stdout.decode()
        flat = re.sub(r"\s+", "", text)
        assert "评委评分表" in flat and "88.5" in flat and name in flat and "校验一致" in flat
    assert (
        scalar(
            fresh_server.database_url,
            "select count(*) from signatures where purpose = 'judge_sheet' and signer_id = 1",
        )
        == 1
    )
    assert team
    desk.close()
