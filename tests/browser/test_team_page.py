"""One team page in Chromium: every link to a team lands there; its buttons all work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.staff_data import add_supervisor, score_three
from tests.browser.test_staff_pages import _sign_in
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1440, "height": 900}


def test_the_team_page_from_the_list_and_the_standings(fresh_server, browser, tmp_path):
    server = fresh_server
    score_three(server.database_url, str(tmp_path))
    add_supervisor(server.database_url, str(tmp_path), "jiandu", "jiandu-pass-1")
    with watched_page(browser, viewport=LAPTOP) as page:
        _sign_in(page, server, "admin", server.credentials["admin"])
        # The standings' first team and the list's first team open the same page.
        standings_link = page.locator("section:has(h2:text('当前排名')) a").first
        name = standings_link.inner_text()
        standings_link.click()
        page.wait_for_url(re.compile(r"/admin/teams/(\d+)$"))
        team_url = page.url
        expect(page.locator("#team-name")).to_have_text(name)
        expect(page.locator("#team-outcome")).to_contain_text("最后得分 90.00 · 全场第 1 名")
        page.go_back()
        page.locator("table.grid td.name a", has_text=name).first.click()
        page.wait_for_url(team_url)

        # Each jump link moves to its section.
        for label, anchor in [
            ("班组信息", "#details"),
            ("评分与更正", "#scores"),
            ("全部版本", "#versions"),
            ("操作记录", "#team-log"),
        ]:
            page.locator(".team-jump a", has_text=label).click()
            expect(page).to_have_url(team_url + anchor)
            expect(page.locator(anchor)).to_be_in_viewport()
        expect(page.locator("#team-log tbody tr")).to_have_text(["还没有记录。"])

        # 更正 for the first judge: back on the team page, the version and the history show it.
        page.locator("a.correct-link").first.click()
        page.wait_for_url(re.compile(r"/scores/\d+/correct$"))
        page.get_by_role("link", name="返回班组页面").click()
        expect(page).to_have_url(team_url + "#scores")
        page.locator("a.correct-link").first.click()
        first_mark = page.locator("input[data-mark]").first
        lower = str(int(float(first_mark.input_value())) - 1)
        first_mark.fill(lower.translate(str.maketrans("0123456789", "０１２３４５６７８９")))
        expect(page.locator("#total")).to_have_value("89")
        page.fill("#reason", "评委复核：第一项录入时看错一行")
        page.get_by_role("button", name="确认更正").click()
        expect(page).to_have_url(team_url + "#scores")
        expect(page.locator("#current-scores tbody tr").first.locator("td").nth(1)).to_have_text(
            "89"
        )
        latest = page.locator("#team-log tbody tr").first
        expect(latest.locator("td.action")).to_have_text("更正评分")
        expect(latest.locator("td.details")).to_contain_text("评委复核：第一项录入时看错一行")
        page.screenshot(path="/tmp/team-page.png", full_page=True)

        # 修改班组信息 opens the form.
        page.click("#team-edit-link")
        page.wait_for_url(team_url + "/edit")
        expect(page.locator("h1")).to_have_text("修改班组信息")

    # The 监督 reads the same page with no button that changes anything.
    with watched_page(browser, viewport=LAPTOP) as page:
        _sign_in(page, server, "jiandu", "jiandu-pass-1")
        page.goto(team_url)
        expect(page.locator("#team-name")).to_have_text(name)
        expect(page.locator("#team-edit-link")).to_have_count(0)
        expect(page.locator("a.correct-link")).to_have_count(0)
        page.click("text=返回比赛")
        page.wait_for_url(re.compile(r"/admin/contests/1$"))
