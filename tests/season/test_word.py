"""A .docx is checked before it is stored: format, size, zip bombs, 字数 against the limits."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from contest.season.files.checks import OLE_MAGIC, Refused, WordFacts, check_word
from tests.season.files import docx, zip_bomb

RESAVE = "请用 Word 或 WPS 打开后另存为 .docx 再上传"


def _refused(data: bytes, filename: str = "班组创建材料.docx", **limits) -> str:
    with pytest.raises(Refused) as refused:
        check_word(data, filename=filename, **limits)
    return refused.value.message


def test_text_in_paragraphs_and_table_cells_is_counted():
    data = docx("班组开展QC小组活动，2026年完成率100%。", "", table=[["班组", "5S"], ["QC", "一"]])
    # 17 (see test_counting) + 班组 2 + 5S 1 + QC 1 + 一 1; the empty paragraph is no paragraph
    assert check_word(data, filename="a.docx") == WordFacts(
        characters=22,
        paragraphs=5,
        text="班组开展QC小组活动，2026年完成率100%。\n\n班组\n5S\nQC\n一",
    )


def test_over_the_maximum_says_how_many_to_cut():
    data = docx("质" * 5_000, "量" * 213)
    message = _refused(data, max_characters=5_000, label="班组创建材料")
    assert message == "班组创建材料共 5,213 字，超过 5,000 字的上限；请删减 213 字以上后重新上传"


def test_under_the_minimum_says_how_many_to_add_naming_the_file():
    message = _refused(docx("总" * 2_764), filename="活动总结.docx", min_characters=3_000)
    assert message == (
        "「活动总结.docx」共 2,764 字，少于 3,000 字的要求；请补充 236 字以上后重新上传"
    )


def test_exactly_at_the_limits_is_accepted():
    facts = check_word(
        docx("质" * 3_000), filename="a.docx", min_characters=3_000, max_characters=3_000
    )
    assert facts.characters == 3_000


def test_an_old_doc_is_told_to_save_as_docx_whatever_its_name():
    expected = (
        "「{}」是旧版 Word/WPS 格式（.doc 或 .wps），不能读取字数；请在 Word 或 WPS 中打开，"
        "用「另存为」选择 .docx 格式保存后重新上传"
    )
    ole = OLE_MAGIC + bytes(504)
    assert _refused(ole, "材料.doc") == expected.format("材料.doc")
    assert _refused(ole, "材料.docx") == expected.format("材料.docx")


def test_a_file_that_is_not_word_is_refused():
    assert (
        _refused(b"%PDF-1.7", "材料.pdf") == "「材料.pdf」不是 Word 文档；请上传 .docx 格式的文件"
    )


def test_a_text_file_renamed_docx_is_refused_as_broken():
    assert _refused("班组".encode(), "材料.docx") == (
        f"「材料.docx」无法作为 Word 文档打开，文件可能已损坏或扩展名与格式不符；{RESAVE}"
    )


def test_an_empty_file_is_refused():
    assert _refused(b"") == "「班组创建材料.docx」是空文件；请检查后重新上传"


def test_over_20_mb_is_refused_before_it_is_opened():
    assert _refused(b"PK" + bytes(21 * 1024 * 1024)) == (
        "「班组创建材料.docx」有 21.0 MB，超过 20 MB 的上限；"
        "请在 Word 或 WPS 中压缩图片（或删去不必要的图片）后重新上传"
    )


BOMB = (
    "「班组创建材料.docx」解压后体积异常（超过 64 MB 或压缩比过高），不像是正常的 Word 文档；"
    "请用 Word 或 WPS 打开后另存为新的 .docx 文件再上传"
)


@pytest.mark.parametrize("megabytes", [70, 3])  # over 64 MB in all; 3 MB at ~1,000:1
def test_a_zip_bomb_is_refused_by_its_directory_before_anything_is_unpacked(megabytes):
    data = zip_bomb(megabytes=megabytes)
    started = time.process_time()
    assert _refused(data) == BOMB
    assert time.process_time() - started < 0.5  # CPU ~1 ms: only the zip directory is read


def test_a_zip_without_word_document_xml_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert _refused(out.getvalue()) == (
        "「班组创建材料.docx」中没有 Word 正文（word/document.xml），不是有效的 .docx 文档；"
        + RESAVE
    )


def test_a_document_without_text_is_refused():
    assert _refused(docx("", "  ")) == (
        "「班组创建材料.docx」中没有读到文字（内容可能是图片或扫描件）；"
        "请上传可编辑文字的 .docx 文档"
    )
