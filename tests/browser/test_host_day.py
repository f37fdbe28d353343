"""A host runs a venue from the draw to the final standings while a second venue runs too.

Venue A: host in Chromium (keyboard shortcuts), 5 teams, 7 judges as HTTP clients, one team
absent, one overtime deduction, one forced reveal. Venue B: its own host over HTTP at the
same time. Neither sees the other's events.
"""

from __future__ import annotations

import json
import re
import time

import pytest
import socketio
from playwright.sync_api import expect

from contest.day.draw import shuffle
from tests.browser.actors import Host, JudgePhone
from tests.browser.console import judge_links, rows
from tests.browser.seed import VENUES
from tests.browser.watch import watch

pytestmark = pytest.mark.browser
SEED_A = "2026-09-18 第一分会场 738291"
ROUNDS_A = [  # judges' totals for the 4 teams that present, in running order
    ["90", "91", "92", "93", "94", "95", "96"],  # drop 90, 96 -> 93.00
    ["85", "86", "87", "88", "89", "90", "91"],  # 88 - 0.5 overtime -> 87.50
    ["80", "82", "84", "86", "88", "90", None],  # judge 7's phone fails: forced -> 85.00
    ["92", "93", "93", "93", "93", "93", "99"],  # drop 92, 99 -> 93.00, tied with the first
]
B_NAMES = [company for company, _, _ in VENUES["第二分会场"]]


def _venue_teams(server, venue: int) -> list[tuple[int, str, str]]:
    return rows(
        server,
        "SELECT id, company_name, status FROM teams WHERE venue_id = :v "
        "ORDER BY order_position, id",
        v=venue,
    )


def _phones(server, prefix: str) -> list[JudgePhone]:
    return [JudgePhone(url) for _, url in judge_links(server, prefix)]


def _run_b_round(host_b: Host, phones: list[JudgePhone], team_id: int, total: str) -> None:
    host_b.act("call", team_id=team_id)
    host_b.act("open")
    for phone in phones:
        assert phone.score(total).status_code == 201
    host_b.act("close")
    host_b.act("reveal")


