"""#16 end to end in Chromium: a signed and supervised contest day.

A witnessed draw (the commitment on the hall display before, the secret's hash equal to it
after, the public page's recompute); the judges accept the 评审承诺书 on their phones and
score four teams; the 评委组长 countersigns each result on the phone before its reveal; a
correction waits for the 监督 and is applied when they sign on their phone; at the end every
judge signs their day's sheet on a 390×844 phone with a drawn stroke; the signed 评分表 PDFs
and the 评分汇总表 carry the names, the figures and the ink; one appeal is filed and ruled.
"""

from __future__ import annotations

import hashlib
import json
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
HALL = {"width": 1920, "height": 1080}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True}
TEAMS = 4


def _settings(server) -> None:
    ((stored,),) = rows(server, "select settings from contests where id = 1")
    settings = json.loads(stored) if isinstance(stored, str) else dict(stored or {})
    settings.update(
        pledge={"enabled": True, "text": ""},
        signing={"enabled": True, "when": "venue_end"},
        countersign={"enabled": True, "when": "before_reveal"},
        supervision={"cosign": True},
        appeals={"enabled": True, "window_minutes": 60, "after": "reveal"},
    )
    write(server, "update contests set settings = :s where id = 1", s=json.dumps(settings))


def _pdf(page, url: str, tmp_path, name: str) -> tuple[str, int]:
    path = tmp_path / name
    path.write_bytes(page.request.get(url).body())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True)
    kinds = [line.split()[2] for line in listed.stdout.decode().splitlines()[2:]]
    return re.sub(r"\s+", "", text.stdout.decode()), kinds.count("image")


