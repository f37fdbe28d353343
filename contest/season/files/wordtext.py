"""The text of a .docx body as Word counts it: paragraphs and tables, not text boxes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TAB, _BR, _CR = _W + "p", _W + "t", _W + "tab", _W + "br", _W + "cr"
_TEXTBOX = _W + "txbxContent"


def paragraphs(data: bytes) -> list[str]:
    """Each paragraph's text in document order, table cells (nested too) included."""
    import docx

    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(_pieces(p)) for p in body.iter(_P) if not _in_textbox(p)]


def _in_textbox(paragraph: Any) -> bool:
    # A text box's text is stored twice (the drawing and its VML fallback), and Word's 字数
    # leaves text boxes out unless asked; they are left out here too.
    return any(ancestor.tag == _TEXTBOX for ancestor in paragraph.iterancestors())


def _pieces(element: Any) -> Iterator[str]:
    """The paragraph's own text: w:t in runs, hyperlinks, fields and tracked insertions.

    Written out rather than python-docx's `Paragraph.text`, which reads only the runs that
    are direct children and so misses text inside w:ins (track changes) and w:sdt (content
    controls, common in filled-in templates). w:delText (deleted text) is never read.
    """
    for child in element:
        tag = child.tag
        if tag == _T:
            yield child.text or ""
        elif tag == _TAB:
            yield "\t"
        elif tag in (_BR, _CR):
            yield "\n"
        elif tag in (_P, _TEXTBOX):
            continue  # a text box anchored in this paragraph: not its text
        elif isinstance(tag, str):  # comments and processing instructions have no text
            yield from _pieces(child)
