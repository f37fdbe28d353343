"""What the season's staff pages answer besides pages: a workbook download, a chosen venue."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response

from contest.exports import XLSX
from contest.extensions import db
from contest.models import Venue


def workbook(data: bytes, name: str) -> Response:
    """An .xlsx to download under its Chinese name, never cached (names and results)."""
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "no-store"
    return response


def chosen_venue(value: str) -> Venue | None:
    """The venue a form's select named, or None."""
    return db.session.get(Venue, int(value)) if value.isdigit() else None
