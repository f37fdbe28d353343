"""Every way out of the signed-contest pages, pressed in Chromium: each settings page's
「返回比赛设置」 and 「返回管理后台」, the countersign page's way to name the chair, the
监督's links from the settings page, the list of contests and the workbench, and the
public draw check page's 「加入随机数」 between the commitment and the draw."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, sign_in
from tests.browser.console import rows
from tests.browser.staff_data import add_supervisor
from tests.browser.test_setup_contests import _fill_basic
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
DEMO = "2026年上海市质量信得过班组建设经验发表赛"
SECOND = "2027年上海市质量信得过班组建设经验发表赛"
# Each settings card on 比赛设置 and the heading of the page it opens.
CARDS = {
    "评审承诺书": "评审承诺书",
    "评委签名": "评委签名",
    "评委组长签名确认": "评委组长签名确认",
    "申诉与复核": "申诉与复核",
}


def _open_card(page, server, title: str) -> None:
    page.goto(server.url + "/admin/contests/1/setup")
    page.locator(".setup-sections h2 a", has_text=re.compile(f"^{title}$")).click()
    expect(page.locator("main h1")).to_contain_text(CARDS.get(title, title))


def test_each_settings_page_leads_back_to_setup_and_to_the_contest(fresh_server, browser):
    server = fresh_server
    with watched_page(browser, viewport=WIDE) as page:
        sign_in(page, server, "admin")
        for title in CARDS:
            _open_card(page, server, title)
            page.locator("a", has_text=re.compile("^返回比赛设置$")).click()
            page.wait_for_url(re.compile(r"/admin/contests/1/setup$"))
            expect(page.locator(".setup-sections")).to_be_visible()

            _open_card(page, server, title)
            page.locator("a", has_text=re.compile("^返回管理后台$")).click()
            page.wait_for_url(re.compile(r"/admin/contests/1$"))
            expect(page.locator("main h1")).to_contain_text(DEMO)

        _open_card(page, server, "评委组长签名确认")
        page.click("#countersign-judges")
        page.wait_for_url(re.compile(r"/admin/contests/1/setup/judges$"))
        expect(page.locator("main")).to_contain_text("评委组长")

        page.goto(server.url + "/admin/contests/1/setup")
        page.locator(".setup-sections h2 a", has_text="监督签名确认").click()
        page.locator("a", has_text=re.compile("^返回比赛设置$")).click()
        page.wait_for_url(re.compile(r"/admin/contests/1/setup$"))
        page.locator(".setup-sections h2 a", has_text="监督签名确认").click()
        page.locator("header nav a", has_text=re.compile("^监督工作台$")).click()
        page.wait_for_url(re.compile(r"/supervise/contests/1$"))
        expect(page.locator("main h1")).to_have_text(f"监督工作台 · {DEMO}")


def test_the_supervisor_moves_between_contests_the_log_and_the_contest(
    fresh_server, browser, tmp_path
):
    server = fresh_server
    add_supervisor(server.database_url, str(tmp_path), "jiandu", "jiandu-pass-1")
    server.credentials["jiandu"] = "jiandu-pass-1"
    with (
        watched_page(browser, viewport=WIDE) as staff,
        watched_page(browser, viewport=PHONE) as phone,
    ):
        sign_in(staff, server, "admin")
        staff.click("#new-contest")
        _fill_basic(
            staff,
            name=SECOND,
            year="2027",
            starts="2027-09-16",
            ends="2027-09-17",
            issuer="上海市质量协会",
        )
        staff.click("#contest-form button[type=submit]")
        staff.wait_for_url(re.compile(r"/admin/contests/\d+/setup$"))

        sign_in(phone, server, "jiandu")
        phone.goto(server.url + "/supervise/")
        names = phone.locator("main .card li a")
        expect(names).to_have_count(2)
        expect(names.filter(has_text=SECOND)).to_have_count(1)
        names.filter(has_text=SECOND).click()
        phone.wait_for_url(re.compile(r"/supervise/contests/\d+$"))
        expect(phone.locator("main h1")).to_have_text(f"监督工作台 · {SECOND}")

        phone.goto(server.url + "/supervise/")
        names.filter(has_text=DEMO).click()
        phone.wait_for_url(re.compile(r"/supervise/contests/1$"))
        phone.locator("a", has_text=re.compile("^完整审计日志$")).click()
        phone.wait_for_url(re.compile(r"/admin/contests/1/audit"))
        expect(phone.locator("main h1")).to_contain_text("审计日志")

        phone.go_back()
        phone.locator("a", has_text=re.compile("^比赛详情$")).click()
        phone.wait_for_url(re.compile(r"/admin/contests/1$"))
        expect(phone.locator("main h1")).to_contain_text(DEMO)


def test_the_check_page_offers_to_join_between_commitment_and_draw(fresh_server, browser):
    server = fresh_server
    host = Host(server.url, "host1", server.credentials["host1"])
    with watched_page(browser, viewport=PHONE, has_touch=True) as phone:
        phone.goto(server.url + "/draw/1")
        expect(phone.locator("#no-commit")).to_be_visible()
        expect(phone.locator("#join")).to_have_count(0)

        host.act("draw_commit")
        phone.reload()
        commitment = phone.locator("#commitment").inner_text()
        phone.click("#join")
        phone.wait_for_url(re.compile(r"/draw/1/witness$"))
        expect(phone.locator("#commitment")).to_have_text(commitment)

        host.act("draw")
        phone.goto(server.url + "/draw/1")
        teams = rows(server, "select count(*) from teams where venue_id = 1")[0][0]
        expect(phone.locator("#order li")).to_have_count(teams)
        expect(phone.locator("#recompute")).to_contain_text("出场顺序与重新计算的结果一致")
        expect(phone.locator("#join")).to_have_count(0)
