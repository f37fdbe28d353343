"""A judge's signed 评分表 as PDF: the sheet as signed, the ink, the hash, each version."""

from __future__ import annotations

from flask import render_template

from contest.models import Judge
from contest.season.papers.model import fits, names_size
from contest.season.papers.pdf import font, size_class, write
from contest.signatures.models import Signature
from contest.signatures.store import verify

COMPANY_MM, TEAM_MM = 88.0, 58.0
SIZES = (10.5, 10.0, 9.0, 8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)


def judge_sheet(judge: Judge, signatures: list[Signature]) -> bytes:
    """One page (or more) per signature, newest first; superseded ones marked as such."""
    from contest.exports.audit_csv import shown_time
    from contest.signing.views import image_src

    versions = []
    for signature in reversed(signatures):
        sheet = signature.payload
        companies = [t["company_name"] for t in sheet["teams"]]
        teams = [t["team_name"] for t in sheet["teams"]]
        versions.append(
            {
                "signature": signature,
                "sheet": sheet,
                "intact": verify(signature, sheet),
                "company_class": _class(companies, COMPANY_MM),
                "team_class": _class(teams, TEAM_MM),
            }
        )
    html = render_template(
        "signing/sheet_pdf.html",
        judge=judge,
        versions=versions,
        shown=shown_time,
        image_src=image_src,
    )
    family = font().replace("\\", "\\\\").replace('"', '\\"')
    rules = [f'body {{ font-family: "{family}", "Noto Serif CJK SC", serif; }}']
    rules += [f"td.{size_class(size)} {{ font-size: {size}pt; }}" for size in SIZES]
    return write(html, "print_signed_sheet.css", "\n".join(rules))


def _class(names: list[str], width: float) -> str:
    """One size for a column of names: each on one line, as large as fits."""
    size = names_size(names, width) if names else SIZES[0]
    chosen = size_class(size)
    return chosen if all(fits(name, width) for name in names) else chosen + " wrap"


def venue_summary(venue, found) -> bytes:
    """The venue's 评分汇总表: results, judges' totals, the signatures, the log head, a QR."""
    from contest.audit import head_line
    from contest.exports.audit_csv import shown_time
    from contest.links import _external
    from contest.roster.qrcards import qr_svg
    from contest.signing.views import image_src

    rows = found.payload["results"]
    check_url = _external("signing.summary_check", venue_id=venue.id, sheet_hash=found.payload_hash)
    html = render_template(
        "signing/summary_pdf.html",
        venue=venue,
        s=found,
        rows=rows,
        by_judge=[{m["judge"]: m for m in row["marks"]} for row in rows],
        company_class=_class([r["team"]["company_name"] for r in rows], SUMMARY_COMPANY_MM),
        team_class=_class([r["team"]["team_name"] for r in rows], SUMMARY_TEAM_MM),
        head=head_line(),
        qr=qr_svg(check_url),
        check_url=check_url,
        shown=shown_time,
        image_src=image_src,
    )
    family = font().replace("\\", "\\\\").replace('"', '\\"')
    rules = [f'body {{ font-family: "{family}", "Noto Serif CJK SC", serif; }}']
    rules += [f"td.{size_class(size)} {{ font-size: {size}pt; }}" for size in SIZES]
    return write(html, "print_signed_sheet.css", "\n".join(rules))


SUMMARY_COMPANY_MM, SUMMARY_TEAM_MM = 70.0, 48.0
