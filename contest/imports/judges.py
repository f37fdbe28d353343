"""Import judges (form 2-3 part 2): numbers, personal keys and 回避单位 recusals."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.imports import (
    Job,
    Plan,
    PreviewRow,
    SheetSummary,
    VenuePicker,
    audit_import,
    check_name,
    open_batch,
    same_row,
)
from contest.imports.headers import Field, Row, Table, locate_each, loose, trim
from contest.imports.reader import Book
from contest.imports.report import Outcome, Report
from contest.live import feed
from contest.models import Contest, Judge, Recusal, RecusalKind, Team, Venue
from contest.roster.keys import new_access_key, new_fallback_code
from contest.roster.recusals import sync_automatic

NAME, EMPLOYER, CERT, PHONE, RECUSE = "姓名", "工作单位", "TGQ 评委证书号", "手机", "回避单位"
CHAIR = "评委组长"
FIELDS = (
    Field(NAME, ("评委姓名",), required=True),
    Field(EMPLOYER, ("工作单位名称",), required=True),
    Field(CERT, ("评委证书号", "TGQ证书号", "证书号", "证书编号", "评委证书编号"), required=True),
    Field(PHONE, ("手机号", "手机号码", "联系电话", "移动电话")),
    Field(VenuePicker.FIELD, ("会场",)),
    Field(RECUSE, ("回避企业", "需回避单位")),
    Field(CHAIR, ("组长", "评审组长", "是否组长")),
)  # 通讯地址, 邮编 and any other column are read past
# Form 2-3 lists its judges under the teams, so their header may sit far down the sheet.
SCAN_ROWS = 200
_YES = ("是", "√", "✓", "Y", "y", "1", "组长", "评委组长", "评审组长")
_LABEL = re.compile(r"^评委(\d+)$")
_SEPARATORS = re.compile(r"[、，,;；\r\n]+")


@dataclass
class _Parsed:
    row: Row
    name: str
    employer: str
    certificate: str
    phone: str
    venue: Venue | None
    recuse_from: list[tuple[str, list[Team]]] = field(default_factory=list)
    chair: bool = False
    table: Table | None = None


def find_judge(judges: list[Judge], text: str, team: Team | None) -> tuple[Judge | None, str]:
    """A judge by name or by label (评委3), preferring the team's venue; or a message."""
    label = _LABEL.match(re.sub(r"\s", "", unicodedata.normalize("NFKC", text)))
    if label:
        found = [j for j in judges if j.number == int(label.group(1))]
    else:
        found = [j for j in judges if j.name == text]
    if len(found) > 1 and team is not None:
        found = [j for j in found if j.venue_id == team.venue_id] or found
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, _("有多位评委都是「%(text)s」，请改写为评委号（如“评委3”）", text=text)
    return None, _("比赛中没有评委「%(text)s」", text=text)


def _recusals(
    table: Table, row: Row, teams: list[Team], report: Report
) -> tuple[list[tuple[str, list[Team]]], bool]:
    """The teams of each enterprise named in 回避单位, or errors for names no team has."""
    by_company: dict[str, list[Team]] = defaultdict(list)
    for team in teams:
        by_company[team.company_name].append(team)
    found: list[tuple[str, list[Team]]] = []
    ok = True
    for name in dict.fromkeys(trim(n) for n in _SEPARATORS.split(table.value(row, RECUSE))):
        if not name:
            continue
        if name in by_company:
            found.append((name, by_company[name]))
            continue
        ok = False
        close = next((c for c in by_company if loose(c) == loose(name)), None)
        message = _("没有企业名称为「%(name)s」的参赛班组，无法记录回避", name=name)
        if close:
            message += _("（是否为「%(close)s」？）", close=close)
        report.error(row, table.header(RECUSE), message)
    return found, ok


def _row(
    table: Table, row: Row, report: Report, venues: VenuePicker, teams: list[Team]
) -> _Parsed | None:
    name, employer, certificate, phone = (
        table.value(row, f) for f in (NAME, EMPLOYER, CERT, PHONE)
    )
    ok = check_name(report, row, table.header(NAME), name, limit=50)
    ok = check_name(report, row, table.header(EMPLOYER), employer, limit=200) and ok
    ok = check_name(report, row, table.header(CERT), certificate, limit=50) and ok
    ok = check_name(report, row, table.header(PHONE), phone, limit=30, required=False) and ok
    companies = {t.company_name for t in teams}
    close = next((c for c in companies if loose(c) == loose(employer) and c != employer), None)
    if employer and close and employer not in companies:
        report.warn(
            row,
            table.header(EMPLOYER),
            _(
                "工作单位与参赛企业「%(company)s」只差空格或全角/半角；自动回避要求完全相同，"
                "请核对",
                company=close,
            ),
        )
    recuse_from, recusals_ok = _recusals(table, row, teams, report)
    venue = venues.pick(row)
    chair_text = table.value(row, CHAIR)
    chair = chair_text in _YES
    if chair_text and not chair and chair_text not in ("否", "×", "N", "n", "0"):
        ok = False
        report.error(
            row,
            table.header(CHAIR),
            _("评委组长一栏请填“是”或留空（现为「%(value)s」）", value=chair_text),
        )
    if not (ok and recusals_ok):
        return None
    return _Parsed(row, name, employer, certificate, phone, venue, recuse_from, chair, table)


