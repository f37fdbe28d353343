"""The enterprise's 评分与推荐意见表 as a paper (Word and PDF, names byte for byte, with its
编号 and QR code), and its sealed scan read back: matched against the current submitted
version, a mismatch naming the version, unreadable; at upload and in 形式审查."""

from __future__ import annotations

import html
import io

from contest.extensions import db
from contest.season.models import UnitOpinionSubmission
from contest.season.opinion.requirements import REQUIREMENTS
from tests.conftest import sign_in
from tests.season import helpers
from tests.season.papers import (
    blank_scan,
    docx_rows,
    need_tools,
    pdf_lines,
    scan_of,
    today_text,
    word,
)
from tests.season.test_channels import COMPANY, _season_with_a_team, _submitted

TEAM = "丙烯酸装置运行三班"
REMARK = "本集团发表评审安排在 8 月，材料审核已完成"
STAMP = "单位盖章：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _opinion(unit, application, **changes) -> None:
    url = f"/apply/unit/applications/{application.id}/opinion"
    data = {**helpers.opinion_values(**changes), "csrf_token": helpers.token(unit, url),
            "next": "submit"}  # fmt: skip
    assert unit.post(url, data=data).status_code == 302


def _upload(unit, application, data: bytes) -> str:
    url = f"/apply/unit/applications/{application.id}/opinion"
    form = {"csrf_token": helpers.token(unit, url), "file": (io.BytesIO(data), "评分表.pdf")}
    response = unit.post(f"{url}/scan", data=form, content_type="multipart/form-data")
    assert response.status_code == 302
    return _text(unit.get(url))


def _code(application, version: int = 1) -> str:
    db.session.expire_all()
    submission = db.session.query(UnitOpinionSubmission).filter_by(version=version).one()
    return f"SQA|2026|1-3|2026-0001|v{version}|{submission.content_hash[:12]}"


def _staff_page(app, application) -> str:
    office = app.test_client()
    sign_in(office, "admin")
    return _text(office.get(f"/admin/season/applications/{application.id}"))


def test_the_opinion_paper_holds_the_submitted_version_in_word_and_pdf(app, staff, tmp_path):
    need_tools()
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    _opinion(unit, application)
    url = f"/apply/unit/applications/{application.id}/opinion/paper"
    response = word(unit, f"{url}.docx")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E8%AF%84%E5%88%86%E4%B8%8E%E6%8E%A8%E8%8D%90%E6%84%8F"
        "%E8%A7%81%E8%A1%A8-2026-0001-%E7%AC%AC1%E6%AC%A1%E6%8F%90%E4%BA%A4.docx"
    )  # 评分与推荐意见表-2026-0001-第1次提交.docx
    assert str(REQUIREMENTS[1]) == "被推荐班组必须是企业最基础的正式组织单元。"
    assert docx_rows(response.data) == [
        ["单位名称（公章为准）", COMPANY],
        ["质量信得过班组名称", TEAM],
        ["序号", "申报/推荐要求（附件 1-1）", "评价", "说明"],
        *([str(n), str(REQUIREMENTS[n - 1]), "符合", ""] for n in range(1, 7)),
        ["7", str(REQUIREMENTS[6]), "基本符合", REMARK],
        ["自评得分", "92.5"],
        [f"推荐意见：\n{helpers.OPINION_TEXT}\n{STAMP}"],
    ]
    from docx import Document

    document = Document(io.BytesIO(response.data))
    assert [p.text for p in document.paragraphs if p.text] == [
        "表 1-3：",
        "质量信得过班组建设经验评分与推荐意见表",
        "推荐行业/各区/集团： 浦东新区质量协会 \t编号： 2026-0001 ",
        "填表人：李华",
        f"填表日期：{today_text()}",
        "注：1. 企业按附件 1-1 的申报/推荐要求逐条对标评价，评价为“基本符合”或“不符合”的须说明。",
        "2. 本表按企业提交的评分与推荐意见生成，加盖公章后扫描为 PDF 上传；二维码用于核对版本。",
    ]
    assert [p.text for p in document.sections[0].header.paragraphs] == ["", _code(application)]

    pdf = unit.get(f"{url}.pdf")
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    lines = pdf_lines(pdf.data, tmp_path, "opinion.pdf")
    assert lines[:3] == [_code(application), "表 1-3：", "质量信得过班组建设经验评分与推荐意见表"]
    for text in (TEAM, "上海华谊（集团）公司 丙烯酸厂", "自评得分", "92.5", "推荐意见：",
                 "基本符合", "填表人：李华", f"填表日期：{today_text()}"):  # fmt: skip
        assert text in lines, text
    flat = "".join(lines)
    assert helpers.OPINION_TEXT in flat and REMARK.replace(" ", "") in flat.replace(" ", "")
    from pypdf import PdfReader

    assert COMPANY in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()


