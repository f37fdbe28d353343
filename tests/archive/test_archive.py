"""The season archive: its sections and manifest checksums, the reader (page and CLI), and
hostile ZIPs refused before they cost memory."""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from contest.archive import reader
from contest.archive.build import build, listed
from contest.extensions import db
from contest.models import AwardGrade, TeamAward
from tests.conftest import sign_in
from tests.factories import judges_of
from tests.national import world
from tests.season import helpers

BASE = "/admin/season/archive"


def _archive(app, demo, built=None) -> tuple[world.National, Path]:
    built = built or world.build(demo)
    grade = AwardGrade(contest_id=demo.id, name="一等奖", position=0, count=1)
    db.session.add(grade)
    db.session.flush()
    db.session.add(
        TeamAward(team_id=built.teams[0].id, grade_id=grade.id, certificate_no="SQA-2026-001")
    )
    db.session.commit()
    return built, build(built.world.season)


def test_the_archive_holds_every_section_and_each_checksum_verifies(app, demo):
    from contest.national.models import NationalFile, NationalTask
    from contest.season import uploads
    from tests.season.files import docx

    built = world.build(demo)
    narrative = docx("完善后的班组创建材料。")
    task = NationalTask(
        season_id=built.world.season.id,
        application_id=built.candidates[0].id,
        contest_team_id=built.teams[0].id,
    )
    db.session.add(task)
    db.session.flush()
    kept = NationalFile(
        task_id=task.id,
        kind="narrative",
        name="完善材料.docx",
        size=len(narrative),
        sha256=uploads.storage().put(narrative),
        uploaded_by_id=built.candidates[0].owner_id,
    )
    db.session.add(kept)
    built, path = _archive(app, demo, built)
    assert path.name.startswith("season-2026-") and listed() == [path]
    with zipfile.ZipFile(path) as book:
        manifest = json.loads(book.read("manifest.json"))
        names = set(book.namelist())
        for entry in manifest["files"]:
            data = book.read(entry["path"])
            assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"])
        assert [s["name"] for s in manifest["sections"]] == [
            "forms", "reviews", "scores", "signed", "audit", "certificates", "national",
            "publicity",
        ]  # fmt: skip
        assert {f["path"] for f in manifest["files"]} == names - {"manifest.json"}
        first = json.loads(book.read("forms/2026-0001/application.json"))
        assert first["application"]["team_name"] == "丙烯酸装置运行三班"
        assert [s["version"] for s in first["submissions"]] == [1]
        reviewers = json.loads(book.read("reviews/reviewers.json"))
        assert [r["name"] for r in reviewers] == ["陈志远", "孙丽", "王建华", "李明", "周晓燕"]
        assert all("access_key" not in r for r in reviewers)  # keys never leave
        submissions = json.loads(book.read(f"scores/contest-{demo.id}/submissions.json"))
        assert len(submissions) == 4 * len(judges_of(demo))
        assert f"audit/contest-{demo.id}.csv" in names and "reviews/reviews.xlsx" in names
        stored = f"national/task-{task.id}/{kept.id}-narrative-完善材料.docx"
        assert book.read(stored) == narrative
        register = json.loads(book.read("certificates/register.json"))
        assert register == [
            {
                "比赛": demo.name,
                "证书编号": "SQA-2026-001",
                "企业名称": built.teams[0].company_name,
                "班组名称": built.teams[0].team_name,
                "等级": "一等奖",
                "打印的企业名称": None,
                "打印的班组名称": None,
                "打印版本": 0,
            }
        ]
    opened = reader.open_archive(path)
    assert opened.ok and len(opened.entries) == len(manifest["files"])


def test_the_archive_keeps_the_notice_and_objections_but_never_a_receipt_code(app, demo):
    from datetime import date

    from contest.publicity import objections
    from contest.publicity.models import Notice, Objection, ObjectionStatus, ResultList

    built = world.build(demo)
    season = built.world.season
    attachment = b"%PDF-1.4 sealed statement"
    db.session.add_all([
        ResultList(season_id=season.id, version=1, rows=[{"company": "上海石化", "rank": 1}]),
        ResultList(season_id=season.id, version=2, reason="复核后更正名次", rows=[]),
        Notice(season_id=season.id, starts_on=date(2026, 11, 2), working_days=5,
               ends_on=date(2026, 11, 6)),
        Objection(season_id=season.id, sequence=1, number="YY-2026-001", code_hash="f" * 64,
                  name="王某", unit="某公司", phone="13800000000", grounds="成绩有误",
                  status=ObjectionStatus.ANSWERED, decision="经核查，维持原结果",
                  attachment={"name": "说明.pdf", "size": len(attachment),
                              "sha256": objections.storage().put(attachment)}),
    ])  # fmt: skip
    db.session.commit()
    _built, path = _archive(app, demo, built)
    with zipfile.ZipFile(path) as book:
        record = json.loads(book.read("publicity/record.json"))
        assert [v["version"] for v in record["result_lists"]] == [1, 2]
        assert record["result_lists"][1]["reason"] == "复核后更正名次"
        assert record["notice"]["ends_on"] == "2026-11-06"
        (objection,) = record["objections"]
        assert (objection["number"], objection["decision"]) == ("YY-2026-001", "经核查，维持原结果")
        assert "code_hash" not in objection  # the receipt's code never leaves
        assert book.read("publicity/attachments/YY-2026-001-说明.pdf") == attachment


