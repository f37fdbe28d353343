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
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep
        raise BadRequest(_("请求内容不是有效的 JSON")) from None
    if not isinstance(body, dict):
        raise BadRequest(_("请求内容必须是 JSON 对象"))
    if not all(_storable(text) for text in _strings(body)):
        raise BadRequest(_("请求内容包含无效字符"))
    return body


def _strings(value: object):
    """Every string in a parsed JSON value, keys included (iterative: any depth json allows)."""
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def _storable(text: str) -> bool:
    """No NUL (PostgreSQL text refuses it) and no lone surrogate (not encodable as UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def error(code: str, message: str, status: int, **extra: Any):
    return jsonify(error=code, message=message, **extra), status
