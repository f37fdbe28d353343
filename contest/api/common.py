"""Helpers shared by the API views: exact JSON numbers and error bodies."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _


class BadRequest(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def json_body() -> dict[str, Any]:
    """The request's JSON object, with numbers parsed as exact decimals (never floats)."""
    try:
        body = json.loads(request.get_data(cache=False) or b"null", parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(_("请求内容不是有效的 JSON")) from None
    if not isinstance(body, dict):
        raise BadRequest(_("请求内容必须是 JSON 对象"))
    return body


def error(code: str, message: str, status: int, **extra: Any):
    return jsonify(error=code, message=message, **extra), status
