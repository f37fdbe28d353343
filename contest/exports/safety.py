"""Formula-injection guard and safe cell writing for spreadsheet exports.

A spreadsheet app evaluates a cell that starts with =, +, -, @ (and, in CSV, a tab or a
carriage return that it strips first) as a formula: a team named
``=HYPERLINK("http://evil","y")`` would become a live link in staff's copy of the results.

Names must stay exact, though: a certificate is printed from them. So the guard differs by
format, and only text that could trigger is touched:

- **xlsx**: every text cell is written as an explicit string cell (openpyxl data type "s",
  stored as an inline string, never as a ``<f>`` formula), so the file holds no formula at
  all. For text that starts with a trigger character we also set the cell's
  ``quotePrefix`` style, Excel's own "this is text" flag (what a typed leading apostrophe
  becomes): editing the cell keeps it text. The value itself is not changed by one byte,
  so the viewer sees exactly the name as submitted.
- **CSV** carries no types, so the only defence is in the text: a field that starts with a
  trigger gets a leading apostrophe (OWASP's advice). That changes the field, but only
  when needed, and reversibly: ``unguard_csv`` drops the apostrophe again.

A carriage return cannot survive inside an xlsx cell anyway (XML readers turn it into a
line feed), and names are trimmed, so none starts with a tab or a CR; those two triggers
matter for the CSV.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet app could read this text as a formula."""
    return text.startswith(TRIGGERS)


def _escapable(text: str) -> bool:
    # A trigger after any number of apostrophes: prefixing those too keeps unguard exact
    # for a text that itself starts with an apostrophe ("'=x" -> "''=x" -> "'=x").
    return needs_guard(text.lstrip("'"))


def guard_csv(text: str) -> str:
    """The text for a CSV field: a leading apostrophe only when it could trigger."""
    return "'" + text if _escapable(text) else text


def unguard_csv(text: str) -> str:
    """Undo guard_csv: the exact text that was exported."""
    return text[1:] if text.startswith("'") and _escapable(text[1:]) else text


def put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one value: numbers as numbers, every string as an explicit string cell."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, bool):
        raise TypeError("write booleans as text (是 / 否), not as spreadsheet TRUE / FALSE")
    if isinstance(value, int | Decimal):
        cell.value = value
        return cell
    if isinstance(value, float):
        raise TypeError("scores are exact decimals; floats are refused")
    text = str(value)
    cell.value = text
    # openpyxl turns any string starting with "=" into a formula; undo that explicitly.
    cell.data_type = "s"
    if needs_guard(text):
        cell.quotePrefix = True
    return cell


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet title: no []:*?/\\, at most 31 characters."""
    base = _SHEET_TITLE_FORBIDDEN.sub("_", name).strip("'").strip() or "Sheet"
    title = base[:SHEET_TITLE_MAX]
    number = 2
    # Excel compares sheet titles case-insensitively.
    while title.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({number})"
        title = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        number += 1
    taken.add(title)
    return title


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a CJK character is about two."""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)
