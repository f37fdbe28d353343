"""Hostile and tricky spreadsheets, generated here (never committed), for the import tests."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

import openpyxl

HEADER = ["企业名称", "班组名称", "班组人数"]


def padded(rows: int, *, styled_only: bool = False) -> bytes:
    """A header A1-F1 with XFD1 filled (or only styled), and `rows` rows: ~1.6 KB for 300."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    far = openpyxl.cell.WriteOnlyCell(sheet, value=None if styled_only else "x")
    far.font = openpyxl.styles.Font(bold=True)
    sheet.append([*HEADER, "分会场", "形式", "序号", *([None] * (16384 - 7)), far])
    for i in range(rows):
        sheet.append([f"公司{i}", f"班组{i}", 5])
    return _saved(book)


def many_rows(rows: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append([f"公司{i}", f"班组{i}", 5])
    return _saved(book)


def workbook(rows: Sequence[Sequence[object]], *, hidden_rows: Sequence[int] = ()) -> bytes:
    """One visible sheet "Sheet1" with `rows` from A1; Excel rows `hidden_rows` hidden."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(list(row))
    for number in hidden_rows:
        sheet.row_dimensions[number].hidden = True
    return _saved(book)


def _saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patched(data: bytes, member: str, old: str, new: str, *, count: int = 1) -> bytes:
    """The workbook with `old` replaced by `new` in one of its XML parts (exactly `count`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == member:
                text = body.decode()
                assert text.count(old) == count, (old, text)
                body = text.replace(old, new).encode()
            target.writestr(item, body)
    return out.getvalue()


def with_dimension(data: bytes, reference: str) -> bytes:
    """The first sheet declaring `reference` as its <dimension>, whatever it really holds."""
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        text = source.read(sheet).decode()
    declared = re.search(r'<dimension ref="[^"]*"\s*/>', text).group(0)
    return patched(data, sheet, declared, f'<dimension ref="{reference}"/>')
