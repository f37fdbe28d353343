"""Read an uploaded .xlsx, .xls or .csv into sheets of text cells, row numbers kept."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from flask_babel import gettext as _

from contest.imports.report import refuse

MAX_BYTES = 8 * 1024 * 1024  # the app's MAX_CONTENT_LENGTH; the CLI keeps to it too
# An .xlsx is a zip: a few KB can unpack to gigabytes. A real form unpacks to well under this.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
Sheet = list[list[str]]


@dataclass(frozen=True)
class NamedSheet:
    """One visible sheet: its tab name ("" for a CSV file) and its rows."""

    name: str
    rows: Sheet


@dataclass(frozen=True)
class Book:
    """The visible sheets of a file, in tab order, and the hidden ones it skipped."""

    sheets: list[NamedSheet]
    hidden: list[str] = field(default_factory=list)


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    """Every visible sheet, each a list of rows of strings; row i is Excel's row i + 1."""
    return [sheet.rows for sheet in read_book(data, filename).sheets]


def read_book(data: bytes, filename: str) -> Book:
    """The visible sheets with their names; hidden and very hidden sheets are listed apart."""
    if len(data) > MAX_BYTES:
        raise refuse(None, None, _("文件超过 8 MB，请删去无关的工作表或图片后再导入"))
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _refuse_zip_bomb(data)
        return _excel(data, "openpyxl")
    if suffix == ".xls":
        return _excel(data, "xlrd")
    if suffix == ".csv":
        return Book([NamedSheet("", _csv(data))])
    raise refuse(None, None, _("不支持这种文件：请使用 .xlsx、.xls 或 .csv 文件"))


def _refuse_zip_bomb(data: bytes) -> None:
    """Refuse a workbook that would unpack to more than MAX_UNPACKED_BYTES, before reading it."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: the Excel reader gives its own message
    if unpacked > MAX_UNPACKED_BYTES:
        raise refuse(
            None, None, _("文件解压后超过 64 MB，不像是报名表；请只保留报名表工作表后再导入")
        )


def _states(data: bytes, engine: str) -> dict[str, bool]:
    """Sheet name -> visible, in tab order."""
    if engine == "openpyxl":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        try:
            return {ws.title: ws.sheet_state == "visible" for ws in book.worksheets}
        finally:
            book.close()
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    return {sheet.name: sheet.visibility == 0 for sheet in book.sheets()}


def _excel(data: bytes, engine: str) -> Book:
    import pandas as pd

    try:
        states = _states(data, engine)
        visible = [name for name, shown in states.items() if shown]
        frames = pd.read_excel(
            io.BytesIO(data),
            sheet_name=visible,
            header=None,
            dtype=str,
            na_filter=False,  # "NA", "无", "" stay text; a name is never turned into NaN
            engine=engine,
        )
    except Exception as error:  # any parser failure means the same thing to the user
        raise refuse(
            None, None, _("无法读取这个 Excel 文件：文件可能已损坏，或扩展名与格式不符")
        ) from error
    # pandas keeps leading blank rows, so list index i is Excel row i + 1.
    sheets = [NamedSheet(name, frames[name].to_numpy().tolist()) for name in visible]
    return Book(sheets, [name for name, shown in states.items() if not shown])


def _csv(data: bytes) -> Sheet:
    # The standard csv module, not pandas: a title row with one cell above a wider header,
    # or blank lines at the top, must neither fail nor shift the row numbers.
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows writes GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise refuse(None, None, _("无法识别 CSV 文件的编码，请另存为 UTF-8 或 .xlsx 文件"))
    head = text[:4096]
    delimiter = "\t" if "\t" in head and "," not in head else ","  # Excel's "Unicode text"
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
