"""The two ways in: `flask import-*` commands and the admin upload page."""

from __future__ import annotations

import html
import io
import re

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, ScoreSubmission
from tests.conftest import sign_in
from tests.imports.files import counts, new_contest, teams_of, write_xlsx

HEADER = ["企业名称", "班组名称", "班组人数"]
BAD = [HEADER, ["", "一班", "5"], ["甲公司", "二班", "很多"]]
THREE = [HEADER, ["甲公司", "一班", "5"], ["甲公司", "二班", "6"], ["甲公司", "三班", "7"]]


@pytest.fixture
def contest(app):
    return new_contest("第一分会场")


def test_cli_import_teams_prints_the_counts(runner, contest, tmp_path):
    path = write_xlsx(
        tmp_path / "名单.xlsx", [HEADER, ["甲公司", "一班", "5"], ["乙公司", "二班", "6"]]
    )
    result = runner.invoke(args=["import-teams", str(path)])
    assert (result.exit_code, result.output) == (
        0,
        "已导入 2 个班组（新建推荐单位 0 个，自动回避 0 条）\n",
    )
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "import.teams"))
    assert (entry.actor, entry.data["file"]) == ("cli", "名单.xlsx")


def test_cli_errors_exit_1_with_the_row_report(runner, contest, tmp_path):
    before = counts()
    result = runner.invoke(args=["import-teams", str(write_xlsx(tmp_path / "a.xlsx", BAD))])
    assert result.exit_code == 1
    assert result.output == (
        "导入失败，未写入任何数据。共 2 处错误：\n"
        "  第 2 行 · 列「企业名称」：请填写企业名称\n"
        "  第 3 行 · 列「班组人数」：班组人数「很多」不是正整数\n"
    )
    assert counts() == before


def test_cli_warnings_need_the_confirm_flag(runner, contest, tmp_path):
    path = str(write_xlsx(tmp_path / "a.xlsx", THREE))
    refused = runner.invoke(args=["import-teams", path, "--contest", str(contest.id)])
    assert refused.exit_code == 1
    warning = (
        "第 4 行 · 列「企业名称」：企业「甲公司」共有 3 个班组（本文件第 2、3、4 行，"
        "比赛中已有 0 个），超过每个企业 2 个的限额，请确认"
    )
    assert refused.output == (
        f"需要确认的警告 1 条：\n  {warning}\n"
        "未写入任何数据。核对无误后，加 --confirm-warnings 重新运行。\n"
    )
    assert teams_of(contest) == []
    done = runner.invoke(args=["import-teams", path, "--confirm-warnings"])
    assert (done.exit_code, done.output) == (
        0,
        f"  已确认：{warning}\n已导入 3 个班组（新建推荐单位 0 个，自动回避 0 条）\n",
    )


def test_cli_import_judges_then_scores(runner, contest, tmp_path):
    runner.invoke(args=["import-teams", str(write_xlsx(tmp_path / "t.xlsx", THREE[:2]))])
    judges = write_xlsx(
        tmp_path / "j.xlsx", [["姓名", "工作单位", "评委证书号"], ["王芳", "某大学", "T1"]]
    )
    result = runner.invoke(args=["import-judges", str(judges)])
    assert (result.exit_code, result.output) == (
        0,
        "已导入 1 位评委（按回避单位记录回避 0 条，自动回避 0 条）\n",
    )
    scores = write_xlsx(
        tmp_path / "s.xlsx",
        [["评委", "企业名称", "班组名称", "总分"], ["评委1", "甲公司", "一班", "90"]],
    )
    result = runner.invoke(args=["import-scores", str(scores)])
    assert (result.exit_code, result.output) == (
        0,
        "已导入 1 条评分（其中取代原评分 0 条，只有总分 1 条）\n",
    )
    stored = db.session.scalar(sa.select(ScoreSubmission))
    assert (stored.entered_by_id, str(stored.total)) == (None, "90")


def test_cli_needs_a_contest_when_there_are_several(runner, contest, tmp_path):
    other = new_contest("分会场")
    other.name = "分会场测试"
    db.session.commit()
    result = runner.invoke(args=["import-teams", str(write_xlsx(tmp_path / "a.xlsx", THREE))])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: 数据库里有多场比赛，请用 --contest 指定编号：{contest.id} 导入测试赛，"
        f"{contest.id + 1} 分会场测试\n"
    )


def _csrf(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _upload(client, url: str, rows, name="名单.xlsx", tmp_path=None):
    data = write_xlsx(tmp_path / "upload.xlsx", rows).read_bytes()
    form = {"csrf_token": _csrf(client, url), "file": (io.BytesIO(data), name)}
    return client.post(url, data=form, content_type="multipart/form-data")


def _table(page: str, table_id: str) -> list[tuple[str, str, str]]:
    body = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", body)
    return [tuple(html.unescape(c) for c in row) for row in cells]


def test_admin_upload_with_errors_answers_422_with_the_report(client, staff, contest, tmp_path):
    sign_in(client, "admin")
    url = f"/admin/contests/{contest.id}/import/teams"
    before = counts()
    response = _upload(client, url, BAD, tmp_path=tmp_path)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "有 2 处错误，不能导入，未写入任何数据" in page
    assert 'id="import-confirm"' not in page
    assert _table(page, "import-errors") == [
        ("2", "企业名称", "请填写企业名称"),
        ("3", "班组人数", "班组人数「很多」不是正整数"),
    ]
    assert counts() == before


def test_admin_import_page_needs_a_file_a_known_kind_and_an_admin(client, staff, contest):
    sign_in(client, "admin")
    url = f"/admin/contests/{contest.id}/import/scores"
    page = client.get(url).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "各评分项" in page
    empty = client.post(url, data={"csrf_token": _csrf(client, url)})
    assert empty.status_code == 400 and "请选择要导入的文件" in empty.get_data(as_text=True)
    assert client.get(f"/admin/contests/{contest.id}/import/awards").status_code == 404
    client.post("/staff/logout", data={"csrf_token": _csrf(client, url)})
    sign_in(client, "host1")
    assert client.get(url).status_code == 403


def test_cli_refuses_the_demo_when_it_is_the_only_contest(runner, demo, tmp_path):
    before = counts()
    result = runner.invoke(args=["import-teams", str(write_xlsx(tmp_path / "a.xlsx", THREE))])
    assert (result.exit_code, result.output) == (
        1,
        "Error: 唯一的比赛是演示比赛。请先在 管理后台 → 新建比赛 创建正式比赛，再用 --contest "
        f"指定编号；确要导入演示比赛，请加 --contest {demo.id}\n",
    )
    assert counts() == before


def test_cli_dry_run_prints_the_preview_and_writes_nothing(runner, contest, tmp_path):
    from tests.imports.files import form_2_3_workbook

    data = form_2_3_workbook([("上海市化工行业协会", [("甲公司", "一班", 5, "", "现场")])])
    path = tmp_path / "推荐表.xlsx"
    path.write_bytes(data)
    before = counts()
    result = runner.invoke(args=["import-teams", str(path), "--dry-run"])
    assert (result.exit_code, result.output) == (
        0,
        "工作表「上海市化工行业协会」，推荐单位：上海市化工行业协会，1 行：\n"
        "  行\t推荐单位\t企业名称\t班组名称\t人数\t分会场\t形式\n"
        "  5\t上海市化工行业协会\t甲公司\t一班\t5\t第一分会场\t现场\n"
        "预览完毕，未写入任何数据。\n",
    )
    assert counts() == before
