"""The first team of the whole-season browser test (tests/browser/test_season_channels.py):
form 1-2 with a wrong rate and an over-long narrative, each said and corrected; 提交 with a
receipt; returned by its enterprise, corrected, submitted again; the enterprise sees what
changed, gives its 评分与推荐意见 and 同意推荐. And the team who registers by itself."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser import unit_opinion
from tests.browser.season_steps import PHONE, file, fill_form, shot
from tests.season.files import blank_pdf, docx
from tests.season.test_form12 import GOOD

COMPANY = "上海华谊（集团）公司  丙烯酸厂"
TEAM = "丙烯酸装置运行三班（Ⅱ线）"
FORM = {**GOOD, "team_name": TEAM, "promoter_phone": "", "completion_rate": "120"}  # 120: wrong


def form_with_errors(team, folder) -> None:
    """From the team's home: a draft kept as typed; 检查并提交 lists the wrong rate; the
    Word narrative over 5,000 字 refused, saying how many to cut; both corrected."""
    team.click(".new-application button")
    team.wait_for_url(re.compile(r"/apply/team/\d+$"))
    expect(team.locator("#company-name")).to_have_text(COMPANY)
    fill_form(team, {"team_name": TEAM, "completion_rate": "98。5"})
    team.click("#save-draft")
    expect(team.locator(".flash-success")).to_have_text("草稿已保存")
    expect(team.locator("input[name=completion_rate]")).to_have_value("98。5")
    fill_form(team, FORM)
    team.click("#to-submit")
    expect(team.locator("#form-error")).to_have_text(
        "还有 1 处需要填写或修改，已保存草稿；请按红色提示改正后再提交"
    )
    expect(team.locator("[data-field=completion_rate] .field-error")).to_have_text(
        "班组工作完成率%应在 0 到 100 之间，现为 120；请按百分数填写（98.5 表示 98.5%）"
    )
    # The over-long narrative: the server counts it as Chinese reviewers do.
    word = team.locator(".attachment[data-kind=narrative] form.upload")
    word.locator("input[type=file]").set_input_files(
        file(folder, "班组创建材料（初稿）.docx", docx("班" * 5001))
    )
    word.locator("button").click()
    expect(team.locator(".flash-error")).to_have_text(
        "班组创建材料共 5,001 字，超过 5,000 字的上限；请删减 1 字以上后重新上传"
    )
    shot(team, "team-form-error")
    team.click("#to-submit")  # the list of what is wrong, again
    team.click(".error-list a")  # the list of what is wrong leads to the field
    assert team.evaluate("location.hash") == "#field-completion_rate"
    team.fill("[name=completion_rate]", "100")
    team.click("#save-draft")
    expect(team.locator(".flash-success")).to_have_text("草稿已保存")
    # Attachments: a wrong type is said in the browser; the real files get their receipts.
    word = team.locator(".attachment[data-kind=narrative] form.upload")
    word.locator("input[type=file]").set_input_files(file(folder, "创建材料.txt", b"x"))
    word.locator("button").click()
    expect(word.locator(".upload-error")).to_have_text(
        "「创建材料.txt」不是 .docx 文件；请选择 .docx 格式的文件"
    )
    narrative = docx("班组创建材料：我们开展QC小组活动，2026年完成率100%。")
    word.locator("input[type=file]").set_input_files(file(folder, "班组创建材料.docx", narrative))
    word.locator("button").click()
    expect(team.locator(".flash-success")).to_contain_text("已收到「班组创建材料.docx」：")
    # 班组创建材料 6, ： 1, 我们开展 4, QC 1, 小组活动 4, ， 1, 2026 1, 年完成率 4, 100% 1, 。 1
    expect(team.locator(".flash-success")).to_contain_text("字数 24，SHA-256 ")
    scan = team.locator(".attachment[data-kind=scan] form.upload")
    scan.locator("input[type=file]").set_input_files(file(folder, "申报表.pdf", blank_pdf(2)))
    scan.locator("button").click()
    expect(team.locator(".flash-success")).to_contain_text("共 2 页，SHA-256 ")
    with team.expect_download() as fetched:
        team.click(".attachment[data-kind=scan] a.download")
    assert fetched.value.suggested_filename == "申报表.pdf"


def submit_with_receipt(team, server) -> None:
    """The confirmation (返回修改 once), 确认提交, the receipt, and the way back to it."""
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    expect(team.locator("#confirm-company")).to_have_text(COMPANY)
    team.click("#back-to-form")  # 返回修改, then on again
    team.wait_for_url(re.compile(r"/apply/team/\d+$"))
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    team.click("#submit")
    team.wait_for_url(re.compile(r"/receipt/1$"))
    expect(team.locator("#receipt-number")).to_have_text("2026-0001")
    expect(team.locator("#receipt-company")).to_have_text(COMPANY)
    expect(team.locator("#receipt-team")).to_have_text(TEAM)
    assert re.fullmatch(r"[0-9a-f]{64}", team.text_content("#receipt-hash"))
    assert team.text_content("#receipt-company") == COMPANY  # byte for byte, both spaces
    shot(team, "team-receipt")
    team.click("#back-home")
    team.wait_for_url(re.compile(r"/apply/team/$"))
    expect(team.locator(".applications .badge")).to_have_text(["已提交，待单位审核"])
    team.click(".applications a")
    expect(team.locator(".field-view dd.name")).to_have_text([TEAM])
    team.click("text=第 1 次提交的回执")
    team.wait_for_url(re.compile(r"/receipt/1$"))
    team.goto(server.url + "/apply/team/")


def returned_and_approved(unit, team, server, folder) -> None:
    """The enterprise returns it with a reason; the team corrects and submits again; the
    enterprise sees what changed, gives its 评分与推荐意见 and approves."""
    unit.reload()
    expect(unit.locator("table.list td.name")).to_have_text([TEAM])
    unit.click("table.list a")
    unit.wait_for_url(re.compile(r"/apply/unit/applications/\d+$"))
    unit.click("#return")  # nothing ticked: told what to do
    expect(unit.locator(".flash-error")).to_have_text(
        "退回修改时请勾选退回原因或填写说明，让班组知道需要改什么"
    )
    unit.check("input[name=reason] >> nth=1")
    unit.fill("textarea[name=note]", "年顾客投诉数请与质量部台账核对")
    unit.click("#return")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    expect(unit.locator("tr.status-returned td").nth(2)).to_have_text("已退回修改")
    team.goto(server.url + "/apply/team/")
    expect(team.locator(".applications .badge")).to_have_text(["退回修改"])
    team.click(".applications a")
    expect(team.locator("#returned li")).to_have_text(["指标数据与实际不符或前后矛盾，请核对"])
    expect(team.locator("#returned .note")).to_have_text("年顾客投诉数请与质量部台账核对")
    team.fill("[name=complaints]", "0")
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    team.click("#submit")
    team.wait_for_url(re.compile(r"/receipt/2$"))
    unit.click("table.list a")
    expect(unit.locator("#changes tbody tr")).to_have_text(["年顾客投诉数10"])
    shot(unit, "unit-review")
    unit.click("#back-unit")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    unit.click("table.list a")
    unit_opinion.complete(unit, folder, picture=lambda: shot(unit, "unit-opinion"))
    unit.click("#approve")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    expect(unit.locator("tr.status-approved td").nth(2)).to_have_text("已同意推荐")


def register_team(browser, server, unit_name: str, company: str, name: str):
    """A team without a link registers from the sign-in page (注册申请) under its enterprise;
    returns its page, waiting for the enterprise's approval."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(server.url + "/apply/login")
    page.click("#register-link")
    page.wait_for_url(re.compile(r"/apply/register/$"))
    page.click("#register-team")
    page.select_option("select[name=recommender]", label=unit_name)
    page.click("#next-step")
    page.wait_for_url(re.compile(r"/apply/register/team\?recommender=\d+$"))
    page.select_option("select[name=enterprise]", label=company)
    for key, value in (("name", name), ("display_name", "赵敏"), ("mobile", "13700001234"),
                       ("email", "zhaom@example.com"), ("username", "13700001234"),
                       ("password", "zhuce-2026-team")):  # fmt: skip
        page.fill(f"#register-form [name={key}]", value)
    shot(page, "register")
    page.click("#register-submit")
    page.wait_for_url(re.compile(r"/apply/$"))
    expect(page.locator(".registration-status h2")).to_have_text("注册申请审核中")
    return page


def approve_registration(unit, page, name: str) -> None:
    """The enterprise approves the team's 注册申请; the team enters its channel."""
    unit.reload()
    unit.locator(".registration, #queue tr", has_text=name).locator(".approve-registration").click()
    expect(unit.locator(".flash-success")).to_have_text(f"已通过「{name}」的注册申请，已通知申请人")
    page.reload()
    page.click(".channels a")
    page.wait_for_url(re.compile(r"/apply/team/$"))
