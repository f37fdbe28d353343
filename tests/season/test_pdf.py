"""A PDF is checked before it is stored: type, size, completeness, encryption, true page count."""

from __future__ import annotations

import time

import pytest

from contest.season.files.checks import PdfFacts, Refused, check_pdf
from tests.season.files import blank_pdf, lying_pdf

BROKEN = "「扫描件.pdf」无法读取，文件可能已损坏；请用原软件或扫描 App 重新导出为 PDF 后再上传"


def _refused(data: bytes, filename: str = "扫描件.pdf", **limits) -> str:
    with pytest.raises(Refused) as refused:
        check_pdf(data, filename=filename, **limits)
    return refused.value.message


def test_a_pdf_within_the_limit_gives_its_pages():
    assert check_pdf(blank_pdf(20), filename="扫描件.pdf") == PdfFacts(pages=20)


def test_a_weasyprint_pdf_gives_its_pages():
    from weasyprint import HTML

    data = HTML(string="<p>第一页</p><p style='break-before: page'>第二页</p>").write_pdf()
    assert check_pdf(data, filename="扫描件.PDF") == PdfFacts(pages=2)


def test_25_pages_are_refused_saying_the_count():
    assert _refused(blank_pdf(25)) == (
        "「扫描件.pdf」共 25 页，超过 20 页的上限；请删减至 20 页以内后重新上传"
    )


def test_a_text_file_renamed_pdf_is_refused():
    assert _refused("班组名单".encode()) == (
        "「扫描件.pdf」不是 PDF 文件；纸质材料请用扫描仪或手机扫描 App 导出为 PDF 后重新上传"
    )


def test_an_encrypted_pdf_is_refused():
    assert _refused(blank_pdf(2, password="x")) == (
        "「扫描件.pdf」设有密码或加密保护，评审时无法打开；请去除密码后重新导出为 PDF 再上传"
    )


def test_a_truncated_pdf_is_refused():
    data = blank_pdf(3)
    assert _refused(data[: len(data) // 2]) == (
        "「扫描件.pdf」不完整（文件末尾缺少 PDF 结束标记，可能上传中断或导出未完成）；"
        "请重新导出 PDF 后再上传"
    )


def test_a_pdf_with_garbage_inside_is_refused_in_words():
    assert _refused(b"%PDF-1.7\n" + bytes(range(256)) * 10 + b"\n%%EOF\n") == BROKEN


def test_over_the_byte_limit_is_refused_before_parsing():
    assert _refused(b"%PDF-1.7\n" + bytes(2 * 1024 * 1024), max_bytes=1024 * 1024) == (
        "「扫描件.pdf」有 2.0 MB，超过 1 MB 的上限；请降低扫描分辨率（如 200 dpi）或压缩后重新上传"
    )


def test_a_pdf_claiming_ten_million_pages_is_refused_at_once():
    started = time.process_time()
    assert _refused(lying_pdf(pages=1, claimed=10_000_000)) == BROKEN
    assert time.process_time() - started < 0.5  # CPU ~1 ms: one page walked, the claim disbelieved


def test_thousands_of_pages_stop_the_walk_at_1000():
    data = lying_pdf(pages=9_000, claimed=9_000)  # 0.9 MB
    started = time.process_time()
    assert _refused(data) == (
        "「扫描件.pdf」共 1,000 页以上，超过 20 页的上限；请删减至 20 页以内后重新上传"
    )
    assert time.process_time() - started < 3.0  # CPU ~0.16 s


def test_twenty_megabytes_of_tiny_objects_are_refused_by_counting_them():
    data = lying_pdf(pages=200_000, claimed=200_000)  # 19.1 MB; pypdf alone took 1.5 s
    started = time.process_time()
    assert _refused(data) == (
        "「扫描件.pdf」内部对象超过 20,000 个，不像是正常的扫描件或导出文件；"
        "请用原软件或扫描 App 重新导出为 PDF 后再上传"
    )
    assert time.process_time() - started < 2.0  # CPU ~15 ms
