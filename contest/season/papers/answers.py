"""A paper as a download: rendered off the event loop, under its Chinese name, never cached."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response
from flask_babel import gettext as _

from contest import offload
from contest.fonts import MissingFontError
from contest.season.papers import registry
from contest.server.errors import answer

TIMEOUT = 120  # seconds: a 1-2 of 9,000 characters takes about 2 s


def download(form_no: str, values: dict[str, Any], fmt: str) -> Response:
    """The rendered paper; 503 in words when no Chinese font is installed for the PDF."""
    mimetype, _suffix = registry.FORMATS[fmt]
    try:
        data, name = offload.in_process(
            registry.render, form_no, values, fmt, app_context=True, timeout=TIMEOUT
        )
    except MissingFontError as error:
        return answer(503, str(error))
    except offload.OffloadError:
        return answer(503, _("生成文件超时，请稍后重试"))
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "no-store"
    return response
