"""A secretariat alone, in Chromium: from an empty database to two reveals, then no demo.

Starts from a migrated database with no contest and no account (no demo). The first admin
comes from the CLI; everything else happens on the staff pages: a contest with two venues
and a four-item score sheet (steps 1 and 0.5, 评分要点 on the judge's phone), two hosts with
one venue each, a two-sheet form 2-3 workbook and the judges imported through the preview,
a manual recusal with its reason; then each host runs one team to the reveal with judges on
their phones. A second database, loaded with the demo as `make run` does, loses its demo
through 比赛设置 → 删除比赛.

Set CONTEST_SCREENSHOTS=<folder> to keep a picture of each step (the README's come from it).
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import openpyxl
import pytest
import requests
import sqlalchemy as sa
from playwright.sync_api import expect

from contest.day.draw import shuffle
from tests.browser.actors import JudgePhone
from tests.browser.watch import watched_page
from tests.imports.files import form_2_3_workbook

pytestmark = pytest.mark.browser

ADMIN, ADMIN_PASSWORD = "chief", "chief-pass-2027"
HOSTS = {"host-a": "host-a-pass-2027", "host-b": "host-b-pass-2027"}
CONTEST = "2027年上海市质量信得过班组建设经验发表赛"
VENUE_A = ("第一分会场（泰安路74号报告厅）", "第一分会场", "A")
VENUE_B = ("第二分会场（线上会议室）", "第二分会场", "B")
ITEMS = [  # name, maximum, step, 评分要点
    ("班组建设", "30", "1", "组织健全，制度完善，职责清楚"),
    ("改进成果", "30", "0.5", "课题选择、方法运用与效果验证"),
    ("现场答辩", "20", "1", "回答准确，表达清晰"),
    ("发表效果", "20", "0.5", "逻辑清楚，时间控制得当"),
]
RECUSED_JUDGE, RECUSED_TEAM = "周文斌", "芳烃部1#联合装置（乙）班"
CHEMICAL, PUDONG = "上海市化工行业协会", "浦东新区质量技术协会"
SHEETS = [
    (
        CHEMICAL,
        [
            ("上海华谊（集团）公司", "丙烯酸装置运行一班", 8, "A", "现场"),
            (
                "中国石化上海石油化工股份有限公司",
                "芳烃部1#联合装置（乙）班",
                12,
                "第二分会场",
                "线上",
            ),
        ],
    ),
    (
        PUDONG,
        [
            ("上海浦东国际机场货运站有限公司（东区）", "进港理货二组", 10, "a", "现场"),
            (
                "上海电气电站设备有限公司汽轮机厂",
                "叶片车间精加工班",
                9,
                "第二分会场（线上会议室）",
                "现场",
            ),
        ],
    ),
]
JUDGES = [  # 姓名, 工作单位, TGQ 评委证书号, 手机, 分会场, 评审组长
    ("陈建国", "上海市质量协会", "TGQ-2027-001", "13800000001", "A", "是"),
    ("李秀英", "上海交通大学", "TGQ-2027-002", "13800000002", "A", ""),
    ("王志强", "上海市计量测试技术研究院", "TGQ-2027-003", "13800000003", "A", ""),
    ("张敏", "同济大学", "TGQ-2027-004", "13800000004", "A", ""),
    ("刘洋", "上海质量管理科学研究院", "TGQ-2027-005", "13800000005", "A", ""),
    ("赵立新", "上海市质量协会", "TGQ-2027-006", "13800000006", "B", "是"),
    ("孙海燕", "华东理工大学", "TGQ-2027-007", "13800000007", "B", ""),
    ("周文斌", "上海大学", "TGQ-2027-008", "13800000008", "B", ""),
]
RECUSAL_REASON = "该评委曾任该企业质量顾问，本人申请回避"
PHONE_MARKS_A = ["28", "27.5", "18", "18"]  # 91.5 on the phone; the rest over HTTP:
TOTALS_A = ["88", "90", "85", "93"]  # drop 85 and 93: (91.5 + 88 + 90) / 3 = 89.8333… -> 89.83
TOTALS_B = ["86", "89"]  # 周文斌 recused, a panel of 2, below 5: the plain mean 87.50


def shoot(page, name: str, *, full_page: bool = True) -> None:
    folder = os.environ.get("CONTEST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page, contest_id: int, kind: str, name: str, data: bytes) -> None:
    """Upload through the import page, check the preview, confirm it."""
    page.goto(f"{page.url.split('/admin')[0]}/admin/contests/{contest_id}/import/{kind}")
    page.set_input_files(
        "input[name=file]",
        {"name": name, "mimeType": "application/vnd.ms-excel", "buffer": data},
    )
    page.click("#import-check")
    expect(page.locator("#import-preview")).to_be_visible()


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/staff/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def _rows(server, sql: str, **params) -> list[tuple]:
    engine = sa.create_engine(server.database_url)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(sa.text(sql), params)]
    engine.dispose()
    return rows


def _set_up(page, server) -> int:
    """Everything the secretariat does before the day; returns the new contest's id."""
    _sign_in(page, server.url, ADMIN, ADMIN_PASSWORD)
    expect(page.locator("#contests")).to_contain_text("还没有比赛")
    page.click("#new-contest")
    page.fill("input[name=name]", CONTEST)
    page.fill("input[name=year]", "2027")
    page.fill("input[name=starts_on]", "2027-09-17")
    page.fill("input[name=issuer]", "上海市质量协会")
    shoot(page, "setup-1-new-contest")
    page.click("#contest-form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/contests/\d+/setup$"))
    contest_id = int(re.search(r"/contests/(\d+)/setup", page.url).group(1))
    shoot(page, "setup-2-hub")

    # 分会场: the blank contest's 主会场 becomes venue A; venue B is added
    page.get_by_role("link", name="分会场", exact=True).click()
    row = page.locator("#venues tbody tr").first
    row.locator("input[name=name]").fill(VENUE_A[0])
    row.locator("input[name=short_name]").fill(VENUE_A[1])
    row.locator("input[name=code]").fill(VENUE_A[2])
    row.locator("button.save").click()
    page.fill("#add-venue input[name=name]", VENUE_B[0])
    page.fill("#add-venue input[name=short_name]", VENUE_B[1])
    page.fill("#add-venue input[name=code]", VENUE_B[2])
    page.click("#add-venue button[type=submit]")
    expect(page.locator("#venues tbody tr")).to_have_count(2)
    shoot(page, "setup-3-venues")

    # 评分表: four items of our own, steps 1 and 0.5, each with its 评分要点
    page.goto(f"{server.url}/admin/contests/{contest_id}/setup/sheet")
    page.on("dialog", lambda dialog: dialog.accept())
    while page.locator("#sheet-rows tr.item-row").count() > len(ITEMS):
        page.locator("#sheet-rows tr.item-row").last.locator("button.delete").click()
    for index, (name, maximum, step, criteria) in enumerate(ITEMS):
        row = page.locator("#sheet-rows tr.item-row").nth(index)
        row.locator(".item-name").fill(name)
        row.locator(".item-max").fill(maximum)
        row.locator(".item-step").fill(step)
        row.locator(".item-criteria").fill(criteria)
    expect(page.locator("#live-total")).to_have_text("100")
    shoot(page, "setup-4-score-sheet")
    page.click("#save-sheet")
    expect(page.locator(".flash").first).to_contain_text("评分表已保存，合计 100 分")

    # 工作人员账号: one host per venue
    page.goto(f"{server.url}/admin/contests/{contest_id}/accounts")
    for (username, password), venue in zip(HOSTS.items(), (VENUE_A, VENUE_B), strict=True):
        form = page.locator("#create form")
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=display_name]").fill(f"{venue[1]}主持人")
        form.locator("input[name=role][value=host]").check()
        form.locator("label.check", has_text=venue[0]).locator("input").check()
        form.locator("input[name=password]").fill(password)
        page.click("#create-account")
        expect(page.locator(f'#accounts tr[data-username="{username}"]')).to_contain_text(venue[0])
    shoot(page, "setup-5-accounts")

    # 导入班组: form 2-3 as two recommending units fill it in, one sheet each
    _upload(page, contest_id, "teams", "推荐表（两个推荐单位）.xlsx", form_2_3_workbook(SHEETS))
    expect(page.locator("#import-sheets")).to_contain_text(CHEMICAL)
    expect(page.locator("#import-sheets")).to_contain_text(PUDONG)
    shoot(page, "setup-6-import-preview")
    page.click("#import-confirm")
    page.wait_for_url(re.compile(rf"/admin/contests/{contest_id}$"))
    teams = page.locator("#teams tbody tr")
    expect(teams).to_have_count(4)
    for unit, rows in SHEETS:
        for company, team, *_ in rows:
            row = teams.filter(has_text=team)
            expect(row).to_contain_text(unit)
            expect(row).to_contain_text(company)

    # 导入评委 through the same preview
    header = ["姓名", "工作单位", "TGQ 评委证书号", "手机", "分会场", "评审组长"]
    _upload(page, contest_id, "judges", "评委名单.xlsx", _xlsx([header, *map(list, JUDGES)]))
    page.click("#import-confirm")
    expect(page.locator("#judges tbody tr")).to_have_count(len(JUDGES))

    # 回避: a manual recusal, with its reason
    page.goto(f"{server.url}/admin/contests/{contest_id}/setup/recusals")
    page.locator("a", has_text=VENUE_B[0]).first.click()
    form = page.locator("form", has=page.locator("#add-recusal-submit"))
    for field, text in (("judge_id", RECUSED_JUDGE), ("team_id", RECUSED_TEAM)):
        select = form.locator(f"select[name={field}]")
        select.select_option(select.locator("option", has_text=text).get_attribute("value"))
    form.locator("input[name=reason]").fill(RECUSAL_REASON)
    page.click("#add-recusal-submit")
    expect(page.locator("main")).to_contain_text(RECUSAL_REASON)
    shoot(page, "setup-7-recusal")
    return contest_id


