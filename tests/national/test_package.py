"""The national recommendation package: per team folder, xlsx index, manifest checksums."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import openpyxl

from tests.national import world
from tests.national.test_tasks import BASE, _submit, _task, _upload, opened
from tests.season import helpers
from tests.season.files import blank_pdf, docx

FOLDERS = (
    "2026-0001_上海石化股份有限公司_丙烯酸装置运行三班",
    "2026-0002_上海石化股份有限公司_聚合装置运行一班",
    "2026-0003_中国商飞上海飞机制造有限公司_总装车间机身对接班",
)


def test_the_package_holds_every_team_with_an_index_and_verified_checksums(app, staff, demo):
    _built, office = opened(app, staff, demo)
    team = world.signed_in(app, "team-2026")
    task = _task("2026-0001")
    narrative, scan = docx("完善后的班组创建材料。"), blank_pdf(2)
    _upload(team, task.id, "narrative", narrative, "完善材料.docx")
    _upload(team, task.id, "scan", scan, "盖章扫描件.pdf")
    _submit(team, task.id)

    form = {"csrf_token": helpers.token(office, BASE + "/")}
    response = office.post(BASE + "/package", data=form)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "filename*=UTF-8''2026" in response.headers["Content-Disposition"]
    book = zipfile.ZipFile(io.BytesIO(response.data))
    manifest = json.loads(book.read("manifest.json"))
    assert (manifest["kind"], manifest["season"], manifest["teams"]) == (
        "national-package",
        2026,
        3,
    )
    listed = [f["path"] for f in manifest["files"]]
    assert sorted(listed) == sorted(set(book.namelist()) - {"manifest.json"})
    for entry in manifest["files"]:
        data = book.read(entry["path"])
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"])
    first = FOLDERS[0]
    assert sorted(p for p in listed if p.startswith(first + "/")) == [
        f"{first}/发表赛成绩.json",
        f"{first}/班组创建材料.docx",
        f"{first}/申报表盖章扫描件.pdf",
        f"{first}/申报表（附件1-2）.pdf",
    ]
    assert book.read(f"{first}/班组创建材料.docx") == narrative  # the completed one
    assert book.read(f"{first}/申报表盖章扫描件.pdf") == scan
    assert book.read(f"{first}/申报表（附件1-2）.pdf").startswith(b"%PDF-")
    # The others had not completed theirs (and uploaded nothing at application): form only.
    assert sorted(p for p in listed if p.startswith(FOLDERS[2] + "/")) == [
        f"{FOLDERS[2]}/发表赛成绩.json",
        f"{FOLDERS[2]}/申报表（附件1-2）.pdf",
    ]
    score = json.loads(book.read(f"{first}/发表赛成绩.json"))
    assert score == {
        "申报编号": "2026-0001",
        "企业名称": "上海石化股份有限公司",
        "班组名称": "丙烯酸装置运行三班",
        "比赛": demo.name,
        "得分": "92.00",
        "名次": 1,
    }
    sheet = openpyxl.load_workbook(io.BytesIO(book.read("推荐名单汇总表.xlsx"))).active
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[0] == [
        "序号",
        "申报编号",
        "推荐单位",
        "企业名称",
        "班组名称",
        "发表赛",
        "得分",
        "名次",
        "材料审核",
        "文件夹",
    ]
    pudong, shihua, shangfei = (
        "浦东新区质量协会",
        "上海石化股份有限公司",
        "中国商飞上海飞机制造有限公司",
    )
    assert [r[:5] + r[6:] for r in rows[1:]] == [
        [1, "2026-0001", pudong, shihua, "丙烯酸装置运行三班", 92, 1, "已提交，待审核", FOLDERS[0]],
        [2, "2026-0002", pudong, shihua, "聚合装置运行一班", 88, 2, "待完善", FOLDERS[1]],
        [3, "2026-0003", pudong, shangfei, "总装车间机身对接班", 85, 3, "待完善", FOLDERS[2]],
    ]
