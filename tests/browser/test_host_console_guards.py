"""The host console guards its risky steps: every button and shortcut, pressed in Chromium.

Before the draw: N and 请上台 ask first (starting without a draw closes the draw for good);
single-key shortcuts never fire while the host types; the order tools and the draw itself.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host
from tests.browser.console import Dialogs, rows, sign_in
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
WIDE = {"width": 1440, "height": 900}
BEFORE_DRAW = (
    "本分会场尚未抽签。现在请「{team}」上台，将按当前（导入）顺序开始比赛，"
    "抽签面板随即关闭，之后不能再抽签。\n确定不抽签、直接开始吗？"
)
FIRST = "上海申通地铁集团有限公司技术中心 信号系统检测一班"
SECOND = "上海振华重工（集团）股份有限公司长兴分公司 大型构件焊接二班"


def _order(page) -> list[str]:
    return page.locator("#order li .company").all_inner_texts()


def _stage_row(server) -> tuple:
    return rows(server, "SELECT team_id, version FROM stage_states WHERE venue_id = 1")[0]


def test_starting_without_a_draw_asks_first_and_typing_never_fires_a_shortcut(
    two_venue_server, browser
):
    server = two_venue_server
    with watched_page(browser, viewport=WIDE) as page:
        dialogs = Dialogs(page)
        sign_in(page, server, "host-a")
        expect(page.locator("#draw-panel")).to_be_visible()
        untouched = _stage_row(server)

        # Typing a random code or a name: N, O, C and R are letters, not commands
        page.fill("#draw-seed", "")
        page.type("#draw-seed", "nocr NOCR")
        page.type("#draw-witnesses", "Nora Cole")
        expect(page.locator("#draw-seed")).to_have_value("nocr NOCR")
        expect(page.locator("#draw-witnesses")).to_have_value("Nora Cole")
        page.evaluate(
            """() => {
                const note = document.createElement("div");
                note.id = "note"; note.contentEditable = "true";
                document.getElementById("console").append(note);
            }"""
        )
        page.click("#note")
        page.keyboard.type("noted")
        expect(page.locator("#note")).to_have_text("noted")
        assert dialogs.seen == []

        # N before the draw names the consequence; saying no changes nothing
        page.locator("body").click(position={"x": 5, "y": 5})
        page.keyboard.press("n")
        expect(page.locator("#draw-panel")).to_be_visible()
        assert dialogs.seen == [BEFORE_DRAW.format(team=FIRST)]
        # So does 请上台 on a row
        page.locator("#order li").nth(1).locator("button.call").click()
        assert dialogs.seen[1] == BEFORE_DRAW.format(team=SECOND)
        expect(page.locator("#stage-team")).to_have_text("台上暂无班组。")
        assert _stage_row(server) == untouched

        # The order tools, each once: up, down, to the end, absent, withdrawn, restore
        names = _order(page)
        page.locator("#order li").nth(2).locator("button.tool", has_text="↑").click()
        expect(page.locator("#order li .company")).to_have_text(
            [names[0], names[2], names[1], names[3], names[4]]
        )
        page.locator("#order li").nth(1).locator("button.tool", has_text="↓").click()
        expect(page.locator("#order li .company")).to_have_text(names)
        page.locator("#order li").first.locator("button.tool", has_text="移到最后").click()
        expect(page.locator("#order li .company")).to_have_text([*names[1:], names[0]])
        last = page.locator("#order li").last
        last.locator("button.tool", has_text="缺席").click()
        expect(last.locator(".badge.status-absent")).to_have_text("缺席")
        last.locator("button.tool", has_text="恢复").click()
        expect(last.locator(".badge.status-waiting")).to_have_text("待发表")
        last.locator("button.tool", has_text="退赛").click()
        expect(last.locator(".badge.status-withdrawn")).to_have_text("退赛")
        last.locator("button.tool", has_text="恢复").click()
        expect(last.locator(".badge.status-waiting")).to_have_text("待发表")

        # The draw: a random code, the 监督人, a confirm naming the code, then the panel goes
        page.click("#draw-random")
        seed = page.input_value("#draw-seed")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d{6}", seed)
        page.fill("#draw-witnesses", "监督人 王芳")
        dialogs.answer(True)
        page.click("#draw-go")
        expect(page.locator("#drawn")).to_have_text(f"（已抽签，随机码：{seed}）")
        expect(page.locator("#draw-panel")).to_be_hidden()
        assert dialogs.seen[2] == f"用随机码「{seed}」抽签？抽签结果将立即在大屏公布。"
        assert rows(server, "SELECT seed, witnesses FROM draws") == [(seed, "监督人 王芳")]

        # After the draw, N calls the first team at once, with no question
        first = page.locator("#order li .company").first.inner_text()
        page.keyboard.press("n")
        expect(page.locator("#stage-team .company")).to_have_text(first)
        assert len(dialogs.seen) == 3


def test_a_reset_pressed_while_the_pause_is_on_its_way_waits_its_turn(two_venue_server, browser):
    """Pause, then reset at once on a slow line: the reset is sent after the pause, not lost
    (a second press of the same command while it travels is what gets dropped)."""
    server = two_venue_server
    with watched_page(browser, viewport=WIDE) as page:
        dialogs = Dialogs(page)
        sign_in(page, server, "host-a")
        Host(server.url, "host-a", server.credentials["host-a"]).act("draw", seed="慢速线路")
        page.locator("#order li").first.locator("button.call").click()
        expect(page.locator('[data-timer="start"]')).to_be_enabled()
        page.click('[data-timer="start"]')
        page.wait_for_timeout(2600)  # the fixture's talk is 2 seconds: run over

        sent: list[str] = []
        held = []

        def hold_the_first(route):
            sent.append(route.request.post_data_json["do"])
            if len(sent) == 1:
                held.append(route)  # the pause, still on its way
            else:
                route.continue_()

        page.route("**/api/venues/*/stage/timer", hold_the_first)
        page.click('[data-timer="pause"]')
        page.click('[data-timer="pause"]')  # pressed twice while it travels: sent once
        dialogs.answer(True)
        page.click('[data-timer="reset"]')
        page.wait_for_timeout(300)
        assert sent == ["pause"]  # the reset waits for the pause's answer
        held[0].continue_()
        expect(page.locator("#clock")).to_have_text("发表 00:02", timeout=15_000)
        assert sent == ["pause", "reset"]
        expect(page.locator("#talk-kept")).to_have_text(
            re.compile(r"已记录的发表用时：0分0\d秒（用于超时扣分）")
        )
