"""Blank forms to download: in the notice's shapes, and each one imports what is filled in."""

from __future__ import annotations

import io

import openpyxl
import pytest

from contest.exports.safety import put
from contest.extensions import db
from contest.imports import run_import
from contest.imports.blanks import blank_form
from contest.models import Judge, Team
from contest.roster.keys import new_access_key, new_fallback_code
from tests.imports.files import judges_in, new_contest, teams_of


@pytest.fixture
def contest(app):
    contest = new_contest("第一分会场（泰安路74号报告厅）", "=第二分会场")
    contest.venues[0].short_name, contest.venues[0].code = "第一分会场", "A"
    db.session.commit()
    return contest


def _fill(data: bytes, rows: list[list]) -> tuple[bytes, openpyxl.worksheet.worksheet.Worksheet]:
    """Type `rows` into the first blank rows under the header, as staff would."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    header = next(r for r in range(1, 10) if sheet.cell(r, 2).font.bold)  # the header row
    for offset, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            put(sheet, header + offset, column, value)  # "=…" typed as text, as Excel keeps it
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), sheet


def _import(contest, kind: str, data: bytes):
    return run_import(kind, contest_id=contest.id, data=data, filename="t.xlsx", actor="test")


def test_templates_teams_has_the_form_2_3_shape_and_hints_the_venues(contest):
    name, data = blank_form(contest, "teams")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert name == "班组推荐表.xlsx"
    assert [sheet.cell(r, 1).value for r in (1, 2)] == [
        "导入测试赛 · 推荐表（附件 2-3）",
        "推荐行业/各区/集团（盖章）：",
    ]
    assert [c.value for c in sheet[4]] == [
        "序号",
        "企业名称",
        "班组名称",
        "班组人数",
        "分会场",
        "形式",
    ]
    assert sheet.cell(4, 2).font.bold
    assert sheet.cell(3, 5).value == (
        "必填；可填全称、简称或代码：第一分会场（泰安路74号报告厅）（简称 第一分会场，代码 A）、"
        "=第二分会场"
    )
    assert sheet.cell(3, 5).data_type == "s"  # a venue starting with "=" stays text
    assert sheet.cell(25, 3).value == "班组人数总计"


def test_templates_teams_round_trip_imports_exactly_the_two_rows(contest):
    _name, data = blank_form(contest, "teams")
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.active["B2"] = "上海市化工行业协会"
    out = io.BytesIO()
    book.save(out)
    filled, _sheet = _fill(
        out.getvalue(),
        [
            [1, "甲（集团）公司", "一班", 5, "A", "现场"],
            [2, "乙公司", "二班", 6, "=第二分会场", "线上"],
        ],
    )
    _import(contest, "teams", filled)
    assert [
        (t.unit.name, t.company_name, t.team_name, t.member_count, t.venue.name, t.mode.value)
        for t in teams_of(contest)
    ] == [
        (
            "上海市化工行业协会",
            "甲（集团）公司",
            "一班",
            5,
            "第一分会场（泰安路74号报告厅）",
            "in_hall",
        ),
        ("上海市化工行业协会", "乙公司", "二班", 6, "=第二分会场", "online"),
    ]


def test_templates_judges_round_trip_imports_exactly_the_two_rows(contest):
    name, data = blank_form(contest, "judges")
    filled, sheet = _fill(
        data,
        [
            [
                "陈建国",
                "上海质量协会",
                "TGQ-001",
                "某路1号",
                "200000",
                "13800000001",
                "A",
                "是",
                "",
            ],
            ["李敏", "某大学", "TGQ-002", None, None, None, "=第二分会场", None, None],
        ],
    )
    assert name == "评委名单.xlsx"
    assert [c.value for c in sheet[3]] == [
        "姓名", "工作单位", "TGQ 评委证书号", "通讯地址", "邮编", "手机",
        "分会场", "评委组长", "回避单位",
    ]  # fmt: skip
    _import(contest, "judges", filled)
    assert [
        (j.name, j.employer, j.certificate_no, j.phone, j.venue.name, j.is_chair)
        for j in judges_in(contest)
    ] == [
        (
            "陈建国",
            "上海质量协会",
            "TGQ-001",
            "13800000001",
            "第一分会场（泰安路74号报告厅）",
            True,
        ),
        ("李敏", "某大学", "TGQ-002", "", "=第二分会场", False),
    ]


def _people(contest):
    venue = contest.venues[0]
    teams = [
        Team(contest=contest, venue=venue, company_name=c, team_name=t)
        for c, t in (("甲公司", "一班"), ("乙公司", "二班"))
    ]
    judge = Judge(
        contest=contest, venue=venue, number=1, name="陈建国", employer="协会",
        certificate_no="T1", access_key=new_access_key(), fallback_code=new_fallback_code(),
    )  # fmt: skip
    db.session.add_all([*teams, judge])
    db.session.commit()
    return teams, judge


@pytest.mark.parametrize(
    ("variant", "header", "rows", "totals"),
    [
        (
            "",
            ["评委", "企业名称", "班组名称", "班组概况", "改进创新", "发表答辩", "总分"],
            [
                ["评委1", "甲公司", "一班", 30, "35.5", 18],
                ["陈建国", "乙公司", "二班", 20, 20, 10, 50],
            ],
            ["83.5", "50"],
        ),
        (
            "total",
            ["评委", "企业名称", "班组名称", "总分"],
            [["评委1", "甲公司", "一班", "88.5"], ["陈建国", "乙公司", "二班", 61]],
            ["88.5", "61"],
        ),
    ],
)
def test_templates_scores_round_trip_imports_exactly_the_two_rows(
    contest, variant, header, rows, totals
):
    from contest.day.submissions import current_submission

    teams, judge = _people(contest)
    _name, data = blank_form(contest, "scores", variant)
    filled, sheet = _fill(data, rows)
    assert [c.value for c in sheet[3]] == header
    outcome = _import(contest, "scores", filled)
    assert outcome.counts["scores"] == 2
    assert [str(current_submission(t.id, judge.id).total) for t in teams] == totals


def test_templates_download_is_a_real_xlsx_for_staff(client, staff, contest):
    from tests.conftest import sign_in

    sign_in(client, "admin")
    for kind, variant in (("teams", ""), ("judges", ""), ("scores", ""), ("scores", "total")):
        url = f"/admin/contests/{contest.id}/import/{kind}/template"
        response = client.get(url + (f"?variant={variant}" if variant else ""))
        assert response.status_code == 200
        assert response.data[:2] == b"PK"
        openpyxl.load_workbook(io.BytesIO(response.data))
    bad = client.get(f"/admin/contests/{contest.id}/import/teams/template?variant=total")
    assert bad.status_code == 404
