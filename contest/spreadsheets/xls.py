"""Read the visible sheets of an old .xls (BIFF) workbook with xlrd: hidden rows, columns and
formulas noted.

xlrd parses a sheet whole (the file is at most 8 MB), but with ragged rows, so a cell in
column IV does not pad every row to 256 columns; each filled cell then goes through a
`Grid`. xlrd keeps a formula's last shown value but not that it was a formula, so the
sheet's FORMULA records are found here by walking its part of the workbook stream.
"""

from __future__ import annotations

import struct
from typing import Any

from contest.spreadsheets.grid import Budget, Grid, NamedSheet
from contest.spreadsheets.xlsx import as_text

# BIFF record types: FORMULA as written by BIFF5-8, BIFF3 and BIFF4; the BOF of each BIFF
# version (a chart inside a sheet is a substream of its own); EOF.
_FORMULA = (0x0006, 0x0206, 0x0406)
_BOF = (0x0809, 0x0209, 0x0409, 0x0009)
_EOF = 0x000A


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
                formulas = formula_cells(book.mem, book._sh_abs_posn[index])
                sheets.append(_sheet(book, sheet, Grid(name, budget), formulas))
            book.unload_sheet(index)
        return sheets, hidden
    finally:
        book.release_resources()


def formula_cells(stream: bytes, start: int) -> set[tuple[int, int]]:
    """(row, column), 0-based, of every FORMULA record of the sheet whose BOF is at `start`."""
    found: set[tuple[int, int]] = set()
    depth, position, end = 0, start, len(stream)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        body = position + 4
        if kind in _BOF:
            depth += 1
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif kind in _FORMULA and depth == 1 and length >= 4 and body + 4 <= end:
            found.add(struct.unpack_from("<HH", stream, body))
        position = body + length
    return found


def _sheet(
    book: Any, sheet: Any, grid: Grid, formulas: set[tuple[int, int]] = frozenset()
) -> NamedSheet:
    for column, info in getattr(sheet, "colinfo_map", {}).items():
        if info.hidden:
            grid.hide_columns(column + 1, column + 1)
    for r in range(sheet.nrows):
        info = sheet.rowinfo_map.get(r)
        if info is not None and info.hidden:
            grid.hide(r + 1)
        kinds, values = sheet.row_types(r), sheet.row_values(r)
        for c, (kind, value) in enumerate(zip(kinds, values, strict=True)):
            text, formula = _text(book, kind, value), (r, c) in formulas
            # Excel keeps the value a formula showed and xlrd gives it; a program that wrote
            # the file may have left it empty, which reads as "no saved result".
            grid.put(r + 1, c + 1, text, formula=formula, cached=bool(text) or not formula)
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
