"""The printable 抽签记录: commitment, witnesses with their signatures, secret, seed, order."""

from __future__ import annotations

from datetime import datetime

from flask import render_template

from contest.exports.audit_csv import shown_time
from contest.season.papers.pdf import font, write


def render(venue, record) -> bytes:
    from contest.extensions import db
    from contest.links import _external
    from contest.roster.qrcards import qr_svg
    from contest.signatures.models import Signature
    from contest.signing.views import image_src

    inks = {
        w["signature_id"]: image_src(db.session.get(Signature, w["signature_id"]))
        for w in record["witnesses"]
        if w["signature_id"]
    }
    check_url = _external("fairdraw.check", venue_id=venue.id)
    html = render_template(
        "fairdraw/record_pdf.html",
        venue=venue,
        record=record,
        inks=inks,
        qr=qr_svg(check_url),
        check_url=check_url,
        drawn_at=shown_time(datetime.fromisoformat(record["drawn_at"])),
    )
    family = font().replace("\\", "\\\\").replace('"', '\\"')
    return write(html, "print_signed_sheet.css", f'body {{ font-family: "{family}", serif; }}')
