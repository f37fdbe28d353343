"""注册申请 in Chromium, from an empty database, on phones (390×844, zh-CN): an enterprise,
a team and a 市质协会员单位 register from the sign-in page; the 推荐单位, the enterprise and
the secretariat each approve one and refuse one (a reason first asked for); the refused see
why; the 直报 unit's team applies, and the unit's approval takes it straight to 形式审查."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser import unit_opinion
from tests.browser.season_steps import (
    PHONE,
    add_enterprise,
    add_recommender,
    file,
    fill_form,
    join,
    season_times,
    shot,
    staff_page,
)
from tests.season.files import blank_pdf, docx
from tests.season.test_form12 import GOOD

pytestmark = pytest.mark.browser
COMPANY = "上海华谊（集团）公司  丙烯酸厂"
SHIHUA = "上海石化股份有限公司　涤纶部"
MEMBER = "上海电气集团上海电机厂有限公司"


def _register(browser, server, kind: str, username: str, name: str, **extra):
    """A new phone opens the sign-in page, follows 「没有邀请链接？注册申请」 and fills in the
    kind's form up to (not including) the submit button; returns the page."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(server.url + "/apply/login")
    page.click("#register-link")
    page.wait_for_url(re.compile(r"/apply/register/$"))
    shot(page, "register-kinds")
    page.click(f"#register-{kind}")
    page.wait_for_url(re.compile(rf"/apply/register/{kind}$"))
    if kind == "team":
        page.select_option("select[name=recommender]", label=extra.pop("unit"))
        page.click("#next-step")
        page.wait_for_url(re.compile(r"/apply/register/team\?recommender=\d+$"))
        shown = extra.pop("company").replace(" ", "\u00a0")  # its spaces kept on screen
        page.select_option("select[name=enterprise]", label=shown)
    elif kind == "enterprise":
        page.select_option("select[name=recommender]", label=extra.pop("unit"))
    page.fill("#register-form input[name=name]", name)
    for key, value in extra.items():
        page.fill(f"#register-form [name={key}]", value)
    page.fill("input[name=display_name]", "赵敏")
    page.fill("input[name=mobile]", "13700001234")
    page.fill("input[name=email]", f"{username}@example.com")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"zhuce-2026-{username}")
    return page


def _submit(page, waits_for: str) -> None:
    page.click("#register-submit")
    page.wait_for_url(re.compile(r"/apply/$"))
    expect(page.locator(".flash-success")).to_have_text(
        f"已提交注册申请，等待{waits_for}审核；审核结果将通过站内消息和 E-mail 通知您"
    )
    expect(page.locator(".registration-status h2")).to_have_text("注册申请审核中")


def _decide(page, name: str, outcome: str, reason: str = "") -> None:
    row = page.locator(".registration, #queue tr", has_text=name)
    if reason:
        row.locator("textarea[name=reason]").fill(reason)
    row.locator(f".{outcome}-registration").click()


