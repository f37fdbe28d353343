"""Rows as plain values for an archive: JSON entries and xlsx sheets, formula-safe."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa

SECRET_COLUMNS = {
    "access_key", "password_hash", "session_stamp", "fallback_code", "key_hash", "code_hash",
}  # fmt: skip


def plain(value: Any) -> Any:
    """A stored value as JSON holds it: times ISO 8601, decimals and enums as text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def row(obj: Any) -> dict[str, Any]:
    """One model row, every column but secrets (judges' and reviewers' keys never leave)."""
    return {
        column.key: plain(getattr(obj, column.key))
        for column in sa.inspect(type(obj)).columns
        if column.key not in SECRET_COLUMNS
    }


def rows(objs: Iterable[Any]) -> list[dict[str, Any]]:
    return [row(obj) for obj in objs]


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, int | Decimal) and not isinstance(value, bool)):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def workbook(sheets: Sequence[tuple[str, list[dict[str, Any]]]]) -> bytes:
    """One sheet per (title, rows); the header is the rows' keys in Chinese (as the reader
    shows them), every text cell guarded."""
    import openpyxl

    from contest.archive.labels import header
    from contest.exports.safety import put, sheet_title

    book = openpyxl.Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for title, found in sheets:
        ws = book.create_sheet(sheet_title(title, taken))
        columns = list(found[0]) if found else []
        for column, name in enumerate(columns, 1):
            put(ws, 1, column, header(name))
        for number, record in enumerate(found, 2):
            for column, name in enumerate(columns, 1):
                put(ws, number, column, _cell(record.get(name)))
    if not book.worksheets:
        book.create_sheet("空")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