def _picture(pdf, name: str) -> None:
    """The first page as a PNG when CONTEST_SCREENSHOTS names a folder (docs/screens)."""
    import os

    folder = os.environ.get("CONTEST_SCREENSHOTS")
    if folder:
        command = ["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf), f"{folder}/{name}"]
        subprocess.run(command, check=True)


def test_a_signed_and_supervised_contest_day(fresh_server, browser, tmp_path):
    server = fresh_server
    add_supervisor(server.database_url, str(tmp_path), "jiandu", "jiandu-pass-1")
    server.credentials["jiandu"] = "jiandu-pass-1"
    _settings(server)
    write(server, "update teams set status = 'withdrawn' where order_position > :n", n=TEAMS)
    links = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    ((chair_number,),) = rows(server, "select number from judges where is_chair")
    host = Host(server.url, "host1", server.credentials["host1"])
    contexts = [browser.new_context(**PHONE) for _ in links]
    try:
        with (
            watched_page(browser, viewport=HALL) as hall,
            watched_page(browser, viewport=WIDE) as staff,
            watched_page(browser, **PHONE) as jiandu,
        ):
            # The witnessed draw: the commitment on the hall display before the draw.
            hall.goto(f"{server.url}/display/venues/1")
            host.act("draw_commit")
            shown = hall.locator(".draw-commit .commit-hash").last
            expect(shown).to_have_text(re.compile(r"^([0-9a-f]{16} ){3}[0-9a-f]{16}$"))
            commitment = shown.inner_text().replace(" ", "")
            host.act("draw_witness", name="监督人甲", entropy="20260918")
            host.act("draw")
            staff.goto(f"{server.url}/draw/1")
            secret = staff.locator("#secret").inner_text()
            assert hashlib.sha256(secret.encode()).hexdigest() == commitment
            expect(staff.locator("#recompute")).to_have_attribute("data-result", "ok")

            # Every judge accepts the pledge on their phone.
            judges = []
            for (name, url), context in zip(links, contexts, strict=True):
                page = context.new_page()
                page.goto(url)
                expect(page.locator("#pledge-title")).to_have_text("评审承诺书")
                page.click("#pledge-accept")
                expect(page.locator("#notice-text")).to_be_visible()
                judges.append((name, page, JudgePhone(url)))
            chair = judges[chair_number - 1][1]

            sign_in(jiandu, server, "jiandu")
            jiandu.goto(server.url + "/supervise/")
            sign_in(staff, server, "admin")
            order = [
                t
                for (t,) in rows(
                    server, "select id from teams where status = 'waiting' order by order_position"
                )
            ]
            assert len(order) == TEAMS
            for position, team in enumerate(order):
                host.act("call", team_id=team)
                host.act("open")
                for index, (_, _, phone) in enumerate(judges):
                    answer = phone.score(str(80 + position + index % 5))
                    assert answer.status_code == 201 or answer.json()["error"] == "recused"
                host.act("close", confirm_missing=True)
                # The chair's phone turns to the result; the reveal waits for the signature.
                expect(chair.locator("#countersign-title")).to_have_text(
                    "成绩签名确认", timeout=15_000
                )
                draw(chair, "#countersign-pad")
                chair.click("#countersign-submit")
                expect(chair.locator("#countersign-title")).to_have_count(0)
                host.act("reveal", force_reason="部分评委回避")
                if position == 1:
                    # A correction of the first team waits for the 监督's signature.
                    ((judge_id,),) = rows(
                        server,
                        "select min(judge_id) from score_submissions where team_id = :t",
                        t=order[0],
                    )
                    staff.goto(f"{server.url}/admin/teams/{order[0]}/scores/{judge_id}/correct")
                    inputs = staff.locator("input[name^=mark-]")
                    for index, value in enumerate(["15", "15", "25", "15", "15", "5"]):
                        inputs.nth(index).fill(value)
                    staff.fill("input[name=total], #total", "90")
                    staff.fill("textarea[name=reason], input[name=reason]", "评委口头更正")
                    staff.locator("form button[type=submit]").last.click()
                    expect(staff.locator(".flash")).to_contain_text("更正已提交监督签名确认")
                    request = jiandu.locator("article.request").first
                    expect(request).to_contain_text("评分更正", timeout=15_000)
                    request_id = request.get_attribute("id").removeprefix("request-")
                    draw(jiandu, f"#pad-{request_id}")
                    jiandu.click(f"#approve-{request_id}")
                    expect(jiandu.locator(".flash")).to_have_text("已签名同意")
                    # The corrected result goes back to the chair, who signs it again.
                    expect(chair.locator("#countersign-title")).to_have_text(
                        "成绩签名确认", timeout=15_000
                    )
                    draw(chair, "#countersign-pad")
                    chair.click("#countersign-submit")
                    expect(chair.locator("#countersign-title")).to_have_count(0)

            # The venue has ended: every judge signs their day's sheet on the phone.
            for name, page, _ in judges:
                expect(page.locator("#signing-title")).to_have_text(
                    "评分表签名确认", timeout=15_000
                )
                expect(page.locator("#signing-teams > li")).to_have_count(TEAMS)
                if name == judges[0][0]:
                    shoot(page, "signing-phone", full_page=True)
                draw(page, "#signing-pad")
                page.click("#sign-submit")
                expect(page.locator(".signed-title")).to_have_text("已签名")

            staff.goto(server.url + "/admin/contests/1/signing")
            expect(staff.locator("#venue-1 .venue-state")).to_have_text(
                f"全部评委已签名（{len(judges)} / {len(judges)}）"
            )
            # The 监督 signs the 评分汇总表; staff print every signed paper.
            jiandu.goto(server.url + "/supervise/")
            due = jiandu.locator("#summary-due-1 a")
            expect(due).to_have_text("第一分会场评分汇总表待您签名")
            due.click()
            expect(jiandu).to_have_url(re.compile(r"#summary-1$"))
            draw(jiandu, "#summary-pad-1")
            jiandu.click("#summary-sign-1")
            expect(jiandu.locator(".flash")).to_have_text("已签名确认第一分会场评分汇总表")
            names = rows(
                server, "select company_name, team_name from teams where status <> 'withdrawn'"
            )
            for number, (name, _, _) in enumerate(judges, 1):
                ((judge_id,),) = rows(server, "select id from judges where number = :n", n=number)
                text, images = _pdf(
                    staff, f"{server.url}/admin/venues/1/signing/{judge_id}.pdf", tmp_path, "j.pdf"
                )
                assert "评委评分表" in text and name in text and images == 1, number
                for company, team_name in names:
                    assert company in text and team_name in text
            text, images = _pdf(
                staff, f"{server.url}/admin/venues/1/summary.pdf", tmp_path, "s.pdf"
            )
            _picture(tmp_path / "s.pdf", "summary-pdf")
            assert "评分汇总表" in text and images == 1
            assert "已在揭晓前逐个班组签名确认（4/4），签名见签名记录" in text

            # One appeal, filed by the team's link and ruled with both signatures.
            staff.goto(server.url + "/admin/contests/1/appeals")
            with staff.expect_popup() as opened:
                staff.locator("#links a.appeal-link").first.click()
            team_page = opened.value
            team_page.fill("#appeal-name", "王推进")
            team_page.fill("#appeal-phone", "13900001234")
            team_page.fill("#appeal-grounds", "请复核第2位评委的更正")
            team_page.click("#appeal-submit")
            expect(team_page.locator("#appeal-status")).to_contain_text("已收到您的申诉")
            team_page.close()
            staff.reload()
            appeal_id = (
                staff.locator("article.request").first.get_attribute("id").removeprefix("appeal-")
            )
            staff.check(f"#upheld-{appeal_id}")
            staff.fill(f"#ruling-{appeal_id}", "更正经监督签名确认，维持")
            draw(staff, f"#staff-pad-{appeal_id}")
            draw(staff, f"#chair-pad-{appeal_id}")
            staff.click(f"#rule-{appeal_id}")
            expect(staff.locator(".flash")).to_have_text("复核结论已记录")
            for _, page, _ in judges:
                page.close()
    finally:
        for context in contexts:
            context.close()
    kinds = rows(server, "select purpose, count(*) from signatures group by purpose")
    assert dict(kinds) == {
        "appeal_ruling": 2,  # staff and the 评委组长
        "cosign": 1,  # the 监督 on the correction
        "countersign": TEAMS + 1,  # the corrected result was signed again
        "judge_sheet": len(links),
        "summary": 1,  # the 监督 on the 评分汇总表
    }
