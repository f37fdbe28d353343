"""One sheet's cells as they stream in from a file, refused the moment it passes a limit.

The readers (.xlsx, .xls, .csv) never build a sheet from its declared size: they hand each
filled cell to a `Grid`, which refuses a cell outside the first MAX_SHEET_ROWS rows and
MAX_COLUMNS columns, a cell longer than Excel allows, or a file with more filled cells than
any form has, before anything else is kept. Only then is the sheet laid out as rows of text
cells, as wide as its widest filled row (a styled but empty XFD1 costs nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from contest.spreadsheets import Unreadable

MAX_SHEET_ROWS = 5000  # title rows + 2000 teams + the judges part + footers, with room to spare
MAX_COLUMNS = 100  # up to column CV: 30 score items and every column a form has fit well
MAX_CELLS = 200_000  # filled cells in the whole file: 2000 rows x 15 columns is 30,000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
Sheet = list[list[str]]


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula: where it is and whether the file kept the value Excel shows."""

    row: int  # Excel's row number
    column: int  # 0-based, as in the rows of a sheet
    reference: str  # "D5"
    cached: bool


@dataclass(frozen=True)
class NamedSheet:
    """One visible sheet: its tab name ("" for a CSV file) and its rows.

    Hidden rows and columns read blank (numbers kept); `hidden_rows` lists the rows that had
    content, `hidden_columns` the letters of the columns that had content.
    """

    name: str
    rows: Sheet
    hidden_rows: tuple[int, ...] = ()
    formulas: tuple[Formula, ...] = ()
    hidden_columns: tuple[str, ...] = ()


def cell_reference(row: int, column: int) -> str:
    """Excel's name of a cell: (5, 4) -> "D5" (column 1-based)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _where(sheet: str, reference: str) -> str:
    if sheet:
        return _("工作表「%(sheet)s」的单元格 %(cell)s", sheet=sheet, cell=reference)
    return _("单元格 %(cell)s", cell=reference)


class Budget:
    """Filled cells counted across every sheet of one file."""

    def __init__(self) -> None:
        self.cells = 0

    def spend(self) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise Unreadable(
                _(
                    "文件中有内容的单元格超过 %(n)s 个，不像是一份报名表或名单；"
                    "请只保留需要导入的表格，另存为新文件后再导入",
                    n=f"{MAX_CELLS:,}",
                ),
            )


@dataclass
class Grid:
    """The filled cells of one sheet, by Excel row number (1-based) and column (1-based)."""

    name: str
    budget: Budget
    cells: dict[int, dict[int, str]] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], bool] = field(default_factory=dict)
    # A CSV record keeps its own length, empty fields included, as csv.reader gives it.
    widths: dict[int, int] | None = None

    def put(self, row: int, column: int, value: str, *, formula: bool = False, cached=True):
        """Keep one cell's text; an empty cell is kept only when it is a formula."""
        if not value and not formula:
            return
        if row > MAX_SHEET_ROWS or column > MAX_COLUMNS or row < 1 or column < 1:
            self._too_far(row, column)
        if len(value) > MAX_CELL_CHARS:
            raise Unreadable(
                _(
                    "%(where)s 有 %(n)s 个字符，超过一格 %(max)s 个字符的上限；"
                    "请检查这一格是否粘贴了多余的内容，删去后再导入",
                    where=_where(self.name, cell_reference(row, column)),
                    n=len(value),
                    max=MAX_CELL_CHARS,
                ),
            )
        self.budget.spend()
        self.cells.setdefault(row, {})[column] = value
        if formula:
            self.formulas[(row, column)] = cached

    def _too_far(self, row: int, column: int) -> None:
        reference = cell_reference(max(row, 1), max(column, 1))
        raise Unreadable(
            _(
                "%(where)s 有内容，超出了导入读取的范围（前 %(rows)s 行、前 %(columns)s 列，"
                "即 A 到 %(last)s 列）；请删去表格以外的内容（或只把表格复制到新的工作簿），"
                "行数过多时请拆分成几个文件分批导入",
                where=_where(self.name, reference),
                rows=MAX_SHEET_ROWS,
                columns=MAX_COLUMNS,
                last=cell_reference(1, MAX_COLUMNS)[:-1],
            ),
        )

    def record(self, row: int, width: int) -> None:
        """A CSV record's length (capped: empty fields past MAX_COLUMNS are dropped)."""
        if self.widths is not None and row <= MAX_SHEET_ROWS:
            self.widths[row] = min(width, MAX_COLUMNS)

    def hide(self, row: int) -> None:
        self.hidden.add(row)

    def hide_columns(self, first: int, last: int) -> None:
        """Columns first..last (1-based) are hidden; those past the read range are moot."""
        self.hidden_columns.update(range(max(first, 1), min(last, MAX_COLUMNS) + 1))

    def _shown(self, row: int, column: int) -> bool:
        return row not in self.hidden and column not in self.hidden_columns

    def sheet(self) -> NamedSheet:
        """The rows as text, row i being Excel's row i + 1; hidden rows and columns read blank."""
        shown = {
            r: kept
            for r, cells in self.cells.items()
            if (kept := {c: v for c, v in cells.items() if self._shown(r, c)})
        }
        last = max([*shown, *(self.widths or {})], default=0)
        width = max((max(cells) for cells in shown.values()), default=0)
        rows: Sheet = []
        for number in range(1, last + 1):
            if self.widths is not None:
                width = self.widths.get(number, 0)
            row = [""] * width
            for column, value in shown.get(number, {}).items():
                row[column - 1] = value
            rows.append(row)
        formulas = tuple(
            Formula(r, c - 1, cell_reference(r, c), cached)
            for (r, c), cached in sorted(self.formulas.items())
            if self._shown(r, c)
        )
        hidden = tuple(sorted(r for r in self.hidden if any(self.cells.get(r, {}).values())))
        filled = {
            c
            for r, cells in self.cells.items()
            if r not in self.hidden
            for c, v in cells.items()
            if v
        }
        columns = tuple(cell_reference(1, c)[:-1] for c in sorted(self.hidden_columns & filled))
        return NamedSheet(self.name, rows, hidden, formulas, columns)
