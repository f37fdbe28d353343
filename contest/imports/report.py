"""The row report of an import: problems where the user sees them, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _


@dataclass(frozen=True)
class Problem:
    """One finding: the Excel row number (None: the whole file), the column header, a message."""

    row: int | None
    column: str | None
    message: str

    def where(self) -> str:
        parts = []
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

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(Problem(row, column, message))

    def warn(self, row: int | None, column: str | None, message: str) -> None:
        self.warnings.append(Problem(row, column, message))

    def sorted_errors(self) -> list[Problem]:
        return sorted(self.errors, key=lambda p: p.row or 0)

    def sorted_warnings(self) -> list[Problem]:
        return sorted(self.warnings, key=lambda p: p.row or 0)


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
