"""Imports from the notice's forms (teams, judges) and bulk scores: all or nothing.

Each kind module has `apply(job, sheets) -> Outcome`: it finds the header, checks every row
into a `Report`, raises `ImportRefused` when anything is wrong (or warnings are not yet
confirmed), and otherwise writes. `run_import` runs it in one transaction, so a refusal or
a failure part-way leaves the database exactly as it was.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

from flask_babel import gettext as _

from contest.imports.headers import Row, Table, loose
from contest.imports.reader import read_sheets
from contest.imports.report import ImportRefused, Outcome, Problem, Report
from contest.models import Contest, Venue
from contest.transactions import atomic

KINDS = ("teams", "judges", "scores")

__all__ = ["KINDS", "ImportRefused", "Job", "Outcome", "Problem", "Report", "run_import"]


@dataclass(frozen=True)
class Job:
    """Who imports which file into which contest, and whether warnings are confirmed."""

    contest_id: int
    filename: str
    actor: str  # "staff:3" or "cli"
    staff_id: int | None
    confirm: bool


def run_import(
    kind: str,
    *,
    contest_id: int,
    data: bytes,
    filename: str,
    actor: str,
    staff_id: int | None = None,
    confirm: bool = False,
) -> Outcome:
    """Read, check and write one file in one transaction; raises ImportRefused otherwise."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    module = importlib.import_module(f"contest.imports.{kind}")
    sheets = read_sheets(data, filename)
    job = Job(contest_id, filename, actor, staff_id, confirm)
    return atomic(lambda: module.apply(job, sheets))


def settle(report: Report, job: Job) -> None:
    """Refuse on any error, or on warnings staff have not confirmed."""
    if report.errors or (report.warnings and not job.confirm):
        raise ImportRefused(report)


def audit_import(kind: str, job: Job, contest: Contest, report: Report, data: dict) -> None:
    """The import's one audit entry: file, counts (and ids) and warnings confirmed."""
    from contest import audit

    audit.record(
        f"import.{kind}",
        actor=job.actor,
        subject=f"contest:{contest.id}",
        data={"file": job.filename, **data, "warnings_confirmed": len(report.warnings)},
        contest_id=contest.id,
    )


def names(values: list[str]) -> str:
    return "、".join(values) or _("无")


class VenuePicker:
    """The venue of a row: named in 分会场, or the contest's only venue when left out."""

    FIELD = "分会场"

    def __init__(self, contest: Contest, table: Table, report: Report) -> None:
        self.venues: list[Venue] = list(contest.venues)
        self.table = table
        self.report = report
        self.listed = names([v.name for v in self.venues])
        if not table.has(self.FIELD) and len(self.venues) > 1:
            report.error(
                None,
                None,
                _(
                    "比赛有 %(n)s 个分会场（%(names)s），请在文件中加一列“分会场”",
                    n=len(self.venues),
                    names=self.listed,
                ),
            )

    def pick(self, row: Row) -> Venue | None:
        name = self.table.value(row, self.FIELD)
        column = self.table.header(self.FIELD)
        if not name:
            if len(self.venues) == 1:
                return self.venues[0]
            if self.venues and self.table.has(self.FIELD):
                self.report.error(
                    row.number, column, _("请填写分会场（现有：%(names)s）", names=self.listed)
                )
            return None
        found = next((v for v in self.venues if v.name == name), None) or next(
            (v for v in self.venues if loose(v.name) == loose(name)), None
        )
        if found is not None:
            return found
        if not self.venues:
            message = _("比赛还没有设置分会场，这一格请留空")
        else:
            message = _(
                "没有名为「%(name)s」的分会场（现有：%(names)s）", name=name, names=self.listed
            )
        self.report.error(row.number, column, message)
        return None


_HALF = re.compile(r"[()]")
_FULL = re.compile(r"[（）]")
_DOUBLE_SPACE = re.compile(r"\s{2,}")


def check_name(
    report: Report, row: Row, column: str, value: str, *, limit: int, required: bool = True
) -> bool:
    """False after reporting an error (missing, too long); warn on what often betrays a typo."""
    if not value:
        if required:
            report.error(row.number, column, _("请填写%(field)s", field=column))
        return not required
    if len(value) > limit:
        report.error(
            row.number,
            column,
            _("超过 %(limit)s 个字（现有 %(n)s 个字）", limit=limit, n=len(value)),
        )
        return False
    if _HALF.search(value) and _FULL.search(value):
        report.warn(
            row.number,
            column,
            _("「%(name)s」中全角和半角括号混用，请核对是否与公章一致", name=value),
        )
    double = _DOUBLE_SPACE.search(value)
    if double:  # say where: a browser shows two spaces as one
        report.warn(
            row.number,
            column,
            _(
                "「%(name)s」第 %(n)s 个字之后有连续空格，请核对",
                name=value,
                n=double.start(),
            ),
        )
    return True
