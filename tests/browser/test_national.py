"""推荐国家级 in Chromium: the secretariat opens 材料完善; the team (on a phone) uploads its
materials and submits with a receipt; staff return it with a reason, then approve the
resubmission; the package downloads and every checksum holds; the season archive is built,
verified and read (each section a table), and a hostile ZIP is refused in words."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.console import shoot
from tests.browser.season_steps import local
from tests.season.files import blank_pdf, docx

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "locale": "zh-CN"}
DESKTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "zh-CN"}
SHOTS = Path("/tmp/national-shots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    shoot(page, f"national-{name}")


def _download(page, selector: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=420_000) as fetched:
        page.click(selector, no_wait_after=True)
    download = fetched.value
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


def _verified(data: bytes) -> dict:
    """The ZIP's manifest, after checking every file's size and SHA-256 against it."""
    book = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(book.read("manifest.json"))
    for entry in manifest["files"]:
        content = book.read(entry["path"])
        assert (len(content), hashlib.sha256(content).hexdigest()) == (
            entry["size"],
            entry["sha256"],
        )
    assert {f["path"] for f in manifest["files"]} == set(book.namelist()) - {"manifest.json"}
    return manifest


def _upload(page, kind: str, name: str, data: bytes, mime: str) -> None:
    page.set_input_files(
        f".attachment[data-kind={kind}] input[type=file]",
        files=[{"name": name, "mimeType": mime, "buffer": data}],
    )
    page.click(f"#upload-{kind}")
    expect(page.locator(".flash-success")).to_contain_text(f"已收到「{name}」")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_national_materials_package_and_archive(browser, fresh_server, tmp_path):
    server = fresh_server
    subprocess.run(
        [sys.executable, "-m", "tests.national.browser_seed"], env=server.env, check=True
    )
    server.flask("create-staff", "mishu", "--role", "admin", "--password", "mishu-zhiliang-1")

    staff = browser.new_context(**DESKTOP, accept_downloads=True).new_page()
    staff.goto(server.url + "/staff/login")
    staff.fill("input[name=username]", "mishu")
    staff.fill("input[name=password]", "mishu-zhiliang-1")
    staff.click("button[type=submit]")
    staff.wait_for_url(re.compile(r"/admin/$"))
    staff.goto(server.url + "/admin/season/")
    staff.click("#national-link")
    expect(staff.locator("#window-text")).to_have_text("材料完善尚未开始")
    staff.fill("input[name=closes_at]", local(timedelta(days=10)))
    staff.click("#open-window")
    expect(staff.locator(".flash-success")).to_contain_text("新建任务 3 个")
    expect(staff.locator("#tasks tbody tr")).to_have_count(3)

    team = browser.new_context(**PHONE, accept_downloads=True).new_page()
    team.goto(server.url + "/apply/login")
    team.fill("input[name=username]", "team-2026")
    team.fill("input[name=password]", "x")
    team.click("button.primary")
    team.wait_for_url(re.compile(r"/apply/"))
    team.goto(server.url + "/apply/team/")
    links = team.locator("#national-tasks .national-task-link")
    expect(links).to_have_count(2)  # the third candidate is another person's
    links.first.click()
    expect(team.locator("#task-state")).to_have_text("状态：待完善")
    narrative = docx("完善后的班组创建材料：近三年QC成果与荣誉。")
    _upload(team, "narrative", "完善材料.docx", narrative, DOCX)
    _upload(team, "scan", "盖章扫描件.pdf", blank_pdf(2), "application/pdf")
    assert _download(team, "#download-narrative")[1] == narrative
    _download(team, "#download-scan")
    _shot(team, "team-task-phone-files")
    team.evaluate("window.scrollTo(0, 0)")
    _shot(team, "team-task-phone")
    team.click("#submit-task")
    expect(team.locator("#receipt")).to_contain_text(
        "完善后的推荐材料已提交，等待市质协秘书处审核。"
    )
    expect(team.locator("#receipt-version")).to_have_text("第 1 次")
    team.click("#back-task")
    expect(team.locator("#task-state")).to_have_text("状态：已提交，待审核")
    expect(team.locator("#submit-task")).to_have_count(0)
    team.click(".receipt-link")
    expect(team.locator("#receipt-number")).to_have_text("2026-0001")
    team.go_back()
    team.click("#back-team-home")
    team.wait_for_url(re.compile(r"/apply/team/$"))
    team.goto(server.url + "/apply/team/national/")
    expect(team.locator("#national-list .national-task-link")).to_have_count(2)
    team.click("#back-team-home")
    team.wait_for_url(re.compile(r"/apply/team/$"))

    staff.goto(server.url + "/admin/season/national/")
    staff.click("tr[data-number='2026-0001'] .task-link")
    assert _download(staff, "#staff-download-narrative")[1] == narrative
    _download(staff, "#staff-download-scan")
    assert _download(staff, "#form12-pdf")[1].startswith(b"%PDF-")
    staff.click("#return")
    expect(staff.locator(".flash-error")).to_have_text("退回时请写明退回原因，班组将按原因修改")
    staff.fill("#return-reason", "请补充近三年荣誉的证明材料")
    staff.click("#return")
    expect(staff.locator(".flash-success")).to_have_text("已退回班组修改")

    team.click("#national-tasks .national-task-link >> nth=0")
    expect(team.locator("#return-reason")).to_have_text("退回原因：请补充近三年荣誉的证明材料")
    _upload(team, "narrative", "补充材料.docx", docx("补充后的班组创建材料。"), DOCX)
    team.click("#submit-task")
    expect(team.locator("#receipt-version")).to_have_text("第 2 次")

    staff.click("tr[data-number='2026-0001'] .task-link")
    staff.click("#approve")
    expect(staff.locator(".flash-success")).to_have_text("已审核通过")
    expect(staff.locator("tr[data-number='2026-0001'] .state")).to_have_text("审核通过")
    staff.click("#nav-archive")
    expect(staff.locator("#kept")).to_contain_text("还没有归档。")
    staff.go_back()
    staff.click("tr[data-number='2026-0002'] .task-link")
    staff.click("#nav-national")
    name, data = _download(staff, "#package-download")
    assert name == "2026年推荐国家级材料.zip"
    manifest = _verified(data)
    assert manifest["teams"] == 3

    staff.goto(server.url + "/admin/season/")
    staff.click("#archive-link")
    staff.click("#build-archive")
    expect(staff.locator("#verdict")).to_contain_text("SHA-256 校验全部通过")
    _shot(staff, "archive-reader-desktop")
    staff.click(".entry-link[href*='reviews/reviewers.json']")
    expect(staff.locator("#entry-verdict")).to_have_text("本文件 SHA-256 校验通过（只读）")
    expect(staff.locator(".archive-table")).to_contain_text("周晓燕")
    _shot(staff, "archive-entry-desktop")
    staff.click("#back-archive")
    _name, archive = _download(staff, "#download-archive")
    _verified(archive)
    staff.click("#nav-archives")
    staff.click(".read-link")
    expect(staff.locator("#verdict")).to_contain_text("SHA-256 校验全部通过")
    staff.click("#nav-archives")
    _download(staff, ".download-link")

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as book:
        book.writestr("bomb.json", b"\0" * (20 * 1024 * 1024))
    staff.set_input_files(
        "#upload input[type=file]",
        files=[{"name": "bomb.zip", "mimeType": "application/zip", "buffer": bomb.getvalue()}],
    )
    staff.click("#upload-archive")
    expect(staff.locator(".flash-error")).to_have_text(
        "压缩包内「bomb.json」解压后过大（疑似压缩炸弹），不予打开；请确认是本系统生成的归档"
    )
    staff.set_input_files(
        "#upload input[type=file]",
        files=[{"name": "archive.zip", "mimeType": "application/zip", "buffer": archive}],
    )
    staff.click("#upload-archive")
    expect(staff.locator("#verdict")).to_contain_text("SHA-256 校验全部通过")

    public = browser.new_context(**DESKTOP).new_page()
    public.goto(server.url + "/experiences/")
    public.click("#filter")
    expect(public.locator("#none")).to_have_text("暂无可分享的典型经验。")
