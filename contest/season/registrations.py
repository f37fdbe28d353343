"""注册申请: a person with no invitation link asks to join the open season, and waits.

Three kinds (the notice): an enterprise under a 推荐单位 it chooses, which decides; a team
under an enterprise already in the season, which decides; a 市质协会员单位 with no 推荐单位,
applying directly (直报) once the secretariat confirms it. Each request makes an account
at once (the staff password rule), which can sign in and sees only that the request is
being checked. Names are kept as typed, trimmed at their ends (full- and half-width spaces)
and compared exactly: the same enterprise twice in the season, or the same team twice in
an enterprise, is refused with whom to contact. A flood is bounded twice: per client
address (contest.auth.attempts, kind "register") and per queue (PENDING_PER_QUEUE).
Deciding: contest.season.registration_queue.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import accounts, notify
from contest.season.accounts import SeasonRefused
from contest.season.models import (
    Applicant,
    Application,
    Channel,
    Enterprise,
    Membership,
    Recommender,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Season,
    UnitKind,
)
from contest.season.units import clean_name

MAX_TEAM_NAME = 100  # as Application.team_name holds
MAX_MEMBER_NO = 50
MAX_REASON = 500
PENDING_PER_QUEUE = 100  # waiting requests one 推荐单位, enterprise or the secretariat holds
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
SECRETARIAT = "秘书处"
Pending = RegistrationStatus.PENDING


def _lock(season_id: int, what: str) -> None:
    """Two requests for the same name at once: the second waits, then sees the first."""
    if db.session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"register:{season_id}:{what}".encode()) & 0x7FFFFFFF
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def decider(registration: Registration) -> str:
    """Who checks this request, in words: the 推荐单位, the enterprise, or the secretariat."""
    if registration.kind is RegistrationKind.ENTERPRISE and registration.recommender:
        return registration.recommender.name
    if registration.kind is RegistrationKind.TEAM and registration.enterprise:
        return registration.enterprise.name
    return SECRETARIAT


def _contact_of(unit: Recommender) -> str:
    return SECRETARIAT if unit.kind is UnitKind.MEMBER else unit.name


def enterprise_taken(season: Season, name: str, *, besides: int | None = None) -> str | None:
    """Why an enterprise of this exact name cannot be registered again, or None."""
    found = db.session.scalar(
        sa.select(Enterprise)
        .where(Enterprise.season_id == season.id, Enterprise.name == name)
        .order_by(Enterprise.id)
        .limit(1)
    )
    if found is not None:
        return _(
            "企业「%(name)s」已在本年度申报名单中（推荐单位：%(unit)s），请勿重复注册；"
            "如需为该企业办理申报，请联系%(contact)s",
            name=name,
            unit=found.recommender.name,
            contact=_contact_of(found.recommender),
        )
    waiting = db.session.scalar(
        sa.select(Registration)
        .where(
            Registration.season_id == season.id,
            Registration.kind.in_([RegistrationKind.ENTERPRISE, RegistrationKind.MEMBER]),
            Registration.status == Pending,
            Registration.name == name,
            Registration.id != (besides or 0),
        )
        .limit(1)
    )
    if waiting is not None:
        who = decider(waiting)
        return _(
            "企业「%(name)s」的注册申请已提交，正在等待%(who)s审核，请勿重复注册；"
            "如有疑问，请联系%(who)s",
            name=name,
            who=who,
        )
    return None


def team_taken(enterprise: Enterprise, name: str, *, besides: int | None = None) -> str | None:
    """Why a team of this exact name cannot be registered in the enterprise again, or None."""
    applied = db.session.scalar(
        sa.select(Application.id).where(
            Application.enterprise_id == enterprise.id, Application.team_name == name
        )
    )
    registered = db.session.scalar(
        sa.select(Registration)
        .where(
            Registration.kind == RegistrationKind.TEAM,
            Registration.enterprise_id == enterprise.id,
            Registration.status != RegistrationStatus.REFUSED,
            Registration.name == name,
            Registration.id != (besides or 0),
        )
        .limit(1)
    )
    if registered is not None and registered.status is Pending:
        return _(
            "班组「%(team)s」的注册申请已提交，正在等待%(company)s审核，请勿重复注册；"
            "如有疑问，请联系%(company)s",
            team=name,
            company=enterprise.name,
        )
    if applied is not None or registered is not None:
        return _(
            "班组「%(team)s」已是%(company)s的申报班组，请勿重复注册；"
            "如需加入，请联系%(company)s的联系人",
            team=name,
            company=enterprise.name,
        )
    return None


def _queue_full(season: Season, **where) -> None:
    clauses = [Registration.season_id == season.id, Registration.status == Pending]
    clauses += [getattr(Registration, key) == value for key, value in where.items()]
    waiting = db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration).where(*clauses)
    )
    if waiting >= PENDING_PER_QUEUE:
        raise SeasonRefused(
            _(
                "该单位已有 %(n)s 份注册申请等待审核，暂不能再提交；请待审核后再试，或联系秘书处",
                n=waiting,
            )
        )


def _chosen(model, value: str, season: Season):
    row = db.session.get(model, int(value)) if value.isdigit() and len(value) < 10 else None
    return row if row is not None and row.season_id == season.id else None


def _team_name(text: str) -> str:
    name = clean_name(text, what=_("班组名称（全称）"))
    if len(name) > MAX_TEAM_NAME:
        raise SeasonRefused(_("班组名称不能超过 %(n)s 个字", n=MAX_TEAM_NAME))
    return name


def _what(kind: RegistrationKind, season: Season, typed: Mapping[str, str]) -> dict:
    """The request's own fields, checked: refused with what to do, before anything is kept."""
    if kind is RegistrationKind.TEAM:
        enterprise = _chosen(Enterprise, typed.get("enterprise", ""), season)
        if enterprise is None:
            raise SeasonRefused(_("请先选择推荐单位，再选择所在企业"))
        name = _team_name(typed.get("name", ""))
        _lock(season.id, f"team:{enterprise.id}:{name}")
        taken = team_taken(enterprise, name)
        if taken:
            raise SeasonRefused(taken)
        _queue_full(season, kind=kind, enterprise_id=enterprise.id)
        return {"enterprise_id": enterprise.id, "name": name}
    name = clean_name(typed.get("name", ""), what=_("企业名称（以公章为准）"))
    values: dict = {"name": name}
    if kind is RegistrationKind.ENTERPRISE:
        unit = _chosen(Recommender, typed.get("recommender", ""), season)
        if unit is None or unit.kind is UnitKind.MEMBER:
            raise SeasonRefused(_("请选择推荐单位；如无推荐单位，请改用“市质协会员单位直报注册”"))
        values["recommender_id"] = unit.id
        _queue_full(season, kind=kind, recommender_id=unit.id)
    else:
        member_no = typed.get("member_no", "").strip()
        if len(member_no) > MAX_MEMBER_NO or any(ord(ch) < 32 for ch in member_no):
            raise SeasonRefused(_("会员编号不能超过 %(n)s 个字符", n=MAX_MEMBER_NO))
        reason = typed.get("reason", "").strip()
        if not reason:
            raise SeasonRefused(_("请说明没有推荐单位的原因，供秘书处确认"))
        if len(reason) > MAX_REASON:
            raise SeasonRefused(_("原因说明不能超过 %(n)s 字", n=MAX_REASON))
        values.update(member_no=member_no, reason=reason)
        _queue_full(season, kind=kind)
    _lock(season.id, f"enterprise:{name}")
    taken = enterprise_taken(season, name)
    if taken:
        raise SeasonRefused(taken)
    return values


