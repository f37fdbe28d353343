"""Forms 2-3 (推荐表) and 2-4 (材料评审汇总表) as papers: the 推荐单位's last submitted version,
names byte for byte, in Word and in PDF, with its 编号 and QR code; for its contacts and
staff only, and only once submitted."""

from __future__ import annotations

import io

from contest.season import unit_forms
from contest.season.models import UnitForm
from tests.season import review_world as w
from tests.season.papers import docx_rows, need_tools, pdf_lines, today_text, word

COMPANY = "上海华谊（集团）公司  丙烯酸厂"  # two spaces, as the 公章 reads


def _submitted(app, staff):
    """The 推荐单位 with 2-4 and then 2-3 submitted for its first two teams."""
    client, unit, apps, judges = w.world(app, staff)
    for application in apps[:2]:
        w.recommend(client, application)
    rows = {k: v for a in apps[:2] for k, v in w.row(a, judges).items()}
    response, _page = w.post_review(client, unit, {**rows, **w.filler()}, "submit")
    assert response.status_code == 302
    assert w.confirm(client, unit).status_code == 302
    done, _page = w.post_recommendation(client, unit, w.filler())
    assert done.status_code == 302
    return client, unit, apps


def _code(unit, form: UnitForm, form_no: str) -> str:
    version = unit_forms.latest(unit, form)
    return f"SQA|2026|{form_no}|2026-R{unit.id:02d}|v{version.version}|{version.content_hash[:12]}"


def _paragraphs(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs if p.text]


APPRAISAL = (
    "符合标准程度：班组建设各要素基本符合准则要求\n特色：自主维护与QC活动结合紧密\n"
    "不足之处：数据分析深度不足"
)


def test_form_2_4_as_word_and_pdf_holds_the_submitted_version(app, staff, tmp_path):
    need_tools()
    client, unit, _apps = _submitted(app, staff)
    url = f"/apply/recommender/{unit.id}/forms/paper-2-4"
    response = word(client, f"{url}.docx")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E6%9D%90%E6%96%99%E8%AF%84%E5%AE%A1%E6%B1%87%E6%80%BB"
        "%E8%A1%A8-%E6%B5%A6%E4%B8%9C%E6%96%B0%E5%8C%BA%E8%B4%A8%E9%87%8F%E5%8D%8F%E4%BC%9A-"
        "%E7%AC%AC1%E6%AC%A1%E6%8F%90%E4%BA%A4.docx"
    )  # 材料评审汇总表-浦东新区质量协会-第1次提交.docx
    assert docx_rows(response.data) == [
        ["序号", "企业/班组名称", "材料评价（符合标准程度/特色/不足之处）", "打分/排序", "评委"],
        ["1", f"{COMPANY}\n丙烯酸装置运行三班", APPRAISAL, "86.5/并列第 1", "陈志远、孙丽"],
        ["2", f"{COMPANY}\n聚合装置  运行一班", APPRAISAL, "86.5/并列第 1", "陈志远、孙丽"],
    ]
    code = _code(unit, UnitForm.REVIEW, "2-4")
    assert _paragraphs(response.data) == [
        "附件 2-4：",
        "2026 年上海市“质量信得过班组”建设经验材料评审汇总表",
        f"推荐行业/各区/集团（盖章）： 浦东新区质量协会 \t编号： 2026-R{unit.id:02d} ",
        "填表人：王明",
        "电话：021-58471234",
        f"填表日期：{today_text()}",
        "注：对质量信得过班组进行材料结合现场的评价，必要时，进行现场抽查。",
    ]
    from docx import Document

    header = Document(io.BytesIO(response.data)).sections[0].header.paragraphs
    assert [p.text for p in header] == ["", code]

    pdf = client.get(f"{url}.pdf")
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    lines = pdf_lines(pdf.data, tmp_path, "2-4.pdf")
    assert lines[:3] == [code, "附件 2-4：", "2026 年上海市“质量信得过班组”建设经验材料评审汇总表"]
    assert "聚合装置 运行一班" in lines  # pdftotext shows two spaces as one
    for text in ("丙烯酸装置运行三班", "上海华谊（集团）公司 丙烯酸厂", "填表人：王明",
                 "电话：021-58471234", f"填表日期：{today_text()}"):  # fmt: skip
        assert text in lines, text
    from pypdf import PdfReader

    raw = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert COMPANY in raw and "聚合装置  运行一班" in raw


