"""导入成绩定分 in Chromium: import a venue's paper totals, finalise, and read the ranking."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from contest import create_app
from contest.extensions import db
from contest.models import StaffRole, StaffUser
from tests.browser import server as live
from tests.browser.watch import watched_page
from tests.setup import paper

pytestmark = pytest.mark.browser

PASSWORD = "secretariat-pass-1"
SCREEN = {"width": 1366, "height": 900}


def _seed(database_url: str, instance: str) -> int:
    """The paper contest and one admin, written as the set-up pages would leave them."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTEST_ASYNC_MODE": "threading",
            "CONTEST_INSTANCE_PATH": instance,
        }
    )
    with app.app_context():
        contest = paper.build()
        admin = StaffUser(username="secretariat", display_name="秘书处", role=StaffRole.ADMIN)
        admin.set_password(PASSWORD)
        db.session.add(admin)
        db.session.commit()
        contest_id = contest.id
        db.engine.dispose()
    return contest_id


@pytest.fixture
def paper_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'contest.sqlite3'}"
    server = live.start(url, tmp_path, extra_env={"CONTEST_INSTANCE_PATH": str(tmp_path)})
    server.flask("db", "upgrade")
    server.contest_id = _seed(url, str(tmp_path))
    yield server
    server.stop()


def _flash(page) -> str:
    return page.locator("p.flash").first.inner_text()


def _state(page, team_serial: int) -> str:
    return (
        page.locator("table.finalise-teams tbody tr")
        .nth(team_serial - 1)
        .locator("td.state")
        .inner_text()
    )


def test_staff_finalise_an_imported_venue_and_download_the_ranking(browser, paper_server, tmp_path):
    base, contest_id = paper_server.url, paper_server.contest_id
    workbook = paper.workbook(tmp_path / "第一分会场纸质评分.xlsx")
    with watched_page(browser, viewport=SCREEN, accept_downloads=True) as page:
        page.goto(f"{base}/staff/login")
        page.fill("input[name=username]", "secretariat")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        page.click(f'#contests tr[data-contest="{contest_id}"] td.name a')
        page.wait_for_url(re.compile(rf"/admin/contests/{contest_id}$"))

        # Import the totals, through the preview: the import lands on the finalise page.
        page.click("nav >> text=导入评分")
        page.set_input_files("input[name=file]", str(workbook))
        page.click("#import-check")
        page.click("#import-confirm")
        page.wait_for_url(re.compile(rf"/admin/contests/{contest_id}/finalise$"))
        assert _flash(page) == "已导入 34 条评分（其中取代原评分 0 条，只有总分 34 条）"
        counts = page.locator("table.finalise-teams td.num:nth-child(4)").all_inner_texts()
        assert counts == ["7 / 7", "6 / 6", "7 / 7", "7 / 7", "7 / 7"]

        # The contest page says what waits, and both its links lead here.
        page.click("nav >> text=返回管理后台")
        assert "有 5 个班组已有评分、尚未定分" in page.inner_text("#pending-finalise")
        page.click("#pending-finalise >> text=前往 导入成绩定分")
        page.wait_for_url(re.compile(r"/finalise$"))
        page.click("nav >> text=返回管理后台")
        page.click("nav >> text=导入成绩定分")
        page.wait_for_url(re.compile(r"/finalise$"))
        page.screenshot(path=str(tmp_path / "finalise-before.png"), full_page=True)

        # One team by itself: its half-up score, first for now.
        row = page.locator("table.finalise-teams tbody tr").nth(1)
        row.locator("text=按导入成绩定分").click()
        page.wait_for_url(re.compile(r"/finalise#venue-\d+$"))
        assert _flash(page) == (
            "上海外高桥造船有限公司 涂装事业部分段涂装三班 已按 6 份评分定分，最后得分 90.13"
        )
        assert _state(page, 2) == "已定分 90.13 · 第1名 评分明细"
        page.click("a.scores-link")
        page.wait_for_url(re.compile(r"/admin/teams/\d+#scores$"))
        assert page.locator("#current-scores tbody tr").count() == 7
        page.go_back()

        # The rest of the venue, through the confirm step (once backed out of).
        page.click("text=全部定分")
        page.wait_for_url(re.compile(r"/admin/venues/\d+/finalise$"))
        assert page.locator("#finalise-todo tbody tr").count() == 4
        page.click("nav >> text=返回导入成绩定分")
        page.wait_for_url(re.compile(r"/finalise#venue-\d+$"))
        assert page.locator("table.finalise-teams .state b").count() == 1
        page.click("text=全部定分")
        page.screenshot(path=str(tmp_path / "finalise-confirm.png"), full_page=True)
        page.click("text=确认全部定分")
        page.wait_for_url(re.compile(r"/finalise#venue-\d+$"))
        assert _flash(page) == "第一分会场 已定分 4 个班组"
        assert [_state(page, n) for n in range(1, 6)] == [
            "已定分 92.20 · 第2名 评分明细",
            "已定分 90.13 · 第3名 评分明细",
            "已定分 93.20 · 第1名 评分明细",
            "已定分 89.00 · 第4名 评分明细",
            "已定分 89.00 · 第4名 评分明细",
        ]
        assert page.locator("text=按导入成绩定分").count() == 0
        page.screenshot(path=str(tmp_path / "finalise-after.png"), full_page=True)

        # The ranking workbook, downloaded as staff would.
        page.click("nav >> text=导出")
        page.wait_for_url(re.compile(r"/exports$"))
        with page.expect_download() as download:
            page.click(f'a[href="/admin/contests/{contest_id}/exports/ranking"]')
        path = tmp_path / "ranking.xlsx"
        download.value.save_as(path)

    book = load_workbook(path)
    overall = [[c.value for c in row] for row in book["总排名"].iter_rows(min_row=5, max_row=9)]
    assert [(r[0], r[2], r[4], r[5], Decimal(str(r[8]))) for r in overall] == [
        (rank, team, *paper.TEAMS[team - 1], final)
        for team, final, rank, _low, _high in paper.EXPECTED
    ]
    assert paper.venue_sheet(book["第一分会场"]) == (paper.VENUE_MARKS, paper.STRUCK)
