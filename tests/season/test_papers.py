"""Form 1-2 as a paper: every field of the submitted version, names byte for byte, in Word
and in PDF; served to its owner and staff only, and only once submitted."""

from __future__ import annotations

import html
import io

import sqlalchemy as sa

from contest.extensions import db
from contest.season.models import Submission
from tests.conftest import sign_in
from tests.season import helpers
from tests.season.papers import COMPANY, TEAM, docx_rows, need_tools, pdf_text, submitted

SUMMARY = "\n".join(
    [
        "质量信得过班组简介及活动成果：",
        "1. 班组成员组成，班组职责，主要工作内容、班组文化和愿景",
        "班组共有成员12人，负责丙烯酸装置的运行。",
        "班组文化是“精益求精、诚信守诺”。",
        "2. 班组基础管理情况",
        "第2部分的内容。",
        "3. 班组成员专业知识、技能培训、工具方法应用能力",
        "第3部分的内容。",
        "4. 班组质量改进和创新能力",
        "第4部分的内容。",
        "5. 班组管理特色、业绩和评价结果",
        "第5部分的内容。",
        "6. 近三年取得荣誉情况，包括班组集体和个人荣誉等",
        "第6部分的内容。",
        "典型经验在线分享：本班组不同意；申报单位不同意",
        "单位盖章：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日",
    ]
)
ROWS = [
    ["质量信得过班组名称", TEAM, "班组人数", "12"],
    ["单位名称（公章为准）", COMPANY],
    ["详细地址", "上海市浦东新区浦东北路 2550 号", "邮编", "200137"],
    ["活动归口管理部门", "质量管理部", "活动推进者姓名", "张建国", "活动推进者手机", "13812345678"],
    ["活动推进者固定电话", "021-58471234 转 802", "活动推进者 E-mail", "zhangjg@example.com"],
    ["班组工作完成率%", "100", "质量考核合格率%", "99.5"],
    ["产品/服务不合格率%", "0.12", "产品/服务一次合格率%", "99.3"],
    ["年质量、安全事故数", "0", "年顾客投诉数", "1"],
    ["年培训人数/时数", "12 / 480", "成员参与改进活动率%", "100"],
    ["质量信得过班组创建普及率%", "85", "质量成本（万元/年）", "12.5"],
    [SUMMARY],
]


def _code(application) -> str:
    submission = db.session.scalar(
        sa.select(Submission).where(Submission.application_id == application.id)
    )
    return f"SQA|2026|1-2|2026-0001|v1|{submission.content_hash[:12]}"


def test_the_word_paper_holds_every_field_of_the_submitted_version(app, staff):
    from docx import Document

    team, _unit, application = submitted(app, staff)
    response = team.get(f"/apply/team/{application.id}/paper.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E7%94%B3%E6%8A%A5%E8%A1%A8-2026-0001-"
        "%E7%AC%AC1%E6%AC%A1%E6%8F%90%E4%BA%A4.docx"
    )  # 申报表-2026-0001-第1次提交.docx
    assert response.headers["Cache-Control"] == "no-store"
    assert docx_rows(response.data) == ROWS
    document = Document(io.BytesIO(response.data))
    assert [p.text for p in document.paragraphs[:3]] == [
        "附件 1-2：",
        "2026 年上海市“质量信得过班组”建设经验申报表",
        "推荐行业/各区/集团（盖章）： 浦东新区质量协会 \t编号： 2026-0001 ",
    ]
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header == ["", _code(application)]  # the QR picture, then its text
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == (
        "宋体"
    )


def test_the_pdf_paper_reads_back_as_the_notices_form(app, staff, tmp_path):
    need_tools()
    team, _unit, application = submitted(app, staff)
    response = team.get(f"/apply/team/{application.id}/paper.pdf")
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    lines = [line for line in pdf_text(response.data, tmp_path).splitlines() if line.strip()]
    code = _code(application)
    assert lines[:4] == [code, "附件 1-2：", "2026 年上海市“质量信得过班组”建设经验申报表",
                         "推荐行业/各区/集团（盖章）： 浦东新区质量协会"]  # fmt: skip
    # Values wrap inside their cells (at a space, too); names never do. (Labels of two
    # lines interleave in pdftotext's reading order: the Word test checks them.)
    flat = "".join(lines).replace(" ", "")
    for row in ROWS[:-1]:
        for text in row[1::2]:
            assert text.replace(" ", "") in flat, text
    assert TEAM in lines
    # pdftotext shows two spaces as one; the PDF's own text keeps them, byte for byte.
    assert "上海华谊（集团）公司 丙烯酸厂" in lines
    from pypdf import PdfReader

    assert COMPANY in PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    for text in SUMMARY.splitlines()[:-1]:
        assert text in lines, text


