"""A secretariat starts its own season in Chromium: new contests, venues, deleting the demo.

From the front page (demo loaded, as `make run` leaves it): a blank contest, a copy of the
demo, venues added, renamed, reordered and deleted (and the refusal for one with teams),
the basic information edited, then the demo deleted after a wrong and a right name, and
its backup downloaded. Every button and link these pages add is pressed here.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
DEMO = "2026年上海市质量信得过班组建设经验发表赛"
BLANK = "2027年上海市质量信得过班组建设经验发表赛"
COPY = "2027年发表赛（第二批）"
WIDE = {"width": 1280, "height": 900}
# A form refused with 422 is a page, not a failed resource; Chromium still reports it.
REFUSED = ("status of 422",)


def _rows(server, sql: str, **params) -> list[tuple]:
    engine = sa.create_engine(server.database_url)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(sa.text(sql), params)]
    engine.dispose()
    return rows


def _contest_id(server, name: str) -> int:
    return _rows(server, "SELECT id FROM contests WHERE name = :n", n=name)[0][0]


def _sign_in(page, server) -> None:
    page.goto(server.url + "/staff/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", server.credentials["admin"])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def _row(page, name: str):
    return page.locator("#contests tbody tr", has_text=name)


def _venue_row(page, name: str):
    return page.locator("#venues tbody tr", has=page.locator(f"input[name=name][value='{name}']"))


def _fill_basic(page, *, name: str, year: str, starts: str, ends: str, issuer: str) -> None:
    page.fill("input[name=name]", name)
    page.fill("input[name=year]", year)
    page.fill("input[name=starts_on]", starts)
    page.fill("input[name=ends_on]", ends)
    page.fill("input[name=issuer]", issuer)


def test_front_page_new_contests_and_venues(browser, fresh_server, tmp_path):
    server = fresh_server
    with watched_page(browser, viewport=WIDE, allow=REFUSED) as page:
        _sign_in(page, server)
        expect(page.locator("#demo-notice")).to_contain_text("标有「演示」的是演示比赛")
        expect(_row(page, DEMO).locator(".badge.demo")).to_have_text("演示")
        page.click("#demo-notice a:has-text('新建比赛')")
        page.wait_for_url(re.compile(r"/admin/contests/new$"))
        page.click("a.brand")
        _row(page, DEMO).locator(f"a:has-text('{DEMO}')").click()
        expect(page.locator("#demo-notice")).to_contain_text("这是演示比赛，供熟悉系统使用。")
        page.click("#demo-notice a:has-text('删除比赛')")
        page.wait_for_url(re.compile(r"/setup/delete$"))
        page.click("a:has-text('取消')")
        page.wait_for_url(re.compile(r"/setup$"))
        page.click("a.brand")

        # A blank contest: cancel once, then create it.
        page.click("#new-contest")
        page.wait_for_url(re.compile(r"/admin/contests/new$"))
        page.click("#contest-form a:has-text('取消')")
        page.wait_for_url(re.compile(r"/admin/$"))
        page.click("#new-contest")
        _fill_basic(
            page,
            name=BLANK,
            year="2027",
            starts="2027-09-16",
            ends="2027-09-17",
            issuer="上海市质量协会",
        )
        page.screenshot(path=str(tmp_path / "new.png"), full_page=True)
        page.click("#contest-form button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/contests/\d+/setup$"))
        page.screenshot(path=str(tmp_path / "hub.png"), full_page=True)
        expect(page.locator(".flash-success")).to_contain_text(f"已创建比赛「{BLANK}」")
        blank_id = _contest_id(server, BLANK)
        assert _rows(
            server, "SELECT name, short_name, code FROM venues WHERE contest_id = :c", c=blank_id
        ) == [("主会场", "", "")]
        page.click("a.brand")
        row = _row(page, BLANK)
        expect(row.locator("td.when")).to_have_text("2027年9月16日 — 2027年9月17日")
        assert [row.locator("td.num").nth(i).inner_text() for i in range(4)] == [
            "2027",
            "1",
            "0",
            "0",
        ]
        expect(row.locator(".badge.demo")).to_have_count(0)

        # A copy of the demo, from its row's link.
        _row(page, DEMO).locator("a:has-text('复制为新比赛')").click()
        page.wait_for_url(re.compile(r"/admin/contests/new\?copy=\d+$"))
        expect(page.locator("select[name=source]")).to_have_value(str(_contest_id(server, DEMO)))
        _fill_basic(
            page, name=COPY, year="2027", starts="2027-10-12", ends="", issuer="上海市质量协会"
        )
        page.click("#contest-form button[type=submit]")
        page.wait_for_url(re.compile(r"/setup$"))
        copy_id = _contest_id(server, COPY)
        demo_id = _contest_id(server, DEMO)
        items = (
            "SELECT name, maximum, step, description FROM score_items WHERE contest_id = :c "
            "ORDER BY position"
        )
        assert _rows(server, items, c=copy_id) == _rows(server, items, c=demo_id)
        assert len(_rows(server, items, c=copy_id)) == 6
        assert _rows(server, "SELECT count(*) FROM teams WHERE contest_id = :c", c=copy_id) == [
            (0,)
        ]
        settings = dict(
            _rows(
                server,
                "SELECT id, settings FROM contests WHERE id IN (:a, :b)",
                a=copy_id,
                b=demo_id,
            )
        )
        copied, original = json.loads(settings[copy_id]), json.loads(settings[demo_id])
        assert {k: v for k, v in copied.items() if k != "certificate"} == original

        # Its basic information: cancel once, then change the organiser.
        page.click(".setup-sections a:has-text('基本信息')")
        page.wait_for_url(re.compile(r"/setup/basic$"))
        expect(page.locator("input[name=name]")).to_have_value(COPY)
        page.click("#contest-form a:has-text('取消')")
        page.wait_for_url(re.compile(r"/setup$"))
        page.click(".setup-sections a:has-text('基本信息')")
        page.fill("input[name=issuer]", "上海市质量协会秘书处")
        page.click("#contest-form button[type=submit]")
        page.wait_for_url(re.compile(r"/setup$"))
        expect(page.locator(".flash-success")).to_have_text("基本信息已保存")

        # Its venues: add two, rename one, reorder, delete an empty one.
        page.click(".setup-sections a:has-text('分会场')")
        page.wait_for_url(re.compile(r"/setup/venues$"))
        form = page.locator("#add-venue")
        form.locator("input[name=name]").fill("第二分会场（泰安路74号报告厅）")
        form.locator("input[name=short_name]").fill("第二分会场")
        form.locator("input[name=code]").fill("B")
        form.locator("button[type=submit]").click()
        expect(page.locator(".flash-success")).to_have_text(
            "已增加分会场「第二分会场（泰安路74号报告厅）」"
        )
        form = page.locator("#add-venue")
        form.locator("input[name=name]").fill("临时会场")
        form.locator("input[name=code]").fill("b")
        form.locator("button[type=submit]").click()
        expect(page.locator(".flash-error")).to_contain_text(
            "「b」已被分会场「第二分会场（泰安路74号报告厅）」使用"
        )
        page.locator("#add-venue input[name=code]").fill("T")
        page.locator("#add-venue button[type=submit]").click()
        expect(page.locator("#venues tbody tr")).to_have_count(3)
        first = page.locator("#venues tbody tr").nth(0)
        first.locator("input[name=name]").fill("第一分会场（泰安路74号）")
        first.locator("input[name=short_name]").fill("第一分会场")
        first.locator("input[name=code]").fill("A")
        first.locator("button.save").click()
        expect(page.locator(".flash-success")).to_have_text("已保存")
        names = page.locator("#venues tbody tr input[name=name]")
        _venue_row(page, "临时会场").locator("button.up").click()
        expect(names.nth(1)).to_have_value("临时会场")
        page.locator("#venues tbody tr").nth(0).locator("button.down").click()
        expect(names.nth(0)).to_have_value("临时会场")
        venues = (
            "SELECT name, short_name, code, position FROM venues WHERE contest_id = :c "
            "ORDER BY position"
        )
        assert _rows(server, venues, c=copy_id) == [
            ("临时会场", "", "T", 1),
            ("第一分会场（泰安路74号）", "第一分会场", "A", 2),
            ("第二分会场（泰安路74号报告厅）", "第二分会场", "B", 3),
        ]
        page.screenshot(path=str(tmp_path / "venues.png"), full_page=True)
        _venue_row(page, "临时会场").locator("button.delete").click()
        expect(page.locator(".flash-success")).to_have_text("已删除分会场「临时会场」")
        assert _rows(server, venues, c=copy_id) == [
            ("第一分会场（泰安路74号）", "第一分会场", "A", 1),
            ("第二分会场（泰安路74号报告厅）", "第二分会场", "B", 2),
        ]

        # The demo's venue holds teams and judges: refused, with what to move first.
        page.goto(f"{server.url}/admin/contests/{demo_id}/setup/venues")
        page.locator("#venues tbody tr").nth(0).locator("button.delete").click()
        expect(page.locator(".flash-error")).to_have_text(
            "分会场「第一分会场」还有 20 个班组、9 位评委，不能删除；"
            "请先把他们移到其他分会场或删除，再删除此分会场"
        )
        page.click("nav a:has-text('返回比赛设置')")
        page.wait_for_url(re.compile(r"/setup$"))

        # The contest page links back to the front page.
        page.goto(f"{server.url}/admin/contests/{copy_id}")
        expect(page.locator("#demo-notice")).to_have_count(0)
        page.click("nav a:has-text('全部比赛')")
        page.wait_for_url(re.compile(r"/admin/$"))
        _row(page, COPY).locator("a:has-text('比赛设置')").click()
        page.wait_for_url(re.compile(rf"/admin/contests/{copy_id}/setup$"))
        page.click("a.brand")
        _row(page, COPY).locator(f"a:has-text('{COPY}')").click()
        page.wait_for_url(re.compile(rf"/admin/contests/{copy_id}$"))
        expect(page.locator("table.grid").last).to_be_visible()


def test_deleting_the_demo_after_typing_its_name(browser, fresh_server, tmp_path):
    server = fresh_server
    with watched_page(browser, viewport=WIDE, allow=REFUSED) as page:
        _sign_in(page, server)
        page.screenshot(path=str(tmp_path / "front.png"), full_page=True)
        demo_id = _contest_id(server, DEMO)
        _row(page, DEMO).locator("a:has-text('比赛设置')").click()
        page.click(".setup-sections a:has-text('删除比赛')")
        page.wait_for_url(re.compile(r"/setup/delete$"))
        expect(page.locator("#rows")).to_contain_text("班组 20")
        page.fill("input[name=confirm_name]", DEMO[:-1])
        page.click("#delete-form button[type=submit]")
        expect(page.locator(".flash-error")).to_have_text(
            f"输入的名称与比赛名称不一致，比赛未删除。请完整输入「{DEMO}」"
        )
        assert _rows(server, "SELECT count(*) FROM teams") == [(20,)]
        page.fill("input[name=confirm_name]", DEMO)
        page.screenshot(path=str(tmp_path / "delete.png"), full_page=True)
        page.click("#delete-form button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/removals/\d+$"))
        expect(page.locator("h1")).to_have_text("比赛已删除")
        shown = page.inner_text("code.hash")
        page.screenshot(path=str(tmp_path / "removed.png"), full_page=True)
        with page.expect_download() as download:
            page.click("#backup-link")
        data = Path(download.value.path()).read_bytes()
        assert hashlib.sha256(data).hexdigest() == shown
        assert len(json.loads(data)["tables"]["teams"]) == 20
        for table in ("teams", "judges", "venues", "stage_states", "score_items", "host_venues"):
            assert _rows(server, f"SELECT count(*) FROM {table}") == [(0,)], table
        assert _rows(server, "SELECT count(*) FROM contests WHERE id = :c", c=demo_id) == [(0,)]
        page.click("#back-to-list")
        page.wait_for_url(re.compile(r"/admin/$"))
        expect(page.locator("#contests tbody")).to_contain_text(
            "还没有比赛。请点「新建比赛」开始。"
        )
        expect(page.locator("#demo-notice")).to_have_count(0)
    assert "审计日志完整" in server.flask("verify-audit")