def _judge_urls(server) -> dict[str, str]:
    lines = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    return {name: url for name, url in lines}


def _run_one_team(host, base: str, seed: str) -> None:
    host.on("dialog", lambda dialog: dialog.accept())  # the console confirms the draw
    host.fill("#draw-seed", seed)
    host.fill("#draw-witnesses", "公证员 王芳")
    host.click("#draw-go")
    expect(host.locator("#draw-panel")).to_be_hidden()
    host.click('[data-action="next"]')
    expect(host.locator("#stage-team .company")).not_to_be_empty()
    host.click('[data-action="open"]')
    expect(host.locator("#progress")).to_contain_text("评分进行中")


def _reveal(host, done: int, of: int) -> None:
    expect(host.locator("#progress")).to_contain_text(f"已提交 {done} / {of}")
    host.click('[data-action="close"]')
    expect(host.locator('[data-action="reveal"]')).to_be_enabled()
    host.click('[data-action="reveal"]')
    expect(host.locator("button.scene.active")).to_have_text("揭晓")


def _seed_putting_first(team_ids: list[int], wanted: int) -> str:
    """A draw seed under which `wanted` presents first (the draw is public and replayable)."""
    for n in range(1, 1000):
        seed = f"2027-09-17 第二分会场 {n}"
        if shuffle(seed, sorted(team_ids))[0] == wanted:
            return seed
    raise AssertionError("no seed found")


