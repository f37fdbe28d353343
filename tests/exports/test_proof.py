"""The name proof sheet lists every team's names exactly as they will be printed."""

from __future__ import annotations

import io
import subprocess

import pytest
from openpyxl import load_workbook

from contest.extensions import db
from tests.conftest import sign_in
from tests.factories import team_at
from tests.services import need

ODD_NAME = "上海某某（集团）有限公司(浦东)  二分厂"  # mixed brackets and a doubled space: kept


def test_proof_workbook_has_every_name_exactly(client, staff, demo):
    team_at(demo, 7).company_name = ODD_NAME
    db.session.commit()
    sign_in(client, "admin")
    response = client.get(f"/admin/contests/{demo.id}/exports/proof")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[4]] == [
        "序号",
        "分会场",
        "推荐单位",
        "企业名称",
        "班组名称",
        "班组人数",
        "核对确认（签字）",
    ]
    names = [(r[3].value, r[4].value) for r in sheet.iter_rows(min_row=5) if r[0].value]
    assert len(names) == 20
    assert (ODD_NAME, "冷链复核班组") in names
    assert ("上海浦东国际机场货运站有限公司（东区）", "进港理货二组") in names


def test_proof_pdf_prints_the_names(client, staff, demo, tmp_path):
    import shutil

    need(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    sign_in(client, "admin")
    response = client.get(f"/admin/contests/{demo.id}/exports/proof_pdf")
    if response.status_code == 503:
        pytest.fail(response.get_data(as_text=True))
    assert response.content_type == "application/pdf"
    path = tmp_path / "proof.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    flat = text.replace("\n", "")
    for company in ("上海外高桥造船有限公司", "上海浦东国际机场货运站有限公司（东区）"):
        assert company in flat
    assert "名称尚未定稿" in flat