def test_a_host_runs_the_day_with_a_second_venue_alongside(two_venue_server, browser):
    server = two_venue_server
    feed_a: list[dict] = []
    listener = socketio.Client()
    listener.on("stage_updated", feed_a.append)
    listener.connect(server.url, transports=["polling"], auth={"audience": "viewer", "venue": 1})

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    # Any console error or uncaught exception fails the day, but for the 409 with which the
    # server names missing judges at 结束评分 (the console then asks the host).
    watched = [watch(page, allow=("stage/close",))]
    page.on(
        "dialog",
        lambda d: d.accept("评委7手机故障，经评审组长同意") if d.type == "prompt" else d.accept(),
    )
    page.goto(server.url + "/host/venues/1")
    page.fill("input[name=username]", "host-a")
    page.fill("input[name=password]", server.credentials["host-a"])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/host/venues/1$"))
    host_b = Host(server.url, "host-b", server.credentials["host-b"], venue_id=2)
    phones_a, phones_b = _phones(server, "甲"), _phones(server, "乙")

    # The draw, in the hall: the seed gives the order, which anyone can replay
    page.fill("#draw-seed", SEED_A)
    page.fill("#draw-witnesses", "公证员 王芳")
    page.click("#draw-go")
    expect(page.locator("#draw-panel")).to_be_hidden()
    expect(page.locator("#drawn")).to_have_text(f"（已抽签，随机码：{SEED_A}）")
    host_b.act("draw", seed="2026-09-18 第二分会场 112358")
    teams_a = _venue_teams(server, 1)
    assert [t[0] for t in teams_a] == shuffle(SEED_A, sorted(t[0] for t in teams_a))

    # The team fourth in the order does not turn up
    absent_id = teams_a[3][0]
    page.locator(f'#order li[data-team="{absent_id}"] button.tool', has_text="缺席").click()
    expect(page.locator(f'#order li[data-team="{absent_id}"] .badge.status-absent')).to_have_text(
        "缺席"
    )
    presenting = [t for t in teams_a if t[0] != absent_id]
    b_teams = _venue_teams(server, 2)

    for index, ((team_id, company, _), totals) in enumerate(zip(presenting, ROUNDS_A, strict=True)):
        page.keyboard.press("n")
        expect(page.locator("#stage-team .company")).to_have_text(company)
        if index == 1:  # this team talks past its 2 seconds: 1 started minute over
            page.click('[data-timer="start"]')
            page.wait_for_timeout(3300)
            page.click('[data-timer="qa"]')
            page.click("#overtime")
            # A key pressed while the confirm dialog is up would be lost: wait for the result.
            expect(page.locator("#toast")).to_contain_text("已记录：超时")
        page.keyboard.press("o")
        expect(page.locator("#progress")).to_contain_text("评分进行中")
        for phone, total in zip(phones_a, totals, strict=True):
            if total is not None:
                assert phone.state()["team"]["id"] == team_id
                assert phone.score(total).status_code == 201
        done = sum(t is not None for t in totals)
        expect(page.locator("#progress")).to_contain_text(f"已提交 {done} / 7")
        if index < 2:  # venue B runs a round in between, at the same time
            _run_b_round(host_b, phones_b, b_teams[index][0], ["88", "90"][index])
        page.keyboard.press("c")
        expect(page.locator('[data-action="reveal"]')).to_be_enabled()
        page.keyboard.press("r")
        expect(page.locator("button.scene.active")).to_have_text("揭晓")

    # Final standings on venue A's display: the absent team is not ranked, ties are ties
    page.click('button.scene[data-scene="standings"]')
    display = browser.new_page(viewport={"width": 1920, "height": 1080})
    watched.append(watch(display))
    display.goto(server.url + "/display/venues/1")
    standings = display.locator(".scene.standings:not(.leaving) tr")
    expect(standings).to_have_count(4)
    expect(standings.locator(".num")).to_have_text(["93.00", "93.00", "87.50", "85.00"])
    expect(standings.locator(".rank")).to_have_text(["1并列", "1并列", "3", "4"])

    # No crosstalk: venue A's feed, console and judges never saw venue B
    time.sleep(0.5)
    listener.disconnect()
    assert feed_a and all(event["venue"]["id"] == 1 for event in feed_a)
    assert not any(name in str(feed_a) for name in B_NAMES)
    assert not any(name in page.inner_text("body") for name in B_NAMES)
    forbidden = host_b.http.post(
        f"{server.url}/api/venues/1/stage/open", json={}, headers={"X-CSRFToken": host_b.csrf}
    )
    assert forbidden.status_code == 403

    # The audit log tells venue A's day in order; the draw replays to the same order
    actions = [
        a
        for (a,) in rows(
            server,
            "SELECT action FROM audit_entries WHERE subject = 'venue:1' ORDER BY id",
        )
    ]
    round_ = ["stage.team_called", "stage.scoring_opened", "stage.scoring_closed", "stage.revealed"]
    overtime = [
        "stage.team_called",
        "stage.timer_start",
        "stage.timer_qa",
        "stage.deduction_added",
        "stage.scoring_opened",
        "stage.scoring_closed",
        "stage.revealed",
    ]
    assert actions == [
        "stage.order_drawn",
        "stage.team_status",
        *round_,
        *overtime,
        *round_,
        *round_,
        "stage.scene_changed",
    ]
    forced = rows(
        server,
        "SELECT data FROM audit_entries WHERE subject = 'venue:1' AND action = 'stage.revealed' "
        "ORDER BY id",
    )
    assert json.loads(forced[2][0])["force_reason"] == "评委7手机故障，经评审组长同意"
    assert "超时 0分0" in str(rows(server, "SELECT reason FROM deductions"))
    assert "重演结果与存档顺序一致" in server.flask("replay-draw", "--venue", "1")
    assert "审计日志完整" in server.flask("verify-audit")
    for watcher in watched:
        watcher.check()
