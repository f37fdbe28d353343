"""Venues (分会场): add, rename, short name and code, order, delete while empty; find by any name.

A venue's full name (第一分会场（泰安路74号报告厅）), its 简称 (第一分会场) and its 代码 (A)
each identify it: imports and staff may type any of them, so no two venues of a contest
share one (codes compared without case).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.imports.venues import find_venue  # one lookup for imports, CLI and pages
from contest.live import feed
from contest.models import (
    Contest,
    Draw,
    Judge,
    StaffUser,
    StageState,
    Team,
    Venue,
    host_venues,
)
from contest.roster.teams import clean_name
from contest.setup.contests import Refused

LIMITS = {"name": 100, "short_name": 50, "code": 20}  # the columns' lengths
_CODE = re.compile(r"^[A-Za-z0-9_-]*$")
__all__ = ["find_venue"]


def _cleaned(name: str, short_name: str, code: str) -> dict[str, str]:
    values = {
        "name": clean_name(name),
        "short_name": clean_name(short_name),
        "code": clean_name(code),
    }
    if not values["name"]:
        raise Refused(_("请填写分会场名称"))
    labels = {"name": _("分会场名称"), "short_name": _("简称"), "code": _("代码")}
    for key, limit in LIMITS.items():
        if len(values[key]) > limit:
            raise Refused(_("%(field)s最多 %(limit)s 个字", field=labels[key], limit=limit))
    if not _CODE.match(values["code"]):
        raise Refused(_("代码只能用英文字母、数字、连字符和下划线，如 A 或 B1"))
    return values


def _check_unique(contest: Contest, values: dict[str, str], *, other_than: int | None) -> None:
    taken: dict[str, Venue] = {}
    for venue in contest.venues:
        if venue.id != other_than:
            for identifier in (venue.name, venue.short_name, venue.code):
                if identifier:
                    taken[identifier.casefold()] = venue
    for identifier in values.values():
        clash = taken.get(identifier.casefold()) if identifier else None
        if clash is not None:
            raise Refused(
                _(
                    "「%(text)s」已被分会场「%(venue)s」使用；名称、简称和代码在本比赛中不能重复，"
                    "请换一个",
                    text=identifier,
                    venue=clash.name,
                )
            )


def _record(action: str, venue: Venue, *, actor: str, data: dict) -> None:
    audit.record(
        action, actor=actor, subject=f"venue:{venue.id}", data=data, contest_id=venue.contest_id
    )


def new_venue(contest: Contest, *, name: str, short_name: str, code: str, position: int) -> Venue:
    """A venue with its stage (every venue has one StageState row); not audited."""
    venue = Venue(contest=contest, name=name, short_name=short_name, code=code, position=position)
    db.session.add_all([venue, StageState(venue=venue)])
    return venue


def add_venue(*, contest: Contest, name: str, short_name: str, code: str, actor: str) -> Venue:
    """A new venue at the end of the list; audited; the caller commits."""
    values = _cleaned(name, short_name, code)
    _check_unique(contest, values, other_than=None)
    position = max((v.position for v in contest.venues), default=0) + 1
    venue = new_venue(contest, position=position, **values)
    db.session.flush()
    _record("venue.created", venue, actor=actor, data={**values, "position": position})
    return venue


def update_venue(*, venue: Venue, name: str, short_name: str, code: str, actor: str) -> dict:
    """Rename a venue or change its short name or code; returns {field: [before, after]}."""
    values = _cleaned(name, short_name, code)
    _check_unique(venue.contest, values, other_than=venue.id)
    changes = {
        key: [getattr(venue, key), value]
        for key, value in values.items()
        if getattr(venue, key) != value
    }
    if not changes:
        return {}
    for key, value in values.items():
        setattr(venue, key, value)
    _record("venue.updated", venue, actor=actor, data={"changes": changes})
    feed.bump(venue.id)  # the hall display and the viewers show the venue's name
    return changes


def move_venue(*, venue: Venue, offset: int, actor: str) -> bool:
    """Move a venue one place up (-1) or down (+1) in the list; False at either end."""
    venues = list(venue.contest.venues)
    index = venues.index(venue)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(venues):
        return False
    venues[index], venues[target] = venues[target], venues[index]
    for position, each in enumerate(venues, 1):
        each.position = position
    _record(
        "venue.updated", venue, actor=actor, data={"changes": {"position": [index + 1, target + 1]}}
    )
    return True


def _count(query) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


def delete_venue(*, venue: Venue, actor: str) -> list[str]:
    """Delete an empty venue; returns the hosts who no longer host it. Refused otherwise."""
    teams = _count(sa.select(Team.id).where(Team.venue_id == venue.id))
    judges = _count(sa.select(Judge.id).where(Judge.venue_id == venue.id))
    draws = _count(sa.select(Draw.id).where(Draw.venue_id == venue.id))
    if teams or judges:
        raise Refused(
            _(
                "分会场「%(venue)s」还有 %(teams)s 个班组、%(judges)s 位评委，不能删除；"
                "请先把他们移到其他分会场或删除，再删除此分会场",
                venue=venue.name,
                teams=teams,
                judges=judges,
            )
        )
    if draws:
        raise Refused(
            _("分会场「%(venue)s」已有抽签记录，不能删除；可以改名后继续使用", venue=venue.name)
        )
    if len(venue.contest.venues) == 1:
        raise Refused(_("比赛至少要有一个分会场；如需调整，请直接修改这个分会场的名称"))
    hosts = [user.username for user in _hosts_of(venue)]
    db.session.execute(sa.delete(host_venues).where(host_venues.c.venue_id == venue.id))
    db.session.execute(sa.delete(StageState).where(StageState.venue_id == venue.id))
    contest = venue.contest
    data = {"name": venue.name, "short_name": venue.short_name, "code": venue.code}
    _record("venue.deleted", venue, actor=actor, data={**data, "hosts_unassigned": hosts})
    db.session.delete(venue)
    db.session.flush()
    db.session.expire(contest, ["venues"])
    for position, each in enumerate(contest.venues, 1):
        each.position = position
    return hosts


def _hosts_of(venue: Venue) -> list[StaffUser]:
    return db.session.scalars(
        sa.select(StaffUser)
        .join(host_venues, host_venues.c.staff_id == StaffUser.id)
        .where(host_venues.c.venue_id == venue.id)
        .order_by(StaffUser.username)
    ).all()
