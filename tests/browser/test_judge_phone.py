"""A judge on a phone (390×844, real Chromium): live updates, revise and lock, bad Wi-Fi."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, submissions, team_id
from tests.browser.judge_phone import (
    OFFLINE,
    fill_marks,
    open_judge_page,
    stage_team,
    submit_marks,
)
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
MARKS = ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]  # total 88.5


def _host(server) -> Host:
    return Host(server.url, "host1", server.credentials["host1"])


def test_judge_sees_the_team_when_the_host_opens_scoring(fresh_server, phone):
    with watched_page(phone) as page:
        open_judge_page(fresh_server, page, 1)
        expect(page.locator("#notice-text")).to_have_text("比赛尚未开始，请稍候。")
        host = _host(fresh_server)

        host.act("call", team_id=team_id(fresh_server.database_url, 3))
        expect(page.locator("#team-company")).to_have_text("上海浦东国际机场货运站有限公司（东区）")
        expect(page.locator("#team-name")).to_have_text("进港理货二组")
        expect(page.locator("#team-mode")).to_have_text("线上发表")
        expect(page.locator("#notice-text")).to_have_text("评分尚未开放，请等待主持人开启。")
        expect(page.locator("#sheet")).to_be_hidden()

        host.act("open")
        expect(page.locator("#sheet")).to_be_visible()
        expect(page.locator("#items li")).to_have_count(6)
        expect(page.locator("#items li").first).to_contain_text("满分 15 · 步长 0.5")


def test_judge_scores_revises_and_sees_the_lock(fresh_server, phone):
    with watched_page(phone) as page:
        name = open_judge_page(fresh_server, page, 1)
        host, team = stage_team(fresh_server, 1)
        expect(page.locator("#sheet")).to_be_visible()

        fill_marks(page, MARKS[:5])
        expect(page.locator("#submit")).to_be_disabled()
        page.locator("#items li").nth(5).locator("button.plus").click()  # empty + -> full marks
        expect(page.locator("#items input").nth(5)).to_have_value("10")
        page.locator("#items li").nth(5).locator("button.minus").click()
        page.locator("#items li").nth(5).locator("button.minus").click()
        page.locator("#items li").nth(5).locator("button.minus").click()
        expect(page.locator("#items input").nth(5)).to_have_value("8.5")
        expect(page.locator("#total")).to_have_text("88.5")
        page.click("#submit")
        expect(page.locator("#confirm-text")).to_have_text("确认提交总分 88.5 分？")
        page.click("#confirm-yes")
        expect(page.locator("#status-title")).to_have_text("已提交（第1次）")

        page.click("#revise")
        page.locator("#items input").first.fill("14.2")
        expect(page.locator("#items li").first).to_contain_text("请以 0.5 分为单位")
        expect(page.locator("#submit")).to_be_disabled()
        page.locator("#items input").first.fill("15")
        expect(page.locator("#submit")).to_have_text("提交修改")
        submit_marks(page)
        expect(page.locator("#status-title")).to_have_text("已提交（第2次）")

        host.act("close", confirm_missing=True)  # judges 2-9 have not scored
        expect(page.locator("#locked-banner")).to_have_text("评分已结束，分数已锁定")
        expect(page.locator("#submit")).to_be_hidden()
        expect(page.locator("#items input").first).to_have_value("15")
        assert [
            (v, str(t))
            for v, t, _ in submissions(fresh_server.database_url, team_id=team, judge_name=name)
        ] == [(1, "88.5"), (2, "89")]


def test_a_submit_cut_by_the_network_arrives_exactly_once(fresh_server, phone):
    with watched_page(phone, allow=OFFLINE) as page:
        name = open_judge_page(fresh_server, page, 2)
        _, team = stage_team(fresh_server, 2)
        expect(page.locator("#sheet")).to_be_visible()
        fill_marks(page, MARKS)

        # The request reaches the server and is committed, but the answer never comes back;
        # then the phone loses the network altogether.
        def lose_the_answer(route):
            route.fetch()
            phone.set_offline(True)
            route.abort("internetdisconnected")

        page.route("**/api/judge/scores", lose_the_answer)
        submit_marks(page)
        expect(page.locator("#status")).to_contain_text("等待网络")
        expect(page.locator("#conn")).to_be_visible()
        page.unroute("**/api/judge/scores")
        phone.set_offline(False)

        expect(page.locator("#status-title")).to_have_text("已提交（第1次）", timeout=20_000)
        rows = submissions(fresh_server.database_url, team_id=team, judge_name=name)
        assert [(v, str(t)) for v, t, _ in rows] == [(1, "88.5")]
        outbox = "localStorage.getItem('contest-outbox-' + app.dataset.judge)"  # window.app
        assert page.evaluate(outbox) == "[]"
