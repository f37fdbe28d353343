"""Certificates as PDF: A4 landscape, one page per awarded team, one PDF for a batch.

Names are printed exactly as stored. Sizes are chosen here, from the text's length, so the
longest company name still fits: CJK glyphs are one em wide, so how many lines a paragraph
takes at a given size is known before WeasyPrint lays it out. As a backstop the body box has
a minimum height with the footer after it in the flow: text that did not fit would push the
footer onto a second page, which is checked after layout, and that certificate is laid out
again one size smaller. Nothing is ever clipped.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template
from markupsafe import Markup

from contest import fonts
from contest.certificates import template
from contest.extensions import db
from contest.models import Contest, NationalSelection, TeamAward
from contest.roster.qrcards import qr_svg

SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif CJK")
# Body sizes in points, largest first; the smallest holds far more than the field limits allow.
SIZES = (26, 24, 22, 20, 18, 16, 14, 12, 11, 10, 9, 8, 7)
# The body box (mm), from print_certificate.css: page area 227 × 164 less title and footer.
BODY_WIDTH = 227.0
BODY_HEIGHT = 100.0
LINE_HEIGHT = 1.8
PT = 25.4 / 72
CHUNK = 10  # certificates laid out at a time: progress moves per chunk
_LOCK = threading.Lock()  # one layout at a time: Pango is not made for parallel use


@dataclass(frozen=True)
class Certificate:
    """What one certificate prints; plain values, so a background job needs no database."""

    team_id: int
    number: str  # blank only in a preview before numbers are assigned
    company: str
    team: str
    grade: str
    contest: str
    year: int
    national: bool
    verify_url: str


def certificates_for(
    contest: Contest, awards: Sequence[TeamAward], *, url_for_number: Callable[[str], str]
) -> list[Certificate]:
    chosen = set(
        db.session.scalars(
            sa.select(NationalSelection.team_id).where(
                NationalSelection.team_id.in_([a.team_id for a in awards]),
                NationalSelection.selected.is_(True),
            )
        )
    )
    return [
        Certificate(
            team_id=award.team_id,
            number=award.certificate_no or "",
            company=award.team.company_name,
            team=award.team.team_name,
            grade=award.grade.name,
            contest=contest.name,
            year=contest.year,
            national=award.team_id in chosen,
            verify_url=url_for_number(award.certificate_no) if award.certificate_no else "",
        )
        for award in awards
    ]


def certificate_font() -> str:
    """A serif Chinese family when installed, else any; raises MissingFontError without one."""
    families = fonts.chinese_families()
    for name in SERIF:
        if name in families:
            return name
    return fonts.require_cjk_font()


def _width(text: str) -> float:
    # In ems: CJK characters and full-width punctuation are 1, Latin letters and digits less.
    return sum(1.0 if ord(ch) > 0x2E7F else 0.62 for ch in text)


def _lines(paragraphs: list[str], size: int) -> int:
    per_line = math.floor(BODY_WIDTH * 0.97 / (size * PT)) - 1  # one spare for line-break rules
    total = 0
    for index, text in enumerate(paragraphs):
        indent = 2 if index else 0  # every paragraph after the addressee is indented 2 em
        total += max(1, math.ceil((_width(text) + indent) / per_line))
    return total


class CertificateTooLong(ValueError):
    """Even the smallest size does not fit one page (the field limits should prevent it)."""

    def __init__(self, which: str) -> None:
        super().__init__(f"证书 {which} 的文字过多，无法排进一页；请缩短证书正文或落款")


NAME_KINDS = ("company", "team")
# A name's own line shrinks point by point (print_certificate.css has a class for each).
NAME_SIZES = tuple(range(SIZES[0], SIZES[-1] - 1, -1))


def name_lines(paragraph: list[template.Segment]) -> list[list[template.Segment]] | None:
    """A paragraph holding the company or team name, split so each name starts its own line.

    Text before a name goes on that name's line, text after the last name (「：」) on the last
    line; None when the paragraph holds neither name and simply flows.
    """
    if not any(s.kind in NAME_KINDS for s in paragraph):
        return None
    lines: list[list[template.Segment]] = []
    pending: list[template.Segment] = []
    for segment in paragraph:
        pending.append(segment)
        if segment.kind in NAME_KINDS:
            lines.append(pending)
            pending = []
    if pending:
        lines[-1].extend(pending)
    return lines


def line_size(text: str, largest: int) -> int:
    """The largest size, at most `largest`, at which `text` fits on one line of the body box."""
    for size in NAME_SIZES:
        if size <= largest and _width(text) * size * PT <= BODY_WIDTH * 0.97:
            return size
    return SIZES[-1]


def _title_size(title: str) -> str:
    if len(title) <= 6:
        return "title-l"
    return "title-m" if len(title) <= 10 else "title-s"


def layout(cert: Certificate, values: dict[str, str], *, shrink: int = 0) -> dict[str, Any]:
    """The certificate's paragraphs and the size classes that make it fit on its page."""
    fields = {
        "企业名称": cert.company,
        "班组名称": cert.team,
        "奖项": cert.grade,
        "比赛名称": cert.contest,
        "年份": str(cert.year),
    }
    paragraphs = template.segments(values["wording"], fields)
    national = values["national_line"].strip() if cert.national else ""
    # Names never wrap: each holds one line of its own, so it counts as one line however long.
    named = sum(len(lines) for p in paragraphs if (lines := name_lines(p)))
    texts = ["".join(s.text for s in p) for p in paragraphs if name_lines(p) is None]
    texts += [national] if national else []
    index = len(SIZES) - 1
    for candidate, size in enumerate(SIZES):
        if (_lines(texts, size) + named) * size * PT * LINE_HEIGHT <= BODY_HEIGHT:
            index = candidate
            break
    index = min(index + shrink, len(SIZES) - 1)
    size = SIZES[index]
    used = (_lines(texts, size) + named) * size * PT * LINE_HEIGHT
    blocks = []
    for paragraph in paragraphs:
        lines = name_lines(paragraph)
        if lines is None:
            blocks.append({"lines": None, "segments": paragraph})
            continue
        sized = [(f"size-{line_size(''.join(s.text for s in line), size)}", line) for line in lines]
        blocks.append({"lines": sized, "segments": paragraph})
    # Centre short texts a little above the middle of the body box, in 5 mm steps.
    pad = max(0, min(8, int((BODY_HEIGHT - used) / 2.4 / 5))) if not shrink else 0
    return {
        "cert": cert,
        "paragraphs": paragraphs,
        "blocks": blocks,
        "national": national,
        "size": f"size-{size}",
        "pad": f"pad-{pad}",
        "title_size": _title_size(values["title"]),
        "qr": _qr(cert.verify_url),
        "smallest": index == len(SIZES) - 1,
    }