def test_form_2_3_as_word_and_pdf_holds_teams_total_and_judges(app, staff, tmp_path):
    need_tools()
    client, unit, _apps = _submitted(app, staff)
    url = f"/apply/recommender/{unit.id}/forms/paper-2-3"
    response = word(client, f"{url}.docx")
    assert docx_rows(response.data) == [
        ["一、上海市质量信得过班组建设典型经验"],
        ["序号", "企业名称", "班组名称", "班组人数"],
        ["1", COMPANY, "丙烯酸装置运行三班", "12"],
        ["2", COMPANY, "聚合装置  运行一班", "9"],
        ["", "班组人数总计", "21"],
        ["二、评委名单"],
        ["姓名", "工作单位", "TGQ 评委证书号", "通讯地址", "邮编", "手机"],
        ["陈志远", "上海市质量协会", "TGQ-2019-0123", "上海市长宁区泰安路 74 号", "200052",
         "13911112222"],
        ["孙丽", "上海华谊（集团）公司", "TGQ-2020-0007", "", "", "13722223333"],
    ]  # fmt: skip
    assert _paragraphs(response.data) == [
        "附件 2-3：",
        "2026 年上海市“质量信得过班组”建设经验推荐表",
        f"推荐行业/各区/集团（盖章）： 浦东新区质量协会 \t编号： 2026-R{unit.id:02d} ",
        "填表人：王明",
        "电话：021-58471234",
        f"填表日期：{today_text()}",
        "注：1. 班组名称为企业最基础的正式组织单元名称，是实际存在的单位编制中的名称，"
        "不应以车间名称命名，或人为自定名称。",
        "2. 此表是推荐行业/各区/集团的正式汇总材料。",
    ]
    pdf = client.get(f"{url}.pdf")
    lines = pdf_lines(pdf.data, tmp_path, "2-3.pdf")
    code = _code(unit, UnitForm.RECOMMENDATION, "2-3")
    assert lines[:3] == [code, "附件 2-3：", "2026 年上海市“质量信得过班组”建设经验推荐表"]
    for text in ("一、上海市质量信得过班组建设典型经验", "二、评委名单", "丙烯酸装置运行三班",
                 "聚合装置 运行一班", "班组人数总计", "21", "TGQ-2019-0123",
                 "上海华谊（集团）公司",
                 "2. 此表是推荐行业/各区/集团的正式汇总材料。"):  # fmt: skip
        assert text in lines, text
    assert "200052 13911112222" in lines  # the row's last cells, the mobile never broken
    from pypdf import PdfReader

    assert COMPANY in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()


def test_the_unit_papers_are_for_a_submitted_version_its_contacts_and_staff_only(app, staff):
    client, unit, apps, judges = w.world(app, staff)
    url = f"/apply/recommender/{unit.id}/forms/paper-2-4.docx"
    refused = client.get(url)
    assert refused.status_code == 409
    assert "该表尚未提交；请先提交，再下载带二维码的表格打印盖章" in refused.get_data(as_text=True)
    page = w.page(client, f"/apply/recommender/{unit.id}/review")
    assert "提交后，可在此下载按通知格式生成的文件（Word / PDF）打印盖章。" in page
    assert 'id="paper-review-docx"' not in page
    office = w.office(app)
    staff_url = f"/admin/season/recommenders/{unit.id}/forms/paper-2-3.pdf"
    assert office.get(staff_url).status_code == 409
    w.recommend(client, apps[0])
    rows = w.row(apps[0], judges)
    w.post_review(client, unit, {**rows, **w.filler()}, "submit")
    w.confirm(client, unit)
    page = w.page(client, f"/apply/recommender/{unit.id}/review")
    assert (
        '<a class="button" id="paper-review-docx" '
        f'href="/apply/recommender/{unit.id}/forms/paper-2-4.docx">下载材料评审汇总表 Word</a>'
    ) in page
    assert client.get(url).status_code == 200
    assert client.get(f"/apply/recommender/{unit.id}/forms/paper-2-2.docx").status_code == 404
    assert client.get(f"/apply/recommender/{unit.id}/forms/paper-2-4.txt").status_code == 404
    assert office.get(f"/admin/season/recommenders/{unit.id}/forms/paper-2-4.pdf").status_code == (
        200
    )
    staff_page = w.page(office, f"/admin/season/recommenders/{unit.id}/forms")
    assert (
        f'<a class="button" id="staff-paper-review-pdf" href="/admin/season/recommenders/'
        f'{unit.id}/forms/paper-2-4.pdf">下载材料评审汇总表 PDF</a>'
    ) in staff_page
    assert 'id="staff-paper-recommendation-pdf"' not in staff_page
    # Nobody signed in is sent to sign in; another unit's id and the enterprise's person
    # (no contact of the unit) are not found.
    assert app.test_client().get(url).status_code == 302
    assert client.get(f"/apply/recommender/{unit.id + 1}/forms/paper-2-4.docx").status_code == 404
    enterprise_person = w.signed_in(app, "huayi")
    assert enterprise_person.get(url).status_code == 404
