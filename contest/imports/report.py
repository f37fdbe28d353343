"""The row report of an import: problems where the user sees them, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _


@dataclass(frozen=True)
class Problem:
    """One finding: the Excel row number (None: the whole file), the column header, a message."""

    row: int | None
    column: str | None
    message: str
    sheet: str = ""  # the sheet's tab name, set only when the file has several sheets

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("工作表「%(sheet)s」", sheet=self.sheet))
        if self.row is not None:
            parts.append(_("第 %(row)s 行", row=self.row))
        if self.column:
            parts.append(_("列「%(column)s」", column=self.column))
        return " · ".join(parts) or _("整个文件")

    def __str__(self) -> str:
        return f"{self.where()}：{self.message}"


@dataclass
class Report:
    """Errors refuse the import; warnings refuse it until staff confirm."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # for information: sheets skipped
    sheets: list[str] = field(default_factory=list)  # tab order; named in problems if > 1

    def _problem(self, row: Any, column: str | None, message: str) -> Problem:
        # `row` is an Excel row number, None (the whole file or sheet), or a Row of a sheet.
        number, sheet = (row.number, row.sheet) if hasattr(row, "number") else (row, "")
        return Problem(number, column, message, sheet if len(self.sheets) > 1 else "")

    def error(self, row: Any, column: str | None, message: str) -> None:
        self.errors.append(self._problem(row, column, message))

    def warn(self, row: Any, column: str | None, message: str) -> None:
        self.warnings.append(self._problem(row, column, message))

    def note(self, row: Any, column: str | None, message: str) -> None:
        self.notes.append(self._problem(row, column, message))

    def _order(self, problem: Problem) -> tuple[int, int]:
        sheet = self.sheets.index(problem.sheet) if problem.sheet in self.sheets else -1
        return sheet, problem.row or 0

    def sorted_errors(self) -> list[Problem]:
        return sorted(self.errors, key=self._order)

    def sorted_warnings(self) -> list[Problem]:
        return sorted(self.warnings, key=self._order)


class ImportRefused(Exception):
    """Nothing was written: errors, or warnings not yet confirmed."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} errors, {len(report.warnings)} warnings")
        self.report = report

    @property
    def needs_confirmation(self) -> bool:
        return not self.report.errors and bool(self.report.warnings)


def refuse(row: int | None, column: str | None, message: str) -> ImportRefused:
    """A refusal for one problem with the whole file (unreadable, no header, too long)."""
    report = Report()
    report.error(row, column, message)
    return ImportRefused(report)


@dataclass(frozen=True)
class Outcome:
    """What a successful import wrote."""

    kind: str
    counts: dict[str, int]
    summary: str  # one line in Chinese, for a flash message or the terminal
    warnings: list[Problem]  # confirmed by staff
    venue_ids: frozenset[int]  # venues whose screens should refresh
    batch_id: int | None = None  # the ImportBatch that can undo it
    notes: list[Problem] = field(default_factory=list)  # sheets skipped, for information
    sheets: list[Any] = field(default_factory=list)  # SheetSummary of each sheet read
