"""Read an uploaded .xlsx, .xls or .csv into sheets of text cells, row numbers kept.

On the live server (gevent) the file is parsed in a child process (contest.offload) under
a time and memory limit: a hostile workbook can then cost that child, never the server that
every hall display and judge phone waits on. The readers stream cells into a `Grid`, which
stops at the row, column and cell limits before anything is laid out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import PurePath

from flask_babel import gettext as _

from contest import offload
from contest.imports.grid import Formula, NamedSheet, Sheet
from contest.imports.report import ImportRefused, refuse

MAX_BYTES = 8 * 1024 * 1024  # the app's MAX_CONTENT_LENGTH; the CLI keeps to it too
# An .xlsx is a zip: a few KB can unpack to gigabytes. A real form unpacks to well under this.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
PARSE_SECONDS = 60.0  # a real form takes well under a second
PARSE_MEMORY = 1024 * 1024 * 1024  # the child's address space (RLIMIT_AS); a form needs ~150 MB
_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")

__all__ = ["Book", "Formula", "NamedSheet", "Sheet", "read_book", "read_in_child"]


@dataclass(frozen=True)
class Book:
    """The visible sheets of a file, in tab order, and the hidden ones it skipped."""

    sheets: list[NamedSheet]
    hidden: list[str] = field(default_factory=list)


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    """Every visible sheet, each a list of rows of strings; row i is Excel's row i + 1."""
    return [sheet.rows for sheet in read_book(data, filename).sheets]


def read_book(data: bytes, filename: str) -> Book:
    """The visible sheets with their names; in a child process on the live server."""
    _check(data, filename)
    if not offload.offloading():  # the CLI and the tests' threading mode
        return parse_book(data, filename)
    return _guarded(
        lambda: offload.in_process(
            parse_book, data, filename, timeout=PARSE_SECONDS, memory=PARSE_MEMORY
        )
    )


def read_in_child(
    data: bytes, filename: str, *, timeout: float = PARSE_SECONDS, memory: int = PARSE_MEMORY
) -> Book:
    """`read_book` in a child process whatever the mode, under these limits."""
    _check(data, filename)
    return _guarded(
        lambda: offload.child(parse_book, (data, filename), timeout=timeout, memory=memory)
    )


def _check(data: bytes, filename: str) -> None:
    if len(data) > MAX_BYTES:
        raise refuse(None, None, _("文件超过 8 MB，请删去无关的工作表或图片后再导入"))
    if PurePath(filename).suffix.lower() not in _SUFFIXES:
        raise refuse(None, None, _("不支持这种文件：请使用 .xlsx、.xls 或 .csv 文件"))


def _guarded(read) -> Book:
    """The child's answer, or a refusal in Chinese when it ran out of time or memory."""
    try:
        return read()
    except (offload.OffloadError, MemoryError) as error:
        if "timed out" in str(error):
            message = _(
                "读取这个文件超过 %(n)s 秒仍未完成，已停止；文件中可能有大量空白格式或隐藏内容，"
                "请只把表格复制到新的工作簿，另存为 .xlsx 后再导入",
                n=int(PARSE_SECONDS),
            )
        else:
            message = _(
                "读取这个文件所需的内存超出上限，已停止；文件中可能有大量空白格式或隐藏内容，"
                "请只把表格复制到新的工作簿，另存为 .xlsx 后再导入"
            )
        raise refuse(None, None, message) from error


def parse_book(data: bytes, filename: str) -> Book:
    """The visible sheets, read here; hidden and very hidden sheets are listed apart."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        from contest.imports import csvsheet

        return Book([csvsheet.read(data)])
    if suffix in (".xlsx", ".xlsm"):
        _refuse_zip_bomb(data)
        from contest.imports import xlsx as reader
    else:
        from contest.imports import xls as reader
    try:
        sheets, hidden = reader.read(data)
    except ImportRefused:
        raise
    except MemoryError:
        raise
    except Exception as error:  # any parser failure means the same thing to the user
        raise refuse(
            None, None, _("无法读取这个 Excel 文件：文件可能已损坏，或扩展名与格式不符")
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
        raise refuse(
            None, None, _("文件解压后超过 64 MB，不像是报名表；请只保留报名表工作表后再导入")
        )
