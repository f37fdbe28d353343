"""Printable QR cards for judges' personal links: A4 portrait, 2 × 4 cards per page.

Each card carries the contest and venue, 评委N and the judge's name, the QR code of the
personal URL, and the short fallback code to type when the QR code cannot be scanned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from markupsafe import Markup

from contest import offload
from contest.fonts import require_cjk_font
from contest.models import Judge
from contest.roster.judges import spaced_code

COLUMNS = 2
ROWS = 4
PER_PAGE = COLUMNS * ROWS


def qr_svg(url: str) -> Markup:
    """The QR code of `url` as an inline <svg> element (qrcode's path image; no Pillow)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    from qrcode.image.svg import SvgPathImage

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2)
    code.add_data(url)
    code.make(fit=True)
    svg = code.make_image(image_factory=SvgPathImage).to_string(encoding="unicode")
    # The printed size comes from print_cards.css (.qr svg); drop the fixed one.
    head, rest = svg.split(">", 1)
    head = " ".join(part for part in head.split(" ") if not part.startswith(("width=", "height=")))
    return Markup(head + ' class="qr-code" role="img">' + rest)  # qrcode's own output


def name_size(name: str) -> str:
    """A CSS class that keeps long names on the card (50 characters at most are stored)."""
    # Latin letters take about half the width of a Chinese character.
    width = sum(1 if ord(ch) > 0x2E7F else 0.55 for ch in name)
    if width <= 4:
        return "name-xl"
    if width <= 7:
        return "name-l"
    if width <= 14:
        return "name-m"
    return "name-s"


def _card(judge: Judge, url: str) -> dict[str, Any]:
    """What one card prints, as plain values: the QR code is drawn where the page is laid out."""
    return {
        "contest": judge.contest.name,
        "venue": judge.venue.name if judge.venue else "",
        "label": judge.label,
        "name": judge.name,
        "name_size": name_size(judge.name),
        "url": url,
        "code": spaced_code(judge.fallback_code),
    }


def _pages(cards: Sequence[dict[str, Any]]) -> list[list[list[dict[str, Any] | None]]]:
    """Cards in pages of ROWS rows of COLUMNS cells; the last page is padded with None."""
    pages = []
    for start in range(0, len(cards), PER_PAGE):
        chunk: list[dict[str, Any] | None] = list(cards[start : start + PER_PAGE])
        chunk += [None] * (-len(chunk) % COLUMNS)
        pages.append([chunk[i : i + COLUMNS] for i in range(0, len(chunk), COLUMNS)])
    return pages


def render_cards(
    judges: Iterable[Judge],
    *,
    url_for_judge: Callable[[Judge], str],
    code_url: str | None = None,
) -> bytes:
    """The cards as one PDF. Raises contest.fonts.MissingFontError without a Chinese font.

    The QR codes are drawn and the pages laid out in a child process under gevent
    (contest.offload): the live screens keep running meanwhile.
    """
    cards = [_card(judge, url_for_judge(judge)) for judge in judges]
    return offload.in_process(cards_pdf, cards, code_url=code_url, app_context=True)


def cards_pdf(cards: Sequence[dict[str, Any]], *, code_url: str | None = None) -> bytes:
    """The PDF of these cards (plain values from `_card`); needs an app context, no database."""
    family = require_cjk_font()
    import weasyprint

    drawn = [{**card, "qr": qr_svg(card["url"])} for card in cards]
    html = render_template("print/judge_cards.html", pages=_pages(drawn), code_url=code_url)
    static = Path(current_app.static_folder or "static")
    stylesheets = [
        weasyprint.CSS(filename=str(static / "css" / "print_cards.css")),
        # The family fontconfig actually has goes first, ahead of the stylesheet's list.
        weasyprint.CSS(string=_font_rule(family)),
    ]
    document = weasyprint.HTML(string=html, base_url=str(static))
    return document.write_pdf(stylesheets=stylesheets)


def _font_rule(family: str) -> str:
    quoted = family.replace("\\", "\\\\").replace('"', '\\"')
    return f'body {{ font-family: "{quoted}", "Noto Sans CJK SC", sans-serif; }}'