def test_a_paper_is_for_a_submitted_version_and_its_owner_and_staff_only(app, staff):
    from tests.season.test_channels import _season_with_a_team

    team, unit, enterprise = _season_with_a_team(app, staff)
    team.post(
        "/apply/team/new",
        data={"csrf_token": helpers.token(team, "/apply/team/"), "enterprise": enterprise.id},
    )
    draft = "/apply/team/1"  # the season's first application, a draft
    page = html.unescape(team.get(draft).get_data(as_text=True))
    assert "申报表提交后，可在此下载带二维码的申报表（Word / PDF），打印盖章后扫描上传。" in page
    refused = team.get(f"{draft}/paper.docx")
    assert refused.status_code == 409
    assert "申报表尚未提交；请先提交申报表，再下载带二维码的申报表打印盖章" in html.unescape(
        refused.get_data(as_text=True)
    )
    assert team.get(f"{draft}/paper.txt").status_code == 404
    assert unit.get(f"{draft}/paper.docx").status_code == 404  # not the owner
    assert app.test_client().get(f"{draft}/paper.docx").status_code == 302  # to sign in
    office = app.test_client()
    sign_in(office, "admin")
    assert office.get("/admin/season/applications/1/paper.docx").status_code == 409


LONG_COMPANY = "中国船舶集团有限公司第七〇八研究所上海江南造船（集团）有限责任公司特种装备事业部"
LONG_TEAM = "总装车间电气调试与质量检验联合攻关班组（Ⅱ线）QC-3"


def test_long_names_shrink_onto_one_line_and_are_never_broken(app, tmp_path):
    from contest.season.papers import form12, model, registry
    from tests.season.papers import FORM

    need_tools()
    assert model.name_size(TEAM, 82) == 10.5
    assert model.name_size(LONG_TEAM, 82) == 8.0
    assert model.name_size(LONG_COMPANY, 140) == 9.0
    assert model.name_size("名" * 200, 140) == 5.0 and not model.fits("名" * 200, 140)
    values = {"year": 2026, "number": "2026-0007", "version": 3, "sha256": "0123456789ab" * 5,
              "company": LONG_COMPANY, "recommender": "上海市国资委",
              "form": {**FORM, "team_name": LONG_TEAM}}  # fmt: skip
    assert form12.paper(values).code == "SQA|2026|1-2|2026-0007|v3|0123456789ab"
    with app.test_request_context():
        pdf, name = registry.render("1-2", values, "pdf")
        word, _name = registry.render("1-2", values, "docx")
    assert name == "申报表-2026-0007-第3次提交.pdf"
    lines = [line.strip() for line in pdf_text(pdf, tmp_path).splitlines()]
    assert LONG_COMPANY in lines and LONG_TEAM in lines
    rows = docx_rows(word)
    assert (rows[0][1], rows[1][1]) == (LONG_TEAM, LONG_COMPANY)


def test_a_control_character_pasted_into_a_field_does_not_break_the_word_paper(app):
    from contest.season.papers import registry
    from tests.season.papers import FORM

    values = {"year": 2026, "number": "2026-0002", "version": 1, "sha256": "ab" * 32,
              "company": COMPANY, "recommender": "浦东新区质量协会",
              "form": {**FORM, "department": "质量\x01管理部\x0b"}}  # fmt: skip
    with app.test_request_context():
        word, _name = registry.render("1-2", values, "docx")
    assert docx_rows(word)[3][1] == "质量管理部"


def test_the_paper_says_what_each_party_consented_to(app):
    from contest.season.papers.form12 import consents

    with app.test_request_context():
        assert consents({"share_team": "1", "share_unit": ""}) == (
            "典型经验在线分享：本班组同意；申报单位不同意"
        )
        assert consents({"share_team": "1", "share_unit": "1"}) == (
            "典型经验在线分享：本班组同意；申报单位同意"
        )
