"""A witnessed draw in Chromium: the host publishes the commitment, the hall display
(1280×720) shows it, a witness joins on a phone (390×844) and signs, another is typed at
the console; the draw reveals the secret, the display shows the order, and the public
page recomputes it in the browser; staff print the 抽签记录 with the signature."""

from __future__ import annotations

import hashlib
import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.actors import sign_in as staff_sign_in
from tests.browser.console import Dialogs, shoot, sign_in
from tests.browser.test_signing import draw
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
WIDE = {"width": 1440, "height": 900}
HALL = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


def test_a_witnessed_draw_from_commitment_to_public_recompute(fresh_server, browser, tmp_path):
    server = fresh_server
    with (
        watched_page(browser, viewport=WIDE) as console,
        watched_page(browser, viewport=HALL) as hall,
        watched_page(browser, viewport=PHONE, has_touch=True) as phone,
    ):
        dialogs = Dialogs(console)
        sign_in(console, server, "host1")
        hall.goto(f"{server.url}/display/venues/1")
        dialogs.answer(True)
        console.click("#commit-go")
        commitment = console.locator("#commit-hash")
        expect(commitment).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
        published = commitment.inner_text()
        expect(console.locator("#draw-seed-row")).to_be_hidden()
        expect(hall.locator(".draw-commit .commit-hash")).to_have_text(
            " ".join(re.findall(".{16}", published))
        )
        expect(hall.locator(".scene.welcome")).to_have_count(0)  # the welcome has faded out
        # The console's small mirror shows what the hall shows: the commitment, not 欢迎.
        expect(console.locator("#mirror-scene")).to_have_text("正在显示：抽签")
        expect(console.locator("#mirror .m-hash")).to_have_text(published[:16] + "…")
        expect(console.locator("#draw-witnesses-row")).to_be_hidden()
        shoot(hall, "draw-commit")

        with console.expect_popup() as opened:
            console.click("#witness-link")
        opened.value.close()
        phone.goto(f"{server.url}/draw/1/witness")
        expect(phone.locator("#commitment")).to_have_text(published)
        phone.fill("#witness-name", "张见证")
        phone.fill("#witness-entropy", "739201")
        draw(phone, "#witness-pad")
        phone.click("#witness-submit")
        expect(phone.locator("#joined")).to_be_visible()
        expect(phone.locator("#witnesses")).to_contain_text("张见证：739201")

        console.click("#witness-add")  # nothing typed: says what to fill in
        expect(console.locator("#toast")).to_have_text("请填写监督人姓名和随机数")
        console.fill("#witness-name", "李见证")
        console.fill("#witness-entropy", "青浦 42")
        console.click("#witness-add")
        expect(console.locator("#commit-witnesses li")).to_have_text(
            ["张见证：739201", "李见证：青浦 42"]
        )
        expect(hall.locator(".commit-witnesses").last).to_contain_text("2 位：张见证、李见证")
        expect(console.locator("#mirror")).to_contain_text("监督人已加入随机数：2 位")

        dialogs.answer(True)
        console.click("#draw-go")
        expect(console.locator("#draw-panel")).to_be_hidden()
        expect(hall.locator(".scene.draw .drawn li").first).to_be_visible(timeout=15_000)

        phone.goto(f"{server.url}/draw/1")
        secret = phone.locator("#secret").inner_text()
        assert hashlib.sha256(secret.encode()).hexdigest() == published
        expect(phone.locator("#recompute")).to_have_attribute("data-result", "ok")
        expect(phone.locator("#recompute p")).to_have_count(3)

    with watched_page(browser, viewport=WIDE) as staff:
        staff_sign_in(staff, server, "admin")
        staff.goto(server.url + "/admin/contests/1")
        with staff.expect_popup() as opened:
            staff.get_by_role("link", name="抽签核验").click()
        check = opened.value
        with staff.context.expect_page() as pdf_page:
            check.click("#record-pdf")
        url = pdf_page.value.url
        pdf_page.value.close()
        check.close()
        path = tmp_path / "draw.pdf"
        path.write_bytes(staff.request.get(url).body())
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
        flat = re.sub(r"\s+", "", text.stdout.decode())
        assert "抽签记录" in flat and published in flat and secret in flat and "张见证" in flat
        images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True)
        kinds = [line.split()[2] for line in images.stdout.decode().splitlines()[2:]]
        assert kinds.count("image") == 1  # the witness's ink (its alpha is the smask)