# A duplicate enterprise is answered 422 with whom to contact, on purpose.
@pytest.mark.console_allows("status of 422")
def test_self_registration_of_each_kind_through_its_queue(empty_server, browser, tmp_path):
    server = empty_server
    office = staff_page(browser, server)
    office.goto(server.url + "/admin/season/")
    season_times(office, -timedelta(days=1), timedelta(days=10))
    recommender = browser.new_context(**PHONE).new_page()
    join(recommender, add_recommender(office, "浦东新区质量协会", "district"), "pudong", "王明")
    recommender.wait_for_url(re.compile(r"/apply/recommender/$"))
    add_enterprise(recommender, COMPANY)
    unit = browser.new_context(**PHONE).new_page()
    join(unit, recommender.input_value("#invited-url"), "huayi", "李华")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))

    # (a) Two enterprises register under the 推荐单位; one names a company already listed.
    shihua = _register(browser, server, "enterprise", "shihua", SHIHUA, unit="浦东新区质量协会")
    expect(shihua.locator("#seal-warning")).to_have_text(
        "企业名称请与公章完全一致，写全称，不要挂上级部门；此为制作证书的依据，请准确无误。"
    )
    shot(shihua, "register-enterprise")
    _submit(shihua, "浦东新区质量协会")
    shot(shihua, "register-waiting")
    shihua.goto(server.url + "/apply/unit/")  # nothing else until approved
    shihua.wait_for_url(re.compile(r"/apply/$"))
    again = _register(browser, server, "enterprise", "huayi2", COMPANY, unit="浦东新区质量协会")
    again.click("#register-submit")
    expect(again.locator("#register-error")).to_have_text(
        f"企业「{COMPANY}」已在本年度申报名单中（推荐单位：浦东新区质量协会），请勿重复注册；"
        "如需为该企业办理申报，请联系浦东新区质量协会"
    )
    again.fill("#register-form input[name=name]", "上海某某贸易有限公司")
    again.fill("input[name=password]", "zhuce-2026-huayi2")
    _submit(again, "浦东新区质量协会")
    recommender.goto(server.url + "/apply/recommender/")  # its page was a POST's answer
    expect(recommender.locator(".registrations-heading")).to_have_text("注册申请（待审核 2）")
    shot(recommender, "recommender-registrations")
    _decide(recommender, "上海某某贸易有限公司", "refuse")  # no reason: asked for one
    expect(recommender.locator(".flash-error")).to_have_text("不通过时请填写理由，它将通知申请人")
    _decide(recommender, "上海某某贸易有限公司", "refuse", "该企业不在本区推荐范围内")
    expect(recommender.locator(".flash-success")).to_have_text(
        "已不予通过「上海某某贸易有限公司」的注册申请，理由已通知申请人"
    )
    _decide(recommender, SHIHUA, "approve")
    expect(recommender.locator(".flash-success")).to_have_text(
        f"已通过「{SHIHUA}」的注册申请，已通知申请人"
    )
    expect(recommender.locator("table.list td.name")).to_have_text([COMPANY, SHIHUA])
    again.reload()
    expect(again.locator(".registration-status h2")).to_have_text("注册申请未通过")
    expect(again.locator(".refusal")).to_have_text("该企业不在本区推荐范围内")
    shihua.reload()
    shihua.click(".channels a")
    shihua.wait_for_url(re.compile(r"/apply/unit/$"))
    expect(shihua.locator(".enterprise h2")).to_have_text(SHIHUA)

    # (b) Two teams register under the enterprise; it approves one, refuses the other.
    team = _register(browser, server, "team", "13900001111", "丙烯酸装置运行三班",
                     unit="浦东新区质量协会", company=COMPANY)  # fmt: skip
    team.click("#change-recommender")  # 重新选择, then the same again
    team.wait_for_url(re.compile(r"/apply/register/team$"))
    team.click("#next-step")
    team.select_option("select[name=enterprise]", label=COMPANY.replace(" ", "\u00a0"))
    for key, value in (("name", "丙烯酸装置运行三班"), ("display_name", "张建国"),
                       ("mobile", "13900001111"), ("email", "zhangjg@example.com"),
                       ("username", "13900001111"), ("password", "zhuce-2026-team")):  # fmt: skip
        team.fill(f"#register-form [name={key}]", value)
    shot(team, "register-team")
    _submit(team, COMPANY)
    other = _register(browser, server, "team", "13900002222", "聚合车间甲班",
                      unit="浦东新区质量协会", company=COMPANY)  # fmt: skip
    _submit(other, COMPANY)
    unit.reload()
    shot(unit, "unit-registrations")
    _decide(unit, "聚合车间甲班", "refuse", "本厂没有这个班组，请核对班组全称")
    expect(unit.locator(".flash-success")).to_have_text(
        "已不予通过「聚合车间甲班」的注册申请，理由已通知申请人"
    )
    _decide(unit, "丙烯酸装置运行三班", "approve")
    expect(unit.locator(".flash-success")).to_have_text(
        "已通过「丙烯酸装置运行三班」的注册申请，已通知申请人"
    )
    other.click("#messages-link")
    expect(other.locator(".messages-list h2")).to_have_text(["注册申请未通过：聚合车间甲班"])
    team.reload()
    team.click(".channels a")
    team.wait_for_url(re.compile(r"/apply/team/$"))

    # One person, several roles: the approved enterprise's person asks for a team role too.
    shihua.goto(server.url + "/apply/register/team")
    shihua.select_option("select[name=recommender]", label="浦东新区质量协会")
    shihua.click("#next-step")
    shihua.select_option("select[name=enterprise]", label=SHIHUA)
    shihua.fill("#register-form input[name=name]", "涤纶部纺丝一班")
    expect(shihua.locator("#register-as-me")).to_have_text(
        "您已登录为 赵敏（shihua）：审核通过后，该角色加入当前账号。"
    )
    shihua.click("#register-submit")
    shihua.wait_for_url(re.compile(r"/apply/$"))
    expect(shihua.locator(".registration-status h2")).to_have_text("注册申请审核中")
    shihua.goto(server.url + "/apply/unit/")
    _decide(shihua, "涤纶部纺丝一班", "approve")
    expect(shihua.locator(".flash-success")).to_have_text(
        "已通过「涤纶部纺丝一班」的注册申请，已通知申请人"
    )
    shihua.click("a.brand")
    expect(shihua.locator(".channels .kind")).to_have_text(["单位通道", "班组通道"])

    # (c) Two 市质协会员单位 ask to apply directly; only the secretariat decides.
    member = _register(browser, server, "member", "dianji", MEMBER, member_no="SQA-0456",
                       reason="本单位所在行业没有推荐单位")  # fmt: skip
    shot(member, "register-member")
    _submit(member, "秘书处")
    stranger = _register(browser, server, "member", "feihuiyuan", "上海非会员有限公司",
                         reason="无")  # fmt: skip
    stranger.click("#other-kinds")  # 选择其他注册类别, then 返回登录: each goes where it says
    stranger.wait_for_url(re.compile(r"/apply/register/$"))
    stranger.click("#back-to-login")
    stranger.wait_for_url(re.compile(r"/apply/login$"))
    stranger = _register(browser, server, "member", "feihuiyuan", "上海非会员有限公司",
                         reason="无")  # fmt: skip
    _submit(stranger, "秘书处")
    office.goto(server.url + "/admin/season/")
    expect(office.locator("#registrations-link .count")).to_have_text("2")
    office.click("#registrations-link")
    office.wait_for_url(re.compile(r"/admin/season/registrations$"))
    expect(office.locator("#queue .reason")).to_have_text(
        ["无推荐单位的原因：本单位所在行业没有推荐单位", "无推荐单位的原因：无"]
    )
    shot(office, "staff-registrations")
    _decide(office, "上海非会员有限公司", "refuse", "经核实非市质协会员单位")
    expect(office.locator(".flash-success")).to_have_text(
        "已不予通过「上海非会员有限公司」的注册申请，理由已通知申请人"
    )
    _decide(office, MEMBER, "approve")
    expect(office.locator(".flash-success")).to_have_text(
        f"已通过「{MEMBER}」的注册申请，已通知申请人"
    )
    # Newest first, the channels' decisions with the secretariat's.
    expect(office.locator("#decided td.name")).to_have_text(
        [
            MEMBER,
            "上海非会员有限公司",
            "涤纶部纺丝一班",
            "丙烯酸装置运行三班",
            "聚合车间甲班",
            SHIHUA,
            "上海某某贸易有限公司",
        ]
    )
    outcomes = ["通过", "不通过", "通过", "通过", "不通过", "通过", "不通过"]
    expect(office.locator("#decided td.outcome")).to_have_text(outcomes)
    expect(office.locator("#decided td.by")).to_have_text(
        ["秘书处", "秘书处", SHIHUA, COMPANY, COMPANY, "浦东新区质量协会", "浦东新区质量协会"]
    )
    office.goto(server.url + "/admin/season/")
    expect(office.locator(f"tr[data-recommender]:has-text('{MEMBER}') td.kind")).to_have_text(
        "直报 市质协会员单位（直报）"
    )

    # The 直报 unit invites its team; the team applies; the unit's approval goes to 形式审查.
    member.reload()
    member.click(".channels a")
    member.wait_for_url(re.compile(r"/apply/unit/$"))
    member.click(".enterprise button.primary")
    direct_team = browser.new_context(**PHONE).new_page()
    join(direct_team, member.input_value("#invited-url"), "13900003333", "孙工")
    direct_team.wait_for_url(re.compile(r"/apply/team/$"))
    direct_team.click(".new-application button")
    direct_team.wait_for_url(re.compile(r"/apply/team/\d+$"))
    expect(direct_team.locator("#company-name")).to_have_text(MEMBER)
    fill_form(direct_team, {**GOOD, "team_name": "电机装配一班"})
    direct_team.click("#save-draft")
    for kind, name, data in (("narrative", "创建材料.docx", docx("班组创建材料。")),
                             ("scan", "申报表.pdf", blank_pdf(1))):  # fmt: skip
        upload = direct_team.locator(f".attachment[data-kind={kind}] form.upload")
        upload.locator("input[type=file]").set_input_files(file(tmp_path, name, data))
        upload.locator("button").click()
        expect(direct_team.locator(".flash-success")).to_contain_text(f"已收到「{name}」")
    direct_team.click("#to-submit")
    direct_team.wait_for_url(re.compile(r"/submit$"))
    direct_team.click("#submit")
    direct_team.wait_for_url(re.compile(r"/receipt/1$"))
    member.goto(server.url + "/apply/unit/")  # its page was the invitation's POST answer
    member.click("table.list a")
    unit_opinion.complete(member, tmp_path)  # what 同意推荐 needs (test_season_unit_opinion.py)
    member.click("#approve")
    member.wait_for_url(re.compile(r"/apply/unit/$"))
    expect(member.locator(".flash-success")).to_have_text("已同意 2026-0001，直报秘书处形式审查")
    office.goto(server.url + "/admin/season/review")
    row = office.locator("#applications tr", has_text="电机装配一班")
    expect(row.locator("td.unit")).to_have_text("直报")
    expect(row.locator("td.state")).to_have_text("待形式审查")