def file(
    *,
    season: Season,
    kind: str,
    typed: Mapping[str, str],
    person: Applicant | None = None,
) -> Registration:
    """A new request, with a new account unless `person` (signed in) asks for one more role;
    or refused with what to do (nothing kept)."""
    if not season.is_open(utcnow()):
        raise SeasonRefused(_("在线申报不在开放时间内，不能提交注册申请"))
    try:
        chosen = RegistrationKind(kind)
    except ValueError:
        raise SeasonRefused(_("请选择注册类别")) from None
    values = _what(chosen, season, typed)
    if person is None:
        email = typed.get("email", "").strip()
        if not _EMAIL.fullmatch(email) or len(email) > 200:
            raise SeasonRefused(
                _("请填写有效的 E-mail，例如 zhang@example.com；审核结果将发到该邮箱")
            )
        person = accounts.make_account(
            username=typed.get("username", ""),
            display_name=typed.get("display_name", ""),
            mobile=typed.get("mobile", ""),
            email=email,
            password=typed.get("password", ""),
        )
    registration = Registration(season_id=season.id, kind=chosen, applicant=person, **values)
    db.session.add(registration)
    db.session.flush()
    audit.record(
        "season.registration_filed",
        actor=f"applicant:{person.id}",
        subject=f"registration:{registration.id}",
        data={
            "kind": chosen.value,
            "name": registration.name,
            "to": decider(registration),
            "username": person.username,
        },
    )
    _tell_deciders(registration)
    return registration


def _tell_deciders(registration: Registration) -> None:
    """The people who decide (the 推荐单位's or the enterprise's) are told it waits."""
    from contest.season import notices

    if registration.kind is RegistrationKind.ENTERPRISE:
        rows = db.session.query(Membership).filter_by(
            channel=Channel.RECOMMENDER, recommender_id=registration.recommender_id
        )
        what, page = _("企业"), "apply_recommender.home"
    elif registration.kind is RegistrationKind.TEAM:
        rows = db.session.query(Membership).filter_by(
            channel=Channel.ENTERPRISE, enterprise_id=registration.enterprise_id
        )
        what, page = _("班组"), "apply_unit.home"
    else:
        return  # the secretariat sees its queue on the 注册审核 page
    for person in {row.applicant for row in rows}:
        notify.post(
            person,
            _("待审核：%(name)s 申请注册", name=registration.name),
            _(
                "%(name)s（联系人 %(contact)s，手机 %(mobile)s）申请注册为%(unit)s的%(what)s，"
                "请审核：%(link)s",
                name=registration.name,
                contact=registration.applicant.display_name,
                mobile=registration.applicant.mobile,
                unit=decider(registration),
                what=what,
                link=notices.link(page) + "#registrations",
            ),
        )


def pending(season: Season, **where) -> list[Registration]:
    """The season's waiting requests (of one 推荐单位, enterprise or kind), oldest first."""
    clauses = [Registration.season_id == season.id, Registration.status == Pending]
    for key, values in where.items():
        clauses.append(getattr(Registration, key).in_(values))
    return list(
        db.session.scalars(sa.select(Registration).where(*clauses).order_by(Registration.id))
    )


def of_person(person_id: int) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.applicant_id == person_id)
            .order_by(Registration.id.desc())
        )
    )
