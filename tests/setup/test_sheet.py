"""评分表: edit, reorder, add, delete, validations, and the lock once a score exists."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, Contest, ScoreItem
from contest.settings import merged
from tests.conftest import sign_in
from tests.factories import judges_of, marks_totalling, submit, team_at
from tests.judge_helpers import judge_client, open_team

LOCKED = "已有评分，评分表已锁定；如需不同评分表，请新建比赛（可复制本比赛设置）"


def _url(demo) -> str:
    return f"/admin/contests/{demo.id}/setup/sheet"


def _sheet() -> list[tuple]:
    db.session.expire_all()
    items = db.session.scalars(sa.select(ScoreItem).order_by(ScoreItem.position))
    return [(i.id, i.position, i.name, i.maximum, i.step, i.description) for i in items]


def _rows(demo) -> list[dict[str, str]]:
    """The sheet as the page posts it, one dict per row."""
    return [
        {
            "item_id": str(i.id),
            "name": i.name,
            "maximum": str(i.maximum),
            "step": str(i.step),
            "criteria": i.description,
        }
        for i in demo.items
    ]


def _post(client, demo, rows: list[dict[str, str]]):
    page = client.get(_url(demo)).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    fields = ("item_id", "name", "maximum", "step", "criteria")
    data = {f: [r.get(f, "") for r in rows] for f in fields}
    return client.post(_url(demo), data={**data, "csrf_token": match.group(1)})


def _entries() -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == "score_sheet.changed")
    return list(db.session.scalars(query))


@pytest.fixture
def admin(client, staff):
    sign_in(client, "admin")
    return client


def test_sheet_page_lists_the_items_with_their_total(admin, demo):
    page = admin.get(_url(demo)).get_data(as_text=True)
    assert 'value="班组概况与基础管理"' in page
    assert ">班组组成、职责、文化与基础管理</textarea>" in page
    assert '<output id="live-total" class="total">100</output>' in page
    assert LOCKED not in page


def test_sheet_edit_reorder_add_and_delete_in_one_save(admin, demo):
    rows = _rows(demo)
    ids = [int(r["item_id"]) for r in rows]
    rows[0] = {**rows[0], "name": "班组基础管理", "criteria": "职责明确，制度健全\n记录完整"}
    rows[2] = {**rows[2], "maximum": "30", "step": "1"}
    del rows[5]  # 发表与答辩 (10)
    rows.insert(0, rows.pop(4))  # 成果与顾客评价 first
    rows.append({"name": "现场答辩", "maximum": "5", "step": "0.5", "criteria": "回答准确"})
    rows.append({"item_id": "", "name": "", "maximum": "", "step": "", "criteria": ""})  # unused
    response = _post(admin, demo, rows)
    assert response.status_code == 302
    new_id = max(i for i, *_ in _sheet())
    assert _sheet() == [
        (ids[4], 1, "成果与顾客评价", Decimal(20), Decimal("0.5"), "业绩指标、顾客满意与荣誉"),
        (ids[0], 2, "班组基础管理", Decimal(15), Decimal("0.5"), "职责明确，制度健全\n记录完整"),
        (ids[1], 3, "学习与技能", Decimal(15), Decimal("0.5"), "专业知识、技能培训与工具方法应用"),
        (ids[2], 4, "质量改进与创新", Decimal(30), Decimal(1), "改进项目、创新成果与方法运用"),
        (ids[3], 5, "现场管理", Decimal(15), Decimal("0.5"), "现场秩序、标准化与安全环保"),
        (new_id, 6, "现场答辩", Decimal(5), Decimal("0.5"), "回答准确"),
    ]
    [entry] = _entries()
    assert entry.data["total"] == "100"
    assert entry.data["before"][0] == {
        "name": "班组概况与基础管理",
        "maximum": "15",
        "step": "0.5",
        "criteria": "班组组成、职责、文化与基础管理",
    }
    assert [row["name"] for row in entry.data["after"]] == [
        "成果与顾客评价",
        "班组基础管理",
        "学习与技能",
        "质量改进与创新",
        "现场管理",
        "现场答辩",
    ]
    assert entry.data["after"][3] == {
        "name": "质量改进与创新",
        "maximum": "30",
        "step": "1",
        "criteria": "改进项目、创新成果与方法运用",
    }
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "评分表已保存，合计 100 分" in page
    assert "提醒" not in page


def test_sheet_swaps_two_names_in_one_save(admin, demo):
    rows = _rows(demo)
    rows[0]["name"], rows[1]["name"] = rows[1]["name"], rows[0]["name"]
    assert _post(admin, demo, rows).status_code == 302
    assert [name for _, _, name, *_ in _sheet()][:2] == ["学习与技能", "班组概况与基础管理"]


def test_sheet_total_other_than_100_is_saved_with_a_warning(admin, demo):
    rows = _rows(demo)
    rows[5]["maximum"] = "12.5"
    response = _post(admin, demo, rows)
    assert response.status_code == 302
    assert _sheet()[5][3] == Decimal("12.5")
    assert _entries()[0].data["total"] == "102.5"
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "评分表已保存，合计 102.5 分" in page
    assert "提醒：各项满分合计为 102.5 分，不是 100 分，请核对" in page


def test_sheet_unchanged_writes_nothing(admin, demo):
    response = _post(admin, demo, _rows(demo))
    assert "没有改动" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert _entries() == []


def _one(**changes) -> list[dict[str, str]]:
    return [{"name": "发表", "maximum": "15", "step": "0.5", "criteria": "", **changes}]


REFUSALS = [
    ([], "评分表至少要有一个项目，请添加项目后再保存"),
    (_one(name="  "), "第 1 项：请填写项目名称"),
    (_one(name="长" * 101), "第 1 项：项目名称不超过 100 个字"),
    (_one(maximum="abc"), "第 1 项“发表”：满分须为大于 0、不超过 1000 的数，最多三位小数，例如 15"),
    (_one(maximum="0"), "第 1 项“发表”：满分须为大于 0、不超过 1000 的数，最多三位小数，例如 15"),
    (_one(maximum="1e1"), "第 1 项“发表”：满分须为大于 0、不超过 1000 的数，最多三位小数，例如 15"),
    (_one(maximum="-5"), "第 1 项“发表”：满分须为大于 0、不超过 1000 的数，最多三位小数，例如 15"),
    (
        _one(maximum="1001"),
        "第 1 项“发表”：满分须为大于 0、不超过 1000 的数，最多三位小数，例如 15",
    ),
    (_one(step="0"), "第 1 项“发表”：步长须为大于 0 的数，最多三位小数，例如 1 或 0.5"),
    (_one(step="0.0001"), "第 1 项“发表”：步长须为大于 0 的数，最多三位小数，例如 1 或 0.5"),
    (_one(step=""), "第 1 项“发表”：步长须为大于 0 的数，最多三位小数，例如 1 或 0.5"),
    (_one(step="2"), "第 1 项“发表”：满分 15 不是步长 2 的整数倍，请调整满分或步长"),
    (
        _one(maximum="10", step="0.3"),
        "第 1 项“发表”：满分 10 不是步长 0.3 的整数倍，请调整满分或步长",
    ),
    (_one(criteria="要" * 1001), "第 1 项“发表”：评分要点不超过 1000 个字"),
    (_one() + _one(name=" 发表 "), "项目名称“发表”重复，请改为不同的名称"),
    (_one(item_id="999999"), "评分表已被他人修改，请刷新页面后重新编辑"),
    (_one() * 31, "评分表最多 30 个项目"),
]


@pytest.mark.parametrize(("rows", "message"), REFUSALS)
def test_sheet_refused_with_message_and_nothing_written(admin, demo, rows, message):
    before = _sheet()
    response = _post(admin, demo, rows)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _sheet() == before
    assert _entries() == []


def test_sheet_refused_form_keeps_what_was_typed(admin, demo):
    rows = _rows(demo)
    rows[0]["maximum"] = "15.5"
    rows[0]["step"] = "1"
    page = _post(admin, demo, rows).get_data(as_text=True)
    assert "满分 15.5 不是步长 1 的整数倍" in page
    assert 'name="maximum" class="item-max" inputmode="decimal" size="5" value="15.5"' in page


def test_sheet_accepts_full_width_digits_and_keeps_names_exact(admin, demo):
    rows = _one(name=" 发表  与 答辩\u3000", maximum="１００", step="０.５")
    assert _post(admin, demo, rows).status_code == 302
    [(_, _, name, maximum, step, _)] = _sheet()
    assert (name, maximum, step) == ("发表  与 答辩", Decimal(100), Decimal("0.5"))


def test_sheet_rename_follows_an_item_tie_break(admin, demo):
    demo.settings = {**merged(demo.settings), "scoring": {"tie_breaks": ["item:现场管理"]}}
    db.session.commit()
    rows = _rows(demo)
    rows[3]["name"] = "现场与安全管理"
    assert _post(admin, demo, rows).status_code == 302
    db.session.expire_all()
    settings = merged(db.session.get(Contest, demo.id).settings)
    assert settings["scoring"]["tie_breaks"] == ["item:现场与安全管理"]
    assert _entries()[0].data["tie_breaks"] == [["item:现场管理"], ["item:现场与安全管理"]]


def test_sheet_refuses_to_delete_an_item_a_tie_break_uses(admin, demo):
    demo.settings = {**merged(demo.settings), "scoring": {"tie_breaks": ["item:现场管理"]}}
    db.session.commit()
    before = _sheet()
    rows = [r for r in _rows(demo) if r["name"] != "现场管理"]
    response = _post(admin, demo, rows)
    assert response.status_code == 422
    assert "项目“现场管理”是并列名次的判定依据，请先在“评分规则”中改掉该依据，再删除" in (
        response.get_data(as_text=True)
    )
    assert _sheet() == before


def test_judge_state_carries_each_items_criteria(app, admin, demo):
    rows = _rows(demo)
    rows[0]["criteria"] = "职责明确，制度健全"
    assert _post(admin, demo, rows).status_code == 302
    open_team(demo, 1)
    judge = judge_client(app, 1)
    items = judge.get("/api/judge/state").get_json()["items"]
    assert [(i["name"], i["criteria"]) for i in items][:2] == [
        ("班组概况与基础管理", "职责明确，制度健全"),
        ("学习与技能", "专业知识、技能培训与工具方法应用"),
    ]


def test_sheet_locked_once_a_score_exists(admin, demo):
    submit(team_at(demo, 1), judges_of(demo)[0], marks_totalling("90"))
    db.session.commit()
    page = admin.get(_url(demo)).get_data(as_text=True)
    assert LOCKED in page
    assert 'id="sheet-form"' not in page and "班组概况与基础管理" in page
    before = _sheet()
    edited = _rows(demo)
    edited[0]["name"] = "新名称"
    for rows in (edited, _rows(demo), [], _one(step="0")):
        response = _post(admin, demo, rows)
        assert response.status_code == 422
        assert LOCKED in response.get_data(as_text=True)
    assert _sheet() == before
    assert _entries() == []
