"""Importing scores: the phone's mark checks, recusals respected, revealed teams left alone."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.imports import ImportRefused, run_import
from contest.models import AuditEntry, Channel, Judge, ScoreSubmission, StaffRole, StaffUser, Team
from contest.roster.keys import new_access_key, new_fallback_code
from contest.roster.recusals import sync_automatic
from tests.factories import close_scoring
from tests.imports.files import counts, new_contest, write_csv, write_xlsx

ITEMS = ["班组概况（40分）", "改进创新", "发表答辩"]
HEADER = ["序号", "评委", "企业名称", "班组名称", *ITEMS, "总分"]
JUDGES = (("王芳", "某大学"), ("李明", "乙公司"), ("赵强", "某协会"))


@pytest.fixture
def contest(app):
    contest = new_contest("第一分会场")
    venue = contest.venues[0]
    for company, team in (("甲公司", "一班"), ("乙公司", "二班")):
        db.session.add(Team(contest=contest, venue=venue, company_name=company, team_name=team))
    for number, (name, employer) in enumerate(JUDGES, 1):
        db.session.add(
            Judge(
                contest=contest,
                venue=venue,
                number=number,
                name=name,
                employer=employer,
                access_key=new_access_key(),
                fallback_code=new_fallback_code(),
            )
        )
    db.session.flush()
    sync_automatic(contest, actor="test")  # 李明 works for 乙公司: recused from 二班
    db.session.commit()
    return contest


@pytest.fixture
def clerk(app):
    user = StaffUser(username="clerk", display_name="录入员", role=StaffRole.ADMIN)
    user.set_password("x")
    db.session.add(user)
    db.session.commit()
    return user


def _import(contest, path, *, confirm=False, staff=None):
    return run_import(
        "scores",
        contest_id=contest.id,
        data=path.read_bytes(),
        filename=path.name,
        actor=f"staff:{staff.id}" if staff else "test",
        staff_id=staff.id if staff else None,
        confirm=confirm,
    )


def _refused(contest, path):
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        _import(contest, path)
    assert counts() == before
    report = refused.value.report
    return [str(p) for p in report.sorted_errors()], [str(p) for p in report.sorted_warnings()]


def _team(name):
    return db.session.scalar(sa.select(Team).where(Team.team_name == name))


def _stored():
    query = sa.select(ScoreSubmission).order_by(ScoreSubmission.id)
    return [
        (
            s.judge.name,
            s.team.team_name,
            s.version,
            str(s.total),
            [str(m.value) for m in sorted(s.marks, key=lambda m: m.item.position)],
        )
        for s in db.session.scalars(query)
    ]


def test_scores_by_item_are_stored_as_import_versions(contest, clerk, tmp_path):
    rows = [
        HEADER,
        [1, "王芳", "甲公司", "一班", 35.5, 30, 18, 83.5],
        [2, " 评委3 ", "甲公司", "一班", "30", "30", "15", None],
        [3, "王芳", "乙公司", "二班", "20", "20.5", "10", "50.5"],
    ]
    outcome = _import(contest, write_xlsx(tmp_path / "评分.xlsx", rows), staff=clerk)
    assert outcome.summary == "已导入 3 条评分（其中取代原评分 0 条，只有总分 0 条）"
    assert _stored() == [
        ("王芳", "一班", 1, "83.5", ["35.5", "30", "18"]),
        ("赵强", "一班", 1, "75", ["30", "30", "15"]),
        ("王芳", "二班", 1, "50.5", ["20", "20.5", "10"]),
    ]
    stored = db.session.scalars(sa.select(ScoreSubmission)).all()
    assert {(s.channel, s.entered_by_id, s.reason) for s in stored} == {
        (Channel.IMPORT, clerk.id, "导入：评分.xlsx")
    }
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "score.submitted")
    ).all()
    assert [(e.actor, e.data["receipt"], e.data["channel"]) for e in entries] == [
        (f"staff:{clerk.id}", s.receipt, "import") for s in stored
    ]
    summary = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "import.scores"))
    assert summary.data == {
        "file": "评分.xlsx",
        "scores": 3,
        "revisions": 0,
        "total_only": 0,
        "warnings_confirmed": 0,
        "batch": 1,
    }


def test_scores_total_only_are_stored_without_marks(contest, tmp_path):
    rows = [["评委", "企业名称", "班组名称", "总分"], ["王芳", "甲公司", "一班", "88.5"]]
    outcome = _import(contest, write_csv(tmp_path / "总分.csv", rows))
    assert outcome.counts == {"scores": 1, "revisions": 0, "total_only": 1}
    assert _stored() == [("王芳", "一班", 1, "88.5", [])]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "score.submitted"))
    assert (entry.data["marks"], entry.data["total_only"]) == ({}, True)


def test_scores_bad_totals_are_reported(contest, tmp_path):
    rows = [
        ["评委", "企业名称", "班组名称", "总分"],
        ["王芳", "甲公司", "一班", "83.3"],
        ["评委3", "甲公司", "一班", "100.5"],
        ["王芳", "乙公司", "二班", "八十"],
        ["评委3", "乙公司", "二班", ""],
    ]
    errors, _ = _refused(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    assert errors == [
        "第 2 行 · 列「总分」：总分请以 0.5 分为单位",
        "第 3 行 · 列「总分」：总分必须在 0 到 100 之间",
        "第 4 行 · 列「总分」：总分「八十」不是有效数字",
        "第 5 行 · 列「总分」：请填写总分",
    ]


def test_scores_bad_rows_are_each_reported_and_nothing_written(contest, tmp_path):
    rows = [
        HEADER,
        [1, "张三", "甲公司", "一班", "30", "30", "15", ""],
        [2, "王芳", "甲公司", "一 班", "30", "30", "15", ""],
        [3, "李明", "乙公司", "二班", "30", "30", "15", ""],
        [4, "王芳", "甲公司", "一班", "40.5", "30", "17.5", ""],
        [5, "评委3", "甲公司", "一班", "30", "", "15", ""],
        [6, "评委3", "乙公司", "二班", "30", "30", "15", "76"],
        [7, "", "乙公司", "二班", "30", "30", "15", ""],
        [8, "评委3", "乙公司", "二班", "30", "30", "15", "75"],
        [9, "评委9", "乙公司", "丙班", "30", "30", "15", ""],
    ]
    errors, warnings = _refused(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    assert errors == [
        "第 2 行 · 列「评委」：比赛中没有评委「张三」",
        "第 3 行 · 列「班组名称」：比赛中没有这个班组：「甲公司」「一 班」"
        "（是否为「甲公司 一班」？）",
        "第 4 行 · 列「评委」：评委2 李明与该班组有回避关系（评委工作单位与企业名称相同），"
        "不能为其评分",
        "第 5 行 · 列「班组概况（40分）」：“班组概况”的分数必须在 0 到 40 之间",
        "第 5 行 · 列「发表答辩」：“发表答辩”请以 1 分为单位",
        "第 6 行 · 列「改进创新」：请填写“改进创新”的分数",
        "第 7 行 · 列「总分」：总分与各项之和不符（各项合计 75）",
        "第 8 行 · 列「评委」：请填写评委",
        "第 10 行 · 列「班组名称」：比赛中没有这个班组：「乙公司」「丙班」",
        "第 10 行 · 列「评委」：比赛中没有评委「评委9」",
    ]
    assert warnings == []


def test_scores_repeated_in_the_file_are_refused(contest, tmp_path):
    rows = [
        ["评委", "企业名称", "班组名称", "总分"],
        ["王芳", "甲公司", "一班", "80"],
        ["评委1", "甲公司", "一班", "81"],
    ]
    errors, _ = _refused(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    assert errors == ["第 3 行 · 列「评委」：与第 2 行重复（同一评委、同一班组）"]


def test_scores_for_a_revealed_team_are_refused(contest, tmp_path):
    close_scoring(_team("一班"), reveal=True)
    db.session.commit()
    rows = [["评委", "企业名称", "班组名称", "总分"], ["王芳", "甲公司", "一班", "80"]]
    errors, _ = _refused(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    assert errors == [
        "第 2 行 · 列「班组名称」：该班组的成绩已经揭晓，不能再导入评分；如需改分请走成绩更正"
    ]


def test_scores_replacing_a_submission_wait_for_confirmation(contest, tmp_path):
    rows = [["评委", "企业名称", "班组名称", "总分"], ["王芳", "甲公司", "一班", "80"]]
    _import(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    rows[1][3] = "82.5"
    path = write_xlsx(tmp_path / "b.xlsx", rows)
    errors, warnings = _refused(contest, path)
    assert (errors, warnings) == (
        [],
        [
            "第 2 行 · 列「评委」：评委1 王芳已为该班组评分（第 1 次提交，总分 80），"
            "导入后以新版本取代"
        ],
    )
    outcome = _import(contest, path, confirm=True)
    assert outcome.counts == {"scores": 1, "revisions": 1, "total_only": 1}
    assert _stored() == [("王芳", "一班", 1, "80", []), ("王芳", "一班", 2, "82.5", [])]
    revised = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "score.revised"))
    assert (revised.data["version"], revised.data["total"]) == (2, "82.5")


def test_scores_columns_must_be_items_or_a_total(contest, tmp_path):
    rows = [
        ["评委", "企业名称", "班组名称", "班组概况", "发表答辩", "印象分"],
        ["王芳", "甲公司", "一班", "1", "2", "3"],
    ]
    errors, _ = _refused(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    assert errors == [
        "第 1 行 · 列「印象分」：无法识别这一列：它不是评分表中的项目"
        "（评分项：班组概况、改进创新、发表答辩）",
        "第 1 行：缺少评分项的列：改进创新（请列出全部评分项，或只填“总分”）",
    ]
    rows = [["评委", "企业名称", "班组名称", "备注"], ["王芳", "甲公司", "一班", "好"]]
    errors, _ = _refused(contest, write_xlsx(tmp_path / "b.xlsx", rows))
    assert errors == [
        "第 1 行：没有找到评分列：请列出各评分项（班组概况、改进创新、发表答辩），或填写“总分”"
    ]


def test_scores_judge_labels_are_read_in_the_team_venue(app, tmp_path):
    contest = new_contest("第一分会场", "第二分会场")
    first, second = contest.venues
    for venue, name in ((first, "王芳"), (second, "李明")):
        db.session.add_all(
            [
                Team(contest=contest, venue=venue, company_name=name + "的公司", team_name="一班"),
                Judge(
                    contest=contest,
                    venue=venue,
                    number=1,
                    name=name,
                    access_key=new_access_key(),
                    fallback_code=new_fallback_code(),
                ),
            ]
        )
    db.session.commit()
    rows = [
        ["评委", "企业名称", "班组名称", "总分"],
        ["评委1", "王芳的公司", "一班", "80"],
        ["评委1", "李明的公司", "一班", "90"],
    ]
    _import(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    assert _stored() == [("王芳", "一班", 1, "80", []), ("李明", "一班", 1, "90", [])]
    rows = [["评委", "企业名称", "班组名称", "总分"], ["王芳", "李明的公司", "一班", "70"]]
    errors, _ = _refused(contest, write_xlsx(tmp_path / "b.xlsx", rows))
    assert errors == ["第 2 行 · 列「评委」：评委1 王芳与该班组不在同一个分会场"]
    assert db.session.scalar(sa.select(sa.func.sum(ScoreSubmission.version))) == 2
    assert Decimal("170") == sum(s.total for s in db.session.scalars(sa.select(ScoreSubmission)))
