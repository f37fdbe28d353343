"""Find the header row of a sheet and recognise its columns, as people actually type them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _

from contest.imports.reader import Book
from contest.imports.report import ImportRefused, Report, refuse

HEADER_SCAN_ROWS = 10  # title rows ("2020年上海市…推荐表") sit above the header
MAX_ROWS = 2000
# A bracketed note inside a header: 单位名称（公章为准）, 班组人数(人), 【必填】.
_NOTE = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")
_NOISE = re.compile(r"[\s*:：]")
_ENDS = re.compile(r"^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$")
# The first filled cell of a row that closes the table (form 2-3: 班组人数总计, 填表人：…,
# the next part "二、评委名单", 填表说明, 联系人, 日期).
_FOOTERS = (
    "班组人数总计", "合计", "总计", "填表人", "注：", "注:", "填表说明", "说明：", "说明:",
    "联系人", "联系电话", "电话：", "电话:", "填表日期", "日期：", "日期:", "二、", "评委名单",
    "录入人", "录入日期",
)  # fmt: skip
# Form 2-3's line above the table: 推荐行业/各区/集团（盖章）：上海市化工行业协会, with either
# width of brackets and colon and any spaces; the name may follow in the next cell.
_STAMP = re.compile(
    r"^\s*推荐\s*(?:行业\s*[/／、]\s*(?:各\s*)?区\s*[/／、]\s*集团|单位)"
    r"\s*(?:[(（]\s*盖\s*章\s*[)）])?\s*[:：]?"
)
_BLANKS = re.compile(r"^[\s_＿\u3000]+|[\s_＿\u3000]+$")


def trim(value: object) -> str:
    """The cell as text, trimmed at the ends only (white space incl. U+3000, U+00A0, BOM)."""
    return _ENDS.sub("", "" if value is None else str(value))


def loose(text: str) -> str:
    """A comparison key that ignores width and spaces: for hints, never for storing."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).casefold()


def header_key(text: str) -> str:
    """Fold a header: half-width, no bracketed notes, no spaces or colons, case-insensitive."""
    folded = unicodedata.normalize("NFKC", trim(text))
    return _NOISE.sub("", _NOTE.sub("", folded)).casefold()


@dataclass(frozen=True)
class Field:
    """A column an import understands: its canonical name and the headers people write."""

    name: str
    aliases: tuple[str, ...]
    required: bool = False

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(header_key(alias) for alias in (self.name, *self.aliases))


@dataclass(frozen=True)
class Row:
    number: int | None  # as Excel shows it, 1-based; None: the whole sheet
    cells: Sequence[str]
    sheet: str = ""  # the sheet's tab name


