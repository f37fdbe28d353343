"""The audit log in words a supervisor reads: names for ids, Chinese for actions and details."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest.audit.labels import ACTIONS, FIELDS, REFERENCES, VALUES
from contest.extensions import db
from contest.models import AuditEntry, Contest, Judge, StaffUser, Team, Venue

# [before, after] pairs written as plain lists.
_PAIRS = ("order_position", "number", "position")
# Lists of ids of one table.
_LIST_REFERENCES = {"judges": "judge", "order": "team"}


@dataclass
class Names:
    """Row ids of one contest (and every staff account) by the words a person knows them by."""

    staff: dict[int, str] = field(default_factory=dict)
    judge: dict[int, str] = field(default_factory=dict)
    team: dict[int, str] = field(default_factory=dict)
    venue: dict[int, str] = field(default_factory=dict)
    contest: dict[int, str] = field(default_factory=dict)
    item: dict[int, str] = field(default_factory=dict)  # score sheet items, for marks


@dataclass(frozen=True)
class Readable:
    """One audit entry as a person reads it."""

    entry: AuditEntry
    actor: str
    action: str
    subject: str
    details: list[tuple[str, str]]

    @property
    def details_text(self) -> str:
        return "；".join(f"{label}：{value}" for label, value in self.details)


def load_names(*, contest: Contest) -> Names:
    """Every name the contest's audit entries may point at, in five queries."""
    venues = db.session.scalars(sa.select(Venue).where(Venue.contest_id == contest.id)).all()
    several = len(venues) > 1
    names = Names(venue={v.id: v.name for v in venues})
    for user in db.session.scalars(sa.select(StaffUser)):
        shown = user.display_name or user.username
        names.staff[user.id] = f"{shown}（{user.username}）" if shown != user.username else shown
    for judge in db.session.scalars(sa.select(Judge).where(Judge.contest_id == contest.id)):
        place = names.venue.get(judge.venue_id) if several else None
        names.judge[judge.id] = f"{judge.label} {judge.name}" + (f"（{place}）" if place else "")
    for team in db.session.scalars(sa.select(Team).where(Team.contest_id == contest.id)):
        names.team[team.id] = team.display_name
    for row in db.session.execute(sa.select(Contest.id, Contest.name)):
        names.contest[row.id] = row.name
    names.item = {item.id: item.name for item in contest.items}
    return names


def actions_matching(*, text: str) -> list[str]:
    """Action names whose Chinese label contains `text`, so 「打印」 finds certificate.printed."""
    return [action for action, label in ACTIONS.items() if text and text in str(label)]


def action_label(*, action: str) -> str:
    """The action in Chinese; an unknown one as written, so nothing is hidden."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action


def _reference(kind: str, value: object, names: Names) -> str:
    table: dict[int, str] = getattr(names, kind)
    if isinstance(value, int) and not isinstance(value, bool) and value in table:
        return table[value]
    if isinstance(value, str) and value.isdigit() and int(value) in table:
        return table[int(value)]
    gone = {
        "team": _("班组"),
        "judge": _("评委"),
        "venue": _("分会场"),
        "staff": _("账号"),
        "contest": _("比赛"),
    }
    if kind in gone and value is not None:
        return _("%(what)s（编号 %(id)s，已删除）", what=gone[kind], id=value)
    return value_text(value=value, names=names)


def value_text(*, value: Any, names: Names, key: str = "") -> str:
    """A stored detail value in words: 是/否, 无, lists with 、, enum values in Chinese."""
    if key in REFERENCES:
        return _reference(REFERENCES[key], value, names)
    if value is None or value == "":
        return _("无")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if key in ("elapsed_ms", "overrun_ms") and isinstance(value, int):
        return duration_text(ms=value)
    if isinstance(value, list):
        if key in _LIST_REFERENCES:
            return "、".join(_reference(_LIST_REFERENCES[key], v, names) for v in value) or _("无")
        if key in _PAIRS and len(value) == 2:
            before, after = (value_text(value=v, names=names) for v in value)
            return f"{before} → {after}"
        return "、".join(value_text(value=v, names=names) for v in value) or _("无")
    if isinstance(value, dict) and key in ("marks", "previous_marks"):
        # Marks by score item id: the item's name, as on the sheet.
        return "，".join(
            f"{names.item.get(int(k), k) if str(k).isdigit() else k} {v}" for k, v in value.items()
        ) or _("无")
    if isinstance(value, dict):
        return "；".join(
            f"{field_label(key=k)}：{_change_text(k, v, names)}" for k, v in value.items()
        ) or _("无")
    if isinstance(value, str) and value in VALUES:
        return str(VALUES[value])
    return str(value)


def _change_text(key: str, value: Any, names: Names) -> str:
    # `changes` maps a field to [before, after].
    if isinstance(value, list) and len(value) == 2:
        before, after = (value_text(value=v, names=names, key=key) for v in value)
        return f"{before} → {after}"
    return value_text(value=value, names=names, key=key)


def duration_text(*, ms: int) -> str:
    """Milliseconds as 「1分20秒」."""
    seconds = max(0, ms) // 1000
    minutes, seconds = divmod(seconds, 60)
    return _("%(m)s分%(s)s秒", m=minutes, s=seconds) if minutes else _("%(s)s秒", s=seconds)


def field_label(*, key: str) -> str:
    """A detail key in Chinese, or as written when it has no label yet."""
    label = FIELDS.get(key)
    return str(label) if label is not None else key


def who(*, actor: str, names: Names) -> str:
    """The actor in words: a staff member's name, a judge's label and name, 命令行, 系统."""
    kind, _sep, rest = actor.partition(":")
    ident = rest.split(" ", 1)[0]
    if kind == "staff" and ident.isdigit():
        return _reference("staff", int(ident), names)
    if kind == "judge" and ident.isdigit():
        return _reference("judge", int(ident), names)
    if actor == "cli":
        return _("命令行（服务器管理员）")
    if kind == "system":
        return _("系统")
    return actor


def what(*, subject: str, names: Names) -> str:
    """The subject in words: the team's company and name, a judge, a venue, the contest."""
    kind, _sep, ident = subject.partition(":")
    if kind in ("staff", "judge", "team", "venue", "contest") and ident.isdigit():
        return _reference(kind, int(ident), names)
    return subject or _("无")


def readable(*, entry: AuditEntry, names: Names) -> Readable:
    """One entry in words."""
    details = [
        (field_label(key=k), value_text(value=v, names=names, key=k))
        for k, v in (entry.data or {}).items()
        if v is not None and v != ""  # an empty reason or a field not set says nothing
    ]
    return Readable(
        entry=entry,
        actor=who(actor=entry.actor, names=names),
        action=action_label(action=entry.action),
        subject=what(subject=entry.subject, names=names),
        details=details,
    )


def readable_all(*, entries: list[AuditEntry], contest: Contest) -> list[Readable]:
    """Many entries in words, with one lookup of names."""
    names = load_names(contest=contest)
    return [readable(entry=e, names=names) for e in entries]
