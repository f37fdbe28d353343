"""Staff pages in Chromium: publishing asks first and its button is red, 决定依据 in words,
venue links grouped per venue, and the audit log as a 监督 reads it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from contest.models import StaffRole
from tests.browser.staff_data import add_supervisor, score_three
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1440, "height": 900}
RED, WHITE = "rgb(180, 37, 44)", "rgb(255, 255, 255)"


def _sign_in(page, server, username: str, password: str) -> None:
    page.goto(server.url + "/staff/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/"))
    page.goto(server.url + "/admin/contests/1")


def _style(locator, prop: str) -> str:
    return locator.evaluate(f"el => getComputedStyle(el).{prop}")


def test_staff_publish_rank_labels_venues_and_audit(fresh_server, browser, tmp_path):
    server = fresh_server
    instance = str(tmp_path)
    score_three(server.database_url, instance)
    add_supervisor(server.database_url, instance, "jiandu", "jiandu-pass-1")
    with watched_page(browser, viewport=LAPTOP) as page:
        _sign_in(page, server, "admin", server.credentials["admin"])
        # 决定依据 in words, never the raw `score`
        cells = page.locator("td.decided-by").all_inner_texts()
        assert cells == [
            "按最后得分",
            "同分，按未去掉最高分和最低分的平均分",
            "同分，按未去掉最高分和最低分的平均分",
        ]
        # One group of links per venue, each labelled by the venue's name
        venue = page.locator("#venue-links .venue")
        expect(venue).to_have_count(1)
        expect(venue.locator("h3")).to_have_text("第一分会场")
        expect(page.locator("#judges h3")).to_have_text(["分会场：第一分会场（9 位评委）"])
        with page.expect_popup() as opened:
            venue.locator("text=大屏（新窗口）").click()
        display = opened.value
        display.wait_for_url(re.compile(r"/display/venues/1$"))
        display.close()
        venue.locator("text=纸质评分").click()
        page.wait_for_url(re.compile(r"/admin/venues/1/paper"))
        page.go_back()
        venue.locator("text=主持人控制台").click()
        page.wait_for_url(re.compile(r"/host/venues/1$"))

        # 获奖与推荐: the publish button is red with white text, and asks before publishing
        page.goto(server.url + "/admin/contests/1/results")
        opener = page.locator("#publish-confirm summary")
        assert (_style(opener, "backgroundColor"), _style(opener, "color")) == (RED, WHITE)
        expect(page.locator("#publish-now")).to_be_hidden()
        opener.click()
        confirm = page.locator("#publish-confirm")
        expect(confirm).to_contain_text(
            "观众页（实时成绩页）立即显示获奖名单：0 个班组获奖，0 个班组推荐国家级。"
        )
        expect(confirm).to_contain_text(
            "以下分会场的大屏可由主持人切换到「获奖结果」显示：第一分会场"
        )
        button = page.locator("#publish-now")
        assert (_style(button, "backgroundColor"), _style(button, "color")) == (RED, WHITE)
        page.screenshot(path=str(tmp_path / "publish-confirm.png"), full_page=True)
        page.click("#publish-cancel")
        expect(page.locator("#publish-now")).to_be_hidden()
        opener.click()
        page.click("#publish-now")
        expect(page.locator(".flash").first).to_have_text(
            "获奖名单已发布，大屏可切换到「获奖结果」"
        )
        expect(page.locator("#publish-confirm")).to_have_count(0)

    with watched_page(browser, viewport=LAPTOP) as page:
        _sign_in(page, server, "jiandu", "jiandu-pass-1")
        page.click("nav >> text=审计日志")
        page.wait_for_url(re.compile(r"/admin/contests/1/audit$"))
        expect(page.locator("#audit")).not_to_contain_text("staff:")
        expect(page.locator("#audit")).not_to_contain_text("None")
        page.fill("input[name=q]", "发布获奖名单")
        page.click("form.search button")
        rows = page.locator("#audit tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.locator("td.actor")).to_have_text("秘书处管理员（admin）")
        expect(rows.locator("td.action")).to_have_text("发布获奖名单")
        expect(rows.locator("td.subject")).to_have_text("2026年上海市质量信得过班组建设经验发表赛")
        page.click("#audit-clear")
        latest = page.locator("#audit tbody tr").first
        expect(latest.locator("td.actor")).to_have_text("纪检监督 李明（jiandu）")
        expect(latest.locator("td.action")).to_have_text("工作人员登录")
        page.screenshot(path=str(tmp_path / "audit.png"), full_page=False)
        with page.expect_download() as download:
            page.click("#audit-csv")
        data = download.value.path().read_text(encoding="utf-8-sig")
        assert data.startswith("序号,时间,操作人,操作,对象,内容,")
        assert ",秘书处管理员（admin）,发布获奖名单," in data


def test_two_venues_each_have_their_links_and_their_judges(two_venue_server, browser, tmp_path):
    server = two_venue_server
    add_supervisor(
        server.database_url, str(tmp_path), "mishu", "mishu-pass-1", role=StaffRole.ADMIN
    )
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    with watched_page(context) as page:
        _sign_in(page, server, "mishu", "mishu-pass-1")
        venues = page.locator("#venue-links .venue")
        expect(venues.locator("h3")).to_have_text(["第一分会场", "第二分会场"])
        for index in range(2):
            expect(venues.nth(index).locator("a")).to_have_text(
                ["主持人控制台", "大屏（新窗口）", "纸质评分", "抽签核验"]
            )
        expect(page.locator("#judges h3")).to_have_text(
            ["分会场：第一分会场（7 位评委）", "分会场：第二分会场（7 位评委）"]
        )
        page.screenshot(path=str(tmp_path / "two-venues.png"), full_page=True)
        venues.nth(1).locator("text=纸质评分").click()
        page.wait_for_url(re.compile(r"/admin/venues/2/paper"))
        page.go_back()
        venues.nth(1).locator("text=主持人控制台").click()
        page.wait_for_url(re.compile(r"/host/venues/2$"))
        page.goto(server.url + "/admin/contests/1")
        page.click("nav >> text=评委链接")
        expect(page.locator("#judge-links h3")).to_have_text(
            ["分会场：第一分会场（7 位评委）", "分会场：第二分会场（7 位评委）"]
        )
        expect(page.locator("#judge-links table").nth(1).locator("tbody tr")).to_have_count(7)
        first = page.locator("#judge-links table").nth(1).locator("tbody tr").first
        first.locator("button:has-text('停用')").click()
        expect(page.locator("#judge-links table").nth(1).locator("tbody tr").first).to_contain_text(
            "已停用"
        )
        page.screenshot(path=str(tmp_path / "judge-links.png"), full_page=True)
        # One venue's cards: the button named after the venue.
        with page.expect_download() as download:
            page.click("a.button.secondary:has-text('第二分会场')")
        assert download.value.path().read_bytes()[:5] == b"%PDF-"
        assert download.value.suggested_filename == "评委二维码卡片-第二分会场.pdf"
    context.close()
