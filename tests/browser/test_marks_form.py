"""Staff key in a paper ballot and correct it (issue #12, item 6), in Chromium.

Full-width digits are read as the phone reads them; the form shows the sum of the marks as
they are typed; a correction's total follows its marks, so nobody retypes it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, team_id
from tests.browser.judge_phone import query
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
FULL_WIDTH = ["１４.5", "13", "22。5", "１２．５", "17.5", "８．５"]  # 88.5


def _marks(page, values) -> None:
    for index, value in enumerate(values):
        page.locator("input[data-mark]").nth(index).fill(value)


def test_a_paper_ballot_then_a_correction_with_full_width_digits(fresh_server, browser):
    server = fresh_server
    team = team_id(server.database_url, 1)
    host = Host(server.url, "host1", server.credentials["host1"])
    host.act("call", team_id=team)
    host.act("open")
    [(judge,)] = query(server.database_url, "SELECT id FROM judges WHERE number = 5")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    with watched_page(context) as page:
        page.goto(server.url + "/staff/login")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", server.credentials["admin"])
        page.click("button[type=submit]")

        page.goto(f"{server.url}/admin/venues/1/paper")
        page.locator("#paper-judges tr", has_text="评委5").get_by_role("link").click()
        expect(page.locator("#marks-sum")).to_have_text("与各项之和核对")
        _marks(page, FULL_WIDTH)
        expect(page.locator("#marks-sum")).to_have_text("各项合计 88.5")
        expect(page.locator("#total")).to_have_value("")  # the paper's own total, typed
        page.fill("#total", "８８．５")
        page.get_by_role("button", name="确认录入").click()
        expect(page.locator(".flash-info")).to_contain_text("已录入评委5的纸质评分：总分 88.5")

        host.act("close", confirm_missing=True)
        page.goto(f"{server.url}/admin/teams/{team}/scores/{judge}/correct")
        expect(page.locator("input[data-mark]").first).to_have_value("14.5")
        expect(page.locator("#total")).to_have_value("88.5")
        page.locator("input[data-mark]").first.fill("１５")
        expect(page.locator("#total")).to_have_value("89")  # follows the marks
        expect(page.locator("#marks-sum")).to_have_text("各项合计 89，已填入总分")
        page.fill("#reason", "评委复核：第一项录入时看错一行")
        page.get_by_role("button", name="确认更正").click()
        expect(page).to_have_url(re.compile(rf"/admin/teams/{team}#scores$"))
        expect(page.locator(".flash-info")).to_have_text(
            "已更正评委5的分数：总分 89（第 2 次提交）"
        )

        page.goto(f"{server.url}/admin/teams/{team}/scores/{judge}/correct")
        page.get_by_role("link", name="返回班组页面").click()
        expect(page).to_have_url(re.compile(rf"/admin/teams/{team}#scores$"))
    context.close()
    rows = query(
        server.database_url,
        "SELECT version, total, channel FROM score_submissions WHERE judge_id = :j "
        "ORDER BY version",
        j=judge,
    )
    assert [(v, str(t), c) for v, t, c in rows] == [(1, "88.5", "paper"), (2, "89", "correction")]