def _qr(url: str) -> Markup:
    if not url:
        return Markup("")
    # qrcode names every path id="qr-path"; repeated on each page, WeasyPrint warns of it.
    return Markup(str(qr_svg(url)).replace(' id="qr-path"', ""))  # qrcode's own output


def render_html(sheets: list[dict[str, Any]], values: dict[str, str]) -> str:
    date = template.effective_date(values)
    return render_template(
        "print/certificate.html",
        sheets=sheets,
        title=values["title"],
        issuer=values["issuer"],
        issuer_size="issuer-l" if len(values["issuer"]) <= 12 else "issuer-s",
        date=date,
        date_size="date-l" if len(date) <= 14 else "date-s",
        background=bool(values["background"]),
    )


def background_path(name: str) -> Path | None:
    """The uploaded background image, if set and still on disk."""
    if not name:
        return None
    path = Path(current_app.instance_path) / "certificates" / Path(name).name
    return path if path.is_file() else None


def _stylesheets(family: str, values: dict[str, str]) -> list[Any]:
    import weasyprint

    static = Path(current_app.static_folder or "static")
    quoted = family.replace("\\", "\\\\").replace('"', '\\"')
    rules = f'body {{ font-family: "{quoted}", "Noto Serif CJK SC", serif; }}'
    image = background_path(values["background"])
    if image is not None:
        # The image brings its own frame: drop the drawn one and fill the page with it.
        rules += (
            f' @page {{ border: none; background: url("{image.as_uri()}") center / 100% 100%'
            " no-repeat; }"
        )
    return [
        weasyprint.CSS(filename=str(static / "css" / "print_certificate.css")),
        weasyprint.CSS(string=rules),
    ]


def _document(sheets: list[dict[str, Any]], values: dict[str, str], stylesheets: list[Any]):
    import weasyprint

    html = render_html(sheets, values)
    static = Path(current_app.static_folder or "static")
    return weasyprint.HTML(string=html, base_url=str(static)).render(stylesheets=stylesheets)


def _pages(certs: Sequence[Certificate], values: dict[str, str], stylesheets: list[Any]):
    """Lay out a chunk; any certificate that ran onto a second page is redone smaller."""
    document = _document([layout(c, values) for c in certs], values, stylesheets)
    if len(document.pages) == len(certs):
        return document, list(document.pages)
    pages = []
    for cert in certs:
        shrink = 0
        while True:
            sheet = layout(cert, values, shrink=shrink)
            single = _document([sheet], values, stylesheets)
            if len(single.pages) == 1:
                break
            if sheet["smallest"]:
                raise CertificateTooLong(cert.number or cert.team)
            shrink += 1
        pages.extend(single.pages[:1])
    return document, pages


def render_pdf(
    certs: Sequence[Certificate],
    values: dict[str, str],
    *,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = CHUNK,
) -> bytes:
    """All certificates as one PDF, a page each; `progress(done, total)` after each chunk.

    Raises contest.fonts.MissingFontError when no Chinese font is installed.
    """
    if not certs:
        raise ValueError("no certificates to render")
    family = certificate_font()
    with _LOCK:
        stylesheets = _stylesheets(family, values)
        first = None
        pages: list[Any] = []
        for start in range(0, len(certs), chunk):
            document, chunk_pages = _pages(certs[start : start + chunk], values, stylesheets)
            first = first or document
            pages.extend(chunk_pages)
            if progress is not None:
                progress(min(start + chunk, len(certs)), len(certs))
        # One PDF for every page: the font is subset once, not once per certificate.
        return first.copy(pages).write_pdf()
