"""The hall's welcome scene beyond the live state: the viewers' QR code, the organiser."""

from __future__ import annotations

from typing import Any

from contest.models import Contest


def welcome_extras(contest: Contest) -> dict[str, Any]:
    """The viewers' page address as a QR code, the organiser's name (from the certificate)
    and logo."""
    from contest.certificates.template import settings_of
    from contest.display.logo import current
    from contest.links import _external
    from contest.roster.qrcards import qr_svg

    url = _external("display.viewer", contest_id=contest.id)
    return {
        "viewer_url": url,
        "qr": qr_svg(url),
        "organiser": settings_of(contest)["issuer"],
        "logo": current(contest),  # a file name, asked for by name so a new one is never stale
    }
