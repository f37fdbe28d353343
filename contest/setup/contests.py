"""A contest's basic information: create it (blank or copied from an earlier one), edit it.

A copy takes what a season repeats (settings, the score sheet with its 评分要点, venues with
their short names and codes, the certificate's wording), never people, scores, draws or
awards: those belong to the contest they happened in.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.certificates import template
from contest.extensions import db
from contest.live import feed
from contest.models import AuditEntry, Contest, Judge, ScoreItem, Team, Venue
from contest.roster.teams import clean_name
from contest.settings import DEFAULT_SCORE_SHEET, DEFAULT_SETTINGS, merged

NAME_LIMIT = 200  # contests.name
YEARS = range(2000, 2101)
FIRST_VENUE = "主会场"  # a blank contest's one venue, renamed by staff on the 分会场 page
DEFAULT_ISSUER = template.DEFAULTS["issuer"]


class Refused(ValueError):
    """Staff's input cannot be used; the message says what to do next, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BasicInfo:
    """What the 基本信息 form holds, checked."""

    name: str
    year: int
    starts_on: date | None
    ends_on: date | None
    issuer: str  # the certificate's signer (主办单位)
    certificate_date: str  # blank: the month of starts_on


@dataclass(frozen=True)
class Summary:
    """One line of the staff front page."""

    contest: Contest
    venues: int
    teams: int
    judges: int


def _date(text: str, label: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused(
            _("%(label)s格式不对，请按 2026-09-18 的格式填写或从日历中选择", label=label)
        ) from None


def parse_basic(form: Mapping[str, str]) -> BasicInfo:
    """Check the 基本信息 form; raises Refused with what to correct."""
    name = clean_name(form.get("name", ""))
    if not name:
        raise Refused(_("请填写比赛名称"))
    if len(name) > NAME_LIMIT:
        raise Refused(_("比赛名称最多 %(limit)s 个字", limit=NAME_LIMIT))
    year_text = form.get("year", "").strip()
    if not year_text.isdigit() or int(year_text) not in YEARS:
        raise Refused(_("年度请填写四位数字，如 2026"))
    starts_on = _date(form.get("starts_on", ""), _("比赛日期"))
    ends_on = _date(form.get("ends_on", ""), _("结束日期"))
    if ends_on is not None and starts_on is None:
        raise Refused(_("填写了结束日期时，请同时填写比赛日期（第一天）"))
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        raise Refused(_("结束日期不能早于比赛日期，请检查后重新填写"))
    issuer = form.get("issuer", "").strip()
    if not issuer:
        raise Refused(_("请填写主办单位（证书落款的颁发单位）"))
    if len(issuer) > template.LIMITS["issuer"]:
        raise Refused(_("主办单位最多 %(limit)s 个字", limit=template.LIMITS["issuer"]))
    certificate_date = form.get("certificate_date", "").strip()
    if len(certificate_date) > template.LIMITS["date"]:
        raise Refused(_("证书落款日期最多 %(limit)s 个字", limit=template.LIMITS["date"]))
    return BasicInfo(name, int(year_text), starts_on, ends_on, issuer, certificate_date)


def basic_of(contest: Contest) -> BasicInfo:
    """The contest's basic information as the form shows it."""
    values = template.settings_of(contest)
    return BasicInfo(
        contest.name,
        contest.year,
        contest.starts_on,
        contest.ends_on,
        values["issuer"],
        values["date"],
    )


def _check_unique_name(name: str, *, other_than: int | None = None) -> None:
    query = sa.select(Contest.id).where(Contest.name == name)
    if other_than is not None:
        query = query.where(Contest.id != other_than)
    if db.session.scalar(query.limit(1)) is not None:
        raise Refused(_("已有名为「%(name)s」的比赛，请换一个名称（例如写明年度）", name=name))


def add_score_items(contest: Contest, items: Iterable[tuple[str, Any, Any, str]]) -> None:
    """The score sheet's items (name, maximum, step, 评分要点), in this order."""
    for position, (name, maximum, step, description) in enumerate(items, 1):
        db.session.add(
            ScoreItem(
                contest=contest,
                name=name,
                maximum=maximum,
                step=step,
                description=description,
                position=position,
            )
        )


def new_contest_id() -> int:
    """An id no contest and no audit entry has used (entries outlive deleted contests).

    Give it to the new Contest: SQLite would hand out max(id)+1 again after a delete, and the
    deleted contest's audit entries would then read as the new one's. On PostgreSQL the
    sequence is moved to it, so a later nextval() does not collide.
    """
    used = max(
        db.session.scalar(sa.select(sa.func.max(Contest.id))) or 0,
        db.session.scalar(sa.select(sa.func.max(AuditEntry.contest_id))) or 0,
    )
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('contests', 'id'), :id)"),
            {"id": used + 1},
        )
    return used + 1


