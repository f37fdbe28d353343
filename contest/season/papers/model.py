"""What a paper prints, as plain values both renderers draw the same way.

No Flask, no database: a `Paper` pickles, so it can be laid out in a child process. Text is
kept exactly as typed; names (企业名称, 班组名称) are cells of kind "name", which neither
renderer breaks: each is set on one line, smaller when long (`name_size`).
"""

from __future__ import annotations

from dataclasses import dataclass

BASE_SIZE = 10.5  # points: 五号, the size of the notice's forms
NAME_SIZES = (10.5, 10.0, 9.0, 8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)
CELL_PADDING_MM = 3.0  # left plus right padding of a cell, both renderers
PT_MM = 25.4 / 72


@dataclass(frozen=True)
class Line:
    """One paragraph inside a text cell or below the table."""

    text: str
    style: str = "para"  # para, plain (no indent), heading (bold), stamp (单位盖章 年 月 日)


@dataclass(frozen=True)
class Cell:
    text: str = ""
    span: int = 1  # columns of the grid this cell covers
    kind: str = "value"  # label, value, name (never broken), center, text (paragraphs),
    # heading (a table's section title, bold, left),
    # names (several names, one to a line, each never broken: 2-4's 企业/班组名称)
    lines: tuple[Line, ...] = ()  # kinds "text" and "names": its paragraphs, `text` unused
    height_mm: float = 0  # a minimum height (an empty box to write or stamp in)


@dataclass(frozen=True)
class Paper:
    form_no: str  # the notice's attachment number: "1-2", "2-2"
    title: str
    number: str  # 编号 printed in the header line and encoded in the QR code
    code: str  # the QR code's text (contest.season.papers.code)
    filename: str  # the download's name without extension
    columns: tuple[float, ...]  # the grid's column widths in mm, summing to the text width
    rows: tuple[tuple[Cell, ...], ...]
    subtitle: str = ""
    header: tuple[tuple[str, str], ...] = ()  # (label, value): 推荐行业/各区/集团（盖章）…
    body: tuple[Line, ...] = ()  # paragraphs after the table (2-1: the summary itself)
    footer: tuple[str, ...] = ()  # 填表人： 填表日期：
    notes: tuple[str, ...] = ()  # 注：…
    attachment: str = ""  # the line above the title; "附件 <form_no>：" when empty

    @property
    def lead(self) -> str:
        return self.attachment or f"附件 {self.form_no}："

    def width(self, row: tuple[Cell, ...], index: int) -> float:
        """The width in mm of the cell at `index` of `row` (its spans added up)."""
        start = sum(cell.span for cell in row[:index])
        return sum(self.columns[start : start + row[index].span])


def text_width(text: str) -> float:
    """In ems: CJK characters and full-width punctuation are 1, Latin letters and digits less."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def name_size(text: str, width_mm: float) -> float:
    """The largest size at which `text` fits on one line of a cell `width_mm` wide.

    Below the smallest size a name longer than any real one would still not fit: it is then
    set at the smallest size and may wrap, the only case where a name is ever broken.
    """
    room = (width_mm - CELL_PADDING_MM) * 0.96
    for size in NAME_SIZES:
        if text_width(text) * size * PT_MM <= room:
            return size
    return NAME_SIZES[-1]


def fits(text: str, width_mm: float) -> bool:
    """Whether `text` fits on one line at the smallest name size."""
    room = (width_mm - CELL_PADDING_MM) * 0.96
    return text_width(text) * NAME_SIZES[-1] * PT_MM <= room


def names_size(texts: list[str], width_mm: float) -> float:
    """One size for several names in one cell: the largest at which each fits its line."""
    return min((name_size(text, width_mm) for text in texts), default=BASE_SIZE)
