"""Import teams (form 2-3 part 1, fields of form 1-2): names exactly as submitted."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

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
    row_numbers,
    same_row,
)
from contest.imports.headers import Field, Row, Table, locate_each, loose
from contest.imports.reader import Book
from contest.imports.report import Outcome, Report, refuse
from contest.live import feed
from contest.models import Contest, PresentationMode, RecommendingUnit, Team, Venue
from contest.roster.recusals import sync_automatic

UNIT, COMPANY, TEAM, MEMBERS = "推荐单位", "企业名称", "班组名称", "班组人数"
VENUE, MODE, SERIAL = "分会场", "发表形式", "序号"
FIELDS = (
    Field(UNIT, ("推荐行业/各区/集团", "推荐行业/区/集团", "推荐企业", "推荐单位名称")),
    Field(COMPANY, ("单位名称", "企业全称", "公司名称"), required=True),
    Field(TEAM, ("质量信得过班组名称", "班组全称"), required=True),
    Field(MEMBERS, ("人数", "班组成员人数"), required=True),
    Field(VENUE, ("会场",)),
    Field(MODE, ("形式", "参赛形式", "发表方式", "线上/线下")),
    Field(SERIAL, ()),
)
PER_ENTERPRISE = 2  # the notice: at most two teams per enterprise
_MODES = {
    "线下": PresentationMode.IN_HALL,
    "现场": PresentationMode.IN_HALL,
    "线上": PresentationMode.ONLINE,
    "网络": PresentationMode.ONLINE,
    "视频": PresentationMode.ONLINE,
}
_WHOLE = re.compile(r"^\d+(\.0+)?$")


@dataclass
class _Parsed:
    row: Row
    unit: str
    company: str
    team: str
    members: int
    venue: Venue | None
    mode: PresentationMode
    serial: int | None
    table: Table


def positive_int(text: str, *, suffix: str = "") -> int | None:
    """'12', '12.0' (Excel), '１２', '12人' -> 12; anything else, or 0 -> None."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if suffix:
        folded = folded.removesuffix(suffix).strip()
    if not _WHOLE.match(folded):
        return None
    value = int(folded.split(".")[0])
    return value if value > 0 else None


def find_team(
    teams: dict[tuple[str, str], Team], company: str, name: str
) -> tuple[Team | None, str]:
    """The team with exactly these names, or None and a message (with a near miss, if any)."""
    found = teams.get((company, name))
    if found is not None:
        return found, ""
    key = loose(company + "\0" + name)
    close = next((t for k, t in teams.items() if loose(k[0] + "\0" + k[1]) == key), None)
    message = _("比赛中没有这个班组：「%(company)s」「%(team)s」", company=company, team=name)
    if close is not None:
        message += _("（是否为「%(other)s」？）", other=close.display_name)
    return None, message


def _mode(text: str) -> PresentationMode | None:
    folded = re.sub(r"\s", "", text).removesuffix("发表")
    return _MODES.get(folded)


def _row(table: Table, row: Row, report: Report, venues: VenuePicker) -> _Parsed | None:
    unit, company, team, members_text, mode_text, serial_text = (
        table.value(row, name) for name in (UNIT, COMPANY, TEAM, MEMBERS, MODE, SERIAL)
    )
    if unit and table.stamp_unit and unit != table.stamp_unit:
        report.warn(
            row,
            table.header(UNIT),
            _(
                "推荐单位「%(unit)s」与表格上方盖章行的「%(stamp)s」不一致，本行按「%(unit)s」导入",
                unit=unit,
                stamp=table.stamp_unit,
            ),
        )
    unit = unit or table.stamp_unit or ""
    ok = check_name(report, row, table.header(UNIT), unit, limit=200, required=False)
    ok = check_name(report, row, table.header(COMPANY), company, limit=200) and ok
    ok = check_name(report, row, table.header(TEAM), team, limit=200) and ok
    if company and team and company in team:
        report.warn(
            row,
            table.header(TEAM),
            _(
                "班组名称含有企业名称「%(company)s」；班组名称应写班组全称，不挂上级单位",
                company=company,
            ),
        )
    members = positive_int(members_text, suffix="人")
    if members is None:
        ok = False
        message = (
            _("班组人数「%(value)s」不是正整数", value=members_text)
            if members_text
            else _("请填写班组人数")
        )
        report.error(row, table.header(MEMBERS), message)
    mode = _mode(mode_text) if mode_text else PresentationMode.IN_HALL
    if mode is None:
        ok = False
        report.error(
            row,
            table.header(MODE),
            _(
                "发表形式「%(value)s」无法识别：请填写“线下”或“线上”（也可写“现场”“网络”“视频”）",
                value=mode_text,
            ),
        )
    serial = positive_int(serial_text) if serial_text else None
    if serial_text and serial is None:
        ok = False
        report.error(row, table.header(SERIAL), _("序号「%(value)s」不是正整数", value=serial_text))
    venue = venues.pick(row)
    if not ok or members is None or mode is None:
        return None
    return _Parsed(row, unit, company, team, members, venue, mode, serial, table)


def _check_duplicates(parsed: list[_Parsed], existing: list[Team], report: Report) -> list[_Parsed]:
    """Report exact duplicates (errors) and near ones (warnings); return the distinct rows."""
    exact = {(t.company_name, t.team_name): None for t in existing}
    fuzzy = {loose(t.company_name + "\0" + t.team_name): t.display_name for t in existing}
    seen: dict[tuple[str, str], Row] = {}
    distinct = []
    for p in parsed:
        key = (p.company, p.team)
        column = p.table.header(TEAM)
        if key not in exact and key not in seen:
            distinct.append(p)
        if key in exact:
            report.error(p.row, column, _("该班组已在本比赛中（企业名称、班组名称都相同）"))
        elif key in seen:
            report.error(
                p.row,
                column,
                _(
                    "与%(row)s重复（企业名称、班组名称都相同）",
                    row=same_row(seen[key], p.row),
                ),
            )
        elif loose(p.company + "\0" + p.team) in fuzzy:
            report.warn(
                p.row,
                column,
                _(
                    "与「%(other)s」只差空格或全角/半角，请核对是否为同一班组",
                    other=fuzzy[loose(p.company + "\0" + p.team)],
                ),
            )
        seen.setdefault(key, p.row)
        fuzzy.setdefault(loose(p.company + "\0" + p.team), f"{p.company} {p.team}")
    return distinct