def _certificate(settings: dict[str, Any], info: BasicInfo) -> dict[str, Any]:
    section = dict(settings.get(template.SECTION) or {})
    section.update({"issuer": info.issuer, "date": info.certificate_date})
    return {**settings, template.SECTION: section}


def _copy_background(folder: Path | None, name: str) -> str:
    """The source's background under a fresh name: each contest may replace its own."""
    if not name or folder is None or not (folder / Path(name).name).is_file():
        return ""
    fresh = f"background-{secrets.token_hex(6)}{Path(name).suffix}"
    (folder / fresh).write_bytes((folder / Path(name).name).read_bytes())
    return fresh


def create_contest(
    *,
    info: BasicInfo,
    source: Contest | None,
    actor: str,
    certificate_folder: Path | None = None,
) -> Contest:
    """A new contest, blank or copied from `source`; audited; the caller commits."""
    from contest.setup.venues import new_venue

    _check_unique_name(info.name)
    contest_id = new_contest_id()
    if source is None:
        settings = copy.deepcopy(DEFAULT_SETTINGS)
        items = [(n, m, s, d) for n, m, s, d in DEFAULT_SCORE_SHEET]
        venues = [(FIRST_VENUE, "", "")]
    else:
        settings = copy.deepcopy(merged(source.settings))
        background = template.settings_of(source)["background"]
        if background:
            section = dict(settings.get(template.SECTION) or {})
            section["background"] = _copy_background(certificate_folder, background)
            settings[template.SECTION] = section
        items = [(i.name, i.maximum, i.step, i.description) for i in source.items]
        venues = [(v.name, v.short_name, v.code) for v in source.venues]
    contest = Contest(
        id=contest_id,
        name=info.name,
        year=info.year,
        starts_on=info.starts_on,
        ends_on=info.ends_on,
        settings=_certificate(settings, info),
    )
    db.session.add(contest)
    add_score_items(contest, items)
    for position, (name, short_name, code) in enumerate(venues, 1):
        new_venue(contest, name=name, short_name=short_name, code=code, position=position)
    db.session.flush()
    audit.record(
        "contest.created",
        actor=actor,
        subject=f"contest:{contest.id}",
        data={**as_data(info), "venues": [v[0] for v in venues], "items": len(items)},
        contest_id=contest.id,
    )
    if source is not None:
        audit.record(
            "contest.copied_from",
            actor=actor,
            subject=f"contest:{contest.id}",
            data={
                "source_id": source.id,
                "source_name": source.name,
                "settings": sorted(settings),
                "items": [i[0] for i in items],
                "venues": [v[0] for v in venues],
            },
            contest_id=contest.id,
        )
    return contest


def as_data(info: BasicInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "year": info.year,
        "starts_on": info.starts_on.isoformat() if info.starts_on else None,
        "ends_on": info.ends_on.isoformat() if info.ends_on else None,
        "issuer": info.issuer,
        "certificate_date": info.certificate_date,
    }


def update_contest(*, contest: Contest, info: BasicInfo, actor: str) -> dict[str, list]:
    """Apply the 基本信息 form; returns {field: [before, after]}; audited when anything changed."""
    _check_unique_name(info.name, other_than=contest.id)
    before, after = as_data(basic_of(contest)), as_data(info)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changes:
        return {}
    contest.name, contest.year = info.name, info.year
    contest.starts_on, contest.ends_on = info.starts_on, info.ends_on
    contest.settings = _certificate(copy.deepcopy(merged(contest.settings)), info)
    audit.record(
        "contest.updated",
        actor=actor,
        subject=f"contest:{contest.id}",
        data={"changes": changes},
        contest_id=contest.id,
    )
    if "name" in changes:  # the hall displays and the viewers show the contest's name
        for venue in contest.venues:
            feed.bump(venue.id)
    return changes


def summaries() -> list[Summary]:
    """Every contest, newest year first, with how many venues, teams and judges it has."""

    def counts(model) -> dict[int, int]:
        query = sa.select(model.contest_id, sa.func.count()).group_by(model.contest_id)
        return {contest_id: number for contest_id, number in db.session.execute(query)}

    venues, teams, judges = counts(Venue), counts(Team), counts(Judge)
    contests = db.session.scalars(
        sa.select(Contest).order_by(Contest.year.desc(), Contest.id.desc())
    ).all()
    return [
        Summary(c, venues.get(c.id, 0), teams.get(c.id, 0), judges.get(c.id, 0)) for c in contests
    ]
