"""The 形式审查 workbench in Chromium from an empty database: the checklist grouped per
channel with the system's findings pre-checked; a return naming a team item, an enterprise
item and the 推荐单位's items; each party sees exactly its own sentences and the window; the
team resubmits, the enterprise uploads its sealed scan again, and the application is back;
the 形式审查报告 downloaded as PDF in total and for the 推荐单位, read back."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from contest.models.types import utcnow
from contest.season.current import BEIJING
from tests.browser.season_seed import PERSON
from tests.browser.season_steps import SHOTS, shot
from tests.browser.season_workbench_seed import ENTERPRISE_PERSON
from tests.season.files import blank_pdf
from tests.season.papers import need_tools, pdf_text

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "locale": "zh-CN"}
TEAM_SENTENCE = "班组名称应为全称，且不挂上级部门名称，请修改班组名称。"
UNIT_SENTENCE = "请按最新提交的评分与推荐意见打印评分与推荐意见表，加盖公章后上传扫描件。"
FORM23 = "推荐表（附件 2-3）未提交，或推荐情况变化后需重新提交，请提交最新的推荐表。"
FORM24 = "材料评审汇总表（附件 2-4）未提交，或推荐情况变化后需重新提交，请提交最新的汇总表。"


def _sign_in(page, url: str, who: tuple[str, str]) -> None:
    page.goto(url + "/apply/login")
    page.fill("input[name=username]", who[0])
    page.fill("input[name=password]", who[1])
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/apply/$"))


def _download(page, selector: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=180_000) as fetched:
        page.click(selector, no_wait_after=True)
    with open(fetched.value.path(), "rb") as file:
        return fetched.value.suggested_filename, file.read()


def _pages_as_png(data: bytes, tmp_path, name: str) -> None:
    """Each PDF page as a PNG beside the screenshots, to look at."""
    import os

    folder = os.environ.get("CONTEST_SCREENSHOTS") or SHOTS
    os.makedirs(folder, exist_ok=True)
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), f"{folder}/season-{name}"],
                   check=True)  # fmt: skip


def test_the_workbench_returns_to_each_party_and_reports(empty_server, browser, tmp_path):
    need_tools()
    server = empty_server
    subprocess.run([sys.executable, "-m", "tests.browser.season_workbench_seed"],
                   env=server.env, check=True)  # fmt: skip
    server.flask("create-staff", "mishu", "--role", "admin", "--password", "mishu-zhiliang-1")
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                 accept_downloads=True)  # fmt: skip
    staff = office.new_page()
    staff.goto(server.url + "/staff/login")
    staff.fill("input[name=username]", "mishu")
    staff.fill("input[name=password]", "mishu-zhiliang-1")
    staff.click("button[type=submit]")
    staff.wait_for_url(re.compile(r"/admin/$"))
    staff.goto(server.url + "/admin/season/applications/1")

    # The findings the system knows are ticked, each with its evidence.
    findings = staff.locator("#formal-decision label.finding")
    expect(findings.locator(".evidence")).to_have_text([
        "系统发现：扫描件核对：未上传盖章扫描件",
        "系统发现：附件 2-3：未提交",
        "系统发现：附件 2-4：未提交",
    ])  # fmt: skip
    expect(staff.locator("#formal-decision fieldset legend")).to_have_text(
        ["班组", "单位", "推荐单位"]
    )
    assert [staff.is_checked(f"#formal-decision [data-item={key}] input") for key in
            ("scan", "form23", "form24", "team_name", "opinion_scan")] == [
        True, True, True, False, False]  # fmt: skip
    shot(staff, "workbench-checklist")
    # The scan is missing, but staff decide the name matters and the enterprise's scan too.
    staff.uncheck("#formal-decision [data-item=scan] input")
    staff.check("#formal-decision [data-item=team_name] input")
    staff.check("#formal-decision [data-item=opinion_scan] input")
    until = (utcnow() + timedelta(days=4)).astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")
    staff.fill("#formal-decision textarea[name=note]", "请于修改后电话告知秘书处")
    staff.fill("#formal-decision input[name=until]", until)
    staff.click("#formal-return")
    staff.wait_for_url(re.compile(r"/admin/season/review$"))
    expect(staff.locator("#applications td.state")).to_have_text(["退回修改中"])
    shown_until = until.replace("T", " ")

    # The team (also the 推荐单位's person) sees its sentence; the 推荐单位's items on its home.
    team = browser.new_context(**PHONE).new_page()
    _sign_in(team, server.url, PERSON)
    team.goto(server.url + "/apply/team/1")
    expect(team.locator("#returned li")).to_have_text([TEAM_SENTENCE])
    expect(team.locator("#returned .window")).to_have_text(
        f"请在 {shown_until}（北京时间）前修改并重新提交，逾期不能再修改。"
    )
    shot(team, "workbench-team-returned")
    team.goto(server.url + "/apply/recommender/")
    expect(team.locator(".formal-return li")).to_have_text([FORM23, FORM24])
    expect(team.locator(".formal-return .window")).to_have_text(
        f"请在 {shown_until}（北京时间）前提交上述推荐单位材料。"
    )
    # The enterprise sees its own sentence and the note.
    unit = browser.new_context(**PHONE).new_page()
    _sign_in(unit, server.url, ENTERPRISE_PERSON)
    unit.goto(server.url + "/apply/unit/applications/1/opinion")
    expect(unit.locator("#formal-return li")).to_have_text([UNIT_SENTENCE])
    expect(unit.locator("#formal-return .note")).to_have_text("说明：请于修改后电话告知秘书处")
    shot(unit, "workbench-enterprise-returned")

    # The team corrects the name and submits: the enterprise still holds it.
    team.goto(server.url + "/apply/team/1")
    team.fill("input[name=team_name]", "丙烯酸装置运行三班")
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    team.click("#submit")
    team.wait_for_url(re.compile(r"/receipt/2$"))
    staff.goto(server.url + "/admin/season/applications/1")
    expect(staff.locator("#waiting-on")).to_have_text("退回修改，等待：单位")
    expect(staff.locator("#changes td b")).to_have_text(["丙烯酸装置运行三班"])
    # The enterprise uploads its sealed scan again: back to 形式审查.
    scan = tmp_path / "评分表（重新盖章）.pdf"
    scan.write_bytes(blank_pdf(1))
    upload = unit.locator("form[action$='/opinion/scan']")
    upload.locator("input[type=file]").set_input_files(str(scan))
    upload.locator("button").click()
    expect(unit.locator(".flash-success")).to_contain_text("评分表（重新盖章）.pdf")
    expect(unit.locator("#formal-return")).to_have_count(0)
    staff.goto(server.url + "/admin/season/review")
    expect(staff.locator("#applications td.state")).to_have_text(["待形式审查"])

    # The report as PDF: in total, and for the 推荐单位, beside the xlsx.
    name, data = _download(staff, "#formal-report-pdf")
    assert name == "2026年形式审查报告.pdf"
    lines = [line for line in pdf_text(data, tmp_path).splitlines() if line.strip()]
    assert lines[0] == "2026年申报 形式审查报告（总表）"
    assert lines.count("共 1 份：通过 0，退回修改中 0，不予受理 0，待形式审查 1") == 2
    _pages_as_png(data, tmp_path, "workbench-report")
    name, data = _download(staff, "tr[data-recommender] .unit-report-pdf")
    assert name == "2026年形式审查报告（浦东新区质量协会）.pdf"
    lines = [line for line in pdf_text(data, tmp_path).splitlines() if line.strip()]
    assert lines[0] == "2026年申报 形式审查报告（浦东新区质量协会）"
    assert lines.count("共 1 份：通过 0，退回修改中 0，不予受理 0，待形式审查 1") == 1
    shot(staff, "workbench-review")
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(server.url + "/staff/login")
    phone.fill("input[name=username]", "mishu")
    phone.fill("input[name=password]", "mishu-zhiliang-1")
    phone.click("button[type=submit]")
    phone.wait_for_url(re.compile(r"/admin/$"))
    phone.goto(server.url + "/admin/season/applications/1")
    shot(phone, "workbench-checklist-phone")
