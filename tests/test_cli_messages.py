"""Every command-line refusal says what to do next."""

from __future__ import annotations

import sqlalchemy as sa

from contest.day import draw
from contest.extensions import db
from contest.models import AuditEntry, AwardGrade, Contest, Draw, Team, TeamAward
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at

PAGE = "管理后台 → 获奖与推荐"


def _scored(demo) -> Team:
    team = team_at(demo, 1)
    for judge in judges_of(demo)[:5]:
        submit(team, judge, marks_totalling("90"))
    close_scoring(team, reveal=True)
    db.session.commit()
    return team


def _award(demo, team: Team) -> None:
    grade = AwardGrade(contest_id=demo.id, name="一等奖", position=0, count=1)
    db.session.add(grade)
    db.session.flush()
    db.session.add(TeamAward(team_id=team.id, grade_id=grade.id))
    db.session.commit()


def _certificates(runner, tmp_path, *args: str):
    return runner.invoke(args=["certificates", str(tmp_path / "证书.pdf"), *args])


def test_certificates_before_any_final_score_say_finalise_first(runner, demo, tmp_path):
    result = _certificates(runner, tmp_path)

    assert (result.exit_code, result.output) == (
        1,
        "Error: 还没有任何班组有最后得分：先在台上揭晓成绩，或在 管理后台 → 导入成绩定分 定分；"
        f"然后在 {PAGE} 设定并确认获奖等级，再发布\n",
    )


def test_certificates_without_grades_say_where_to_set_them(runner, demo, tmp_path):
    _scored(demo)

    result = _certificates(runner, tmp_path)

    assert (result.exit_code, result.output) == (
        1,
        f"Error: 还没有设定奖项：先在 {PAGE} 填写奖项并点「保存奖项设置」，"
        "再点「按系统建议确认奖项」，然后「发布获奖名单」\n",
    )


def test_certificates_with_grades_not_confirmed_say_confirm(runner, demo, tmp_path):
    _scored(demo)
    db.session.add(AwardGrade(contest_id=demo.id, name="一等奖", position=0, count=1))
    db.session.commit()

    result = _certificates(runner, tmp_path)

    assert (result.exit_code, result.output) == (
        1,
        f"Error: 奖项尚未确认：请在 {PAGE} 点「按系统建议确认奖项」，然后「发布获奖名单」\n",
    )
    assert not (tmp_path / "证书.pdf").exists()


def test_certificates_for_a_team_without_an_award_say_how_to_give_one(runner, demo, tmp_path):
    _award(demo, _scored(demo))
    other = team_at(demo, 2)

    unawarded = _certificates(runner, tmp_path, "--team", str(other.id))
    unknown = _certificates(runner, tmp_path, "--team", "999999")

    assert (unawarded.exit_code, unawarded.output) == (
        1,
        "已分配证书编号 1 个：SQA-2026-001 起\n"
        f"Error: 该班组没有获奖等级：如需为其打印证书，请在 {PAGE} 调整其奖项并填写原因\n",
    )
    assert (unknown.exit_code, unknown.output) == (
        1,
        "Error: 这场比赛没有编号为 999999 的班组，请核对 --team 后的班组编号\n",
    )


def test_judge_links_of_a_contest_without_judges_say_how_to_add_them(runner, demo):
    empty = Contest(name="2026年正式比赛", year=2026)
    db.session.add(empty)
    db.session.commit()

    result = runner.invoke(args=["judge-links", "--contest", str(empty.id)])

    assert (result.exit_code, result.output) == (
        1,
        "Error: 这场比赛还没有评委：先在 管理后台 → 导入评委 导入评委名单，"
        "或运行 flask --app contest import-judges 文件\n",
    )


def test_exports_to_a_missing_folder_say_where_to_write_instead(runner, demo, tmp_path):
    target = tmp_path / "没有这个文件夹" / "排名.xlsx"

    for command in ("export-results", "export-summary", "export-audit", "backup"):
        result = runner.invoke(args=[command, str(target)])
        assert (result.exit_code, result.output) == (
            1,
            f"Error: 无法写入 {target}：No such file or directory；"
            "请换一个已存在且有写入权限的文件夹，例如当前目录下的文件名\n",
        ), command


def test_restore_of_a_file_that_is_no_backup_says_which_file_to_use(runner, app, tmp_path):
    path = tmp_path / "名单.json"
    path.write_text("not json", encoding="utf-8")

    result = runner.invoke(args=["restore", str(path)])

    assert (result.exit_code, result.output) == (
        1,
        f"无法读取备份：{path} 不是有效的 JSON 文件；"
        "请选择 flask --app contest backup 生成的备份文件\n",
    )


def test_verify_audit_failure_says_to_keep_the_database_and_compare(runner, demo):
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == 1).values(actor="forged"))
    db.session.commit()

    result = runner.invoke(args=["verify-audit"])

    assert (result.exit_code, result.output) == (
        1,
        "审计日志校验失败：第 1 条记录被改动或缺失。请保留当前数据库文件不要再改动，"
        "并与最近一次备份（flask --app contest backup 生成）对照，找出被改动的记录\n",
    )


def test_replay_draw_mismatch_says_where_to_check(runner, demo):
    venue = demo.venues[0]
    entrants = sorted(t.id for t in venue.teams)
    drawn = draw.shuffle("20260915", entrants)
    db.session.add(
        Draw(
            venue_id=venue.id,
            seed="20260915",
            algorithm=draw.ALGORITHM,
            entrants=entrants,
            order=list(reversed(drawn)),
        )
    )
    db.session.commit()

    result = runner.invoke(args=["replay-draw"])

    assert result.exit_code == 1
    assert result.output.endswith(
        "  重演结果与存档顺序不一致！\n"
        "存档的抽签结果与种子重演的结果不一致，抽签记录可能被改动过。"
        "请保留当前数据库，在 管理后台 → 审计日志 中找到该分会场的抽签记录，核对种子与顺序\n"
    )


def test_nginx_config_refusal_shows_how_to_list_the_processes(runner, app):
    result = runner.invoke(args=["nginx-config", "--worker", "web1:5001"])

    assert (result.exit_code, result.output) == (
        1,
        "Error: 服务进程地址格式不对（应为 IP:端口，如 127.0.0.1:5001）：web1:5001；"
        "请用 --worker 列出每个服务进程的地址，如 --worker 127.0.0.1:5001 "
        "--worker 127.0.0.1:5002（见 deploy/README.md）\n",
    )


def test_certificates_printed_before_publication_warn_where_to_publish(runner, demo, tmp_path):
    from tests.certificates import need_pdf_tools

    need_pdf_tools()
    _award(demo, _scored(demo))

    result = _certificates(runner, tmp_path)

    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        f"注意：获奖名单尚未发布，证书上的二维码在发布前查验不到；请在 {PAGE} 点「发布获奖名单」\n"
    )
