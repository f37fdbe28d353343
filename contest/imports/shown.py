"""What Excel shows is what is imported: hidden rows, columns and formulas said in the preview.

The readers read hidden rows and columns as blank (so they are never imported) and note every
formula cell. Here the preview says so: a warning naming the hidden rows and columns of each
sheet, a warning naming the formula cells of each column the import reads (their last shown
value is used, as Excel shows it), and an error for a formula whose file kept no value at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from flask_babel import gettext as _

from contest.imports.headers import Row, Table
from contest.imports.report import Report
from contest.spreadsheets.grid import Formula, NamedSheet

LISTED = 20  # cells or rows named in one message; more are counted


def listing(items: Sequence[object]) -> str:
    """ "5、9、12", or the first LISTED and "等 40 处"."""
    shown = "、".join(str(item) for item in items[:LISTED])
    if len(items) > LISTED:
        return _("%(shown)s 等 %(n)s 处", shown=shown, n=len(items))
    return shown


def say_what_is_not_shown(
    sheets: Sequence[NamedSheet], tables: Sequence[Table], report: Report
) -> None:
    """Warn of hidden rows and columns in every sheet, and of formulas in the cells read."""
    for sheet in sheets:
        if sheet.hidden_rows:
            report.warn(
                Row(None, (), sheet.name),
                None,
                _(
                    "第 %(rows)s 行是隐藏行，未导入；如需导入，请在 Excel 中取消隐藏后重新上传",
                    rows=listing(sheet.hidden_rows),
                ),
            )
        if sheet.hidden_columns:
            report.warn(
                Row(None, (), sheet.name),
                None,
                _(
                    "第 %(columns)s 列是隐藏列，未导入；如需导入，请在 Excel 中取消隐藏后重新上传",
                    columns=listing(sheet.hidden_columns),
                ),
            )
    by_name = {sheet.name: sheet for sheet in sheets}
    for table in tables:
        sheet = by_name.get(table.sheet)
        if sheet is not None and sheet.formulas:
            _formulas(table, sheet.formulas, report)


def _formulas(table: Table, formulas: Sequence[Formula], report: Report) -> None:
    read = {table.header_row, *(row.number for row in table.rows)}
    names = {index: name for name, index in table.columns.items()}
    found: dict[int, list[Formula]] = defaultdict(list)
    for formula in formulas:
        if formula.row in read and formula.column in names:
            found[formula.column].append(formula)
    for column, cells in sorted(found.items()):
        header = table.header(names[column])
        empty = [f for f in cells if not f.cached]
        if empty:
            report.error(
                Row(empty[0].row, (), table.sheet),
                header,
                _(
                    "单元格 %(cells)s 是公式，但文件中没有保存它的计算结果（文件可能由程序生成）；"
                    "请用 Excel 打开并保存后重新上传，或把这些单元格“选择性粘贴为数值”",
                    cells=listing([f.reference for f in empty]),
                ),
            )
        kept = [f for f in cells if f.cached]
        if kept:
            report.warn(
                Row(kept[0].row, (), table.sheet),
                header,
                _(
                    "单元格 %(cells)s 是公式，导入的是文件保存时显示的结果；请在预览中核对，"
                    "或把这些单元格“选择性粘贴为数值”后重新上传",
                    cells=listing([f.reference for f in kept]),
                ),
            )