def _check_per_enterprise(parsed: list[_Parsed], existing: list[Team], report: Report) -> None:
    before: dict[str, int] = defaultdict(int)
    for team in existing:
        before[team.company_name] += 1
    rows: dict[str, list[_Parsed]] = defaultdict(list)
    for p in parsed:
        rows[p.company].append(p)
    for company, found in rows.items():
        numbers = [p.row for p in found]
        total = before[company] + len(numbers)
        if total <= PER_ENTERPRISE:
            continue
        listed = row_numbers(numbers)
        at = found[max(0, PER_ENTERPRISE - before[company])]
        report.warn(
            at.row,
            at.table.header(COMPANY),
            _(
                "企业「%(company)s」共有 %(total)s 个班组（本文件第 %(rows)s 行，比赛中已有 "
                "%(before)s 个），超过每个企业 %(max)s 个的限额，请确认",
                company=company,
                total=total,
                rows=listed,
                before=before[company],
                max=PER_ENTERPRISE,
            ),
        )


COLUMNS = (UNIT, COMPANY, TEAM, "人数", VENUE, "形式")
_MODE_NAMES = {PresentationMode.IN_HALL: "现场", PresentationMode.ONLINE: "线上"}


def check(job: Job, book: Book) -> Plan:
    """Read every visible sheet and check every row; write nothing."""
    contest = db.session.get(Contest, job.contest_id)
    if contest.names_locked_at is not None:
        raise refuse(
            None, None, _("班组名称已定稿，不能再导入班组；如需补充，请先在管理后台取消定稿")
        )
    report = Report()
    tables = locate_each(book, FIELDS, report)
    parsed: list[_Parsed] = []
    sheets: list[SheetSummary] = []
    for table in tables:
        venues = VenuePicker(contest, table, report)
        found = [p for row in table.rows if (p := _row(table, row, report, venues))]
        parsed.extend(found)
        sheets.append(SheetSummary(table.sheet, table.stamp_unit, len(found)))
        if table.stamp_unit == "" and any(not p.unit for p in found):
            report.warn(
                table.whole(),
                None,
                _(
                    "“推荐行业/各区/集团（盖章）：”之后没有填写推荐单位，未写推荐单位的班组"
                    "将按无推荐单位导入；如有推荐单位，请补填后重新上传"
                ),
            )
    existing = list(db.session.scalars(sa.select(Team).where(Team.contest_id == contest.id)))
    distinct = _check_duplicates(parsed, existing, report)
    _check_per_enterprise(distinct, existing, report)
    rows = [
        PreviewRow(
            p.row.sheet,
            p.row.number,
            (
                p.unit,
                p.company,
                p.team,
                str(p.members),
                p.venue.name if p.venue else "",
                _MODE_NAMES[p.mode],
            ),
        )
        for p in parsed
    ]
    return Plan("teams", report, COLUMNS, rows, sheets, parsed)


def write(job: Job, plan: Plan) -> Outcome:
    """Write every team of a checked plan, as one import batch."""
    contest = db.session.get(Contest, job.contest_id)
    parsed: list[_Parsed] = plan.parsed
    existing = list(db.session.scalars(sa.select(Team).where(Team.contest_id == contest.id)))
    batch = open_batch(job, contest, plan)
    units = {u.name: u for u in contest.units}
    new_units: list[RecommendingUnit] = []
    last: dict[int | None, int] = defaultdict(int)  # venue -> last order position
    for team in existing:
        last[team.venue_id] = max(last[team.venue_id], team.order_position or 0)
    teams = []
    for p in parsed:
        unit = None
        if p.unit:
            if p.unit not in units:
                units[p.unit] = RecommendingUnit(contest=contest, name=p.unit)
                new_units.append(units[p.unit])
            unit = units[p.unit]
        venue_id = p.venue.id if p.venue else None
        last[venue_id] += 1
        teams.append(
            Team(
                contest=contest,
                venue=p.venue,
                unit=unit,
                company_name=p.company,
                team_name=p.team,
                member_count=p.members,
                serial=p.serial,
                mode=p.mode,
                order_position=last[venue_id],
                import_batch_id=batch.id,
            )
        )
    db.session.add_all(teams)
    db.session.flush()
    created_units = len(new_units)
    batch.summary = {**batch.summary, "unit_ids": [u.id for u in new_units]}
    recusals, _removed = sync_automatic(contest, actor=job.actor)
    venue_ids = frozenset(t.venue_id for t in teams if t.venue_id is not None)
    for venue_id in venue_ids:
        feed.bump(venue_id)
    counts = {"teams": len(teams), "units_created": created_units, "recusals_added": recusals}
    data = {**counts, "team_ids": [t.id for t in teams]}
    audit_import("teams", job, contest, plan.report, data, batch)
    summary = _(
        "已导入 %(teams)s 个班组（新建推荐单位 %(units)s 个，自动回避 %(recusals)s 条）",
        teams=len(teams),
        units=created_units,
        recusals=recusals,
    )
    return Outcome("teams", counts, summary, plan.report.sorted_warnings(), venue_ids, batch.id)