def test_staff_set_up_and_run_a_contest_from_an_empty_database(empty_server, browser, phone):
    server = empty_server
    server.flask("create-staff", ADMIN, "--role", "admin", "--password", ADMIN_PASSWORD)
    desk = {"viewport": {"width": 1280, "height": 900}}
    with watched_page(browser, **desk) as page:
        contest_id = _set_up(page, server)

    venues = dict(_rows(server, "SELECT code, id FROM venues WHERE contest_id = :c", c=contest_id))
    teams = _rows(server, "SELECT id, team_name, venue_id, unit_id FROM teams ORDER BY id")
    assert {name for _, name, _, unit in teams if unit is not None} == {
        t for _, rows in SHEETS for _, t, *_ in rows
    }
    b_ids = [tid for tid, _, venue, _ in teams if venue == venues["B"]]
    recused_id = next(tid for tid, name, _, _ in teams if name == RECUSED_TEAM)
    urls = _judge_urls(server)
    assert all(url.startswith(server.url + "/j/") for url in urls.values())

    # Venue A: host-a in Chromium, 陈建国 on a phone showing the 评分要点, four over HTTP
    with (
        watched_page(browser, **desk) as host_a,
        watched_page(phone) as judge_a,
    ):
        _sign_in(host_a, server.url, "host-a", HOSTS["host-a"])
        host_a.wait_for_url(re.compile(rf"/host/venues/{venues['A']}$"))
        judge_a.goto(urls["陈建国"])
        judge_a.wait_for_url(re.compile(r"/judge/$"))
        _run_one_team(host_a, server.url, "2027-09-17 第一分会场 公开抽签")
        expect(judge_a.locator("#items li")).to_have_count(4)
        for index, (name, maximum, step, criteria) in enumerate(ITEMS):
            item = judge_a.locator("#items li").nth(index)
            expect(item).to_contain_text(name)
            expect(item).to_contain_text(f"满分 {maximum} · 步长 {step}")
            expect(item).to_contain_text(criteria)
        for index, value in enumerate(PHONE_MARKS_A):
            judge_a.locator("#items input").nth(index).fill(value)
        expect(judge_a.locator("#total")).to_have_text("91.5")
        shoot(judge_a, "setup-8-judge-phone", full_page=False)
        judge_a.click("#submit")
        judge_a.click("#confirm-yes")
        expect(judge_a.locator("#status")).to_contain_text("已提交")
        for name, total in zip(("李秀英", "王志强", "张敏", "刘洋"), TOTALS_A, strict=True):
            assert JudgePhone(urls[name]).score(total).status_code == 201
        _reveal(host_a, 5, 5)

    # Venue B: host-b; 周文斌's phone shows 回避 for the recused team, which presents first
    with (
        watched_page(browser, **desk) as host_b,
        watched_page(phone) as judge_b,
    ):
        _sign_in(host_b, server.url, "host-b", HOSTS["host-b"])
        host_b.wait_for_url(re.compile(rf"/host/venues/{venues['B']}$"))
        judge_b.goto(urls[RECUSED_JUDGE])
        judge_b.wait_for_url(re.compile(r"/judge/$"))
        _run_one_team(host_b, server.url, _seed_putting_first(b_ids, recused_id))
        expect(host_b.locator("#stage-team")).to_contain_text(RECUSED_TEAM)
        expect(judge_b.locator("main")).to_contain_text("回避")
        for name, total in zip(("赵立新", "孙海燕"), TOTALS_B, strict=True):
            assert JudgePhone(urls[name]).score(total).status_code == 201
        _reveal(host_b, 2, 2)

    standings = requests.get(f"{server.url}/api/contests/{contest_id}/standings").json()
    assert [
        (s["rank"], s["published"], s["team"]["team_name"]) for s in standings["standings"]
    ] == [
        (1, "89.83", _first_of(server, venues["A"])),
        (2, "87.50", RECUSED_TEAM),
    ]


