"""A round run from the host console in Chromium, every button and shortcut pressed once.

The timer reset keeps the talk time, the overtime confirm says the amount, the nudge
reaches the judge's phone, C and R ask first, the display and viewer say what was deducted,
the 获奖结果 scene waits for published results, and the mirror follows the hall display.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone
from tests.browser.console import Dialogs, judge_links, rows, shoot, sign_in, write
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
WIDE = {"width": 1440, "height": 900}
SEED = "2026-09-18 第一分会场 738291"
OVERRUN = r"超时 0分0\d秒，按规则扣 0\.5 分"  # a 2-second talk run for about 3.5 seconds


def _judge(page, number: int):
    return page.locator(f'#judges li:has(b:text-is("评委{number}"))')


def _round_by_buttons(page, phones: list[JudgePhone]) -> None:
    """The next team, with the buttons instead of the keys: no question asked."""
    page.click('[data-action="next"]')
    expect(page.locator("#progress")).to_contain_text("评分未开放")
    page.click('[data-action="open"]')
    expect(page.locator("#progress")).to_contain_text("评分进行中")
    for phone in phones:
        assert phone.score("90").status_code == 201
    expect(page.locator("#progress")).to_contain_text("已提交 7 / 7")
    page.click('[data-action="close"]')
    expect(page.locator("#progress")).to_contain_text("评分已结束")
    page.click('[data-action="reveal"]')
    expect(page.locator("button.scene.active")).to_have_text("揭晓")


def test_a_round_from_the_console_with_every_button_and_shortcut(two_venue_server, browser, phone):
    server = two_venue_server
    links = judge_links(server, "甲")
    phones = [JudgePhone(url) for _, url in links]
    with watched_page(browser, viewport=WIDE) as page:
        dialogs = Dialogs(page)
        sign_in(page, server, "host-a")
        expect(page.locator("#mirror-offline")).to_be_visible()  # no hall display yet
        Host(server.url, "host-a", server.credentials["host-a"]).act("draw", seed=SEED)
        expect(page.locator("#mirror")).to_have_attribute("data-scene", "draw")
        expect(page.locator("#mirror")).to_contain_text("抽签结果 · 出场顺序（5 个班组）")

        # An online team: 请上台 from its row, then 已连线 on and off
        online = page.locator("#order li", has=page.locator(".badge.online")).first
        team = online.locator(".company").inner_text() + " " + online.locator(".team").inner_text()
        online.locator("button.call").click()
        expect(page.locator("#mirror")).to_have_attribute("data-scene", "on_stage")
        expect(page.locator("#mirror-scene")).to_have_text("正在显示：台上")
        page.click("#ready")
        expect(page.locator("#ready")).to_have_text("取消已连线")
        page.click("#ready")
        expect(page.locator("#ready")).to_have_text("标记为已连线")

        # The talk runs over; a reset asks, and keeps what the clock measured
        page.click('[data-timer="start"]')
        page.wait_for_timeout(3300)
        page.click('[data-timer="pause"]')
        expect(page.locator("#clock")).to_have_text(re.compile(r"发表 \+00:0\d"))
        expect(page.locator("#mirror .m-clock")).to_have_text(re.compile(r"发表 \+00:0\d"))
        page.click('[data-timer="reset"]')  # answered no: nothing happens
        expect(page.locator("#clock")).to_have_text(re.compile(r"发表 \+00:0\d"))
        dialogs.answer(True)
        page.click('[data-timer="reset"]')
        # The reset goes to the server and back: give a loaded machine time (the suite runs
        # on every core), as a person would wait.
        expect(page.locator("#clock")).to_have_text("发表 00:02", timeout=15_000)
        kept = re.compile(r"重置会把发表计时归零。已计时 0分0\d秒，这段用时会保留，")
        assert all(kept.match(message) for message in dialogs.seen)
        expect(page.locator("#talk-kept")).to_have_text(
            re.compile(r"已记录的发表用时：0分0\d秒（用于超时扣分）")
        )
        page.click('[data-timer="qa"]')
        expect(page.locator("#clock")).to_have_text(re.compile(r"答辩 00:5\d"))  # a second on it
        dialogs.answer(True)
        page.click('[data-timer="reset"]')
        expect(page.locator("#clock")).to_have_text("答辩 01:00")
        assert re.fullmatch(
            r"重置会把答辩计时归零（已计时 0分0\d秒）。\n确定重置计时吗？", dialogs.seen[-1]
        )

        # The overtime confirm says the amount; no records nothing, yes records it
        page.click("#overtime")
        dialogs.wait_for(page, len(dialogs.seen) + 1)
        expect(page.locator("#deductions")).to_be_hidden()
        dialogs.answer(True)
        page.click("#overtime")
        expect(page.locator("#toast")).to_have_text(re.compile("已记录：" + OVERRUN))
        expect(page.locator("#deductions li")).to_have_text(re.compile(OVERRUN))
        question = re.compile(
            OVERRUN
            + f"。\n确定为「{re.escape(team)}」记录这项扣分吗？扣分单独记录，从最后得分中扣除。"
        )
        assert [bool(question.fullmatch(m)) for m in dialogs.seen[-2:]] == [True, True]
        assert rows(server, "SELECT amount FROM deductions") == [("0.5",)]

        # Scoring: judge 7's phone is open; the host reminds them, the phone flashes
        with watched_page(phone) as judge_page:
            judge_page.goto(links[6][1])
            expect(judge_page.locator("#conn")).to_be_hidden()
            page.keyboard.press("o")
            expect(page.locator("#progress")).to_contain_text("评分进行中")
            expect(_judge(page, 1).locator(".state")).to_have_text("离线")  # link opened, no page
            _judge(page, 1).locator("button.nudge").click()
            expect(page.locator("#toast")).to_have_text(
                "评委1 甲评委1的手机当前离线，收不到提醒：请现场工作人员联系该评委"
            )
            expect(_judge(page, 1).locator(".nudged")).to_have_count(0)
            for judge in phones[:6]:
                assert judge.score("88").status_code == 201
            expect(page.locator("#progress")).to_contain_text("已提交 6 / 7")
            expect(_judge(page, 7).locator(".state")).to_have_text("在线")
            _judge(page, 7).locator("button.nudge", has_text="提醒评委").click()
            expect(page.locator("#toast")).to_have_text("已提醒评委7 甲评委7：提醒已送到其手机")
            expect(_judge(page, 7).locator(".nudged")).to_have_text("已提醒")
            page.evaluate("window.scrollTo(0, 0)")
            shoot(page, "host-console")  # docs/screens/host-console.jpg
            expect(judge_page.locator("#nudge")).to_be_visible()
            expect(judge_page.locator("#nudge")).to_have_text("主持人提醒：请尽快完成评分")
        assert phones[6].score("88").status_code == 201
        expect(page.locator("#progress")).to_contain_text("已提交 7 / 7")

        # C and R from the keyboard ask first; no leaves everything as it was
        asked = len(dialogs.seen)
        page.keyboard.press("c")
        expect(page.locator("#progress")).to_contain_text("评分进行中")
        dialogs.answer(True)
        page.keyboard.press("c")
        expect(page.locator("#progress")).to_contain_text("评分已结束")
        page.keyboard.press("r")
        expect(page.locator('[data-action="reveal"]')).to_be_enabled()
        expect(page.locator("button.scene.active")).to_have_text("评分中")
        dialogs.answer(True)
        page.keyboard.press("r")
        expect(page.locator("button.scene.active")).to_have_text("揭晓")
        close = f"结束评分后，「{team}」的评分即锁定，评委不能再提交或修改。\n确定结束评分吗？"
        reveal = (
            f"揭晓后，「{team}」的各评委分数和最后得分立即在大屏公布，不能撤回。\n确定揭晓成绩吗？"
        )
        assert dialogs.seen[asked:] == [close, close, reveal, reveal]

        # What was deducted, in words: the console's mirror, the hall display, the viewer
        expect(page.locator("#mirror .m-note")).to_have_text(re.compile(OVERRUN))
        expect(page.locator("#mirror .m-final")).to_have_text("最后得分 87.50 · 当前第 1 名")
        with page.expect_popup() as opened:
            page.click("text=打开大屏")
        with watched_page(browser, viewport={"width": 1280, "height": 720}) as display:
            display.goto(opened.value.url)
            expect(display.locator(".scene.reveal .rule")).to_have_text(
                re.compile("去掉最高分和最低分后取平均 · " + OVERRUN)
            )
            opened.value.close()
            with watched_page(browser, viewport={"width": 390, "height": 844}) as viewer:
                viewer.goto(server.url + "/live/1")
                expect(viewer.locator("#reveal .rule.deduction")).to_have_text(re.compile(OVERRUN))

            # Every scene button; 获奖结果 waits for the published results
            results = page.locator('button.scene[data-scene="results"]')
            expect(results).to_be_disabled()
            expect(page.locator("#results-note")).to_be_visible()
            for scene, label in [
                ("welcome", "欢迎"),
                ("draw", "抽签"),
                ("on_stage", "台上"),
                ("scoring", "评分中"),
                ("reveal", "揭晓"),
                ("standings", "排名"),
            ]:
                page.click(f'button.scene[data-scene="{scene}"]')
                expect(page.locator("button.scene.active")).to_have_text(label)
                expect(page.locator("#mirror")).to_have_attribute("data-scene", scene)
                expect(page.locator("#mirror-scene")).to_have_text(f"正在显示：{label}")
                expect(display.locator("body")).to_have_attribute("data-scene", scene)
            expect(page.locator("#mirror-offline")).to_be_hidden()  # the hall display is on
            page.click('button.scene[data-scene="reveal"]')
            expect(page.locator("#mirror .m-note")).to_have_text(re.compile(OVERRUN))
            page.evaluate("window.scrollTo(0, 0)")
            shoot(page, "host-mirror")  # docs/screens/host-mirror.jpg
            # Staff publish the results (as 获奖与推荐 does); the next push carries them
            write(server, "UPDATE contests SET results_published_at = '2026-09-18 16:00:00.000000'")
            page.click('button.scene[data-scene="welcome"]')
            expect(results).to_be_enabled()
            expect(page.locator("#results-note")).to_be_hidden()
            results.click()
            expect(page.locator("#mirror")).to_have_attribute("data-scene", "results")
            expect(page.locator("#mirror-scene")).to_have_text("正在显示：获奖结果")
            expect(display.locator("body")).to_have_attribute("data-scene", "results")

        _round_by_buttons(page, phones)
        assert len(dialogs.seen) == asked + 4  # the buttons asked nothing
