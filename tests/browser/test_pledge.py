"""评审承诺书 in Chromium: staff switch it on and set the text; a judge's phone (390×844)
shows it before the sheet, the judge accepts, scores; staff see and export the record."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.actors import scalar, sign_in
from tests.browser.judge_phone import fill_marks, open_judge_page, stage_team, submit_marks
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
MARKS = ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]  # total 88.5
TEXT = "本人承诺：独立公正评分；\n评审情况严格保密；\n与参赛班组有利害关系的主动回避。"


def test_staff_require_the_pledge_and_the_judge_accepts_before_scoring(
    fresh_server, browser, phone, tmp_path
):
    desk = browser.new_context(viewport={"width": 1440, "height": 900})
    with watched_page(desk) as staff:
        sign_in(staff, fresh_server, "admin")
        staff.goto(fresh_server.url + "/admin/contests/1/setup")
        staff.get_by_role("link", name="评审承诺书").click()
        expect(staff.locator("h1")).to_contain_text("评审承诺书")
        expect(staff.locator("#pledge-text-input")).to_have_value(re.compile("^本人受聘担任"))
        staff.check("#pledge-enabled")
        staff.fill("#pledge-text-input", TEXT)
        staff.click("#pledge-save")
        expect(staff.locator(".flash")).to_contain_text("已保存。评委须接受当前承诺书后才能评分")
        expect(staff.locator("#pledge-count")).to_have_text("0 / 9 位评委已接受当前承诺书")

        with watched_page(phone) as page:
            open_judge_page(fresh_server, page, 1)
            expect(page.locator("#pledge-title")).to_have_text("评审承诺书")
            expect(page.locator("#pledge-text p")).to_have_text(
                [
                    "本人承诺：独立公正评分；",
                    "评审情况严格保密；",
                    "与参赛班组有利害关系的主动回避。",
                ]
            )
            accept = page.locator("#pledge-accept")
            expect(accept).to_be_in_viewport()
            accept.click()
            page.wait_for_url(re.compile(r"/judge/$"))
            expect(page.locator("#notice-text")).to_have_text("比赛尚未开始，请稍候。")

            _, team = stage_team(fresh_server, 1)
            expect(page.locator("#sheet")).to_be_visible()
            fill_marks(page, MARKS)
            submit_marks(page)
            expect(page.locator("#status-title")).to_contain_text("已提交")
        assert (
            scalar(
                fresh_server.database_url,
                "select count(*) from score_submissions where team_id = :t",
                t=team,
            )
            == 1
        )

        staff.reload()
        expect(staff.locator("#pledge-count")).to_have_text("1 / 9 位评委已接受当前承诺书")
        expect(staff.locator("#pledge-roster tbody tr").first.locator("td.done")).to_have_text(
            re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
        )
        with staff.expect_download() as download:
            staff.click("#pledge-export")
        path = tmp_path / "pledge.xlsx"
        download.value.save_as(path)
        book = load_workbook(path)
        assert [c.value for c in book["签署记录"][4]][1:3] == ["评委1", _judge_name(fresh_server)]
        assert book["承诺书文本"]["B2"].value == TEXT
    desk.close()


def _judge_name(server) -> str:
    return server.flask("judge-links").splitlines()[0].split("\t")[0]