def _tampered(path: Path, target: Path, changed: str) -> None:
    """A copy of the archive with one entry's bytes changed (the manifest left as it was)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info.filename, data + b" " if info.filename == changed else data)


def test_the_reader_names_the_file_whose_checksum_fails(app, demo, tmp_path, runner):
    _built, path = _archive(app, demo)
    bad = tmp_path / "bad.zip"
    _tampered(path, bad, "certificates/register.json")
    opened = reader.open_archive(bad)
    assert (opened.ok, opened.failed, opened.missing, opened.extra) == (
        False, ["certificates/register.json"], [], [],
    )  # fmt: skip
    result = runner.invoke(args=["season", "archive-read", str(bad)])
    assert result.exit_code == 1
    assert "不符        " in result.output and "certificates/register.json" in result.output
    assert "校验未通过：1 个文件校验值不符（certificates/register.json）" in result.output
    good = runner.invoke(args=["season", "archive-read", str(path)])
    assert good.exit_code == 0, good.output
    assert f"共 {len(opened.entries)} 个文件，SHA-256 校验全部通过" in good.output


def _zip(tmp_path: Path, entries: list[tuple[str, bytes]], name: str = "x.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for entry, data in entries:
            book.writestr(entry, data)
    return path


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            [("../../etc/evil.txt", b"x")],
            "压缩包内含不安全的路径「../../etc/evil.txt」，不予打开；请确认是本系统生成的归档",
        ),
        (
            [("/abs.txt", b"x")],
            "压缩包内含不安全的路径「/abs.txt」，不予打开；请确认是本系统生成的归档",
        ),
        (
            [("bomb.json", b"\0" * (20 * 1024 * 1024))],
            "压缩包内「bomb.json」解压后过大（疑似压缩炸弹），不予打开；请确认是本系统生成的归档",
        ),
        ([("a.json", b"[]")], "压缩包内没有 manifest.json，不是本系统生成的归档"),
    ],
)
def test_hostile_archives_are_refused_in_words(app, tmp_path, entries, message):
    with pytest.raises(reader.ArchiveRefused) as refused:
        reader.open_archive(_zip(tmp_path, entries))
    assert refused.value.message == message


def test_too_many_files_are_refused_before_any_is_read(app, tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILES", 50)
    path = _zip(tmp_path, [(f"f{i}.txt", b"") for i in range(51)])
    with pytest.raises(reader.ArchiveRefused) as refused:
        reader.open_archive(path)
    assert (
        refused.value.message
        == "压缩包内文件过多（51 个，上限 50 个），不予打开；请确认是本系统生成的归档"
    )


def test_not_a_zip_is_refused(app, tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"PK not really")
    with pytest.raises(reader.ArchiveRefused) as refused:
        reader.open_archive(path)
    assert refused.value.message == "文件不是有效的 ZIP 压缩包；请选择本系统生成的归档文件"


def _page(client, url: str) -> str:
    return html.unescape(client.get(url, follow_redirects=True).get_data(as_text=True))


def test_staff_build_read_and_upload_archives_through_the_pages(app, staff, demo, tmp_path):
    world.build(demo)
    office = app.test_client()
    sign_in(office, "admin")
    made = office.post(BASE + "/build", data={"csrf_token": helpers.token(office, BASE + "/")})
    assert made.status_code == 302
    page = _page(office, made.headers["Location"])
    name = listed()[0].name
    assert f"已生成归档 {name}" in page
    with zipfile.ZipFile(listed()[0]) as book:
        count = len(json.loads(book.read("manifest.json"))["files"])
    assert f"共 {count} 个文件，SHA-256 校验全部通过" in page
    table = _page(office, f"{BASE}/{name}/entry?path=reviews/reviewers.json")
    assert "本文件 SHA-256 校验通过（只读）" in table and "TGQ-2019-0123" in table
    # Read by a person: the stored columns under Chinese names.
    heads = re.findall(r"<th>([^<]+)</th>", table)
    assert {"序号", "评审轮次", "名称", "工作单位", "证书编号", "首次打开时间"} <= set(heads)
    assert "employer" not in heads and "certificate_no" not in heads
    sheet = _page(office, f"{BASE}/{name}/entry?path=reviews/reviews.xlsx")
    assert "评审专家" in sheet and "周晓燕" in sheet
    assert office.get(f"{BASE}/{name}/entry?path=nothing.json").status_code == 404
    assert office.get(f"{BASE}/{name}/download").data == listed()[0].read_bytes()

    bomb = _zip(tmp_path, [("bomb.json", b"\0" * (20 * 1024 * 1024))])
    form = {
        "csrf_token": helpers.token(office, BASE + "/"),
        "file": (io.BytesIO(bomb.read_bytes()), "bomb.zip"),
    }
    page = html.unescape(
        office.post(BASE + "/upload", data=form, follow_redirects=True).get_data(as_text=True)
    )
    assert (
        "压缩包内「bomb.json」解压后过大（疑似压缩炸弹），不予打开；请确认是本系统生成的归档"
        in page
    )
    assert len(listed()) == 1  # nothing kept

    bad = tmp_path / "bad.zip"
    _tampered(listed()[0], bad, "forms/applications.json")
    form = {
        "csrf_token": helpers.token(office, BASE + "/"),
        "file": (io.BytesIO(bad.read_bytes()), "bad.zip"),
    }
    page = html.unescape(
        office.post(BASE + "/upload", data=form, follow_redirects=True).get_data(as_text=True)
    )
    assert "校验未通过：归档内容与清单不一致，可能已被改动或损坏。" in page
    assert "校验值不符：forms/applications.json" in page
