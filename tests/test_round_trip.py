"""From the recommending units' Excel form to the exported workbooks: names never change."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from contest.exports.proof import build_xlsx
from contest.imports import run_import
from tests.imports.files import TITLE, new_contest, write_xlsx

NAMES = [
    (
        "上海电气（集团）总公司电站设备分公司(临港)",
        "汽轮机  装配一班",
    ),  # mixed brackets, double space
    ("中国石化上海石油化工股份有限公司", "芳烃部联合装置外操四班"),
    ("ＡＢＣ精密制造（上海）有限公司", "ＳＭＴ贴片二组"),  # full-width Latin letters
]


def test_names_survive_import_and_export_exactly(app, tmp_path):
    contest = new_contest("第一分会场")
    rows = [
        [TITLE],
        [" 推荐行业/各区/集团 ", "单位名称（公章为准）", "质量信得过班组名称", "班组人数(人)"],
        *[["浦东新区", f"  {company}\u3000", name, 12] for company, name in NAMES],
    ]
    path = write_xlsx(tmp_path / "推荐表.xlsx", rows)
    run_import(
        "teams",
        contest_id=contest.id,
        data=path.read_bytes(),
        filename=path.name,
        actor="test",
        confirm=True,  # the suspicious-name warnings are expected here
    )
    sheet = load_workbook(io.BytesIO(build_xlsx(contest))).active
    exported = [(r[3].value, r[4].value) for r in sheet.iter_rows(min_row=5) if r[0].value]
    assert exported == NAMES  # trimmed at the ends (incl. a full-width space), nothing else