@dataclass
class Table:
    header_row: int
    headers: dict[int, str]  # column index -> header as written (ends trimmed)
    columns: dict[str, int]  # field name -> column index
    rows: list[Row]
    unknown: dict[int, str] = field(default_factory=dict)  # headers no field claims
    sheet: str = ""
    # The unit on form 2-3's 推荐行业/各区/集团（盖章） line: None without the line, "" blank.
    stamp_unit: str | None = None

    def at_header(self) -> Row:
        """The header row, for problems with a whole column."""
        return Row(self.header_row, (), self.sheet)

    def whole(self) -> Row:
        """The whole sheet, for problems with the table as such."""
        return Row(None, (), self.sheet)

    def has(self, name: str) -> bool:
        return name in self.columns

    def header(self, name: str) -> str:
        """The header as the file writes it, or the canonical name when the column is absent."""
        index = self.columns.get(name)
        return self.headers[index] if index is not None else name

    def value(self, row: Row, name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(row.cells):
            return ""
        return trim(row.cells[index])


def _display(header: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", trim(header))


def _match(
    cells: Sequence[str], fields: Sequence[Field], ignored: frozenset[str]
) -> tuple[dict[str, int], list[tuple[str, int]], dict[int, str]]:
    columns: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    unknown: dict[int, str] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        owner = next((f for f in fields if key in f.keys), None)
        if owner is None:
            if key not in ignored:
                unknown[index] = _display(cell)
        elif owner.name in columns:
            duplicates.append((owner.name, index))
        else:
            columns[owner.name] = index
    return columns, duplicates, unknown


def _is_blank(cells: Sequence[str]) -> bool:
    return not any(trim(c) for c in cells)


def _is_footer(cells: Sequence[str]) -> bool:
    first = next((trim(c) for c in cells if trim(c)), "")
    return first.startswith(_FOOTERS)


def locate(
    sheets: Iterable[list[list[str]]],
    fields: Sequence[Field],
    *,
    ignored: Iterable[str] = (),
    sheet_name: str = "",
    scan: int = HEADER_SCAN_ROWS,
) -> Table:
    """The first row (within the first rows of each sheet) holding every required header."""
    ignored_keys = frozenset(header_key(name) for name in ignored)
    required = [f.name for f in fields if f.required]
    best: tuple[int, int, list[str]] | None = None  # (found, row, missing)
    for sheet in sheets:
        for index, cells in enumerate(sheet[:scan]):
            columns, duplicates, unknown = _match(cells, fields, ignored_keys)
            missing = [name for name in required if name not in columns]
            if missing:
                found = len(required) - len(missing)
                if found and (best is None or found > best[0]):
                    best = (found, index + 1, missing)
                continue
            if duplicates:
                name, column = duplicates[0]
                raise refuse(
                    index + 1,
                    _display(cells[column]),
                    _("有两列都是“%(field)s”，请删去一列", field=name),
                )
            return _table(sheet, index, columns, unknown, sheet_name)
    names = "、".join(f"「{name}」" for name in required)
    if best is None:
        message = _(
            "前 %(n)s 行中没有找到表头：需要一行同时写有 %(names)s",
            n=scan,
            names=names,
        )
        raise refuse(None, None, message)
    lacking = "、".join(f"「{name}」" for name in best[2])
    raise refuse(
        best[1],
        None,
        _(
            "没有找到完整的表头：需要 %(names)s，这一行缺少 %(lacking)s",
            names=names,
            lacking=lacking,
        ),
    )


def stamp_unit(rows: Sequence[Sequence[str]]) -> str | None:
    """The recommending unit named on a 推荐行业/各区/集团（盖章）：… line among `rows`."""
    for cells in rows:
        texts = [trim(c) for c in cells if trim(c)]
        for position, text in enumerate(texts):
            label = _STAMP.match(text)
            if label is None:
                continue
            rest = _BLANKS.sub("", text[label.end() :])
            if not rest and position + 1 < len(texts):  # the name in the next cell
                rest = _BLANKS.sub("", texts[position + 1].lstrip(":："))
            return trim(rest)
    return None


def _table(
    sheet: list[list[str]],
    index: int,
    columns: dict[str, int],
    unknown: dict[int, str],
    name: str = "",
) -> Table:
    headers = {i: _display(c) for i, c in enumerate(sheet[index]) if trim(c)}
    rows: list[Row] = []
    for number, cells in enumerate(sheet[index + 1 :], index + 2):
        if _is_footer(cells):
            break
        if not _is_blank(cells):
            rows.append(Row(number, cells, name))
    if len(rows) > MAX_ROWS:
        raise refuse(
            None,
            None,
            _(
                "文件有 %(count)s 行数据，超过单次导入 %(max)s 行的上限，请拆分后分批导入",
                count=len(rows),
                max=MAX_ROWS,
            ),
        )
    unit = stamp_unit(sheet[:index])
    return Table(index + 1, headers, columns, rows, unknown, name, unit)


def locate_each(
    book: Book,
    fields: Sequence[Field],
    report: Report,
    *,
    ignored: Iterable[str] = (),
    scan: int = HEADER_SCAN_ROWS,
) -> list[Table]:
    """The table of every visible sheet; a sheet without one is an error or a note."""
    report.sheets = [sheet.name for sheet in book.sheets]
    for hidden in book.hidden:
        report.note(None, None, _("隐藏的工作表「%(sheet)s」未读取", sheet=hidden))
    tables: list[Table] = []
    skipped: list[tuple[str, ImportRefused]] = []
    for sheet in book.sheets:
        try:
            tables.append(
                locate([sheet.rows], fields, ignored=ignored, sheet_name=sheet.name, scan=scan)
            )
        except ImportRefused as refused:
            skipped.append((sheet.name, refused))
    if not tables:  # the whole file's message, as for a single sheet
        locate([sheet.rows for sheet in book.sheets], fields, ignored=ignored, scan=scan)
    for name, refused in skipped:
        problem = refused.report.errors[0]
        where = Row(problem.row, (), name) if problem.row is not None else None
        if problem.row is None:  # nothing like a header: an instructions sheet, say
            report.note(
                None,
                None,
                _("工作表「%(sheet)s」中没有找到表头，未读取", sheet=name),
            )
        else:  # a header with columns missing, or doubled: the sheet was meant to count
            report.error(where, problem.column, problem.message)
    from contest.imports.shown import say_what_is_not_shown

    say_what_is_not_shown(book.sheets, tables, report)
    return tables
