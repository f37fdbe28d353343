"""Read an uploaded .xlsx, .xls or .csv into sheets of text cells: what Excel shows, bounded.

No Flask app, no database: `read(data, filename)` runs in the live server's child process
(contest.offload, through contest.imports.reader), so importing this package must stay
light; the child starts for every upload. Cells stream into a `grid.Grid`, which stops at
the row, column, cell-length and cell-count limits before a sheet is laid out. Hidden
sheets are skipped by name, hidden rows read blank (their numbers noted), formula cells
noted with whether the file kept the value Excel showed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from flask_babel import gettext as _

if TYPE_CHECKING:
    from contest.spreadsheets.grid import NamedSheet

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
# An .xlsx is a zip: a few KB can unpack to gigabytes. A real form unpacks to well under this.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024


class Unreadable(Exception):
    """The file cannot be read as it is; the message, in Chinese, says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Book:
    """The visible sheets of a file, in tab order, and the hidden ones it skipped."""

    sheets: list[NamedSheet]
    hidden: list[str] = field(default_factory=list)


def read(data: bytes, filename: str) -> Book:
    """The visible sheets, read here; hidden and very hidden sheets are listed apart."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        from contest.spreadsheets import csvfile

        return Book([csvfile.read(data)])
    if suffix in (".xlsx", ".xlsm"):
        _refuse_zip_bomb(data)
        from contest.spreadsheets import xlsx as reader
    elif suffix == ".xls":
        from contest.spreadsheets import xls as reader
    else:
        raise Unreadable(_("不支持这种文件：请使用 .xlsx、.xls 或 .csv 文件"))
    try:
        sheets, hidden = reader.read(data)
    except (Unreadable, MemoryError):
        raise
    except Exception as error:  # any parser failure means the same thing to the user
        raise Unreadable(
            _("无法读取这个 Excel 文件：文件可能已损坏，或扩展名与格式不符")
        ) from error
    return Book(sheets, hidden)


def _refuse_zip_bomb(data: bytes) -> None:
    """Refuse a workbook that would unpack to more than MAX_UNPACKED_BYTES, before reading it."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: the Excel reader gives its own message
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unreadable(_("文件解压后超过 64 MB，不像是报名表；请只保留报名表工作表后再导入"))
