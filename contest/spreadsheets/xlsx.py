"""Stream the visible sheets of an .xlsx: cell by cell, hidden rows, columns and formulas noted.

openpyxl (read-only) gives the workbook's parts: sheet names and states, shared strings,
date styles. Each sheet's XML is then walked here element by element, each cell handed to a
`Grid` and dropped at once, so memory follows the filled cells, never the sheet's declared
<dimension> or the position of its farthest cell (pandas padded every row of a sheet with
XFD1 filled to 16,384 columns). Cell values are converted by openpyxl's own parser, as
pandas did before, so what was imported before is imported the same way now.
"""

from __future__ import annotations

import io
import math
from typing import Any

from flask_babel import gettext as _

from contest.spreadsheets import Unreadable
from contest.spreadsheets.grid import Budget, Grid, NamedSheet

_TRUE = ("1", "true")


def read(data: bytes) -> tuple[list[NamedSheet], list[str]]:
    """The visible sheets in tab order, and the names of the hidden ones."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        budget = Budget()
        sheets: list[NamedSheet] = []
        hidden: list[str] = []
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                hidden.append(ws.title)
                continue
            with book._archive.open(ws._worksheet_path) as source:
                sheets.append(_sheet(book, ws.title, source, budget))
        return sheets, hidden
    finally:
        book.close()


def _sheet(book: Any, title: str, source: Any, budget: Budget) -> NamedSheet:
    from openpyxl.worksheet._reader import CELL_TAG, COL_TAG, FORMULA_TAG, ROW_TAG, WorkSheetParser
    from openpyxl.xml.functions import iterparse

    parser = WorkSheetParser(
        None,
        book.shared_strings,
        data_only=True,  # the value Excel last showed; formulas are noted apart
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    grid = Grid(title, budget)
    stack: list[Any] = []
    in_cell = 0  # depth inside a <c>: its children are needed whole until it ends
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            stack.append(element)
            if element.tag == ROW_TAG:
                _start_row(parser, grid, element)
            elif element.tag == CELL_TAG:
                in_cell += 1
            continue
        stack.pop()
        if element.tag == CELL_TAG:
            in_cell -= 1
            _cell(parser, grid, element, element.find(FORMULA_TAG) is not None)
        elif element.tag == COL_TAG:
            _column(grid, element)
        if in_cell:
            continue
        element.clear()
        if stack:  # forget what is done: memory stays at one cell, whatever the file holds
            stack[-1].remove(element)
    return grid.sheet()


def _start_row(parser: Any, grid: Grid, element: Any) -> None:
    number = element.get("r")
    try:
        parser.row_counter = int(number) if number else parser.row_counter + 1
    except ValueError:
        raise _unreadable(grid, parser.row_counter + 1) from None
    parser.col_counter = 0
    if (element.get("hidden") or "").lower() in _TRUE:
        grid.hide(parser.row_counter)


def _column(grid: Grid, element: Any) -> None:
    """A <col min max hidden> of the sheet's <cols>: hidden columns read blank."""
    if (element.get("hidden") or "").lower() not in _TRUE:
        return
    try:
        first, last = int(element.get("min", "")), int(element.get("max", ""))
    except ValueError:
        raise _unreadable(grid, 1) from None
    grid.hide_columns(first, last)


def _cell(parser: Any, grid: Grid, element: Any, formula: bool) -> None:
    from openpyxl.worksheet._reader import VALUE_TAG

    try:
        cell = parser.parse_cell(element)
        text = as_text(cell["value"])
        row, column = int(cell["row"]), int(cell["column"])
    except Exception as error:  # a broken reference, string index or number in the XML
        raise _unreadable(grid, parser.row_counter) from error
    # Excel keeps a formula's result in <v>, with t="str" when it is text (maybe empty);
    # a file written by a program often has an empty <v/> and no result at all.
    kind = element.get("t", "n")
    cached = bool(element.findtext(VALUE_TAG)) or (
        kind in ("str", "s", "b", "e", "inlineStr") and element.find(VALUE_TAG) is not None
    )
    grid.put(row, column, text, formula=formula, cached=cached)


def as_text(value: Any) -> str:
    """A cell's value as text, as pandas gave it before: 12.0 -> "12", a date in full."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)  # "True", "2020-07-20 00:00:00", "#N/A": what pandas gave


def _unreadable(grid: Grid, row: int):
    where = f"「{grid.name}」" if grid.name else ""
    return Unreadable(
        _(
            "工作表%(sheet)s第 %(row)s 行附近有无法读取的单元格，文件可能已损坏；"
            "请用 Excel 打开后另存为新的 .xlsx 文件再导入",
            sheet=where,
            row=row,
        ),
    )
