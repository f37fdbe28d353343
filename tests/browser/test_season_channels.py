"""A whole season in Chromium, from an empty database, as issue #14's Done-when tells it:
the secretariat opens the season and creates two 推荐单位; each invites two enterprises (one
公章 under both); teams join by their links or register by themselves, on phones (390×844),
and submit — one with a wrong rate and an over-long narrative, corrected after being told;
that one is returned by its enterprise and, in 形式审查, returned with a window and
resubmitted within it; another misses the deadline and gets an audited extension; the second
推荐单位 tries a third team of the enterprise both share and is refused; each 推荐单位 submits
forms 2-4, 2-3, 2-2 and 2-1; the secretariat passes 形式审查, downloads the reports and
creates the contest's teams, whose names equal the 申报表's byte for byte, in the database
and on the contest's page. Every control of these pages is pressed.
CONTEST_SCREENSHOTS=docs/screens keeps the README's pictures (season-*.jpg)."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser import season_team as first
from tests.browser.season_steps import (
    PHONE,
    add_enterprise,
    add_judge,
    add_recommender,
    apply,
    approve,
    attach_and_submit,
    file,
    join,
    local,
    recommend,
    season_times,
    shot,
    staff_page,
    start,
    submit,
    submit_recommendation,
    submit_report,
    submit_review,
    team_link,
)
from tests.browser.season_team import COMPANY, TEAM
from tests.season.files import blank_pdf

pytestmark = pytest.mark.browser
PUDONG, CHEM = "浦东新区质量协会", "上海市化工行业协会"
GAOQIAO = "上海高桥石化有限公司"
SHIHUA = "上海石化股份有限公司　涤纶部"  # an ideographic space, kept
SECOND, LATE = "聚合装置  运行一班", "炼油一部常减压班"
REFUSED, SELF = "乙烯车间丁班", "涤纶长丝甲班"


def _phone(browser, link: str, username: str, name: str, lands: str):
    page = browser.new_context(**PHONE).new_page()
    join(page, link, username, name)
    page.wait_for_url(re.compile(rf"/apply/{lands}/$"))
    return page


def _rows(database_url: str, sql: str) -> list[tuple]:
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(sa.text(sql))]
    engine.dispose()
    return rows


# Provoked on purpose, each answered with its message on the page: the wrong rate and the
# over-long narrative (422), the wrong password (401), the used link (404).
@pytest.mark.console_allows("status of 422", "status of 401", "status of 404")
def test_a_whole_season_from_an_empty_database_to_the_contests_teams(
    empty_server, browser, tmp_path
):
    server = empty_server
    staff = staff_page(browser, server)
    staff.click("#season-link")
    staff.wait_for_url(re.compile(r"/admin/season/$"))
    season_times(staff, -timedelta(days=1), timedelta(days=10, hours=3))
    pudong_link = add_recommender(staff, PUDONG, "district")
    staff.click("#copy-invite")
    expect(staff.locator("#copy-invite")).to_have_text("已复制")
    # A new link for the same 推荐单位 (the first was lost): both stay usable once.
    staff.click("tr[data-recommender] button")
    expect(staff.locator("#invited h2")).to_have_text(f"已生成邀请链接：{PUDONG}")
    second_link = staff.input_value("#invited-url")
    assert second_link != pudong_link
    chem_link = add_recommender(staff, CHEM, "industry")
    shot(staff, "staff-season")

    # Each 推荐单位 invites two enterprises; the same 公章 under both.
    pudong = _phone(browser, pudong_link, "pudong", "王明", "recommender")
    expect(pudong.locator(".flash-success")).to_have_text(f"已加入：{PUDONG}")
    huayi_link = add_enterprise(pudong, COMPANY)
    gaoqiao_link = add_enterprise(pudong, GAOQIAO)
    expect(pudong.locator("table.list td.name")).to_have_text([COMPANY, GAOQIAO])
    # Its 评委名单: a wrong TGQ number said in words; one judge kept, one removed.
    for name, number in (("陈志远", "TGQ 2019/01"), ("陈志远", "TGQ-2019-0123"),
                         ("李四", "TGQ-0000-0001")):  # fmt: skip
        add_judge(pudong, name, "上海市质量协会", number)
        if number == "TGQ 2019/01":
            expect(pudong.locator(".flash-error")).to_contain_text("格式不对")
    pudong.locator("table.judges tr", has_text="李四").locator("button").click()
    expect(pudong.locator("table.judges td.certificate")).to_have_text(["TGQ-2019-0123"])
    chem = _phone(browser, chem_link, "huagong", "周平", "recommender")
    huayi_chem_link = add_enterprise(chem, COMPANY)
    shihua_link = add_enterprise(chem, SHIHUA)
    add_judge(chem, "孙丽", "上海华谊（集团）公司", "TGQ-2020-0007")
    expect(chem.locator(".flash-success")).to_have_text("已将 孙丽 加入评委名单")

    huayi = _phone(browser, huayi_link, "huayi", "李华", "unit")
    gaoqiao = _phone(browser, gaoqiao_link, "gaoqiao", "刘洋", "unit")
    huayi_chem = _phone(browser, huayi_chem_link, "huayi-hg", "李强", "unit")
    shihua = _phone(browser, shihua_link, "shihua", "吴静", "unit")

    # The first team: errors said and corrected, 提交, returned, corrected, approved.
    team = _phone(browser, team_link(huayi), "13900001111", "张建国", "team")
    expect(team.locator("#deadline .countdown")).to_contain_text("距截止还有 10 天 ")
    first.form_with_errors(team, tmp_path)
    first.submit_with_receipt(team, server)
    first.returned_and_approved(huayi, team, server, tmp_path)
    # Four more: one through each enterprise; the late one only starts its draft; the last
    # registers by itself and its enterprise lets it in.
    second = _phone(browser, team_link(huayi), "13900002222", "钱峰", "team")
    apply(second, server, tmp_path, SECOND, "9")
    late = _phone(browser, team_link(gaoqiao), "13900003333", "孙涛", "team")
    start(late, server, LATE, "15")
    third = _phone(browser, team_link(huayi_chem), "13900004444", "郑伟", "team")
    apply(third, server, tmp_path, REFUSED, "11")
    registered = first.register_team(browser, server, CHEM, SHIHUA, SELF)
    first.approve_registration(shihua, registered, SELF)
    apply(registered, server, tmp_path, SELF, "8")
    approve(huayi, server, "2026-0002", tmp_path)
    approve(huayi_chem, server, "2026-0004", tmp_path)
    approve(shihua, server, "2026-0005", tmp_path)

    # 推荐: 推荐 / 撤销推荐 / 推荐; the quota of the enterprise both units share.
    pudong.goto(server.url + "/apply/recommender/")
    recommend(pudong, TEAM)
    expect(pudong.locator(".flash-success")).to_have_text(f"已推荐 {TEAM}")
    pudong.locator(".to-recommend li", has_text=TEAM).locator("button.secondary").click()
    expect(pudong.locator(".flash-success")).to_have_text(f"已撤销推荐 {TEAM}")
    recommend(pudong, TEAM)
    recommend(pudong, SECOND)
    expect(pudong.locator(".flash-success")).to_have_text(f"已推荐 {SECOND}")
    expect(pudong.locator(".quota").first).to_have_text(
        "已推荐 2 / 2（每个企业最多 2 个班组，含其他推荐单位的推荐）"
    )
    chem.goto(server.url + "/apply/recommender/")
    recommend(chem, REFUSED)  # a third team of the same 公章: refused, naming who holds both
    expect(chem.locator(".flash-error")).to_have_text(
        f"企业「{COMPANY}」已有 2 个班组被推荐（{PUDONG}：{TEAM}、{PUDONG}：{SECOND}）；"
        "按通知，每个企业最多推荐 2 个班组。如需更换，请先撤销其中一个推荐"
    )
    recommend(chem, SELF)
    expect(chem.locator(".flash-success")).to_have_text(f"已推荐 {SELF}")

    # Forms 2-4, 2-3, 2-2 and 2-1 of each 推荐单位.
    rows = {"2026-0001": ("92", ["陈志远"]), "2026-0002": ("88.5", ["陈志远"])}
    submit_review(pudong, server, rows, "unit-review-form")
    expect(pudong.locator(".review-rows .score")).to_have_text(["92 / 第 1", "88.5 / 第 2"])
    submit_recommendation(pudong, server, "unit-recommendation")
    expect(pudong.locator("#recommended-teams tbody td.name")).to_have_text(
        [COMPANY, TEAM, COMPANY, SECOND]
    )
    submit_report(pudong, server, tmp_path, recommended=2)
    pudong.goto(server.url + "/apply/recommender/")
    expect(pudong.locator(".recommendation-state")).to_have_text("已提交第 1 次")
    shot(pudong, "recommender")
    submit_review(chem, server, {"2026-0004": ("80", ["孙丽"]), "2026-0005": ("90", ["孙丽"])})
    submit_recommendation(chem, server)
    expect(chem.locator("#recommended-teams tbody td.name")).to_have_text([SHIHUA, SELF])
    submit_report(chem, server, tmp_path, recommended=1)

    # Before the close: 截止提醒, a 系统问题报告, the team's message list.
    staff.goto(server.url + "/admin/season/")
    staff.click("#send-reminders")
    expect(staff.locator(".flash-success")).to_have_text(
        "已向 2 人发送截止提醒（只发给还有待办事项的人）"
    )  # the late team's person (a draft) and 上海市化工行业协会's (2026-0004 approved, waiting)
    team.goto(server.url + "/apply/")
    team.fill("#problem textarea", "上传扫描件时一直显示“正在上传”")
    team.click("#report-problem")
    expect(team.locator(".flash-success")).to_contain_text("已收到系统问题报告 #1，服务器时间 ")
    team.click("#messages-link")
    team.wait_for_url(re.compile(r"/apply/messages$"))
    expect(team.locator(".messages-list h2")).to_have_text(
        ["已推荐：申报表 2026-0001", "已推荐：申报表 2026-0001",  # again after the withdrawal
         "单位已同意推荐：申报表 2026-0001", "退回修改：申报表 2026-0001"]
    )  # fmt: skip

    # The deadline passes with the late team's draft unsubmitted: read-only, until the
    # secretariat grants that one application an extension, with its reason, on the record.
    staff.goto(server.url + "/admin/season/")
    expect(staff.locator("#problem-reports td.text")).to_have_text(
        ["上传扫描件时一直显示“正在上传”"]
    )
    season_times(staff, -timedelta(days=1), -timedelta(minutes=1), new=False)
    late.goto(server.url + "/apply/team/")
    expect(late.locator("#deadline")).to_contain_text("截止，现仅可查看")
    late.click(".applications a")
    expect(late.locator("#form12")).to_have_count(0)
    staff.fill("#grant-extension input[name=number]", "2026-0003")
    staff.fill("#grant-extension input[name=until]", local(timedelta(days=2)))
    staff.fill("#grant-extension textarea[name=reason]", "系统问题报告：上传中断")
    staff.click("#grant-extension button[type=submit]")
    expect(staff.locator(".flash-success")).to_contain_text("已为 2026-0003 延期至 ")
    expect(staff.locator("#extensions tbody td").nth(3)).to_have_text("系统问题报告：上传中断")
    with staff.expect_download() as fetched:
        staff.click("#extensions-xlsx")
    assert fetched.value.suggested_filename == "2026年申报延期记录.xlsx"
    assert _rows(server.database_url, "SELECT actor, data FROM audit_entries WHERE action = "
                 "'season.extension_granted'")[0][0] == "staff:1"  # fmt: skip
    late.reload()
    expect(late.locator("#deadline .text")).to_contain_text(
        "在线申报已截止；本申报（2026-0003）的修改期限延至 "
    )
    attach_and_submit(late, tmp_path)
    approve(gaoqiao, server, "2026-0003", tmp_path)

    # 形式审查: refused only with a reason; returned with a window; resubmitted within it.
    staff.click("#review-link")
    staff.wait_for_url(re.compile(r"/admin/season/review$"))
    expect(staff.locator("td.unit-forms .form-state")).to_have_text(
        ["附件 2-1/2-2：已提交（第 1 次）", "附件 2-3：已提交（第 1 次）",
         "附件 2-4：已提交（第 1 次）"] * 2
    )  # fmt: skip
    expect(staff.locator("#applications td.state")).to_have_text(
        ["待形式审查", "待形式审查", "待推荐单位推荐", "待推荐单位推荐", "待形式审查"]
    )
    staff.click("#applications a:text-is('2026-0001')")
    staff.wait_for_url(re.compile(r"/admin/season/applications/\d+$"))
    with staff.expect_download() as fetched:
        staff.click("#attachments a.download >> nth=0")
    assert fetched.value.suggested_filename == "班组创建材料.docx"
    staff.click("#formal-refuse")
    expect(staff.locator(".flash-error")).to_have_text("不予受理时请写明理由，它将通知申报班组")
    staff.check("#formal-decision input[name=reason] >> nth=4")
    staff.fill("#formal-decision input[name=until]", local(timedelta(days=3)))
    staff.click("#formal-return")
    staff.wait_for_url(re.compile(r"/admin/season/review$"))
    team.goto(server.url + "/apply/team/")
    team.click(".applications a")
    expect(team.locator("#returned h2")).to_have_text("形式审查退回修改")
    shot(team, "team-returned")
    scan = team.locator(".attachment[data-kind=scan] form.upload")
    scan.locator("input[type=file]").set_input_files(
        file(tmp_path, "申报表（清晰）.pdf", blank_pdf(1))
    )
    scan.locator("button").click()
    expect(team.locator(".flash-success")).to_contain_text("已收到「申报表（清晰）.pdf」")
    submit(team, 3)
    for number in ("2026-0001", "2026-0002", "2026-0005"):
        staff.click(f"#applications a:text-is('{number}')")
        staff.click("#formal-accept")
        staff.wait_for_url(re.compile(r"/admin/season/review$"))
    expect(staff.locator("#applications td.state")).to_have_text(
        ["通过", "通过", "待推荐单位推荐", "待推荐单位推荐", "通过"]
    )
    with staff.expect_download() as fetched:
        staff.click("#formal-report")
    assert fetched.value.suggested_filename == "2026年形式审查报告.xlsx"
    book = load_workbook(io.BytesIO(fetched.value.path().read_bytes()))
    assert book.sheetnames == ["总表", PUDONG, CHEM, "推荐单位材料"]
    done = ("已提交（第 1 次）",) * 3
    assert list(book["推荐单位材料"].iter_rows(min_row=3, values_only=True)) == [
        (PUDONG, 2, *done),
        (CHEM, 1, *done),
    ]

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
    expect(staff.locator("#into-contest label.check")).to_have_count(3)
    shot(staff, "staff-review")
    staff.set_viewport_size({"width": 390, "height": 844})
    shot(staff, "staff-review-phone")
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.click("#into-contest-go")
    staff.wait_for_url(re.compile(r"/admin/contests/\d+$"))
    expect(staff.locator(".flash-success")).to_contain_text("生成 3 个班组，名称与申报表一致")
    forms = _rows(
        server.database_url,
        "SELECT s.company_name, s.form FROM applications a JOIN application_submissions s"
        " ON s.application_id = a.id AND s.version = a.version"
        " WHERE a.status = 'accepted' ORDER BY a.number",
    )
    stamped = [(company, json.loads(form)["team_name"]) for company, form in forms]
    assert stamped == [(COMPANY, TEAM), (COMPANY, SECOND), (SHIHUA, SELF)]
    teams = _rows(server.database_url, "SELECT company_name, team_name FROM teams ORDER BY id")
    assert teams == stamped
    shown = staff.locator("#teams tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td.name')].map(td => td.textContent))"
    )
    assert sorted(map(tuple, shown)) == sorted(stamped)
    staff.goto(server.url + "/admin/season/review")
    staff.click("#judges-into-contest-go")
    staff.wait_for_url(re.compile(r"/admin/contests/\d+/judges$"))
    expect(staff.locator(".flash-success")).to_contain_text("已将 2 位推荐单位评委导入")
    expect(staff.locator("td.name", has_text="陈志远")).to_have_count(1)

    # One person, several roles; signing out and in; a used link says so, in words.
    pudong.goto(second_link)
    pudong.click("#accept-as-me")
    pudong.wait_for_url(re.compile(r"/apply/recommender/$"))
    pudong.click("a.brand")
    expect(pudong.locator(".channels .name")).to_have_text([PUDONG] * 2)
    pudong.click(".channels a >> nth=0")
    pudong.wait_for_url(re.compile(r"/apply/recommender/$"))
    pudong.click(".signout button")
    pudong.wait_for_url(re.compile(r"/apply/login$"))
    pudong.fill("input[name=username]", "pudong")
    pudong.fill("input[name=password]", "wrong-password-1")
    pudong.click("button.primary")
    expect(pudong.locator(".flash-error")).to_have_text("用户名或密码不正确")
    pudong.fill("input[name=password]", "zhiliang-2026-pudong")
    pudong.click("button.primary")
    pudong.wait_for_url(re.compile(r"/apply/$"))
    team.goto(pudong_link)
    expect(team.locator("h1")).to_contain_text("邀请链接无效、已使用或已过期")