def test_the_sealed_opinion_scan_is_matched_then_a_mismatch_then_unreadable(app, staff, tmp_path):
    need_tools()
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    url = f"/apply/unit/applications/{application.id}/opinion"
    assert "评分与推荐意见提交后，可在此下载带二维码的评分与推荐意见表" in _text(unit.get(url))
    _opinion(unit, application)
    page = _text(unit.get(url))
    assert (
        f'<a class="button" id="opinion-paper-pdf" href="{url}/paper.pdf">'
        "下载评分与推荐意见表 PDF</a>"
    ) in page
    first = unit.get(f"{url}/paper.pdf").data
    page = _upload(unit, application, scan_of(first, tmp_path))
    matched = "扫描件核对：二维码与当前评分与推荐意见表一致（第1次提交的版本）"
    assert matched in page
    assert f'<p class="scan-check check-matched" id="scan-check-line">{matched}</p>' in page
    detail = _staff_page(app, application)
    assert (
        '<p class="scan-check check-matched" id="opinion-scan-check-line">'
        "评分与推荐意见表扫描件核对：二维码与当前评分与推荐意见表一致（第1次提交的版本）</p>"
    ) in detail
    assert f'<code id="opinion-scan-qr">{_code(application)}</code>' in detail

    _opinion(unit, application, score="90")  # version 2: the scan of version 1 no longer fits
    page = _upload(unit, application, scan_of(first, tmp_path))
    assert (
        "扫描件核对：二维码与当前评分与推荐意见表版本不符（扫描件为第1次提交的版本）。"
        "请下载当前版本的评分与推荐意见表，盖章后重新扫描上传"
    ) in page
    detail = _staff_page(app, application)
    assert (
        '<p class="scan-check check-mismatch" id="opinion-scan-check-line">评分与推荐意见表扫描件'
        "核对：二维码与当前评分与推荐意见表版本不符（扫描件为第1次提交的版本）</p>"
    ) in detail

    form12 = team.get(f"/apply/team/{application.id}/paper.pdf").data  # the wrong paper
    page = _upload(unit, application, scan_of(form12, tmp_path))
    assert "扫描件核对：二维码属于同一申报的另一份表（表 1-2），不是评分与推荐意见表。" in page

    page = _upload(unit, application, blank_scan())
    assert (
        "扫描件核对：未识别到二维码。扫描件已收下，形式审查时将人工核对；如可能，请确认扫描的是"
        "从本系统下载的评分与推荐意见表，二维码清晰完整"
    ) in page
    assert (
        '<p class="scan-check check-unreadable" id="opinion-scan-check-line">评分与推荐意见表'
        "扫描件核对：未识别到二维码</p>"
    ) in _staff_page(app, application)

    second = unit.get(f"{url}/paper.pdf").data
    page = _upload(unit, application, scan_of(second, tmp_path))
    assert "扫描件核对：二维码与当前评分与推荐意见表一致（第2次提交的版本）" in page


def test_the_opinion_paper_is_for_a_submitted_version_the_enterprise_and_staff_only(app, staff):
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    url = f"/apply/unit/applications/{application.id}/opinion/paper.docx"
    refused = unit.get(url)
    assert refused.status_code == 409
    assert "评分与推荐意见尚未提交；请先提交评分与推荐意见，再下载带二维码的表格打印盖章" in _text(
        refused
    )
    office = app.test_client()
    sign_in(office, "admin")
    staff_url = f"/admin/season/applications/{application.id}/opinion-paper.pdf"
    assert office.get(staff_url).status_code == 409
    assert 'id="opinion-paper-pdf"' not in _text(office.get("/admin/season/applications/1"))
    _opinion(unit, application)
    assert unit.get(url).status_code == 200
    assert unit.get(url.replace(".docx", ".txt")).status_code == 404
    assert team.get(url).status_code == 404  # the team is not the enterprise
    assert app.test_client().get(url).status_code == 302  # to sign in
    assert (
        unit.get(f"/apply/unit/applications/{application.id + 1}/opinion/paper.docx").status_code
        == 404
    )
    assert office.get(staff_url).status_code == 200
    assert (
        f'<a href="/admin/season/applications/{application.id}/opinion-paper.pdf" class="button" '
        'id="opinion-paper-pdf">下载评分与推荐意见表 PDF</a>'
    ) in _text(office.get(f"/admin/season/applications/{application.id}"))
