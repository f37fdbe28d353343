"""A paper as PDF: WeasyPrint lays out templates/papers/paper.html with a Chinese serif font
(宋体's look, as the notice's forms), the QR code drawn as SVG on every page.

Needs an app context (templates) and no database; run it through contest.offload.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup

from contest import fonts
from contest.roster.qrcards import qr_svg
from contest.season.papers.model import NAME_SIZES, Cell, Paper, fits, names_size

SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif CJK")
_LOCK = threading.Lock()  # one layout at a time: Pango is not made for parallel use


def font() -> str:
    """A serif Chinese family when installed, else any; raises MissingFontError without one."""
    families = fonts.chinese_families()
    return next((name for name in SERIF if name in families), None) or fonts.require_cjk_font()


def size_class(size: float) -> str:
    return "s" + f"{size:g}".replace(".", "_")


def name_class(paper: Paper, row: tuple[Cell, ...], index: int) -> str:
    """The size class of a name cell: one line, as large as fits; `wrap` only past the least."""
    width = paper.width(row, index)
    cell = row[index]
    texts = [line.text for line in cell.lines] if cell.kind == "names" else [cell.text]
    chosen = size_class(names_size(texts, width))
    return chosen if all(fits(text, width) for text in texts) else chosen + " wrap"


def _rules(paper: Paper, family: str) -> str:
    quoted = family.replace("\\", "\\\\").replace('"', '\\"')
    rules = [f'body {{ font-family: "{quoted}", "Noto Serif CJK SC", serif; }}']
    rules += [f"col.w{i} {{ width: {width}mm; }}" for i, width in enumerate(paper.columns)]
    rules += [f"td.{size_class(size)} {{ font-size: {size}pt; }}" for size in NAME_SIZES]
    heights = {cell.height_mm for row in paper.rows for cell in row if cell.height_mm}
    rules += [f"td.h{int(h)} {{ height: {int(h)}mm; }}" for h in heights]
    return "\n".join(rules)


def render(paper: Paper) -> bytes:
    """The paper as one PDF. Raises contest.fonts.MissingFontError without a Chinese font."""
    family = font()
    # qrcode names every path id="qr-path"; repeated on each page, WeasyPrint warns of it.
    qr = Markup(str(qr_svg(paper.code)).replace(' id="qr-path"', ""))  # qrcode's own output
    html = render_template("papers/paper.html", paper=paper, qr=qr, name_class=name_class)
    return write(html, "print_paper.css", _rules(paper, family))


def write(html: str, sheet: str, rules: str) -> bytes:
    """HTML to PDF with static/css/<sheet> and extra rules, one layout at a time.

    Also lays out the 形式审查报告 (contest/season/staff/report_pdf.py)."""
    import weasyprint

    static = Path(current_app.static_folder or "static")
    with _LOCK:
        return weasyprint.HTML(string=html, base_url=str(static)).write_pdf(
            stylesheets=[
                weasyprint.CSS(filename=str(static / "css" / sheet)),
                weasyprint.CSS(string=rules),
            ]
        )
