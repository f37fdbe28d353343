"""Importing judges: personal keys, the next 评委号 per venue, 回避单位 as manual recusals."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.imports import ImportRefused, run_import
from contest.models import AuditEntry, Judge, Recusal, RecusalKind, Team
from contest.roster.keys import new_access_key, new_fallback_code
from tests.imports.files import TITLE, counts, judges_in, new_contest, write_csv, write_xlsx

HEADER = ["姓名", "工作单位", "TGQ 评委证书号", "手机"]
COMPANIES = (("甲公司", "一班"), ("甲公司", "二班"), ("乙公司", "三班"), ("丙（集团）公司", "四班"))


@pytest.fixture
def contest(app):
    contest = new_contest("第一分会场")
    for company, team in COMPANIES:
        db.session.add(
            Team(contest=contest, venue=contest.venues[0], company_name=company, team_name=team)
        )
    db.session.commit()
    return contest


def _judge(contest, number, name, certificate="", venue=None):
    judge = Judge(
        contest=contest,
        venue=venue or contest.venues[0],
        number=number,
        name=name,
        employer="某协会",
        certificate_no=certificate,
        access_key=new_access_key(),
        fallback_code=new_fallback_code(),
    )
    db.session.add(judge)
    db.session.commit()
    return judge


def _import(contest, path, *, confirm=False):
    return run_import(
        "judges",
        contest_id=contest.id,
        data=path.read_bytes(),
        filename=path.name,
        actor="test",
        confirm=confirm,
    )


def _refused(contest, path):
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        _import(contest, path)
    assert counts() == before
    report = refused.value.report
    return [str(p) for p in report.sorted_errors()], [str(p) for p in report.sorted_warnings()]


def _team(contest, name):
    return db.session.scalar(sa.select(Team).where(Team.team_name == name))


def test_judges_get_keys_next_numbers_and_exact_fields(contest, tmp_path):
    _judge(contest, 1, "陈建国", "TGQ-000")
    rows = [
        [TITLE],
        ["姓 名", "工作单位", "TGQ评委证书号", "通讯地址", "邮编", "手机"],
        [" 王芳\u3000", "乙公司", "TGQ-001", "长宁区泰安路74号", 200052, 13800138000],
        ["李明", "上海某大学（质量学院）", "TGQ-002", None, None, None],
    ]
    outcome = _import(contest, write_xlsx(tmp_path / "评委.xlsx", rows))
    assert outcome.summary == "已导入 2 位评委（按回避单位记录回避 0 条，自动回避 1 条）"
    judges = judges_in(contest)
    assert [(j.number, j.name, j.employer, j.certificate_no, j.phone) for j in judges] == [
        (1, "陈建国", "某协会", "TGQ-000", ""),
        (2, "王芳", "乙公司", "TGQ-001", "13800138000"),
        (3, "李明", "上海某大学（质量学院）", "TGQ-002", ""),
    ]
    secrets_ = [s for j in judges for s in (j.access_key, j.fallback_code)]
    assert len(set(secrets_)) == 6
    assert [(len(j.access_key), len(j.fallback_code)) for j in judges[1:]] == [(32, 8), (32, 8)]
    recusal = db.session.scalar(sa.select(Recusal))
    assert (recusal.judge_id, recusal.team_id, recusal.kind) == (
        judges[1].id,
        _team(contest, "三班").id,
        RecusalKind.AUTOMATIC,
    )
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "import.judges"))
    assert entry.data == {
        "file": "评委.xlsx",
        "judges": 2,
        "manual_recusals": 0,
        "automatic_recusals": 1,
        "judge_ids": [judges[1].id, judges[2].id],
        "warnings_confirmed": 0,
        "batch": 1,
    }
    logged = json.dumps([e.data for e in db.session.scalars(sa.select(AuditEntry))])
    assert not any(secret in logged for secret in secrets_)


def test_judges_recusal_units_become_manual_recusals(contest, tmp_path):
    rows = [
        [*HEADER, "回避单位"],
        ["王芳", "乙公司", "TGQ-001", "", "甲公司、丙（集团）公司；乙公司"],
        ["李明", "某大学", "TGQ-002", "", " 甲公司 , "],
    ]
    outcome = _import(contest, write_csv(tmp_path / "评委.csv", rows))
    assert outcome.counts == {"judges": 2, "manual_recusals": 5, "automatic_recusals": 1}
    wang, li = judges_in(contest)
    found = {
        (r.judge_id, r.team.team_name, r.kind, r.reason)
        for r in db.session.scalars(sa.select(Recusal))
    }
    assert found == {
        (wang.id, "一班", RecusalKind.MANUAL, "导入：回避单位 甲公司"),
        (wang.id, "二班", RecusalKind.MANUAL, "导入：回避单位 甲公司"),
        (wang.id, "四班", RecusalKind.MANUAL, "导入：回避单位 丙（集团）公司"),
        (wang.id, "三班", RecusalKind.AUTOMATIC, "评委工作单位与企业名称相同"),
        (li.id, "一班", RecusalKind.MANUAL, "导入：回避单位 甲公司"),
        (li.id, "二班", RecusalKind.MANUAL, "导入：回避单位 甲公司"),
    }
    added = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "recusal.added"))
    assert sorted(e.data["kind"] for e in added) == ["automatic"] + ["manual"] * 5


def test_judges_unknown_recusal_unit_is_refused_with_a_hint(contest, tmp_path):
    rows = [[*HEADER, "回避单位"], ["王芳", "乙公司", "TGQ-001", "", "丙(集团)公司、丁公司"]]
    errors, _ = _refused(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    assert errors == [
        "第 2 行 · 列「回避单位」：没有企业名称为「丙(集团)公司」的参赛班组，无法记录回避"
        "（是否为「丙（集团）公司」？）",
        "第 2 行 · 列「回避单位」：没有企业名称为「丁公司」的参赛班组，无法记录回避",
    ]


def test_judges_bad_rows_are_each_reported_and_nothing_written(contest, tmp_path):
    _judge(contest, 1, "陈建国", "TGQ-000")
    rows = [
        HEADER,
        ["", "乙公司", "TGQ-001", ""],
        ["王芳", "", "", ""],
        ["李明", "某大学", "TGQ-000", ""],
        ["赵强", "某大学", "TGQ-009", "1" * 31],
        ["钱伟", "某大学", "TGQ-010", ""],
        ["孙丽", "某大学", "TGQ-010", ""],
    ]
    errors, warnings = _refused(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    assert errors == [
        "第 2 行 · 列「姓名」：请填写姓名",
        "第 3 行 · 列「工作单位」：请填写工作单位",
        "第 3 行 · 列「TGQ 评委证书号」：请填写TGQ 评委证书号",
        "第 4 行 · 列「TGQ 评委证书号」：该证书号已属于比赛中的评委1 陈建国",
        "第 5 行 · 列「手机」：超过 30 个字（现有 31 个字）",
        "第 7 行 · 列「TGQ 评委证书号」：与第 6 行的证书号相同",
    ]
    assert warnings == []


def test_judges_same_name_and_near_employer_warn_until_confirmed(contest, tmp_path):
    _judge(contest, 1, "王芳", "TGQ-000")
    rows = [HEADER, ["王芳", "丙(集团)公司", "TGQ-001", ""], ["李明", "某大学", "TGQ-002", ""]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    errors, warnings = _refused(contest, path)
    assert errors == []
    assert warnings == [
        "第 2 行 · 列「工作单位」：工作单位与参赛企业「丙（集团）公司」只差空格或全角/半角；"
        "自动回避要求完全相同，请核对",
        "第 2 行 · 列「姓名」：与评委1同名；导入评分时请用评委号（如“评委3”）区分",
    ]
    outcome = _import(contest, path, confirm=True)
    assert outcome.counts["judges"] == 2
    assert [j.label for j in judges_in(contest)] == ["评委1", "评委2", "评委3"]


def test_judges_are_numbered_within_their_venue(app, tmp_path):
    contest = new_contest("第一分会场", "第二分会场")
    first, second = contest.venues
    _judge(contest, 1, "陈建国", "TGQ-000", venue=second)
    rows = [
        [*HEADER, "分会场"],
        ["王芳", "某大学", "TGQ-001", "", "第一分会场"],
        ["李明", "某大学", "TGQ-002", "", "第二分会场"],
        ["赵强", "某大学", "TGQ-003", "", "第一分会场"],
    ]
    _import(contest, write_xlsx(tmp_path / "a.xlsx", rows))
    assert [(j.name, j.venue_id, j.number) for j in judges_in(contest)] == [
        ("陈建国", second.id, 1),
        ("王芳", first.id, 1),
        ("李明", second.id, 2),
        ("赵强", first.id, 2),
    ]
