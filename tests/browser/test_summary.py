"""评分汇总表 in Chromium: when a venue ends the 监督 signs it on the phone (390×844), staff
print it, and its QR code's page says whether the paper matches the system."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone, sign_in
from tests.browser.console import rows, shoot, write
from tests.browser.staff_data import add_supervisor
from tests.browser.test_signing import draw
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def test_the_supervisor_signs_the_venues_summary_and_staff_print_it(
    fresh_server, browser, tmp_path
):
    server = fresh_server
    add_supervisor(server.database_url, str(tmp_path), "jiandu", "jiandu-pass-1")
    server.credentials["jiandu"] = "jiandu-pass-1"
    team = rows(server, "select id from teams where order_position = 1")[0][0]
    write(server, "update teams set status = 'withdrawn' where id <> :t", t=team)
    host = Host(server.url, "host1", server.credentials["host1"])
    host.act("call", team_id=team)
    host.act("open")
    for line in server.flask("judge-links").splitlines():
        assert JudgePhone(line.split("\t")[1]).score("85").status_code == 201
    host.act("close")
    host.act("reveal")

    with watched_page(browser, viewport=PHONE, has_touch=True) as phone:
        sign_in(phone, server, "jiandu")
        phone.goto(server.url + "/supervise/")
        section = phone.locator("#summary-1")
        expect(section).to_contain_text("本分会场已全部揭晓。")
        draw(phone, "#summary-pad-1")
        phone.click("#summary-sign-1")
        expect(phone.locator(".flash")).to_have_text("已签名确认第一分会场评分汇总表")
        expect(phone.locator("#summary-1 .signed-line")).to_contain_text("您已签名确认")
        with phone.expect_popup() as opened:
            phone.click("#summary-pdf-1")
        opened.value.close()

    with watched_page(browser, viewport=WIDE) as staff:
        sign_in(staff, server, "admin")
        staff.goto(server.url + "/admin/contests/1/signing")
        with staff.expect_popup() as opened:
            staff.click("#summary-pdf-1")
        pdf_url = opened.value.url
        opened.value.close()
        data = staff.request.get(pdf_url).body()
        path = tmp_path / "summary.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
        flat = re.sub(r"\s+", "", text.stdout.decode())
        assert "评分汇总表" in flat and "纪检监督李明" in flat and "85.00" in flat
        ((sheet_hash,),) = rows(
            server, "select subject_hash from signatures where purpose = 'summary'"
        )
        assert sheet_hash in flat
        staff.goto(f"{server.url}/check/summary/1/{sheet_hash}")
        expect(staff.locator("#check-result")).to_have_text(
            "一致：打印的评分汇总表与系统当前记录相同。"
        )
        shoot(staff, "summary-check")
