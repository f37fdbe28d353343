"""The judge's phone through a long day (issue #12: items 6, 13, 14, 15), in Chromium.

Full-width digits as Chinese input methods type them; a submitted sheet that plainly says
so at the top; an offline button that says what it will do; a one-line header that keeps
the team on stage in sight at 360 px; and the judge's own earlier marks (我的评分).
CONTEST_SCREENSHOTS=docs/screens keeps the picture of the submitted state at 360×640.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone, submissions, team_id
from tests.browser.judge_phone import (
    OFFLINE,
    fill_marks,
    open_judge_page,
    query,
    stage_team,
    submit_marks,
)
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
SMALL = {"width": 360, "height": 640}
LARGE = {"width": 390, "height": 844}
MARKS = ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]  # total 88.5


def _read_only(page) -> bool:
    return page.locator("#items input").evaluate_all("inputs => inputs.every(i => i.readOnly)")


def test_full_width_digits_are_read_on_the_phone(fresh_server, phone):
    _, team = stage_team(fresh_server, 1)
    with watched_page(phone) as page:
        name = open_judge_page(fresh_server, page, 1)
        fill_marks(page, ["１４.5", "13", "22。5", "１２．５", "17.5", "８．５"])
        expect(page.locator("#items .error")).to_have_text([""] * 6)
        expect(page.locator("#total")).to_have_text("88.5")
        page.locator("#items input").first.press("Tab")  # leaving the box shows 14.5
        expect(page.locator("#items input").first).to_have_value("14.5")

        second = page.locator("#items li").nth(1)
        second.locator("input").fill("－1")  # a full-width minus is still no mark
        expect(second.locator(".error")).to_have_text("请输入数字")
        second.locator("input").fill("１３．２")
        expect(second.locator(".error")).to_have_text("请以 0.5 分为单位")
        expect(page.locator("#submit")).to_be_disabled()
        second.locator("input").fill("１３")
        expect(page.locator("#submit")).to_be_enabled()

        page.click("#submit")
        expect(page.locator("#confirm-text")).to_have_text("确认提交总分 88.5 分？")
        page.click("#confirm-no")  # 返回修改: nothing sent, the button is back
        expect(page.locator("#confirm")).to_be_hidden()
        expect(page.locator("#submit")).to_have_text("提交评分")
        submit_marks(page)
        expect(page.locator("#status-title")).to_have_text("已提交（第1次）")
    rows = submissions(fresh_server.database_url, team_id=team, judge_name=name)
    assert [(v, str(t)) for v, t, _ in rows] == [(1, "88.5")]
    stored = query(
        fresh_server.database_url,
        "SELECT m.value FROM score_marks m JOIN score_items i ON i.id = m.item_id "
        "JOIN score_submissions s ON s.id = m.submission_id WHERE s.team_id = :t "
        "ORDER BY i.position",
        t=team,
    )
    assert [str(v) for (v,) in stored] == MARKS


def test_a_submitted_sheet_says_so_at_the_top_and_reads_only(fresh_server, browser):
    _, team = stage_team(fresh_server, 3)
    context = browser.new_context(viewport=SMALL, has_touch=True)
    with watched_page(context) as page:
        name = open_judge_page(fresh_server, page, 2)
        fill_marks(page, MARKS)
        page.evaluate("window.scrollTo(0, 0)")
        _keep_screenshot(page, "judge-phone")  # the README's picture of the sheet
        submit_marks(page)  # pressed at the foot of the sheet, scrolled down
        expect(page.locator("#status-title")).to_have_text("已提交（第1次）")
        [(receipt,)] = query(
            fresh_server.database_url,
            "SELECT receipt FROM score_submissions WHERE team_id = :t",
            t=team,
        )
        expect(page.locator("#status-detail")).to_have_text(f"总分 88.5 分 · 回执 {receipt}")
        status = page.locator("#status").bounding_box()
        assert status["y"] >= 0 and status["y"] + status["height"] <= SMALL["height"]
        assert _read_only(page)
        expect(page.locator("#items button.plus")).to_have_count(6)
        expect(page.locator("#items button.plus").first).to_be_hidden()
        expect(page.locator("#submit")).to_be_hidden()
        expect(page.locator("#revise")).to_have_text("修改")
        expect(page.locator("#revise")).to_have_class("secondary")
        _keep_screenshot(page, "judge-submitted-360")

        page.click("#revise")
        expect(page.locator("#status-title")).to_have_text("正在修改")
        assert not _read_only(page)
        expect(page.locator("#submit")).to_have_text("提交修改")
        page.locator("#items input").first.fill("15")
        expect(page.locator("#total")).to_have_text("89")
        page.click("#cancel-revise")  # 取消修改: the submitted marks come back
        expect(page.locator("#status-title")).to_have_text("已提交（第1次）")
        expect(page.locator("#items input").first).to_have_value("14.5")
        assert _read_only(page)

        page.click("#revise")
        page.locator("#items li").first.locator("button.plus").click()
        expect(page.locator("#items input").first).to_have_value("15")
        submit_marks(page)
        expect(page.locator("#status-title")).to_have_text("已提交（第2次）")
        expect(page.locator("#status-detail")).to_contain_text("总分 89 分")
    context.close()
    rows = submissions(fresh_server.database_url, team_id=team, judge_name=name)
    assert [(v, str(t)) for v, t, _ in rows] == [(1, "88.5"), (2, "89")]


def _keep_screenshot(page, name: str) -> None:
    """With CONTEST_SCREENSHOTS=<folder> (docs/screens for the README), keep a picture."""
    folder = os.environ.get("CONTEST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.jpg"), type="jpeg", quality=82)


def test_offline_the_button_says_it_submits_when_the_network_returns(fresh_server, phone):
    _, team = stage_team(fresh_server, 5)
    with watched_page(phone, allow=OFFLINE) as page:
        name = open_judge_page(fresh_server, page, 4)
        fill_marks(page, MARKS)
        expect(page.locator("#submit")).to_have_text("提交评分")
        phone.set_offline(True)
        expect(page.locator("#conn")).to_be_visible()
        expect(page.locator("#submit")).to_have_text("等待网络，恢复后自动提交")
        submit_marks(page)
        expect(page.locator("#status-title")).to_have_text(
            "等待网络：分数已保存在本机，网络恢复后自动提交"
        )
        expect(page.locator("#submit")).to_have_text("等待网络，恢复后自动提交")
        expect(page.locator("#submit")).to_be_disabled()
        assert _read_only(page)
        assert submissions(fresh_server.database_url, team_id=team, judge_name=name) == []

        phone.set_offline(False)
        expect(page.locator("#status-title")).to_have_text("已提交（第1次）", timeout=20_000)
    rows = submissions(fresh_server.database_url, team_id=team, judge_name=name)
    assert [(v, str(t)) for v, t, _ in rows] == [(1, "88.5")]


def test_the_header_is_one_line_and_the_team_stays_in_sight(fresh_server, browser):
    # A venue with a long name and no 简称: the header still takes one line at 360 px.
    query(
        fresh_server.database_url,
        "UPDATE venues SET name = :n, short_name = ''",
        n="上海市质量信得过班组建设经验发表赛第一分会场（浦东世博中心）",
    )
    stage_team(fresh_server, 17)  # 上汽大众汽车有限公司（安亭） 总装二车间底盘线质量门班组
    context = browser.new_context(viewport=SMALL, has_touch=True)
    with watched_page(context) as page:
        open_judge_page(fresh_server, page, 9)
        expect(page.locator(".who .me")).to_have_text("评委9 · 郑国平")
        line = [page.locator(f".who {part}").bounding_box() for part in (".venue", ".me", ".tab")]
        assert all(box["height"] < 42 for box in line)  # none of them wraps
        middles = {round(box["y"] + box["height"] / 2) for box in line}
        assert max(middles) - min(middles) <= 2  # side by side on one line
        assert line[2]["x"] + line[2]["width"] <= SMALL["width"]

        first = page.locator("#items li").first
        for part in (".limits", ".criteria"):
            size = first.locator(part).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= 16, part
        expect(first.locator(".limits")).to_have_text("满分 15 · 步长 0.5")
        # More of the sheet on screen: two whole items above the total and the button.
        footer = page.locator("#sheet-footer").bounding_box()
        second = page.locator("#items input").nth(1).bounding_box()
        assert second["y"] + second["height"] <= footer["y"]

        expect(page.locator("#on-stage")).to_be_hidden()
        page.locator("#items li").last.scroll_into_view_if_needed()
        expect(page.locator("#on-stage")).to_be_visible()
        expect(page.locator("#on-stage")).to_have_text("总装二车间底盘线质量门班组")
        strip = page.locator("#on-stage").bounding_box()
        assert strip["y"] >= 0 and strip["y"] + strip["height"] <= 110
        page.evaluate("window.scrollTo(0, 0)")
        expect(page.locator("#on-stage")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("viewport", [LARGE, SMALL], ids=["390x844", "360x640"])
def test_my_marks_list_the_judges_own_marks_and_recusals(fresh_server, browser, viewport):
    server = fresh_server
    [(judge_number, recused_order)] = query(
        server.database_url,
        "SELECT j.number, t.order_position FROM recusals r JOIN judges j ON j.id = r.judge_id "
        "JOIN teams t ON t.id = r.team_id",
    )
    links = dict(
        line.split("\t") for line in server.flask("judge-links").splitlines() if line.strip()
    )
    urls = list(links.values())
    host = Host(server.url, "host1", server.credentials["host1"])
    me, other = JudgePhone(urls[judge_number - 1]), JudgePhone(urls[0])
    for order, totals in ((1, ["80", "86.5"]), (2, ["91"])):
        host.act("call", team_id=team_id(server.database_url, order))
        host.act("open")
        for total in totals:
            assert me.score(total).status_code == 201
        assert other.score("70").status_code == 201
        host.act("close", confirm_missing=True)  # the others never score in this test
    host.act("call", team_id=team_id(server.database_url, recused_order))

    context = browser.new_context(viewport=viewport, has_touch=True)
    with watched_page(context) as page:
        open_judge_page(server, page, judge_number)
        expect(page.locator("#notice-text")).to_contain_text("回避")
        page.click("#mine-toggle")
        expect(page.locator("#mine-toggle")).to_have_text("返回评分")
        expect(page.locator("#scoring")).to_be_hidden()
        rows = page.locator("#mine-list > li")
        expect(rows).to_have_count(3)
        expect(rows.locator(".mine-total")).to_have_text(["86.5", "91", "回避"])
        names = query(
            server.database_url,
            "SELECT team_name FROM teams WHERE order_position IN (1, 2, :r) "
            "ORDER BY order_position",
            r=recused_order,
        )
        expect(rows.locator(".team")).to_have_text([n for (n,) in names])
        marks = query(
            server.database_url,
            "SELECT m.value FROM score_marks m JOIN score_items i ON i.id = m.item_id "
            "JOIN score_submissions s ON s.id = m.submission_id JOIN judges j ON j.id = s.judge_id "
            "JOIN teams t ON t.id = s.team_id WHERE j.number = :j AND t.order_position = 1 "
            "AND s.version = 2 ORDER BY i.position",
            j=judge_number,
        )
        expect(rows.first.locator(".mine-marks li span")).to_have_text([str(v) for (v,) in marks])
        expect(rows.nth(2).locator(".mine-marks")).to_have_count(0)
        expect(page.locator("#mine-legend li")).to_have_count(6)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"]  # nothing runs off the side of the phone

        page.click("#mine-toggle")  # 返回评分
        expect(page.locator("#mine")).to_be_hidden()
        expect(page.locator("#mine-toggle")).to_have_text("我的评分")
        expect(page.locator("#notice-text")).to_contain_text("回避")
    context.close()
