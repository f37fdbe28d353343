"""The file of an import as sheets of text cells: read in a child process on the live server.

On serve.py (gevent) `contest.spreadsheets.read` runs in a child process (contest.offload)
under a time and a memory limit: a hostile workbook then costs that child, never the server
that every hall display and judge phone waits on. Elsewhere (the CLI, the tests' threading
mode) it runs here. Whatever the file does, the answer is a Book or an ImportRefused with
a Chinese message saying what to do.
"""

from __future__ import annotations

from pathlib import PurePath

from flask_babel import gettext as _

from contest import offload
from contest.imports.report import refuse
from contest.spreadsheets import MAX_UNPACKED_BYTES, SUFFIXES, Book, Unreadable, read
from contest.spreadsheets.grid import Formula, NamedSheet, Sheet

MAX_BYTES = 8 * 1024 * 1024  # the app's MAX_CONTENT_LENGTH; the CLI keeps to it too
PARSE_SECONDS = 60.0  # a real form takes well under a second
PARSE_MEMORY = 1024 * 1024 * 1024  # the child's address space (RLIMIT_AS)

__all__ = [
    "MAX_UNPACKED_BYTES",
    "Book",
    "Formula",
    "NamedSheet",
    "Sheet",
    "read_book",
    "read_in_child",
    "read_sheets",
]


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    """Every visible sheet, each a list of rows of strings; row i is Excel's row i + 1."""
    return [sheet.rows for sheet in read_book(data, filename).sheets]


def read_book(data: bytes, filename: str) -> Book:
    """The visible sheets with their names; in a child process on the live server."""
    _check(data, filename)
    if not offload.offloading():
        return _refused(lambda: read(data, filename), PARSE_SECONDS)
    return _refused(
        lambda: offload.in_process(
            read, data, filename, timeout=PARSE_SECONDS, memory=PARSE_MEMORY
        ),
        PARSE_SECONDS,
    )


def read_in_child(
    data: bytes, filename: str, *, timeout: float = PARSE_SECONDS, memory: int = PARSE_MEMORY
) -> Book:
    """`read_book` in a child process whatever the mode, under these limits."""
    _check(data, filename)
    return _refused(
        lambda: offload.child(read, (data, filename), timeout=timeout, memory=memory),
        timeout,
    )


def _check(data: bytes, filename: str) -> None:
    """Refused before any reading or child process: too big, or not a spreadsheet."""
    if len(data) > MAX_BYTES:
        raise refuse(None, None, _("文件超过 8 MB，请删去无关的工作表或图片后再导入"))
    if PurePath(filename).suffix.lower() not in SUFFIXES:
        raise refuse(None, None, _("不支持这种文件：请使用 .xlsx、.xls 或 .csv 文件"))


def _refused(read_it, timeout: float) -> Book:
    """The book, or ImportRefused with the reader's message or the child's fate in Chinese."""
    try:
        return read_it()
    except Unreadable as error:
        raise refuse(None, None, error.message) from error
    except (offload.OffloadError, MemoryError) as error:
        if "timed out" in str(error):
            message = _(
                "读取这个文件超过 %(n)s 秒仍未完成，已停止；文件中可能有大量空白格式或隐藏内容，"
                "请只把表格复制到新的工作簿，另存为 .xlsx 后再导入",
                n=f"{timeout:g}",
            )
        else:
            message = _(
                "读取这个文件所需的内存超出上限，已停止；文件中可能有大量空白格式或隐藏内容，"
                "请只把表格复制到新的工作簿，另存为 .xlsx 后再导入"
            )
        raise refuse(None, None, message) from error