def _check_duplicates(parsed: list[_Parsed], existing: list[Judge], report: Report) -> None:
    certificates = {j.certificate_no: j for j in existing}
    names = {j.name: j.label for j in existing}
    seen_certificates: dict[str, Row] = {}
    seen_names: dict[str, Row] = {}
    for p in parsed:
        table = p.table
        if p.certificate in certificates:
            judge = certificates[p.certificate]
            report.error(
                p.row,
                table.header(CERT),
                _("该证书号已属于比赛中的%(label)s %(name)s", label=judge.label, name=judge.name),
            )
        elif p.certificate in seen_certificates:
            report.error(
                p.row,
                table.header(CERT),
                _(
                    "与%(row)s的证书号相同",
                    row=same_row(seen_certificates[p.certificate], p.row),
                ),
            )
        if p.name in names or p.name in seen_names:
            other = names.get(p.name) or same_row(seen_names[p.name], p.row)
            report.warn(
                p.row,
                table.header(NAME),
                _(
                    "与%(other)s同名；导入评分时请用评委号（如“评委3”）区分",
                    other=other,
                ),
            )
        seen_certificates.setdefault(p.certificate, p.row)
        seen_names.setdefault(p.name, p.row)


COLUMNS = (NAME, EMPLOYER, CERT, PHONE, VenuePicker.FIELD, CHAIR, RECUSE)


def check(job: Job, book: Book) -> Plan:
    """Read every visible sheet and check every row; write nothing."""
    contest = db.session.get(Contest, job.contest_id)
    report = Report()
    tables = locate_each(book, FIELDS, report, scan=SCAN_ROWS)
    teams = list(db.session.scalars(sa.select(Team).where(Team.contest_id == contest.id)))
    parsed: list[_Parsed] = []
    sheets: list[SheetSummary] = []
    for table in tables:
        venues = VenuePicker(contest, table, report)
        found = [p for row in table.rows if (p := _row(table, row, report, venues, teams))]
        parsed.extend(found)
        sheets.append(SheetSummary(table.sheet, None, len(found)))
    existing = list(db.session.scalars(sa.select(Judge).where(Judge.contest_id == contest.id)))
    _check_duplicates(parsed, existing, report)
    rows = [
        PreviewRow(
            p.row.sheet,
            p.row.number,
            (
                p.name,
                p.employer,
                p.certificate,
                p.phone,
                p.venue.name if p.venue else "",
                _("是") if p.chair else "",
                "、".join(company for company, _teams in p.recuse_from),
            ),
        )
        for p in parsed
    ]
    return Plan("judges", report, COLUMNS, rows, sheets, parsed)


def _unused(column: Any, make: Callable[[], str], taken: set[str]) -> str:
    """A fresh secret, unused in the database and in this import."""
    while True:
        value = make()
        if (
            value not in taken
            and db.session.scalar(sa.select(column).where(column == value)) is None
        ):
            taken.add(value)
            return value


def write(job: Job, plan: Plan) -> Outcome:
    """Write every judge of a checked plan, as one import batch."""
    contest = db.session.get(Contest, job.contest_id)
    parsed: list[_Parsed] = plan.parsed
    existing = list(db.session.scalars(sa.select(Judge).where(Judge.contest_id == contest.id)))
    batch = open_batch(job, contest, plan)
    last: dict[int | None, int] = defaultdict(int)  # venue -> highest 评委号 so far
    for judge in existing:
        last[judge.venue_id] = max(last[judge.venue_id], judge.number)
    taken: set[str] = set()
    created: list[tuple[Judge, _Parsed]] = []
    for p in parsed:
        venue_id = p.venue.id if p.venue else None
        last[venue_id] += 1
        judge = Judge(
            contest=contest,
            venue=p.venue,
            number=last[venue_id],
            name=p.name,
            employer=p.employer,
            certificate_no=p.certificate,
            phone=p.phone,
            access_key=_unused(Judge.access_key, new_access_key, taken),
            fallback_code=_unused(Judge.fallback_code, new_fallback_code, taken),
            is_chair=p.chair,
            import_batch_id=batch.id,
        )
        db.session.add(judge)
        created.append((judge, p))
    db.session.flush()
    manual = _manual_recusals(job, contest, created)
    automatic, _removed = sync_automatic(contest, actor=job.actor)
    venue_ids = frozenset(j.venue_id for j, _p in created if j.venue_id is not None)
    for venue_id in venue_ids:
        feed.bump(venue_id)
    counts = {"judges": len(created), "manual_recusals": manual, "automatic_recusals": automatic}
    data = {**counts, "judge_ids": [j.id for j, _p in created]}
    audit_import("judges", job, contest, plan.report, data, batch)
    summary = _(
        "已导入 %(judges)s 位评委（按回避单位记录回避 %(manual)s 条，自动回避 %(automatic)s 条）",
        judges=len(created),
        manual=manual,
        automatic=automatic,
    )
    return Outcome("judges", counts, summary, plan.report.sorted_warnings(), venue_ids, batch.id)


def _manual_recusals(job: Job, contest: Contest, created: list[tuple[Judge, _Parsed]]) -> int:
    count = 0
    for judge, p in created:
        for company, teams in p.recuse_from:
            if company == judge.employer:
                continue  # the automatic rule covers the judge's own enterprise
            reason = _("导入：回避单位 %(company)s", company=company)
            for team in teams:
                db.session.add(
                    Recusal(
                        judge=judge,
                        team=team,
                        kind=RecusalKind.MANUAL,
                        reason=reason,
                        created_by_id=job.staff_id,
                    )
                )
                count += 1
                audit.record(
                    "recusal.added",
                    actor=job.actor,
                    subject=f"team:{team.id}",
                    data={"judge": judge.id, "kind": "manual", "reason": reason},
                    contest_id=contest.id,
                )
    db.session.flush()
    return count
