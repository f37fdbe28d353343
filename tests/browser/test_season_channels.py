"""The season's channels in Chromium, from an empty database: the secretariat opens the
season and adds a 推荐单位; each person joins by the link they were sent, on a phone; the
team fills in form 1-2, is told what is wrong, submits, and keeps a receipt whose names are
exactly the enterprise's 公章 and the form's. Every control of these pages is pressed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from contest.models.types import utcnow
from contest.season.current import BEIJING
from tests.season.files import blank_pdf, docx
from tests.season.test_form12 import GOOD
from tests.season.test_unit_reports import STATS

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "locale": "zh-CN"}
COMPANY = "上海华谊（集团）公司  丙烯酸厂"
TEAM = "丙烯酸装置运行三班（Ⅱ线）"
SHOTS = "/tmp/season-shots"  # CONTEST_SCREENSHOTS=<dir> keeps them elsewhere (the README's)


def _local(delta: timedelta) -> str:
    return (utcnow() + delta).astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")


def _shot(page, name: str) -> None:
    """A picture of the page, once it has no repeated id and a plain title."""
    import os

    repeated = page.evaluate(
        "() => { const seen = {}; for (const el of document.querySelectorAll('[id]'))"
        " seen[el.id] = (seen[el.id] || 0) + 1;"
        " return Object.keys(seen).filter(id => seen[id] > 1); }"
    )
    assert repeated == [], f"{page.url}: ids used twice {repeated}"
    assert "<" not in page.title() and page.title(), page.url

    folder = os.environ.get("CONTEST_SCREENSHOTS") or SHOTS
    os.makedirs(folder, exist_ok=True)
    page.screenshot(path=f"{folder}/season-{name}.png", full_page=True)


def _join(page, url: str, username: str, name: str) -> None:
    page.goto(url)
    page.fill("input[name=display_name]", name)
    page.fill("input[name=mobile]", "13812345678")
    page.fill("input[name=email]", f"{username}@example.com")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"zhiliang-2026-{username}")
    page.click("#join")


def _file(folder, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def _fill_form(page, values: dict[str, str]) -> None:
    for key, value in values.items():
        page.fill(f"[name={key}]", value)


FORM = {**GOOD, "team_name": TEAM, "promoter_phone": "", "completion_rate": "120"}  # 120: wrong


# Provoked on purpose, each answered with its message on the page: the wrong rate (422),
# the wrong password (401), the used link (404).
@pytest.mark.console_allows("status of 422", "status of 401", "status of 404")
def test_a_season_from_an_empty_database_through_the_three_channels(
    empty_server, browser, tmp_path
):
    server = empty_server
    server.flask("create-staff", "mishu", "--role", "admin", "--password", "mishu-zhiliang-1")
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    staff = office.new_page()
    staff.goto(server.url + "/staff/login")
    staff.fill("input[name=username]", "mishu")
    staff.fill("input[name=password]", "mishu-zhiliang-1")
    staff.click("button[type=submit]")
    staff.wait_for_url(re.compile(r"/admin/$"))
    staff.click("#season-link")
    staff.wait_for_url(re.compile(r"/admin/season/$"))
    staff.fill("input[name=year]", "2026")
    staff.fill("input[name=name]", "2026年上海市质量信得过班组建设经验申报")
    staff.fill("input[name=opens]", _local(-timedelta(days=1)))
    staff.fill("input[name=closes]", _local(timedelta(days=10, hours=3)))
    staff.click("#save-season")
    expect(staff.locator(".flash-success")).to_have_text("已保存申报时间")
    staff.fill("#add-recommender input[name=name]", "浦东新区质量协会")
    staff.select_option("#add-recommender select[name=kind]", "district")
    staff.click("#add-recommender button[type=submit]")
    expect(staff.locator("#invited h2")).to_have_text("已生成邀请链接：浦东新区质量协会")
    staff.click("#copy-invite")
    expect(staff.locator("#copy-invite")).to_have_text("已复制")
    first_link = staff.input_value("#invited-url")
    # A new link for the same 推荐单位 (the first was lost): both stay usable once.
    staff.click("tr[data-recommender] button")
    expect(staff.locator("#invited h2")).to_have_text("已生成邀请链接：浦东新区质量协会")
    second_link = staff.input_value("#invited-url")
    assert second_link != first_link
    _shot(staff, "staff-season")

    recommender = browser.new_context(**PHONE).new_page()
    _join(recommender, first_link, "pudong", "王明")
    recommender.wait_for_url(re.compile(r"/apply/recommender/$"))
    expect(recommender.locator(".flash-success")).to_have_text("已加入：浦东新区质量协会")
    recommender.fill(".add-enterprise input[name=name]", f" {COMPANY} ")
    recommender.click(".add-enterprise button[type=submit]")
    expect(recommender.locator("#invited h2")).to_have_text(f"已生成邀请链接：{COMPANY}")
    expect(recommender.locator("table.list td.name")).to_have_text([COMPANY])
    enterprise_link = recommender.input_value("#invited-url")
    _shot(recommender, "recommender")
    # Its 评委名单: a wrong TGQ number said in words; one judge kept, one removed.
    for name, number in (
        ("陈志远", "TGQ 2019/01"),
        ("陈志远", "TGQ-2019-0123"),
        ("李四", "TGQ-0000-0001"),
    ):
        if not recommender.locator(".add-judge[open]").count():  # open after a refusal
            recommender.click(".add-judge summary")
        form = recommender.locator(".add-judge form")
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=employer]").fill("上海市质量协会")
        form.locator("input[name=certificate_no]").fill(number)
        form.locator("input[name=mobile]").fill("13911112222")
        form.locator("button").click()
        if number == "TGQ 2019/01":
            expect(recommender.locator(".flash-error")).to_contain_text("格式不对")
    recommender.locator("table.judges tr", has_text="李四").locator("button").click()
    expect(recommender.locator("table.judges td.certificate")).to_have_text(["TGQ-2019-0123"])

    unit = browser.new_context(**PHONE).new_page()
    _join(unit, enterprise_link, "huayi", "李华")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    unit.click(".enterprise button[type=submit]")
    team_link = unit.input_value("#invited-url")

    phone = browser.new_context(**PHONE)
    team = phone.new_page()
    _join(team, team_link, "13900001111", "张建国")
    team.wait_for_url(re.compile(r"/apply/team/$"))
    expect(team.locator("#deadline .countdown")).to_contain_text("距截止还有 10 天 ")
    team.click(".new-application button")
    team.wait_for_url(re.compile(r"/apply/team/\d+$"))
    expect(team.locator("#company-name")).to_have_text(COMPANY)
    _fill_form(team, {"team_name": TEAM, "completion_rate": "98。5"})
    team.click("#save-draft")
    expect(team.locator(".flash-success")).to_have_text("草稿已保存")
    expect(team.locator("input[name=completion_rate]")).to_have_value("98。5")
    _fill_form(team, FORM)
    team.click("#to-submit")
    expect(team.locator("#form-error")).to_have_text(
        "还有 1 处需要填写或修改，已保存草稿；请按红色提示改正后再提交"
    )
    expect(team.locator("[data-field=completion_rate] .field-error")).to_have_text(
        "班组工作完成率%应在 0 到 100 之间，现为 120；请按百分数填写（98.5 表示 98.5%）"
    )
    _shot(team, "team-form-error")
    team.click(".error-list a")  # the list of what is wrong leads to the field
    assert team.evaluate("location.hash") == "#field-completion_rate"
    team.fill("[name=completion_rate]", "100")
    team.click("#save-draft")
    expect(team.locator(".flash-success")).to_have_text("草稿已保存")
    # Attachments: a wrong type is said in the browser; the real files get their receipts.
    word = team.locator(".attachment[data-kind=narrative] form.upload")
    word.locator("input[type=file]").set_input_files(_file(tmp_path, "创建材料.txt", b"x"))
    word.locator("button").click()
    expect(word.locator(".upload-error")).to_have_text(
        "「创建材料.txt」不是 .docx 文件；请选择 .docx 格式的文件"
    )
    narrative = docx("班组创建材料：我们开展QC小组活动，2026年完成率100%。")
    word.locator("input[type=file]").set_input_files(
        _file(tmp_path, "班组创建材料.docx", narrative)
    )
    word.locator("button").click()
    expect(team.locator(".flash-success")).to_contain_text("已收到「班组创建材料.docx」：")
    # 班组创建材料 6, ： 1, 我们开展 4, QC 1, 小组活动 4, ， 1, 2026 1, 年完成率 4, 100% 1, 。 1
    expect(team.locator(".flash-success")).to_contain_text("字数 24，SHA-256 ")
    scan = team.locator(".attachment[data-kind=scan] form.upload")
    scan.locator("input[type=file]").set_input_files(_file(tmp_path, "申报表.pdf", blank_pdf(2)))
    scan.locator("button").click()
    expect(team.locator(".flash-success")).to_contain_text("共 2 页，SHA-256 ")
    with team.expect_download() as fetched:
        team.click(".attachment[data-kind=scan] a.download")
    assert fetched.value.suggested_filename == "申报表.pdf"
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    expect(team.locator("#confirm-company")).to_have_text(COMPANY)
    team.click("#back-to-form")  # 返回修改, then on again
    team.wait_for_url(re.compile(r"/apply/team/\d+$"))
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    _shot(team, "team-confirm")
    team.click("#submit")
    team.wait_for_url(re.compile(r"/receipt/1$"))
    expect(team.locator("#receipt-number")).to_have_text("2026-0001")
    expect(team.locator("#receipt-company")).to_have_text(COMPANY)
    expect(team.locator("#receipt-team")).to_have_text(TEAM)
    assert re.fullmatch(r"[0-9a-f]{64}", team.text_content("#receipt-hash"))
    assert team.text_content("#receipt-company") == COMPANY  # byte for byte, both spaces
    _shot(team, "team-receipt")
    team.click("#back-home")
    team.wait_for_url(re.compile(r"/apply/team/$"))
    expect(team.locator(".applications .badge")).to_have_text(["已提交，待单位审核"])
    team.click(".applications a")
    expect(team.locator(".field-view dd.name")).to_have_text([TEAM])
    team.click("text=第 1 次提交的回执")
    team.wait_for_url(re.compile(r"/receipt/1$"))
    team.goto(server.url + "/apply/team/")

    # The enterprise returns it with a reason; the team corrects and submits again; the
    # enterprise sees what changed and approves.
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
    _shot(team, "team-returned")
    team.fill("[name=complaints]", "0")
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    team.click("#submit")
    team.wait_for_url(re.compile(r"/receipt/2$"))
    unit.click("table.list a")
    expect(unit.locator("#changes tbody tr")).to_have_text(["年顾客投诉数10"])
    _shot(unit, "unit-review")
    unit.click("#back-unit")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    unit.click("table.list a")
    unit.click("#approve")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    expect(unit.locator("tr.status-approved td").nth(2)).to_have_text("已同意推荐")
    recommender.goto(server.url + "/apply/recommender/")
    expect(recommender.locator("table.list tbody td").nth(1)).to_have_text("1")
    recommender.click(".to-recommend button.primary")  # 推荐
    expect(recommender.locator(".flash-success")).to_have_text(f"已推荐 {TEAM}")
    expect(recommender.locator(".quota")).to_have_text(
        "已推荐 1 / 2（每个企业最多 2 个班组，含其他推荐单位的推荐）"
    )
    recommender.click(".to-recommend button.secondary")  # 撤销推荐
    expect(recommender.locator(".flash-success")).to_have_text(f"已撤销推荐 {TEAM}")
    recommender.click(".to-recommend button.primary")
    expect(recommender.locator(".to-recommend .badge")).to_have_text("已推荐")
    _shot(recommender, "recommender-recommended")
    # Forms 2-2 and 2-1: item 5 must match what it recommended (1).
    recommender.click(".report-link")
    recommender.wait_for_url(re.compile(r"/report$"))
    for key, value in STATS.items():
        if key == "held":
            recommender.select_option("select[name=held]", value)
        elif key == "features":
            recommender.fill("textarea[name=features]", value)
        else:
            recommender.fill(f"#report-form input[name={key}]", value)
    recommender.check("input[name=forms][value=发表评审]")
    summary = _file(tmp_path, "2026年活动总结.docx", docx("总结" * 1500))
    recommender.set_input_files("input[name=summary]", summary)
    recommender.click("#report-submit")
    expect(recommender.locator("#report-receipt")).to_contain_text("第 1 次提交")
    expect(recommender.locator("#report-receipt")).to_contain_text("3,000 字")
    _shot(recommender, "recommender-report")
    recommender.goto(server.url + "/apply/recommender/")

    # One person, several roles: the 推荐单位's person takes up the second link too.
    recommender.goto(second_link)
    recommender.click("#accept-as-me")
    recommender.wait_for_url(re.compile(r"/apply/recommender/$"))
    recommender.click("a.brand")
    expect(recommender.locator(".channels .name")).to_have_text(["浦东新区质量协会"] * 2)
    recommender.click(".channels a >> nth=0")
    recommender.wait_for_url(re.compile(r"/apply/recommender/$"))
    recommender.click(".signout button")
    recommender.wait_for_url(re.compile(r"/apply/login$"))
    recommender.fill("input[name=username]", "pudong")
    recommender.fill("input[name=password]", "wrong-password-1")
    recommender.click("button.primary")
    expect(recommender.locator(".flash-error")).to_have_text("用户名或密码不正确")
    recommender.fill("input[name=password]", "zhiliang-2026-pudong")
    recommender.click("button.primary")
    recommender.wait_for_url(re.compile(r"/apply/$"))
    # The secretariat grants an extension (with its reason) and files the fairness log.
    staff.goto(server.url + "/admin/season/")
    staff.fill("#grant-extension input[name=number]", "2026-0001")
    staff.fill("#grant-extension input[name=until]", _local(timedelta(days=12)))
    staff.fill("#grant-extension textarea[name=reason]", "系统问题报告：上传中断")
    staff.click("#grant-extension button[type=submit]")
    expect(staff.locator(".flash-success")).to_contain_text("已为 2026-0001 延期至 ")
    expect(staff.locator("#extensions tbody td").nth(3)).to_have_text("系统问题报告：上传中断")
    with staff.expect_download() as fetched:
        staff.click("#extensions-xlsx")
    assert fetched.value.suggested_filename == "2026年申报延期记录.xlsx"
    # The team's message list holds each step; reminders go out (nobody has anything left).
    team.goto(server.url + "/apply/")
    team.click("#messages-link")
    team.wait_for_url(re.compile(r"/apply/messages$"))
    expect(team.locator(".messages-list h2")).to_have_text(
        [
            "已推荐：申报表 2026-0001",  # recommended again after the withdrawal
            "已推荐：申报表 2026-0001",
            "单位已同意推荐：申报表 2026-0001",
            "退回修改：申报表 2026-0001",
        ]
    )
    _shot(team, "team-messages")
    staff.goto(server.url + "/admin/season/")
    staff.click("#send-reminders")
    expect(staff.locator(".flash-success")).to_have_text(
        "已向 0 人发送截止提醒（只发给还有待办事项的人）"
    )
    # A 系统问题报告 from the channels' front page.
    team.goto(server.url + "/apply/")
    team.fill("#problem textarea", "上传扫描件时一直显示“正在上传”")
    team.click("#report-problem")
    expect(team.locator(".flash-success")).to_contain_text("已收到系统问题报告 #1，服务器时间 ")
    staff.goto(server.url + "/admin/season/")
    expect(staff.locator("#problem-reports td.text")).to_have_text(
        ["上传扫描件时一直显示“正在上传”"]
    )
    # 形式审查: refused only with a reason; returned with a window; corrected; passed.
    staff.goto(server.url + "/admin/season/")
    staff.click("#review-link")
    staff.wait_for_url(re.compile(r"/admin/season/review$"))
    expect(staff.locator("#applications td.state")).to_have_text(["待形式审查"])
    staff.click("#applications a")
    staff.wait_for_url(re.compile(r"/admin/season/applications/\d+$"))
    with staff.expect_download() as fetched:
        staff.click("#attachments a.download >> nth=0")
    assert fetched.value.suggested_filename == "班组创建材料.docx"
    staff.click("#formal-refuse")
    expect(staff.locator(".flash-error")).to_have_text("不予受理时请写明理由，它将通知申报班组")
    staff.check("#formal-decision input[name=reason] >> nth=4")
    staff.fill("#formal-decision input[name=until]", _local(timedelta(days=3)))
    staff.click("#formal-return")
    staff.wait_for_url(re.compile(r"/admin/season/review$"))
    expect(staff.locator("#applications td.state")).to_have_text(["退回修改中"])
    team.goto(server.url + "/apply/team/")
    team.click(".applications a")
    expect(team.locator("#returned h2")).to_have_text("形式审查退回修改")
    scan = team.locator(".attachment[data-kind=scan] form.upload")
    scan.locator("input[type=file]").set_input_files(
        _file(tmp_path, "申报表（清晰）.pdf", blank_pdf(1))
    )
    scan.locator("button").click()
    expect(team.locator(".flash-success")).to_contain_text("已收到「申报表（清晰）.pdf」")
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    team.click("#submit")
    team.wait_for_url(re.compile(r"/receipt/3$"))
    staff.click("#applications a")
    staff.click("#formal-accept")
    staff.wait_for_url(re.compile(r"/admin/season/review$"))
    expect(staff.locator("#applications td.state")).to_have_text(["通过"])
    _shot(staff, "staff-review")
    with staff.expect_download() as fetched:
        staff.click("#formal-report")
    assert fetched.value.suggested_filename == "2026年形式审查报告.xlsx"
    # Into the contest: a new contest (its 主会场 comes with it), then one step.
    staff.goto(server.url + "/admin/")
    staff.click("#new-contest")
    staff.fill("input[name=name]", "2026年上海市质量信得过班组建设经验发表赛")
    staff.fill("input[name=year]", "2026")
    staff.fill("input[name=starts_on]", "2026-09-17")
    staff.fill("input[name=issuer]", "上海市质量协会")
    staff.click("#contest-form button[type=submit]")
    staff.wait_for_url(re.compile(r"/admin/contests/\d+/setup$"))
    staff.goto(server.url + "/admin/season/review")
    expect(staff.locator("#into-contest label.check")).to_have_count(1)
    staff.click("#into-contest-go")
    staff.wait_for_url(re.compile(r"/admin/contests/\d+$"))
    expect(staff.locator(".flash-success")).to_contain_text("生成 1 个班组，名称与申报表一致")
    assert staff.locator("#teams td.name").all_text_contents()[:2] == [COMPANY, TEAM]
    staff.goto(server.url + "/admin/season/review")
    staff.click("#judges-into-contest-go")
    staff.wait_for_url(re.compile(r"/admin/contests/\d+/judges$"))
    expect(staff.locator(".flash-success")).to_contain_text("已将 1 位推荐单位评委导入")
    expect(staff.locator("td.name", has_text="陈志远")).to_have_count(1)
    # A used link says so, in words.
    team.goto(team_link)
    expect(team.locator("h1")).to_contain_text("邀请链接无效、已使用或已过期")
