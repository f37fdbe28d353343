"""People of the three channels: invitations, joining by one, signing in.

Staff create each 推荐单位 and invite the person who acts for it; the 推荐单位 adds its
enterprises (their names as the 公章 reads) and invites a person for each; the enterprise
invites its teams. An invitation is a one-use link (only its SHA-256 is stored), valid for
INVITATION_DAYS; joining by it makes an account, or adds the role to the account of the
person already signed in (one person may act for several units). Passwords follow the staff
rule (contest.setup.accounts.check_password).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models import passwords
from contest.models.types import utcnow
from contest.season.models import (
    Applicant,
    Channel,
    Enterprise,
    Invitation,
    Membership,
    Recommender,
    Season,
)
from contest.setup.accounts import AccountRefused, check_password

INVITATION_DAYS = 30
_USERNAME = re.compile(r"[A-Za-z0-9_.@\-]{3,50}")
_MOBILE = re.compile(r"1[3-9]\d{9}")


class SeasonRefused(AccountRefused):
    """A request the season's rules refuse; the message says why and what to do."""


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def invite(
    *,
    season: Season,
    channel: Channel,
    actor: str,
    recommender: Recommender | None = None,
    enterprise: Enterprise | None = None,
) -> str:
    """A new invitation; returns the code (shown once, in the link), keeps its hash."""
    code = secrets.token_urlsafe(24)
    invitation = Invitation(
        season_id=season.id,
        channel=channel,
        recommender=recommender,
        enterprise=enterprise,
        code_hash=_digest(code),
        created_by=actor,
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        "season.invited",
        actor=actor,
        subject=f"invitation:{invitation.id}",
        data={"channel": channel.value, "for": invitation_for(invitation)},
    )
    return code


def invitation_for(invitation: Invitation) -> str:
    """Whom the invitation acts for, in words: 「某区质协」 or 「某公司」."""
    if invitation.enterprise is not None:
        return invitation.enterprise.name
    return invitation.recommender.name if invitation.recommender is not None else ""


def find_invitation(code: str) -> Invitation | None:
    """The unused, unexpired invitation with this code, or None."""
    if not code or len(code) > 64:
        return None
    invitation = db.session.scalar(
        sa.select(Invitation).where(Invitation.code_hash == _digest(code))
    )
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        return None
    return invitation


def _clean_username(text: str) -> str:
    username = text.strip()
    if not _USERNAME.fullmatch(username):
        raise SeasonRefused(
            _("用户名为 3 到 50 位字母、数字或 _ . @ -，例如手机号或 zhangjg；请重新填写")
        )
    taken = db.session.scalar(
        sa.select(Applicant.id).where(sa.func.lower(Applicant.username) == username.lower())
    )
    if taken is not None:
        raise SeasonRefused(
            _("用户名 %(name)s 已被使用；请换一个，或直接登录后再接受邀请", name=username)
        )
    return username


def make_account(
    *, username: str, display_name: str, mobile: str, email: str, password: str
) -> Applicant:
    """A new account (no role yet), each field checked; the password by the staff rule."""
    name = _clean_username(username)
    shown = display_name.strip()
    if not shown or len(shown) > 50:
        raise SeasonRefused(_("请填写姓名（不超过 50 个字）"))
    if not _MOBILE.fullmatch(mobile.strip()):
        raise SeasonRefused(_("手机号码应为 11 位数字，以 1 开头，例如 13812345678"))
    check_password(password, username=name)
    person = Applicant(
        username=name, display_name=shown, mobile=mobile.strip(), email=email.strip()[:200]
    )
    person.set_password(password)
    db.session.add(person)
    db.session.flush()
    return person


def join(
    *,
    invitation: Invitation,
    username: str,
    display_name: str,
    mobile: str,
    email: str,
    password: str,
) -> Applicant:
    """A new account from an invitation, with the role it brings; the invitation is used."""
    person = make_account(
        username=username,
        display_name=display_name,
        mobile=mobile,
        email=email,
        password=password,
    )
    accept(invitation=invitation, person=person)
    return person


def grant(
    *,
    person: Applicant,
    channel: Channel,
    recommender_id: int | None = None,
    enterprise_id: int | None = None,
) -> Membership:
    """The role an invitation brings (or an approved registration): what `person` acts for."""
    membership = Membership(
        applicant=person,
        channel=channel,
        recommender_id=recommender_id,
        enterprise_id=enterprise_id,
    )
    db.session.add(membership)
    return membership


def accept(*, invitation: Invitation, person: Applicant) -> Membership:
    """Give `person` the role the invitation brings, and use the invitation up."""
    membership = grant(
        person=person,
        channel=invitation.channel,
        recommender_id=invitation.recommender_id,
        enterprise_id=invitation.enterprise_id,
    )
    invitation.used_at = utcnow()
    invitation.used_by_id = person.id
    db.session.flush()
    audit.record(
        "season.joined",
        actor=f"applicant:{person.id}",
        subject=f"invitation:{invitation.id}",
        data={
            "username": person.username,
            "channel": invitation.channel.value,
            "for": invitation_for(invitation),
        },
    )
    return membership


def authenticate(username: str, password: str) -> Applicant | None:
    """The active account with this username and password, or None."""
    person = db.session.scalar(
        sa.select(Applicant).where(sa.func.lower(Applicant.username) == username.strip().lower())
    )
    if person is None:
        passwords.spend_as_a_check(password)  # as long as a known name: no oracle
        return None
    if not person.check_password(password) or not person.active:
        return None
    return person
