"""Check an uploaded .docx or PDF before it is stored: type, size, 字数 or pages, bounded.

Plain functions of bytes, no Flask app or database, so a caller may run them in the live
server's child process (contest.offload). Every refusal is `Refused` with a Chinese message
saying what is wrong and what to do; parser errors never reach the applicant as they are.
The limits are module constants so the upload page can state them before anyone uploads.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePath

from flask_babel import gettext as _

from contest.season.files.counting import count_characters

MB = 1024 * 1024
MAX_WORD_BYTES = 20 * MB
MAX_PDF_BYTES = 20 * MB
MAX_PDF_PAGES = 20
# A .docx is a zip: a few KB can unpack to gigabytes. Pictures make up most of a real one.
MAX_UNPACKED_BYTES = 64 * MB
# Word's XML compresses about 10:1; deflate's ceiling is about 1,030:1, which is what bombs use.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1 * MB  # small parts may compress absurdly well and cost nothing
MAX_ZIP_ENTRIES = 2_000
# The body's XML, parsed whole by python-docx: a 100-page report is a few MB.
MAX_DOCUMENT_XML_BYTES = 16 * MB
# Far beyond any material's limit; a longer text is refused before it is counted.
MAX_TEXT_LENGTH = 500_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls: the pre-2007 formats


class Refused(Exception):
    """The file is not accepted; `.message`, in Chinese, says why and what to do next."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class WordFacts:
    characters: int  # 字数, counted as contest.season.files.counting says
    paragraphs: int  # paragraphs with any text, table cells' included
    text: str  # paragraphs joined by newlines


@dataclass(frozen=True)
class PdfFacts:
    pages: int


def check_word(
    data: bytes,
    *,
    filename: str,
    max_characters: int | None = None,
    min_characters: int | None = None,
    label: str | None = None,
) -> WordFacts:
    """The 字数 and text of a .docx within limits; `label` (班组创建材料) names it in messages."""
    name = filename
    what = label or f"「{name}」"
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".doc", ".wps") or data.startswith(OLE_MAGIC):
        raise Refused(
            _(
                "「%(name)s」是旧版 Word/WPS 格式（.doc 或 .wps），不能读取字数；请在 Word 或 "
                "WPS 中打开，用「另存为」选择 .docx 格式保存后重新上传",
                name=name,
            )
        )
    if suffix != ".docx":
        raise Refused(_("「%(name)s」不是 Word 文档；请上传 .docx 格式的文件", name=name))
    _refuse_empty_or_large(
        data,
        name=name,
        limit=MAX_WORD_BYTES,
        advice=_("请在 Word 或 WPS 中压缩图片（或删去不必要的图片）后重新上传"),
    )
    _refuse_zip_bomb(data, name=name)
    from contest.season.files import wordtext

    try:
        paragraphs = wordtext.paragraphs(data)
    except MemoryError:
        raise
    except Exception as error:  # any parser failure means the same thing to the applicant
        raise Refused(_broken_docx(name)) from error
    text = "\n".join(paragraphs)
    if len(text) > MAX_TEXT_LENGTH:
        raise Refused(
            _("「%(name)s」的文字远超材料篇幅，不像是申报材料；请检查后重新上传", name=name)
        )
    characters = count_characters(text)
    if characters == 0:
        raise Refused(
            _(
                "「%(name)s」中没有读到文字（内容可能是图片或扫描件）；"
                "请上传可编辑文字的 .docx 文档",
                name=name,
            )
        )
    if max_characters is not None and characters > max_characters:
        raise Refused(
            _(
                "%(what)s共 %(count)s 字，超过 %(limit)s 字的上限；"
                "请删减 %(excess)s 字以上后重新上传",
                what=what,
                count=f"{characters:,}",
                limit=f"{max_characters:,}",
                excess=f"{characters - max_characters:,}",
            )
        )
    if min_characters is not None and characters < min_characters:
        raise Refused(
            _(
                "%(what)s共 %(count)s 字，少于 %(limit)s 字的要求；"
                "请补充 %(short)s 字以上后重新上传",
                what=what,
                count=f"{characters:,}",
                limit=f"{min_characters:,}",
                short=f"{min_characters - characters:,}",
            )
        )
    return WordFacts(characters, sum(1 for p in paragraphs if p.strip()), text)


def check_pdf(
    data: bytes, *, filename: str, max_pages: int = MAX_PDF_PAGES, max_bytes: int = MAX_PDF_BYTES
) -> PdfFacts:
    """The page count of a readable, unencrypted PDF within the limits."""
    name = filename
    _refuse_empty_or_large(data, name=name, limit=None, advice="")
    if not data.startswith(b"%PDF-") or PurePath(filename).suffix.lower() != ".pdf":
        raise Refused(
            _(
                "「%(name)s」不是 PDF 文件；纸质材料请用扫描仪或手机扫描 App 导出为 PDF 后重新上传",
                name=name,
            )
        )
    _refuse_empty_or_large(
        data, name=name, limit=max_bytes, advice=_("请降低扫描分辨率（如 200 dpi）或压缩后重新上传")
    )
    from contest.season.files import pdfpages

    return PdfFacts(pdfpages.count(data, name=name, max_pages=max_pages))


def _refuse_empty_or_large(data: bytes, *, name: str, limit: int | None, advice: str) -> None:
    if not data:
        raise Refused(_("「%(name)s」是空文件；请检查后重新上传", name=name))
    if limit is not None and len(data) > limit:
        raise Refused(
            _(
                "「%(name)s」有 %(size)s MB，超过 %(limit)s MB 的上限；%(advice)s",
                name=name,
                size=f"{len(data) / MB:.1f}",
                limit=f"{limit / MB:g}",
                advice=advice,
            )
        )


def _broken_docx(name: str) -> str:
    return _(
        "「%(name)s」无法作为 Word 文档打开，文件可能已损坏或扩展名与格式不符；"
        "请用 Word 或 WPS 打开后另存为 .docx 再上传",
        name=name,
    )


def _refuse_zip_bomb(data: bytes, *, name: str) -> None:
    """Refuse a .docx by its zip directory alone, before any part is unpacked."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise Refused(_broken_docx(name)) from error
    # The sizes are those the directory declares; zipfile stops unpacking a part at its
    # declared size (and fails its CRC), so a part cannot unpack to more than it claims.
    unpacked = sum(entry.file_size for entry in entries)
    absurd = any(
        entry.file_size > RATIO_FROM_BYTES
        and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNPACKED_BYTES or absurd:
        raise Refused(
            _(
                "「%(name)s」解压后体积异常（超过 %(limit)s MB 或压缩比过高），不像是正常的 Word "
                "文档；请用 Word 或 WPS 打开后另存为新的 .docx 文件再上传",
                name=name,
                limit=MAX_UNPACKED_BYTES // MB,
            )
        )
    document = next((e for e in entries if e.filename == "word/document.xml"), None)
    if document is None:
        raise Refused(
            _(
                "「%(name)s」中没有 Word 正文（word/document.xml），不是有效的 .docx 文档；"
                "请用 Word 或 WPS 打开后另存为 .docx 再上传",
                name=name,
            )
        )
    if document.file_size > MAX_DOCUMENT_XML_BYTES:
        raise Refused(
            _("「%(name)s」的正文远超材料篇幅，不像是申报材料；请检查后重新上传", name=name)
        )
