"""Read the visible sheets of an old .xls (BIFF) workbook with xlrd, hidden rows noted.

xlrd parses a sheet whole (the file is at most 8 MB), but with ragged rows, so a cell in
column IV does not pad every row to 256 columns; each filled cell then goes through a
`Grid`. xlrd does not say which cells are formulas: their last shown values are imported.
"""

from __future__ import annotations

from typing import Any

from contest.spreadsheets.grid import Budget, Grid, NamedSheet
from contest.spreadsheets.xlsx import as_text


def read(data: bytes) -> tuple[list[NamedSheet], list[str]]:
    """The visible sheets in tab order, and the names of the hidden ones."""
    import xlrd

    book = xlrd.open_workbook(
        file_contents=data, on_demand=True, ragged_rows=True, formatting_info=True
    )
    try:
        budget = Budget()
        sheets: list[NamedSheet] = []
        hidden: list[str] = []
        for index, name in enumerate(book.sheet_names()):
            sheet = book.sheet_by_index(index)
            if sheet.visibility != 0:
                hidden.append(name)
            else:
                sheets.append(_sheet(book, sheet, Grid(name, budget)))
            book.unload_sheet(index)
        return sheets, hidden
    finally:
        book.release_resources()


def _sheet(book: Any, sheet: Any, grid: Grid) -> NamedSheet:
    for r in range(sheet.nrows):
        info = sheet.rowinfo_map.get(r)
        if info is not None and info.hidden:
            grid.hide(r + 1)
        kinds, values = sheet.row_types(r), sheet.row_values(r)
        for c, (kind, value) in enumerate(zip(kinds, values, strict=True)):
            grid.put(r + 1, c + 1, _text(book, kind, value))
    return grid.sheet()


def _text(book: Any, kind: int, value: Any) -> str:
    """As pandas converted xlrd's cells: whole numbers without ".0", dates in full."""
    import xlrd

    if kind == xlrd.XL_CELL_DATE:
        try:
            return str(xlrd.xldate.xldate_as_datetime(value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return as_text(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return str(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    return as_text(value)
