"""监督签名确认 in Chromium: staff switch it on; a forced reveal and a correction wait for
the 监督, who signs one and refuses another with a reason on a 390×844 phone; the
监督's page follows the day live."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone, sign_in
from tests.browser.console import rows
from tests.browser.staff_data import add_supervisor
from tests.browser.test_signing import draw
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def _correct(page, server, team: int, judge: int, marks: list[str], reason: str) -> None:
    page.goto(f"{server.url}/admin/teams/{team}/scores/{judge}/correct")
    inputs = page.locator("input[name^=mark-]")
    for index, value in enumerate(marks):
        inputs.nth(index).fill(value)
    page.fill("input[name=total], #total", str(sum(float(m) for m in marks)).removesuffix(".0"))
    page.fill("textarea[name=reason], input[name=reason]", reason)
    page.locator("form button[type=submit]").last.click()


def test_the_supervisor_signs_a_forced_reveal_and_a_correction_on_the_phone(
    fresh_server, browser, tmp_path
):
    server = fresh_server
    add_supervisor(server.database_url, str(tmp_path), "jiandu", "jiandu-pass-1")
    server.credentials["jiandu"] = "jiandu-pass-1"
    links = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    team = rows(server, "select id from teams where order_position = 1")[0][0]
    judge = rows(server, "select id from judges where number = 1")[0][0]
    with (
        watched_page(browser, viewport=WIDE) as staff,
        watched_page(browser, viewport=PHONE, has_touch=True) as phone,
    ):
        sign_in(staff, server, "admin")
        staff.goto(server.url + "/admin/contests/1/setup")
        staff.get_by_role("link", name="监督签名确认").click()
        expect(staff.locator("main")).to_contain_text("纪检监督 李明")
        staff.check("#cosign-enabled")
        staff.click("#supervision-save")
        expect(staff.locator(".flash")).to_have_text("已保存")

        sign_in(phone, server, "jiandu")
        phone.goto(server.url + "/admin/")
        phone.click("#supervise-link")
        expect(phone.locator("#nothing-pending")).to_be_visible()

        host = Host(server.url, "host1", server.credentials["host1"])
        host.act("call", team_id=team)
        host.act("open")
        for _, url in links[:6]:
            assert JudgePhone(url).score("85").status_code == 201
        host.act("close", confirm_missing=True)
        refused = host.http.post(
            f"{server.url}/api/venues/1/stage/reveal",
            json={"force_reason": "三位评委手机故障，已改用纸质评分"},
            headers={"X-CSRFToken": host.csrf},
        )
        assert refused.status_code == 409

        # The 监督's page brings the request by itself.
        request = phone.locator("article.request").first
        expect(request).to_contain_text("强制揭晓", timeout=15_000)
        expect(request).to_contain_text("三位评委手机故障，已改用纸质评分")
        request_id = request.get_attribute("id").removeprefix("request-")
        draw(phone, f"#pad-{request_id}")
        phone.click(f"#approve-{request_id}")
        expect(phone.locator(".flash")).to_have_text("已签名同意")
        host.act("reveal", force_reason="三位评委手机故障，已改用纸质评分")
        assert rows(server, "select revealed_at is not null from teams where id = :t", t=team) == [
            (True,)
        ]

        # A correction: refused with a reason, then asked again and signed.
        _correct(staff, server, team, judge, ["15", "15", "20", "15", "15", "5"], "评委口头更正")
        expect(staff.locator(".flash")).to_have_text(
            "更正已提交监督签名确认：监督在手机上签名同意后生效"
        )
        request = phone.locator("article.request").first
        expect(request).to_contain_text("评分更正", timeout=15_000)
        expect(request).to_contain_text("总分：85 → 85")
        request_id = request.get_attribute("id").removeprefix("request-")
        phone.click(f"#refuse-{request_id}")
        expect(phone.locator(".flash")).to_have_text("不同意时请填写理由")
        phone.fill(f"#note-{request_id}", "请附评委本人签字的更正单")
        phone.click(f"#refuse-{request_id}")
        expect(phone.locator(".flash")).to_have_text("已不同意")
        expect(phone.locator("#decided")).to_contain_text("请附评委本人签字的更正单")

        _correct(staff, server, team, judge, ["15", "15", "25", "15", "15", "5"], "附更正单")
        request = phone.locator("article.request").first
        expect(request).to_contain_text("总分：85 → 90", timeout=15_000)
        request_id = request.get_attribute("id").removeprefix("request-")
        phone.click(f"#pad-{request_id}-clear")
        draw(phone, f"#pad-{request_id}")
        phone.click(f"#approve-{request_id}")
        expect(phone.locator(".flash")).to_have_text("已签名同意")
        expect(phone.locator("#log")).to_contain_text("监督签名同意")
        # The log's long entries (hashes, reasons) stay inside the phone's width.
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert phone.locator("main").count() == 1
    assert (
        rows(
            server,
            "select total, reason from score_submissions where team_id = :t and judge_id = :j"
            " order by version",
            t=team,
            j=judge,
        )[-1][1]
        == "附更正单（经监督签名确认）"
    )
    assert re.fullmatch(
        r"90(\.0+)?",
        str(
            rows(
                server,
                "select total from score_submissions where team_id = :t and judge_id = :j"
                " order by version desc limit 1",
                t=team,
                j=judge,
            )[0][0]
        ),
    )