def _first_of(server, venue_id: int) -> str:
    return _rows(
        server,
        "SELECT team_name FROM teams WHERE venue_id = :v AND revealed_at IS NOT NULL",
        v=venue_id,
    )[0][0]


def test_staff_delete_the_demo_of_another_database(fresh_server, browser):
    server = fresh_server
    demo_name = _rows(server, "SELECT name FROM contests")[0][0]
    with watched_page(browser, viewport={"width": 1280, "height": 900}, allow=("422",)) as page:
        _sign_in(page, server.url, "admin", server.credentials["admin"])
        expect(page.locator(".demo-notice").first).to_be_visible()
        shoot(page, "setup-0-front-page")
        page.locator("#contests a", has_text="比赛设置").first.click()
        page.get_by_role("link", name="删除比赛", exact=True).click()
        page.fill("input[name=confirm_name]", demo_name + "x")
        page.click("#delete-form button.danger")
        expect(page.locator(".flash-error").first).to_be_visible()
        page.fill("input[name=confirm_name]", demo_name)
        page.click("#delete-form button.danger")
        expect(page.locator("main")).to_contain_text("已删除")
        shoot(page, "setup-9-demo-deleted")
        page.goto(server.url + "/admin/")
        expect(page.locator("#contests")).to_contain_text("还没有比赛")
    assert _rows(server, "SELECT count(*) FROM contests") == [(0,)]
    assert _rows(server, "SELECT count(*) FROM teams") == [(0,)]
    audit = _rows(server, "SELECT data FROM audit_entries WHERE action = 'contest.deleted'")
    assert json.loads(audit[0][0])["name"] == demo_name
