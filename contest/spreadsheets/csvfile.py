"""Read a .csv upload as one sheet, record by record, within the limits of a `Grid`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask_babel import gettext as _

from contest.spreadsheets import Unreadable
from contest.spreadsheets.grid import MAX_CELL_CHARS, Budget, Grid, NamedSheet

# One physical line: a cell may be 32,767 characters; a line of 8 MB of commas would make
# a list of millions of empty fields before any limit could look at it.
MAX_LINE_CHARS = 4 * MAX_CELL_CHARS


def read(data: bytes) -> NamedSheet:
    # The standard csv module, not pandas: a title row with one cell above a wider header,
    # or blank lines at the top, must neither fail nor shift the row numbers.
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows writes GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Unreadable(_("无法识别 CSV 文件的编码，请另存为 UTF-8 或 .xlsx 文件"))
    head = text[:4096]
    delimiter = "\t" if "\t" in head and "," not in head else ","  # Excel's "Unicode text"
    grid = Grid("", Budget(), widths={})
    records = csv.reader(_lines(text), delimiter=delimiter)
    line = 1  # where the record being read starts: a quoted field may span lines
    try:
        for number, record in enumerate(records, 1):
            grid.record(number, len(record))
            for column, value in enumerate(record, 1):
                grid.put(number, column, value)
            line = records.line_num + 1
    except csv.Error as error:
        raise _broken(line, str(error)) from error
    return grid.sheet()


def _lines(text: str) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=""), 1):
        if len(line) > MAX_LINE_CHARS:
            raise _long(number)
        yield line


def _long(line: int):
    return Unreadable(
        _(
            "CSV 文件第 %(line)s 行过长：一格最多 %(max)s 个字符；"
            "请检查这一行是否粘贴了多余的内容，或用 Excel 打开后另存为 .xlsx 再导入",
            line=line,
            max=MAX_CELL_CHARS,
        ),
    )


def _broken(line: int, reason: str):
    if "field larger than field limit" in reason:
        return _long(line)
    return Unreadable(
        _(
            "CSV 文件第 %(line)s 行无法读取（引号或分隔符有误）；"
            "请用 Excel 打开后另存为 .xlsx 再导入",
            line=line,
        ),
    )
