"""评委组长签名确认 in Chromium: staff switch it on; the host closes a round and the console
says the reveal waits for the chair; 揭晓 is refused with who to wait for; the chair's phone
(390×844) turns to the result by itself and signs with a finger; then the reveal goes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone
from tests.browser.console import Dialogs, rows, sign_in
from tests.browser.judge_phone import open_judge_page
from tests.browser.test_signing import draw
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
WIDE = {"width": 1440, "height": 900}


def _switch_on(browser, server, when: str, chair: str) -> None:
    """Staff switch 评委组长签名确认 on from its card, with the timing `when`."""
    from tests.browser.actors import sign_in as staff_sign_in

    with watched_page(browser, viewport=WIDE) as staff:
        staff_sign_in(staff, server, "admin")
        staff.goto(server.url + "/admin/contests/1/setup")
        staff.get_by_role("link", name="评委组长签名确认").click()
        expect(staff.locator("#countersign-chairs")).to_contain_text(chair)
        staff.check("#countersign-enabled")
        staff.check(when)
        staff.click("#countersign-save")
        expect(staff.locator(".flash")).to_have_text("已保存")


def test_the_reveal_waits_for_the_chair_who_signs_on_the_phone(fresh_server, browser, phone):
    server = fresh_server
    ((number, chair_name),) = rows(server, "select number, name from judges where is_chair")
    links = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    _switch_on(browser, server, "#when-before-reveal", f"评委{number} {chair_name}")

    with watched_page(browser, viewport=WIDE) as console, watched_page(phone) as chair:
        open_judge_page(server, chair, number)
        dialogs = Dialogs(console)
        sign_in(console, server, "host1")
        host = Host(server.url, "host1", server.credentials["host1"])
        team = rows(server, "select id from teams where order_position = 1")[0][0]
        host.act("call", team_id=team)
        console.click('[data-action="open"]')
        expect(console.locator("#progress")).to_contain_text("评分进行中")
        for _, url in links:
            assert JudgePhone(url).score("85").status_code == 201
        expect(console.locator("#progress")).to_contain_text("已提交 9 / 9")
        console.click('[data-action="close"]')
        expect(console.locator("#countersign-line")).to_have_text(
            f"等待评委组长签名确认：评委{number} {chair_name}（签名后才能揭晓）"
        )
        # 揭晓 (and its R key) wait for the chair; the line says who.
        expect(console.locator('[data-action="reveal"]')).to_be_disabled()
        console.keyboard.press("r")
        assert dialogs.seen == []
        assert rows(server, "select revealed_at from teams where id = :t", t=team) == [(None,)]

        expect(chair.locator("#countersign-title")).to_have_text("成绩签名确认", timeout=15_000)
        expect(chair.locator(".judge-totals li")).to_have_count(9)
        expect(chair.locator("#countersign-results .total")).to_have_text("85.00")
        draw(chair, "#countersign-pad")
        chair.click("#countersign-submit")
        # Back on the sheet: the chair's own score for the team on stage, locked.
        expect(chair.locator("#status-title")).to_have_text("已提交（第1次）")

        expect(console.locator("#countersign-line")).to_have_text("评委组长已签名确认，可以揭晓")
        console.click('[data-action="reveal"]')
        expect(console.locator("button.scene.active")).to_have_text("揭晓")
    assert rows(
        server, "select signer_name, subject from signatures where purpose = 'countersign'"
    ) == [(chair_name, f"team:{team}")]


def test_at_the_venues_end_the_console_lists_the_chair_until_they_sign(
    fresh_server, browser, phone
):
    server = fresh_server
    ((number, chair_name),) = rows(server, "select number, name from judges where is_chair")
    links = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    _switch_on(browser, server, "#when-venue-end", f"评委{number} {chair_name}")

    with watched_page(browser, viewport=WIDE) as console, watched_page(phone) as chair:
        open_judge_page(server, chair, number)
        sign_in(console, server, "host1")
        host = Host(server.url, "host1", server.credentials["host1"])
        first, *rest = [
            r[0]
            for r in rows(server, "select id from teams where venue_id = 1 order by order_position")
        ]
        for team in rest:  # one team presents; the others withdraw at the desk
            host.act("team_status", team_id=team, status="withdrawn")
        host.act("call", team_id=first)
        host.act("open")
        for _, url in links:
            assert JudgePhone(url).score("85").status_code == 201
        host.act("close")
        expect(console.locator("#countersign-line")).to_be_hidden()  # the reveal does not wait
        console.click('[data-action="reveal"]')
        expect(console.locator("#countersign-line")).to_have_text(
            f"本分会场已结束，等待评委组长签名确认全部成绩：评委{number} {chair_name}"
        )
        expect(chair.locator("#countersign-title")).to_have_text(
            "分会场成绩签名确认", timeout=15_000
        )
        draw(chair, "#countersign-pad")
        chair.click("#countersign-submit")
        expect(console.locator("#countersign-line")).to_have_text(
            "评委组长已签名确认本分会场全部成绩"
        )
    assert rows(
        server, "select signer_name, subject from signatures where purpose = 'countersign'"
    ) == [(chair_name, "venue:1")]
