"""The certificate PDF: exact names, one A4-landscape page each, never clipped, never tofu."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest

from contest import fonts
from contest.certificates import numbering, render, template
from contest.certificates.verify import verify_url
from contest.extensions import db
from tests.certificates import (
    LONG_COMPANY,
    LONG_TEAM,
    give_awards,
    joined,
    need_pdf_tools,
    pdf_info,
    pdf_text,
    rename,
    write,
)

A4_LANDSCAPE = "841.89 x 595.276 pts (A4)"


def _certificates(contest):
    numbering.assign_numbers(contest, actor="staff:1")
    db.session.commit()
    awards = numbering.awarded(contest)
    return render.certificates_for(contest, awards, url_for_number=verify_url)


def test_every_name_is_printed_exactly_on_its_own_page(demo, tmp_path):
    need_pdf_tools()
    teams = give_awards(demo, 20)
    rename(teams[7], LONG_COMPANY, LONG_TEAM)
    certs = _certificates(demo)
    seen = []
    pdf = render.render_pdf(certs, template.settings_of(demo), progress=lambda *p: seen.append(p))
    path = write(tmp_path, pdf)
    info = pdf_info(path)
    assert info["Pages"] == "20"
    assert info["Page size"] == A4_LANDSCAPE
    assert seen == [(10, 20), (20, 20)]
    for page, cert in enumerate(certs, 1):
        text = joined(pdf_text(path, page=page))
        assert cert.company in text
        assert cert.team in text
        assert cert.company + cert.team + "：" in text  # printed together, as the wording says
        assert f"荣获{cert.grade}。" in text
        assert cert.number in text
        assert demo.name in text
        assert "上海市质量协会" in text
    assert sum(cert.company == LONG_COMPANY for cert in certs) == 1


def test_the_longest_name_fits_one_page_without_shrinking_to_nothing(demo, tmp_path):
    need_pdf_tools()
    teams = give_awards(demo, 1, first=1)
    rename(teams[0], LONG_COMPANY, LONG_TEAM)
    [cert] = _certificates(demo)
    values = template.settings_of(demo)
    sheet = render.layout(cert, values)
    assert int(sheet["size"].removeprefix("size-")) >= 18  # readable, far from the smallest
    path = write(tmp_path, render.render_pdf([cert], values))
    assert pdf_info(path)["Pages"] == "1"
    text = joined(pdf_text(path))
    assert LONG_COMPANY + LONG_TEAM in text
    # And it renders to a picture (looked at by hand: docs/certificate-sample.png).
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").read_bytes().startswith(b"\x89PNG")


def test_names_with_markup_are_printed_as_text(demo, tmp_path):
    need_pdf_tools()
    teams = give_awards(demo, 1, first=1)
    rename(teams[0], "上海A&B公司", '<b>班组</b> & "x"')
    [cert] = _certificates(demo)
    values = template.settings_of(demo)
    html = render.render_html([render.layout(cert, values)], values)
    assert "&lt;b&gt;班组&lt;/b&gt; &amp; &#34;x&#34;" in html
    assert "<b>班组</b>" not in html
    text = pdf_text(write(tmp_path, render.render_pdf([cert], values)), layout=False)
    assert '上海A&B公司\n<b>班组</b> & "x"：\n' in text  # company and team on lines of their own


def test_a_text_that_outgrows_its_box_is_laid_out_again_smaller(demo, tmp_path, monkeypatch):
    need_pdf_tools()
    teams = give_awards(demo, 3, first=1)
    rename(teams[1], LONG_COMPANY, LONG_TEAM)
    certs = _certificates(demo)
    values = {
        **template.settings_of(demo),
        "wording": "{企业名称}{班组名称}：\n" + "特发此证。" * 60,
    }
    # Pretend every size fits: the first layout overflows, the page check must catch it.
    monkeypatch.setattr(render, "BODY_HEIGHT", 10_000.0)
    path = write(tmp_path, render.render_pdf(certs, values))
    assert pdf_info(path)["Pages"] == "3"
    for page, cert in enumerate(certs, 1):
        text = joined(pdf_text(path, page=page))
        assert cert.company + cert.team in text
        assert cert.number in text


def test_a_text_too_long_for_any_size_is_refused_not_cut(demo):
    need_pdf_tools()
    give_awards(demo, 1, first=1)
    certs = _certificates(demo)
    values = {
        **template.settings_of(demo),
        "wording": "{企业名称}{班组名称}：\n" + "特发此证。" * 800,
    }
    with pytest.raises(render.CertificateTooLong, match="SQA-2026-001 的文字过多"):
        render.render_pdf(certs, values)


def test_without_a_chinese_font_the_error_says_what_to_install(demo, monkeypatch):
    give_awards(demo, 1, first=1)
    certs = _certificates(demo)
    monkeypatch.setattr(fonts, "chinese_families", lambda: [])
    with pytest.raises(fonts.MissingFontError, match="请安装 fonts-noto-cjk"):
        render.render_pdf(certs, template.settings_of(demo))


def test_serif_is_preferred_for_certificates(monkeypatch):
    monkeypatch.setattr(
        fonts, "chinese_families", lambda: ["Noto Sans CJK SC", "Noto Serif CJK SC"]
    )
    assert render.certificate_font() == "Noto Serif CJK SC"
    monkeypatch.setattr(fonts, "chinese_families", lambda: ["WenQuanYi Zen Hei"])
    assert render.certificate_font() == "WenQuanYi Zen Hei"


def test_national_line_only_for_selected_teams(demo, tmp_path):
    from contest.models import NationalSelection

    need_pdf_tools()
    teams = give_awards(demo, 2, first=1)
    db.session.add(NationalSelection(team_id=teams[0].id, selected=True))
    db.session.commit()
    certs = _certificates(demo)
    values = {**template.settings_of(demo), "national_line": template.NATIONAL_SUGGESTION}
    path = write(tmp_path, render.render_pdf(certs, values))
    assert template.NATIONAL_SUGGESTION in joined(pdf_text(path, page=1))
    assert template.NATIONAL_SUGGESTION not in joined(pdf_text(path, page=2))


def test_a_background_image_is_used_and_bad_files_refused(app, demo, tmp_path):
    from PIL import Image

    need_pdf_tools()
    picture = io.BytesIO()
    Image.new("RGB", (297, 210), (250, 240, 220)).save(picture, format="PNG")
    folder = tmp_path / "instance" / "certificates"
    name = template.save_background(folder, picture.getvalue())
    assert (folder / name).is_file() and name.endswith(".png")
    with pytest.raises(template.TemplateError, match="PNG 或 JPEG"):
        template.save_background(folder, b"<svg></svg>")
    give_awards(demo, 1, first=1)
    certs = _certificates(demo)
    values = {**template.settings_of(demo), "background": name}
    path = write(tmp_path, render.render_pdf(certs, values))
    assert pdf_info(path)["Pages"] == "1"
    assert certs[0].company in joined(pdf_text(path))


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 9, 1), "二〇二六年九月"),
        (date(2026, 12, 31), "二〇二六年十二月"),
        (date(2030, 10, 8), "二〇三〇年十月"),
    ],
)
def test_chinese_month(day, text):
    assert template.chinese_month(day) == text


def test_wording_placeholders_become_segments():
    fields = {
        "企业名称": "甲公司",
        "班组名称": "{奖项}班",
        "奖项": "一等奖",
        "比赛名称": "赛",
        "年份": "2026",
    }
    paragraphs = template.segments(
        "{企业名称}{班组名称}：\n\n{年份}年{比赛名称}中荣获{奖项}{其他}", fields
    )
    assert [[(s.kind, s.text) for s in p] for p in paragraphs] == [
        [("company", "甲公司"), ("team", "{奖项}班"), ("text", "：")],
        [
            ("year", "2026"),
            ("text", "年"),
            ("contest", "赛"),
            ("text", "中荣获"),
            ("grade", "一等奖"),
            ("text", "{其他}"),
        ],
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"wording": "{企业名称}{班组}获奖"}, "未知的占位符：{班组}"),
        ({"wording": "{企业名称}获奖"}, "必须包含 {班组名称}"),
        ({"title": ""}, "证书标题不能为空"),
        ({"number_prefix": "SQA/2026"}, "编号前缀只能包含"),
        ({"title": "荣" * 21}, "证书标题最多 20 个字符"),
    ],
)
def test_template_validation_refuses_in_chinese(app, change, message):
    with pytest.raises(template.TemplateError, match=message):
        template.validate({**template.DEFAULTS, **change})


def test_template_validation_trims_each_line(app):
    values = template.validate(
        {**template.DEFAULTS, "wording": " {企业名称}{班组名称}： \r\n 特发此证 "}
    )
    assert values["wording"] == "{企业名称}{班组名称}：\n特发此证"
