"""Locale selection: Simplified Chinese first; a second language needs only a catalogue."""

from __future__ import annotations

from flask import has_request_context, request

SUPPORTED = ("zh_Hans_CN",)


def select_locale() -> str:
    """Use ?lang= when it names a supported locale, otherwise Simplified Chinese."""
    if not has_request_context():  # CLI commands and services called from tests
        return SUPPORTED[0]
    wanted = request.args.get("lang", "")
    return wanted if wanted in SUPPORTED else SUPPORTED[0]
