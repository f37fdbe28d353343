"""Count a PDF's pages by walking its page tree, never trusting its own claim, within a budget.

pypdf (strict=False, as the PDFs scanning apps write are often a little off the standard)
reads the cross-reference table and resolves objects only when asked, so the cost follows
the objects this walk touches: at most WALK_LIMIT pages and WALK_NODES tree nodes. The
file's /Count must agree with the pages found: a browser's viewer (pdf.js) believes /Count,
so a file claiming ten million pages would hang a reviewer's tab even if it holds one.
"""

from __future__ import annotations

import io
from typing import Any

from flask_babel import gettext as _

from contest.season.files.checks import Refused

WALK_LIMIT = 1_000  # pages counted before a file is called "over 1,000 pages"
WALK_NODES = 5_000  # page tree nodes visited at most, pages included
EOF_WINDOW = 1024  # readers look for %%EOF in the last 1 KB; a cut-off upload has none
# pypdf checks every object the xref lists on opening (~10 µs each): a scan has ~5 a page, a
# 20-page export a few thousand; 20 MB of tiny objects would be 200,000 and 1.5 s.
MAX_OBJECTS = 20_000
# Tighter than pypdf's defaults (100,000 elements, 75 MB unpacked): a page count needs short
# /Kids arrays and, at most, an object stream or two unpacked.
_BOUNDS = {
    "array_maximum_element_count": 10_000,
    "dictionary_maximum_element_count": 10_000,
    "zlib_maximum_output_length": 16 * 1024 * 1024,
}


def count(data: bytes, *, name: str, max_pages: int) -> int:
    """The number of pages, or Refused: cut off, unreadable, encrypted, lying, too many."""
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise Refused(
            _(
                "「%(name)s」不完整（文件末尾缺少 PDF 结束标记，可能上传中断或导出未完成）；"
                "请重新导出 PDF 后再上传",
                name=name,
            )
        )
    if data.count(b"endobj") > MAX_OBJECTS:
        raise Refused(
            _(
                "「%(name)s」内部对象超过 %(count)s 个，不像是正常的扫描件或导出文件；"
                "请用原软件或扫描 App 重新导出为 PDF 后再上传",
                name=name,
                count=f"{MAX_OBJECTS:,}",
            )
        )
    from pypdf import PdfReader, apply_configuration

    try:
        with apply_configuration(**_BOUNDS):
            reader = PdfReader(io.BytesIO(data), strict=False)
            encrypted = reader.is_encrypted
            if not encrypted:
                tree = reader.trailer["/Root"].get_object()["/Pages"].get_object()
                declared = tree.get("/Count")
                pages = _walk(tree)
    except (Refused, MemoryError):
        raise
    except Exception as error:  # any parser failure means the same thing to the applicant
        raise Refused(_broken(name)) from error
    if encrypted:
        raise Refused(
            _(
                "「%(name)s」设有密码或加密保护，评审时无法打开；请去除密码后重新导出为 PDF 再上传",
                name=name,
            )
        )
    if pages > WALK_LIMIT:
        raise Refused(_too_many(name, _("%(count)s 页以上", count=f"{WALK_LIMIT:,}"), max_pages))
    if declared != pages:
        raise Refused(_broken(name))
    if pages == 0:
        raise Refused(_("「%(name)s」中没有页面；请检查后重新导出为 PDF 再上传", name=name))
    if pages > max_pages:
        raise Refused(_too_many(name, _("%(count)s 页", count=f"{pages:,}"), max_pages))
    return pages


def _walk(root: Any) -> int:
    """Pages under the tree's root, stopping past WALK_LIMIT; a cycle or a flood is broken."""
    pages = 0
    seen: set[Any] = set()
    stack = [root]  # references, resolved one at a time: a long /Kids costs nothing unread
    while stack:
        node = stack.pop().get_object()
        key = _key(node)
        if key in seen or len(seen) >= WALK_NODES:
            raise ValueError("page tree has a cycle or too many nodes")
        seen.add(key)
        kids = node.get("/Kids")
        if kids is None:
            pages += 1
            if pages > WALK_LIMIT:
                return pages
            continue
        stack.extend(reversed(kids.get_object()))
    return pages


def _key(node: Any) -> Any:
    reference = getattr(node, "indirect_reference", None)
    if reference is None:
        return id(node)  # an inline dictionary: held by its parent, so its id stays its own
    return (reference.idnum, reference.generation)


def _too_many(name: str, count: str, max_pages: int) -> str:
    return _(
        "「%(name)s」共 %(count)s，超过 %(limit)s 页的上限；请删减至 %(limit)s 页以内后重新上传",
        name=name,
        count=count,
        limit=f"{max_pages:,}",
    )


def _broken(name: str) -> str:
    return _(
        "「%(name)s」无法读取，文件可能已损坏；请用原软件或扫描 App 重新导出为 PDF 后再上传",
        name=name,
    )
