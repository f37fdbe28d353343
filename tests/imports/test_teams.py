"""Importing teams: names exactly as submitted, every bad row reported, nothing half-written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.imports import ImportRefused, run_import
from contest.models import AuditEntry, Judge, PresentationMode, Recusal, RecusalKind, utcnow
from contest.roster.keys import new_access_key, new_fallback_code
from tests.imports.files import TITLE, counts, new_contest, teams_of, write_csv, write_xlsx

HEADER = ["企业名称", "班组名称", "班组人数"]


@pytest.fixture
def contest(app):
    return new_contest("第一分会场")


def _import(contest, path, *, confirm=False):
    return run_import(
        "teams",
        contest_id=contest.id,
        data=path.read_bytes(),
        filename=path.name,
        actor="test",
        confirm=confirm,
    )


def _refused(contest, path, *, confirm=False):
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        _import(contest, path, confirm=confirm)
    assert counts() == before  # nothing written
    report = refused.value.report
    return [str(p) for p in report.sorted_errors()], [str(p) for p in report.sorted_warnings()]


def test_teams_messy_headers_and_title_row_import_names_exactly(contest, tmp_path):
    rows = [
        [TITLE],
        [],
        ["序号", " 推荐行业/各区/集团 ", "单位名称（公章为准）", "质量信得过班组名称",
         "班组人数（人）", "发表形式", "详细地址"],
        [1, "浦东新区", " 上海甲（集团）有限公司\u3000", "\u00a0质检一班 ", 12, "现场", "某路1号"],
        [2, "浦东新区", "上海乙有限公司", "ＱＣ攻关组", "8人", "网络", None],
        [3, None, "上海丙公司", "维修班", "6", "线上", None],
    ]  # fmt: skip
    outcome = _import(contest, write_xlsx(tmp_path / "推荐表.xlsx", rows, start_row=2))
    assert outcome.summary == "已导入 3 个班组（新建推荐单位 1 个，自动回避 0 条）"
    assert outcome.warnings == []
    venue = contest.venues[0]
    assert [
        (t.company_name, t.team_name, t.member_count, t.mode, t.serial, t.order_position)
        for t in teams_of(contest)
    ] == [
        ("上海甲（集团）有限公司", "质检一班", 12, PresentationMode.IN_HALL, 1, 1),
        ("上海乙有限公司", "ＱＣ攻关组", 8, PresentationMode.ONLINE, 2, 2),
        ("上海丙公司", "维修班", 6, PresentationMode.ONLINE, 3, 3),
    ]
    assert [t.unit.name if t.unit else None for t in teams_of(contest)] == [
        "浦东新区",
        "浦东新区",
        None,
    ]
    assert {t.venue_id for t in teams_of(contest)} == {venue.id}
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "import.teams"))
    assert (entry.actor, entry.subject, entry.contest_id) == (
        "test",
        f"contest:{contest.id}",
        contest.id,
    )
    assert entry.data == {
        "file": "推荐表.xlsx",
        "teams": 3,
        "units_created": 1,
        "recusals_added": 0,
        "team_ids": [t.id for t in teams_of(contest)],
        "warnings_confirmed": 0,
        "batch": 1,
    }


def test_teams_csv_appends_after_existing_teams(contest, tmp_path):
    _import(contest, write_csv(tmp_path / "a.csv", [HEADER, ["甲公司", "一班", "5"]]))
    rows = [[TITLE], HEADER, ["乙公司", "二班", "6"], ["丙公司", "三班", "7"]]
    _import(contest, write_csv(tmp_path / "b.csv", rows, encoding="gb18030"))
    assert [(t.team_name, t.order_position) for t in teams_of(contest)] == [
        ("一班", 1),
        ("二班", 2),
        ("三班", 3),
    ]


def test_teams_bad_rows_are_each_reported_and_nothing_written(contest, tmp_path):
    rows = [
        [*HEADER, "发表形式", "序号"],
        ["", "一班", "5", "", ""],
        ["甲公司", "", "0", "线下", ""],
        ["甲公司", "二班", "12.5", "直播", "x"],
        ["甲公司", "三班", "", "", ""],
        ["乙" * 201, "四班", "5", "", ""],
    ]
    errors, warnings = _refused(contest, write_xlsx(tmp_path / "bad.xlsx", rows))
    assert errors == [
        "第 2 行 · 列「企业名称」：请填写企业名称",
        "第 3 行 · 列「班组名称」：请填写班组名称",
        "第 3 行 · 列「班组人数」：班组人数「0」不是正整数",
        "第 4 行 · 列「班组人数」：班组人数「12.5」不是正整数",
        "第 4 行 · 列「发表形式」：发表形式「直播」无法识别：请填写“线下”或“线上”"
        "（也可写“现场”“网络”“视频”）",
        "第 4 行 · 列「序号」：序号「x」不是正整数",
        "第 5 行 · 列「班组人数」：请填写班组人数",
        "第 6 行 · 列「企业名称」：超过 200 个字（现有 201 个字）",
    ]
    assert warnings == []


def test_teams_duplicates_in_file_or_contest_are_refused(contest, tmp_path):
    _import(contest, write_xlsx(tmp_path / "a.xlsx", [HEADER, ["甲公司", "一班", "5"]]))
    rows = [
        HEADER,
        ["甲公司", "一班", "5"],
        ["乙公司", "二班", "5"],
        [" 乙公司", "二班 ", "6"],
        ["甲公司", "一 班", "5"],
    ]
    errors, warnings = _refused(contest, write_xlsx(tmp_path / "b.xlsx", rows))
    assert errors == [
        "第 2 行 · 列「班组名称」：该班组已在本比赛中（企业名称、班组名称都相同）",
        "第 4 行 · 列「班组名称」：与第 3 行重复（企业名称、班组名称都相同）",
    ]
    assert warnings == [
        "第 5 行 · 列「班组名称」：与「甲公司 一班」只差空格或全角/半角，请核对是否为同一班组",
    ]


def test_teams_more_than_two_per_enterprise_wait_for_confirmation(contest, tmp_path):
    _import(contest, write_xlsx(tmp_path / "a.xlsx", [HEADER, ["甲公司", "一班", "5"]]))
    rows = [HEADER, ["甲公司", "二班", "5"], ["甲公司", "三班", "5"], ["乙公司", "一班", "5"]]
    path = write_xlsx(tmp_path / "b.xlsx", rows)
    errors, warnings = _refused(contest, path)
    assert errors == []
    assert warnings == [
        "第 3 行 · 列「企业名称」：企业「甲公司」共有 3 个班组"
        "（本文件第 2、3 行，比赛中已有 1 个），超过每个企业 2 个的限额，请确认"
    ]
    outcome = _import(contest, path, confirm=True)
    assert [str(p) for p in outcome.warnings] == warnings
    assert len(teams_of(contest)) == 4
    entry = db.session.scalar(
        sa.select(AuditEntry)
        .where(AuditEntry.action == "import.teams")
        .order_by(AuditEntry.id.desc())
    )
    assert (entry.data["teams"], entry.data["warnings_confirmed"]) == (3, 1)


def test_teams_suspicious_names_are_warned_then_kept_exactly(contest, tmp_path):
    company = "上海甲（集团)有限公司"
    rows = [HEADER, [company, "质检  一班", "5"], ["上海乙公司", "上海乙公司维修班", "5"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    errors, warnings = _refused(contest, path)
    assert errors == []
    assert warnings == [
        "第 2 行 · 列「企业名称」：「上海甲（集团)有限公司」中全角和半角括号混用，"
        "请核对是否与公章一致",
        "第 2 行 · 列「班组名称」：「质检  一班」第 2 个字之后有连续空格，请核对",
        "第 3 行 · 列「班组名称」：班组名称含有企业名称「上海乙公司」；"
        "班组名称应写班组全称，不挂上级单位",
    ]
    _import(contest, path, confirm=True)
    db.session.expire_all()
    assert [(t.company_name, t.team_name) for t in teams_of(contest)] == [
        (company, "质检  一班"),
        ("上海乙公司", "上海乙公司维修班"),
    ]


def test_teams_venues_must_be_named_when_there_are_several(app, tmp_path):
    contest = new_contest("第一分会场", "第二分会场")
    errors, _ = _refused(contest, write_xlsx(tmp_path / "a.xlsx", [HEADER, ["甲", "一班", "5"]]))
    assert errors == [
        "整个文件：比赛有 2 个分会场（第一分会场、第二分会场），请在文件中加一列“分会场”"
    ]
    rows = [[*HEADER, "分会场"], ["甲", "一班", "5", "第三分会场"], ["乙", "二班", "5", ""]]
    errors, _ = _refused(contest, write_xlsx(tmp_path / "b.xlsx", rows))
    assert errors == [
        "第 2 行 · 列「分会场」：没有名为「第三分会场」的分会场"
        "（可填全称、简称或代码：第一分会场、第二分会场）",
        "第 3 行 · 列「分会场」：请填写分会场（现有：第一分会场、第二分会场）",
    ]
    rows = [
        [*HEADER, "分会场"],
        ["甲", "一班", "5", "第二分会场"],
        ["乙", "二班", "5", "第 一 分会场"],
    ]
    _import(contest, write_xlsx(tmp_path / "c.xlsx", rows))
    rows = [[*HEADER, "分会场"], ["丙", "三班", "5", "第二分会场"]]
    _import(contest, write_xlsx(tmp_path / "d.xlsx", rows))
    first, second = contest.venues
    assert [(t.team_name, t.venue_id, t.order_position) for t in teams_of(contest)] == [
        ("一班", second.id, 1),
        ("二班", first.id, 1),
        ("三班", second.id, 2),
    ]


def test_teams_import_syncs_automatic_recusals(contest, tmp_path):
    judge = Judge(
        contest=contest,
        venue=contest.venues[0],
        number=1,
        name="王芳",
        employer="甲公司",
        access_key=new_access_key(),
        fallback_code=new_fallback_code(),
    )
    db.session.add(judge)
    db.session.commit()
    outcome = _import(contest, write_xlsx(tmp_path / "a.xlsx", [HEADER, ["甲公司", "一班", "5"]]))
    assert outcome.counts == {"teams": 1, "units_created": 0, "recusals_added": 1}
    recusal = db.session.scalar(sa.select(Recusal))
    assert (recusal.judge_id, recusal.team_id, recusal.kind) == (
        judge.id,
        teams_of(contest)[0].id,
        RecusalKind.AUTOMATIC,
    )


def test_teams_are_refused_once_names_are_locked(contest, tmp_path):
    contest.names_locked_at = utcnow()
    db.session.commit()
    errors, _ = _refused(contest, write_xlsx(tmp_path / "a.xlsx", [HEADER, ["甲", "一班", "5"]]))
    assert errors == ["整个文件：班组名称已定稿，不能再导入班组；如需补充，请先在管理后台取消定稿"]
