"""New contests (blank or copied), their basic information, and the staff front page."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.certificates import template
from contest.extensions import db
from contest.models import (
    Contest,
    Judge,
    RecommendingUnit,
    ScoreItem,
    StageState,
    Team,
    Venue,
)
from contest.settings import DEFAULT_SCORE_SHEET, DEFAULT_SETTINGS
from contest.setup.contests import summaries
from tests.conftest import sign_in
from tests.setup.forms import audit_count, entries, post

NEW = {
    "name": "2027年上海市质量信得过班组建设经验发表赛",
    "year": "2027",
    "starts_on": "2027-09-16",
    "ends_on": "2027-09-17",
    "issuer": "上海市质量协会",
    "certificate_date": "",
}


def _create(client, **changes):
    return post(client, "/admin/contests/new", {**NEW, **changes}, page="/admin/contests/new")


def _contest(name: str) -> Contest:
    return db.session.scalar(sa.select(Contest).where(Contest.name == name))


def test_blank_contest_gets_the_defaults_and_one_venue(client, staff, demo):
    sign_in(client, "admin")
    response = _create(client, source="")
    created = _contest(NEW["name"])
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/contests/{created.id}/setup"
    assert (created.year, created.starts_on, created.ends_on, created.is_demo) == (
        2027,
        date(2027, 9, 16),
        date(2027, 9, 17),
        False,
    )
    assert created.settings == {
        **DEFAULT_SETTINGS,
        "certificate": {"issuer": "上海市质量协会", "date": ""},
    }
    assert [(i.name, i.maximum, i.step, i.description, i.position) for i in created.items] == [
        (name, maximum, step, description, position)
        for position, (name, maximum, step, description) in enumerate(DEFAULT_SCORE_SHEET, 1)
    ]
    assert [(v.name, v.short_name, v.code, v.position) for v in created.venues] == [
        ("主会场", "", "", 1)
    ]
    assert db.session.get(StageState, created.venues[0].id) is not None
    [entry] = entries("contest.created")
    assert (entry.actor, entry.subject, entry.contest_id) == (
        f"staff:{staff['admin'].id}",
        f"contest:{created.id}",
        created.id,
    )
    assert entry.data == {
        "name": NEW["name"],
        "year": 2027,
        "starts_on": "2027-09-16",
        "ends_on": "2027-09-17",
        "issuer": "上海市质量协会",
        "certificate_date": "",
        "venues": ["主会场"],
        "items": 6,
    }
    assert entries("contest.copied_from") == []


def test_copied_contest_takes_settings_sheet_and_venues_but_no_people(client, staff, demo):
    settings = copy.deepcopy(demo.settings)
    settings["scoring"]["trim_each_end"] = 2
    wording = "{企业名称}{班组名称}：\n荣获{奖项}。"
    settings["certificate"] = {"wording": wording, "date": "二〇二六年九月"}
    demo.settings = settings
    demo.items[0].description = "班组组成、职责\n（以现场材料为准）"
    demo.venues[0].short_name, demo.venues[0].code = "一分", "A"
    db.session.add(Venue(contest=demo, name="第二分会场（线上）", code="B", position=2))
    db.session.commit()
    sign_in(client, "admin")
    response = _create(client, source=str(demo.id), issuer="上海市质量协会秘书处")
    created = _contest(NEW["name"])
    assert response.status_code == 302
    expected = copy.deepcopy(settings)
    expected["certificate"] = {
        "wording": "{企业名称}{班组名称}：\n荣获{奖项}。",
        "date": "",  # the source's fixed date is its own: the copy falls back to its month
        "issuer": "上海市质量协会秘书处",
    }
    assert created.settings == expected
    assert [(i.name, i.maximum, i.step, i.description) for i in created.items] == [
        (i.name, i.maximum, i.step, i.description) for i in demo.items
    ]
    assert created.items[0].description == "班组组成、职责\n（以现场材料为准）"
    assert [(v.name, v.short_name, v.code, v.position) for v in created.venues] == [
        ("第一分会场", "一分", "A", 1),
        ("第二分会场（线上）", "", "B", 2),
    ]
    assert all(db.session.get(StageState, v.id) for v in created.venues)
    for model in (Team, Judge, RecommendingUnit):
        count = sa.select(sa.func.count()).select_from(model).where(model.contest_id == created.id)
        assert db.session.scalar(count) == 0
    [entry] = entries("contest.copied_from")
    assert entry.data == {
        "source_id": demo.id,
        "source_name": demo.name,
        "settings": sorted(expected),
        "items": [i.name for i in demo.items],
        "venues": ["第一分会场", "第二分会场（线上）"],
    }
    assert template.effective_date(template.settings_of(created)) == "二〇二七年九月"


def test_copied_background_gets_a_file_of_its_own(app, client, staff, demo):
    from pathlib import Path

    folder = Path(app.instance_path) / "certificates"
    folder.mkdir(parents=True)
    (folder / "background-aaaa.png").write_bytes(b"png bytes")
    template.store(demo, {**template.settings_of(demo), "background": "background-aaaa.png"})
    db.session.commit()
    sign_in(client, "admin")
    _create(client, source=str(demo.id))
    copied = template.settings_of(_contest(NEW["name"]))["background"]
    assert copied != "background-aaaa.png"
    assert (folder / copied).read_bytes() == b"png bytes"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "  \u3000 "}, "请填写比赛名称"),
        ({"name": "赛" * 201}, "比赛名称最多 200 个字"),
        ({"year": "27"}, "年度请填写四位数字，如 2026"),
        ({"starts_on": "2027-13-01"}, "比赛日期格式不对"),
        ({"starts_on": "", "ends_on": "2027-09-17"}, "请同时填写比赛日期（第一天）"),
        ({"ends_on": "2027-09-15"}, "结束日期不能早于比赛日期"),
        ({"issuer": ""}, "请填写主办单位（证书落款的颁发单位）"),
        ({"certificate_date": "日" * 31}, "证书落款日期最多 30 个字"),
        ({"source": "999"}, "要复制的比赛不存在，请重新选择"),
        ({"name": "2026年上海市质量信得过班组建设经验发表赛"}, "已有名为"),
    ],
)
def test_new_contest_with_bad_input_is_refused_and_writes_nothing(
    client, staff, demo, changes, message
):
    sign_in(client, "admin")
    before = audit_count()
    response = _create(client, **changes)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contest)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Venue)) == 1
    assert audit_count() == before


def test_basic_info_edit_is_saved_and_audited(client, staff, demo):
    sign_in(client, "admin")
    page = f"/admin/contests/{demo.id}/setup/basic"
    assert "2026年上海市质量信得过班组建设经验发表赛" in client.get(page).get_data(as_text=True)
    seq = db.session.get(StageState, demo.venues[0].id).seq
    response = post(
        client,
        page,
        {
            "name": " 2026年发表赛（正式） ",
            "year": "2026",
            "starts_on": "2026-09-18",
            "ends_on": "",
            "issuer": "上海市质量协会",
            "certificate_date": "二〇二六年十月",
        },
        page=page,
    )
    assert response.status_code == 302
    db.session.refresh(demo)
    assert (demo.name, demo.starts_on) == ("2026年发表赛（正式）", date(2026, 9, 18))
    assert template.settings_of(demo)["date"] == "二〇二六年十月"
    db.session.expire_all()
    assert db.session.get(StageState, demo.venues[0].id).seq == seq + 1  # the hall shows it
    [entry] = entries("contest.updated")
    assert entry.data == {
        "changes": {
            "name": ["2026年上海市质量信得过班组建设经验发表赛", "2026年发表赛（正式）"],
            "starts_on": [None, "2026-09-18"],
            "certificate_date": ["", "二〇二六年十月"],
        }
    }


def test_basic_info_unchanged_writes_no_audit_entry(client, staff, demo):
    sign_in(client, "admin")
    page = f"/admin/contests/{demo.id}/setup/basic"
    before = audit_count()
    form = {"name": demo.name, "year": "2026", "issuer": "上海市质量协会"}
    response = post(client, page, form, page=page)
    assert response.status_code == 302
    assert audit_count() == before


def test_basic_info_refuses_another_contests_name(client, staff, demo):
    sign_in(client, "admin")
    _create(client)
    page = f"/admin/contests/{demo.id}/setup/basic"
    before = audit_count()
    response = post(client, page, {**NEW, "year": "2026"}, page=page)
    assert response.status_code == 422
    assert "请换一个名称" in response.get_data(as_text=True)
    db.session.refresh(demo)
    assert demo.name == "2026年上海市质量信得过班组建设经验发表赛"
    assert audit_count() == before


def test_certificate_date_falls_back_to_the_contest_month(demo, monkeypatch):
    monkeypatch.setattr(template, "today", lambda: date(2026, 12, 1))
    assert template.effective_date(template.settings_of(demo)) == "二〇二六年十二月"
    demo.starts_on = date(2026, 9, 18)
    assert template.effective_date(template.settings_of(demo)) == "二〇二六年九月"
    template.store(demo, {**template.settings_of(demo), "date": "2026年9月20日"})
    assert template.effective_date(template.settings_of(demo)) == "2026年9月20日"
    assert "contest_month" not in demo.settings["certificate"]


def test_first_numbering_fixes_the_contest_month(demo, monkeypatch):
    from contest.certificates import numbering
    from tests.certificates import give_awards

    monkeypatch.setattr(template, "today", lambda: date(2026, 12, 1))
    demo.starts_on = date(2026, 9, 18)
    give_awards(demo, 2, first=1)
    numbering.assign_numbers(demo, actor="staff:1")
    assert template.settings_of(demo)["date"] == "二〇二六年九月"


def test_front_page_lists_contests_with_counts_and_the_demo_line(client, staff, demo):
    sign_in(client, "admin")
    _create(client)
    created = _contest(NEW["name"])
    assert [(s.contest.id, s.venues, s.teams, s.judges) for s in summaries()] == [
        (created.id, 1, 0, 0),
        (demo.id, 1, 20, 9),
    ]
    page = client.get("/admin/").get_data(as_text=True)
    assert client.get("/admin/").status_code == 200
    assert "新建比赛" in page
    assert '<span class="badge demo">演示</span>' in page
    assert page.count('class="badge demo"') == 1
    assert "2027年9月16日 — 2027年9月17日" in page
    assert "标有「演示」的是演示比赛，供熟悉系统使用。" in page
    contest_page = client.get(f"/admin/contests/{demo.id}").get_data(as_text=True)
    assert "这是演示比赛，供熟悉系统使用。" in contest_page
    other_page = client.get(f"/admin/contests/{created.id}").get_data(as_text=True)
    assert "是演示比赛" not in other_page


def test_copy_link_preselects_the_source_and_its_issuer(client, staff, demo):
    template.store(demo, {**template.settings_of(demo), "issuer": "上海市质量协会（测试）"})
    db.session.commit()
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/new?copy={demo.id}").get_data(as_text=True)
    assert f'<option value="{demo.id}" selected>' in page
    assert 'value="上海市质量协会（测试）"' in page


def test_new_contest_items_keep_exact_decimals(client, staff, demo):
    sign_in(client, "admin")
    _create(client)
    created = _contest(NEW["name"])
    items = db.session.scalars(
        sa.select(ScoreItem).where(ScoreItem.contest_id == created.id).order_by(ScoreItem.position)
    ).all()
    assert sum((i.maximum for i in items), Decimal(0)) == Decimal(100)
    assert {i.step for i in items} == {Decimal("0.5")}
