"""Judges from the staff pages: add, edit, move to another venue, delete before scoring.

A judge's number (评委 N) is the next after the highest in their venue, as imports give it;
a moved judge takes the next number in the new venue and keeps their personal link.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.live import feed
from contest.models import Contest, Judge, ScoreSubmission, StaffUser, StageState
from contest.roster.keys import new_access_key, new_fallback_code, unused_secret
from contest.roster.teams import EditRefused, clean_name, unit_named
from contest.setup.recusals import actor, delete_automatic, required_reason, resync
from contest.setup.teams import venue_of

LIMITS = {"name": 50, "employer": 200, "certificate_no": 50, "phone": 30}


def _fields(name: str, employer: str, certificate_no: str, phone: str) -> dict[str, str]:
    values = {
        "name": clean_name(name),
        "employer": clean_name(employer),
        "certificate_no": clean_name(certificate_no),
        "phone": clean_name(phone),
    }
    if not values["name"]:
        raise EditRefused(_("请填写评委姓名"))
    labels = {"name": _("姓名"), "employer": _("工作单位"), "certificate_no": _("TGQ 证书号")}
    labels["phone"] = _("手机")
    for field, limit in LIMITS.items():
        if len(values[field]) > limit:
            raise EditRefused(_("%(field)s不能超过 %(n)s 个字", field=labels[field], n=limit))
    if values["phone"] and not all(c.isdigit() or c in "+- " for c in values["phone"]):
        raise EditRefused(_("手机号只能包含数字、空格、+ 和 -"))
    return values


def _next_number(venue_id: int) -> int:
    found = sa.select(sa.func.max(Judge.number)).where(Judge.venue_id == venue_id)
    return (db.session.scalar(found) or 0) + 1


def _check_chair(judge: Judge | None, venue_id: int, is_chair: bool) -> None:
    if not is_chair:
        return
    other = db.session.scalar(
        sa.select(Judge).where(
            Judge.venue_id == venue_id,
            Judge.is_chair.is_(True),
            Judge.id != (judge.id if judge else -1),
        )
    )
    if other is not None:
        raise EditRefused(
            _(
                "该分会场已有评委组长（%(label)s %(name)s）；一个分会场只设一位组长，"
                "请先取消其组长身份",
                label=other.label,
                name=other.name,
            )
        )


def _scoring_open(venue_id: int | None) -> bool:
    found = sa.select(StageState.scoring_open).where(StageState.venue_id == venue_id)
    return bool(db.session.scalar(found))


def has_scores(judge: Judge) -> bool:
    found = sa.select(ScoreSubmission.id).where(ScoreSubmission.judge_id == judge.id).limit(1)
    return db.session.scalar(found) is not None


def create_judge(
    *,
    contest: Contest,
    venue_id: int | None,
    name: str,
    employer: str,
    certificate_no: str,
    phone: str,
    unit_name: str,
    is_chair: bool,
    staff: StaffUser,
) -> Judge:
    """Add a judge with a new personal link, numbered next in the venue; judge.created."""
    values = _fields(name, employer, certificate_no, phone)
    venue = venue_of(contest, venue_id)
    _check_chair(None, venue.id, is_chair)
    unit, unit_created = unit_named(contest, unit_name)
    judge = Judge(
        contest=contest,
        venue=venue,
        unit=unit,
        number=_next_number(venue.id),
        is_chair=is_chair,
        access_key=unused_secret(Judge.access_key, new_access_key),
        fallback_code=unused_secret(Judge.fallback_code, new_fallback_code),
        **values,
    )
    db.session.add(judge)
    db.session.flush()
    audit.record(
        "judge.created",
        actor=actor(staff),
        subject=f"judge:{judge.id}",
        data={
            **values,
            "number": judge.number,
            "venue_id": venue.id,
            "unit": unit.name if unit else "",
            "unit_created": unit_created,
            "is_chair": is_chair,
        },
        contest_id=contest.id,
    )
    resync(contest, actor=actor(staff))
    feed.bump(venue.id)
    return judge


def update_judge(
    *,
    judge: Judge,
    name: str,
    employer: str,
    certificate_no: str,
    phone: str,
    unit_name: str,
    is_chair: bool,
    venue_id: int | None,
    staff: StaffUser,
) -> dict[str, list]:
    """Edit a judge, and move them when the venue changed; returns {field: [before, after]}."""
    values = _fields(name, employer, certificate_no, phone)
    unit = clean_name(unit_name)
    old_unit = judge.unit.name if judge.unit else ""
    target = judge.venue_id if venue_id is None else venue_id
    _check_chair(judge, target, is_chair)
    changes = {
        field: [getattr(judge, field), value]
        for field, value in values.items()
        if getattr(judge, field) != value
    }
    if unit != old_unit:
        changes["unit"] = [old_unit, unit]
        judge.unit, _created = unit_named(judge.contest, unit)
    if is_chair != judge.is_chair:
        changes["is_chair"] = [judge.is_chair, is_chair]
    for field, value in values.items():
        setattr(judge, field, value)
    judge.is_chair = is_chair
    if changes:
        audit.record(
            "judge.updated",
            actor=actor(staff),
            subject=f"judge:{judge.id}",
            data={"changes": changes, "number": judge.number, "venue_id": judge.venue_id},
            contest_id=judge.contest_id,
        )
        feed.bump(judge.venue_id)
    if target != judge.venue_id:
        before = [judge.venue_id, judge.number]
        move_judge(judge=judge, venue_id=target, staff=staff)
        changes["venue_id"] = [before[0], judge.venue_id]
    elif {"employer", "unit"} & changes.keys():
        resync(judge.contest, actor=actor(staff))
    return changes


def move_blocker(judge: Judge) -> str | None:
    """Why this judge cannot move to another venue now, or None."""
    if has_scores(judge):
        return _("该评委已评分，不能调整分会场")
    if _scoring_open(judge.venue_id):
        return _("该评委所在分会场正在评分，请在本轮评分结束后再调整")
    return None


def move_judge(*, judge: Judge, venue_id: int, staff: StaffUser) -> None:
    """Move a judge who has not scored to another venue, numbered next there; judge.moved."""
    target = venue_of(judge.contest, venue_id)
    if target.id == judge.venue_id:
        raise EditRefused(_("该评委已在%(venue)s", venue=target.name))
    blocker = move_blocker(judge)
    if blocker:
        raise EditRefused(blocker)
    if _scoring_open(target.id):
        raise EditRefused(_("%(venue)s正在评分，请在本轮评分结束后再调整", venue=target.name))
    _check_chair(judge, target.id, judge.is_chair)
    source, number = judge.venue_id, judge.number
    number_there = _next_number(target.id)  # before the move: the query flushes it
    judge.venue, judge.number = target, number_there
    db.session.flush()
    audit.record(
        "judge.moved",
        actor=actor(staff),
        subject=f"judge:{judge.id}",
        data={"from_venue": source, "to_venue": target.id, "number": [number, judge.number]},
        contest_id=judge.contest_id,
    )
    resync(judge.contest, actor=actor(staff))
    feed.bump(source)
    feed.bump(target.id)


def delete_blocker(judge: Judge) -> str | None:
    """Why this judge cannot be deleted (deactivate instead), or None."""
    if has_scores(judge):
        return _("该评委已评分，不能删除；如不再参加评审，请在「评委链接」页停用")
    from contest.pledge.service import has_accepted_any

    if has_accepted_any(judge):
        return _("该评委已签署评审承诺书，签署记录须保留，不能删除；请在「评委链接」页停用")
    return None


def delete_judge(*, judge: Judge, reason: str, staff: StaffUser) -> None:
    """Delete a judge entered by mistake, before they have scored; judge.deleted."""
    reason = required_reason(reason, what=_("删除"))
    blocker = delete_blocker(judge)
    if blocker:
        raise EditRefused(blocker)
    delete_automatic(judge_id=judge.id, actor=actor(staff))
    audit.record(
        "judge.deleted",
        actor=actor(staff),
        subject=f"judge:{judge.id}",
        data={
            "name": judge.name,
            "employer": judge.employer,
            "number": judge.number,
            "venue_id": judge.venue_id,
            "reason": reason,
        },
        contest_id=judge.contest_id,
    )
    venue_id = judge.venue_id
    db.session.delete(judge)
    db.session.flush()
    feed.bump(venue_id)
