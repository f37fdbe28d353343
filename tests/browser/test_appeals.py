"""申诉 and 复核 in Chromium: staff switch appeals on; after the reveal the team's
活动推进者 files through its link on a phone (390×844); a second appeal at the desk is
refused; staff and the 评委组长 rule with reasons and signatures; the hall's standings show
「已复核」 and the team's page shows the ruling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone, sign_in
from tests.browser.console import rows
from tests.browser.test_signing import draw
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
WIDE = {"width": 1440, "height": 900}
HALL = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def test_an_appeal_is_filed_on_the_phone_and_ruled_with_signatures(fresh_server, browser):
    server = fresh_server
    team = rows(server, "select id from teams where order_position = 1")[0][0]
    with (
        watched_page(browser, viewport=WIDE) as staff,
        # The form is sent back with 422 and the message once, on purpose (a bad phone number).
        watched_page(browser, viewport=PHONE, has_touch=True, allow=("status of 422",)) as phone,
        watched_page(browser, viewport=HALL) as hall,
    ):
        sign_in(staff, server, "admin")
        staff.goto(server.url + "/admin/contests/1/setup")
        staff.get_by_role("link", name="申诉与复核").click()
        staff.check("#appeals-enabled")
        staff.check("#after-reveal")
        staff.fill("#window-minutes", "30")
        staff.click("#appeal-settings-save")
        expect(staff.locator(".flash")).to_have_text("已保存")

        host = Host(server.url, "host1", server.credentials["host1"])
        host.act("call", team_id=team)
        host.act("open")
        for line in server.flask("judge-links").splitlines():
            assert JudgePhone(line.split("\t")[1]).score("85").status_code == 201
        host.act("close")
        host.act("reveal")

        staff.reload()
        link = staff.locator("#links a.appeal-link").first
        with staff.expect_popup() as opened:
            link.click()
        url = opened.value.url
        opened.value.close()

        phone.goto(url)
        phone.fill("#appeal-name", "王推进")
        phone.fill("#appeal-phone", "12")
        phone.fill("#appeal-grounds", "第3位评委的分数明显偏低，请复核")
        phone.click("#appeal-submit")
        expect(phone.locator("#appeal-error")).to_have_text("请填写能联系到您的电话号码")
        phone.fill("#appeal-phone", "139 0000 1234")
        phone.click("#appeal-submit")
        expect(phone.locator("#appeal-status")).to_contain_text("已收到您的申诉")

        staff.reload()
        staff.fill("#desk-name", "李推进")
        staff.fill("#desk-phone", "13800005678")
        staff.fill("#desk-grounds", "再次申诉")
        staff.click("#desk-submit")
        expect(staff.locator(".flash")).to_have_text("本班组已提出过申诉，每个班组只能申诉一次")

        appeal = staff.locator("article.request").first
        appeal_id = appeal.get_attribute("id").removeprefix("appeal-")
        staff.check(f"#upheld-{appeal_id}")
        staff.fill(f"#ruling-{appeal_id}", "经核查，该评委评分符合评分标准，维持原结果")
        staff.click(f"#rule-{appeal_id}")  # no signatures yet: both pads say so
        expect(staff.locator(f"#staff-pad-{appeal_id}-hint")).to_have_text(
            "请先在签名框内用手指（或鼠标）签名，再提交"
        )
        expect(staff.locator(f"#chair-pad-{appeal_id}-hint")).to_have_text(
            "请先在签名框内用手指（或鼠标）签名，再提交"
        )
        draw(staff, f"#staff-pad-{appeal_id}")
        draw(staff, f"#chair-pad-{appeal_id}")
        staff.click(f"#rule-{appeal_id}")
        expect(staff.locator(".flash")).to_have_text("复核结论已记录")
        expect(staff.locator(".ruled")).to_contain_text("复核结论：维持原结果")

        hall.goto(f"{server.url}/display/venues/1")
        host.act("scene", scene="standings")
        expect(hall.locator(".standings .reviewed").last).to_have_text("已复核")

        phone.reload()
        expect(phone.locator("#ruling")).to_contain_text("复核结论：维持原结果")
    assert rows(
        server, "select signer_kind from signatures where purpose = 'appeal_ruling' order by id"
    ) == [("staff",), ("judge",)]


def test_the_team_finds_its_appeal_link_on_its_own_home_page(fresh_server, browser):
    import json
    import subprocess
    import sys

    from tests.browser.console import write

    server = fresh_server
    subprocess.run(
        [sys.executable, "-m", "tests.national.browser_seed"], env=server.env, check=True
    )
    ((stored,),) = rows(server, "select settings from contests where id = 1")
    settings = json.loads(stored) if isinstance(stored, str) else dict(stored or {})
    settings["appeals"] = {"enabled": True, "window_minutes": 30, "after": "reveal"}
    write(server, "update contests set settings = :s where id = 1", s=json.dumps(settings))
    ((team, name),) = rows(
        server,
        "select t.id, t.team_name from teams t join applications a on a.contest_team_id = t.id"
        " where a.number = '2026-0001'",
    )
    write(server, "update teams set revealed_at = :at where id = :t", at=_now(), t=team)
    with watched_page(browser, viewport=PHONE, has_touch=True) as phone:
        phone.goto(server.url + "/apply/login")
        phone.fill("input[name=username]", "team-2026")
        phone.fill("input[name=password]", "x")
        phone.click("button.primary")
        phone.wait_for_url(re.compile(r"/apply/"))
        phone.goto(server.url + "/apply/team/")
        links = phone.locator("#appeal-notices .appeal-link")
        expect(links).to_have_count(1)
        expect(links).to_contain_text(name)
        expect(links.locator(".badge")).to_contain_text("前申诉")
        links.click()
        phone.wait_for_url(re.compile(r"/appeal/[^/]+$"))
        expect(phone.locator("main")).to_contain_text(name)
        phone.fill("#appeal-name", "王立群")
        phone.fill("#appeal-phone", "13800138000")
        phone.fill("#appeal-grounds", "第二项得分与现场答辩情况不符，请复核")
        phone.click("#appeal-submit")
        expect(phone.locator("#appeal-status")).to_be_visible()
        phone.goto(server.url + "/apply/team/")
        expect(links.locator(".badge")).to_have_text("已申诉，复核中")
    assert rows(server, "select team_id, via from appeals") == [(team, "link")]


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC).replace(tzinfo=None)
