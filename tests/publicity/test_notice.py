"""Staff prepare the proposed results and open the 公示; the public page shows them."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.publicity import notice as notices
from contest.publicity import results, workdays
from contest.publicity.calendar import today
from contest.publicity.models import ResultList
from tests.conftest import sign_in
from tests.factories import team_at
from tests.publicity import world
from tests.publicity.steps import prepared, staff_post


def _cells(page: str, table: str) -> list[list[str]]:
    body = re.search(rf'<table class="results" id="{table}">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r"<tr data-team[^>]*>(.*?)</tr>", body, re.S)
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        ]
        for r in rows
    ]


def test_the_snapshot_is_version_one_with_exact_names_grades_and_candidates(client, staff, demo):
    season = prepared(client, demo)
    listed = db.session.scalar(sa.select(ResultList))
    assert listed.version == 1
    first = team_at(demo, 1)
    assert listed.rows[0] == {
        "contest_id": demo.id,
        "contest": demo.name,
        "team_id": first.id,
        "company": first.company_name,
        "team": first.team_name,
        "unit": first.unit.name,
        "score": "95.00",
        "rank": 1,
        "grade": "一等奖",
        "national": True,
    }
    assert [(r["rank"], r["grade"], r["national"]) for r in listed.rows] == [
        (1, "一等奖", True),
        (2, "二等奖", True),
        (3, "二等奖", True),
        (4, "三等奖", False),
        (5, "三等奖", False),
    ]
    assert results.linked_ids(season.id) == [demo.id]


def test_the_public_page_needs_no_sign_in_and_shows_the_period(app, staff, demo):
    staff_client = app.test_client()
    prepared(staff_client, demo, starts_on=date(2026, 9, 28))
    page = app.test_client().get("/gongshi/2026")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "关于2026年上海市质量信得过班组评选结果的公示" in text
    assert "5 个工作日，自2026年9月28日起至2026年10月9日止" in text
    rows = _cells(text, "proposed")
    first = team_at(demo, 1)
    assert rows[0] == [
        "1",
        first.company_name,
        first.team_name,
        first.unit.name,
        "95.00",
        "1",
        "一等奖",
        "是",
    ]
    assert 'class="exact company"' in text  # names never broken (nowrap)


def test_the_countdown_counts_days_and_working_days(app, staff, demo):
    prepared(app.test_client(), demo)
    notice = notices.of(db.session.scalar(sa.select(ResultList.season_id)))
    period = notices.period(notice, on=notice.starts_on)
    end = workdays.period_end(notice.starts_on, 5, workdays.Calendar())
    assert notice.ends_on == end
    assert period.phase == "open"
    assert period.days_left == (end - notice.starts_on).days + 1
    assert period.working_days_left == 5
    assert notices.period(notice, on=end).working_days_left == 1
    from datetime import timedelta

    assert notices.period(notice, on=end + timedelta(days=1)).phase == "ended"


def test_opening_is_refused_without_a_list_and_twice(client, staff, demo):
    world.scored(demo)
    season = world.season()
    sign_in(client, "admin")
    page = staff_post(client, season, "/open", starts_on=today().isoformat(), working_days="5")
    assert "请先生成拟公示名单，再发布公示" in page.get_data(as_text=True)
    page = staff_post(client, season, "/snapshot").get_data(as_text=True)
    assert "请先选择本年度的发表赛，再生成拟公示名单" in page
    staff_post(client, season, "/contests", contest_id=str(demo.id))
    staff_post(client, season, "/snapshot")
    bad = staff_post(client, season, "/open", starts_on="2026/12/01", working_days="5")
    assert "请按“年-月-日”填写日期，如 2026-12-01" in bad.get_data(as_text=True)
    staff_post(client, season, "/open", starts_on=today().isoformat(), working_days="5")
    again = staff_post(client, season, "/open", starts_on=today().isoformat(), working_days="5")
    assert "本年度公示已开始，不能重复发布公示" in again.get_data(as_text=True)
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.action.like("publicity.%"))
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["publicity.contest_linked", "publicity.snapshot", "publicity.opened"]


def test_an_override_recounts_the_end(client, staff, demo):
    season = prepared(client, demo, starts_on=date(2026, 9, 28))
    assert notices.of(season.id).ends_on == date(2026, 10, 9)
    staff_post(client, season, "/calendar", day="2026-10-08", workday="0", note="协会另行安排放假")
    db.session.expire_all()
    assert notices.of(season.id).ends_on == date(2026, 10, 10)  # the make-up Saturday
    page = client.get(f"/admin/season/publicity/{season.id}").get_data(as_text=True)
    assert "2026-10-08 · 放假 · 协会另行安排放假" in page


def test_a_revision_is_a_new_version_shown_publicly(client, staff, demo):
    season = prepared(client, demo)
    fifth = team_at(demo, 6)
    page = staff_post(
        client, season, "/revise", team_id=str(fifth.id), grade="二等奖", national="1", reason=" "
    )
    assert "复核调整必须填写原因" in page.get_data(as_text=True)
    staff_post(
        client,
        season,
        "/revise",
        team_id=str(fifth.id),
        grade="二等奖",
        national="1",
        reason="异议 YY-2026-001 核查属实，调整奖项",
    )
    versions = results.versions(season.id)
    assert [v.version for v in versions] == [1, 2]
    changed = next(r for r in versions[1].rows if r["team_id"] == fifth.id)
    assert (changed["grade"], changed["national"]) == ("二等奖", True)
    public = client.get("/gongshi/2026").get_data(as_text=True)
    assert "本名单为第 2 版（复核调整：异议 YY-2026-001 核查属实，调整奖项）" in public


def test_a_period_into_a_year_without_official_data_says_so(client, staff, demo):
    # 12-28 Mon .. 12-31 Thu, then 2027-01-01 (Friday; 2027 is not in the package's data).
    season = prepared(client, demo, starts_on=date(2026, 12, 28))
    assert notices.of(season.id).ends_on == date(2027, 1, 1)
    page = client.get("/gongshi/2026").get_data(as_text=True)
    assert (
        "说明：2027 年国家法定节假日安排尚未收录，该年度工作日暂按周一至周五计算"
        "（已含本会另行通知的调整）。"
    ) in page
    staff_post(client, season, "/calendar", day="2027-01-01", workday="0", note="元旦")
    db.session.expire_all()
    assert notices.of(season.id).ends_on == date(2027, 1, 4)
