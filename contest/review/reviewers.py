"""The round's reviewers (评审专家): add, edit, deactivate, import from the 推荐单位' 评委名单,
and each one's personal link."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.review.models import Reviewer, ReviewRound
from contest.roster.keys import new_access_key, unused_secret
from contest.season.models import Recommender, UnitJudge
from contest.setup.refusal import SetupRefused

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+\-() ]{0,30}$")


def link(reviewer: Reviewer) -> str:
    """The reviewer's personal link (the expert's pages live under /review/<access_key>)."""
    base = str(current_app.config.get("CONTEST_PUBLIC_URL") or "").rstrip("/")
    return f"{base}/review/{reviewer.access_key}"


def listed(review_round: ReviewRound) -> list[Reviewer]:
    """The round's reviewers in the order added (评审专家1, 2, ...)."""
    query = sa.select(Reviewer).where(Reviewer.round_id == review_round.id)
    return list(db.session.scalars(query.order_by(Reviewer.number)))


@dataclass(frozen=True)
class ReviewerForm:
    """What staff typed for one reviewer."""

    name: str
    employer: str
    certificate_no: str
    phone: str
    email: str
    recommender_id: str
    is_chair: bool

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> ReviewerForm:
        return cls(
            name=form.get("name", ""),
            employer=form.get("employer", ""),
            certificate_no=form.get("certificate_no", ""),
            phone=form.get("phone", ""),
            email=form.get("email", ""),
            recommender_id=form.get("recommender_id", ""),
            is_chair=form.get("is_chair") == "1",
        )


def _text(value: str, limit: int, message: str, *, required: bool = True) -> str:
    clean = value.strip()
    if (required and not clean) or len(clean) > limit:
        raise SetupRefused(message)
    return clean


def _certificate(text: str) -> str:
    # Full-width letters and digits typed on a phone keyboard mean the same number.
    return unicodedata.normalize("NFKC", text).strip()


def _clean(review_round: ReviewRound, typed: ReviewerForm, *, editing: int | None) -> dict:
    name = _text(typed.name, 50, _("请填写评审专家姓名（不超过 50 个字）"))
    employer = _text(typed.employer, 200, _("请填写评审专家的工作单位（不超过 200 个字）"))
    certificate = _certificate(typed.certificate_no)
    if not certificate or len(certificate) > 50:
        raise SetupRefused(_("请填写评审专家的 TGQ 评委证书号（不超过 50 个字符）"))
    clash = db.session.scalar(
        sa.select(Reviewer).where(
            Reviewer.round_id == review_round.id, Reviewer.certificate_no == certificate
        )
    )
    if clash is not None and clash.id != editing:
        raise SetupRefused(
            _(
                "证书号 %(no)s 已是%(who)s（%(name)s）的，同一证书号在本轮只能有一位评审专家",
                no=certificate,
                who=clash.label,
                name=clash.name,
            )
        )
    phone = unicodedata.normalize("NFKC", typed.phone).strip()
    if not _PHONE.match(phone):
        raise SetupRefused(_("联系电话只能包含数字、空格和 + - ( )，例如 13911112222"))
    email = unicodedata.normalize("NFKC", typed.email).strip()
    if email and (len(email) > 200 or not _EMAIL.match(email)):
        raise SetupRefused(_("电子邮箱格式不对，例如 name@example.com；没有可留空"))
    recommender_id = None
    text = typed.recommender_id.strip()
    if text:
        # Ids fit an INTEGER column: a longer number is no row, not a database error.
        found = (
            db.session.get(Recommender, int(text)) if text.isdecimal() and len(text) <= 9 else None
        )
        if found is None or found.season_id != review_round.season_id:
            raise SetupRefused(_("所选推荐单位不在本年度的推荐单位中，请重新选择"))
        recommender_id = found.id
    return {
        "name": name,
        "employer": employer,
        "certificate_no": certificate,
        "phone": phone,
        "email": email,
        "recommender_id": recommender_id,
        "is_chair": typed.is_chair,
    }


def _next_number(review_round: ReviewRound) -> int:
    query = sa.select(sa.func.max(Reviewer.number)).where(Reviewer.round_id == review_round.id)
    return (db.session.scalar(query) or 0) + 1


def add(review_round: ReviewRound, *, typed: ReviewerForm, actor: str) -> Reviewer:
    """Add a reviewer with a new personal link; audited."""
    values = _clean(review_round, typed, editing=None)
    reviewer = Reviewer(
        round_id=review_round.id,
        number=_next_number(review_round),
        access_key=new_access_key(),
        **values,
    )
    db.session.add(reviewer)
    db.session.flush()
    audit.record(
        "review.reviewer_added", actor=actor, subject=f"reviewer:{reviewer.id}", data=_shown(values)
    )
    return reviewer


def _shown(values: dict) -> dict:
    return {k: v for k, v in values.items() if k not in ("phone", "email")}


def update(reviewer: Reviewer, *, typed: ReviewerForm, actor: str) -> bool:
    """Change a reviewer's details; False when nothing changed."""
    values = _clean(reviewer.round, typed, editing=reviewer.id)
    before = {k: getattr(reviewer, k) for k in values}
    if before == values:
        return False
    for key, value in values.items():
        setattr(reviewer, key, value)
    changed = {k: [before[k], values[k]] for k in values if before[k] != values[k]}
    audit.record(
        "review.reviewer_updated",
        actor=actor,
        subject=f"reviewer:{reviewer.id}",
        data={k: v for k, v in changed.items() if k not in ("phone", "email")}
        | {"fields": sorted(changed)},
    )
    return True


def set_active(reviewer: Reviewer, *, active: bool, actor: str) -> None:
    """Deactivate (their assignments stop counting) or activate a reviewer again."""
    if reviewer.active == active:
        return
    reviewer.active = active
    audit.record(
        "review.reviewer_activated" if active else "review.reviewer_deactivated",
        actor=actor,
        subject=f"reviewer:{reviewer.id}",
        data={"name": reviewer.name, "label": reviewer.label},
    )


def reissue(reviewer: Reviewer, *, actor: str) -> None:
    """A new personal link for a reviewer (a lost or forwarded one): the old link stops
    working at once; drafts, submitted reviews and assignments stay as they are."""
    reviewer.access_key = unused_secret(Reviewer.access_key, new_access_key)
    reviewer.first_opened_at = None
    db.session.flush()
    audit.record(
        "review.reviewer_reissued",
        actor=actor,
        subject=f"reviewer:{reviewer.id}",
        data={"name": reviewer.name, "label": reviewer.label},
    )


def import_unit_judges(review_round: ReviewRound, *, actor: str) -> tuple[int, int]:
    """Every judge on the season's 推荐单位 评委名单 as a reviewer of that 推荐单位, in one
    step; those whose 证书号 is already in the round are left as they are.
    Returns (added, skipped)."""
    judges = db.session.scalars(
        sa.select(UnitJudge)
        .join(Recommender, UnitJudge.recommender_id == Recommender.id)
        .where(Recommender.season_id == review_round.season_id)
        .order_by(Recommender.id, UnitJudge.id)
    ).all()
    known = {r.certificate_no for r in listed(review_round)}
    number = _next_number(review_round)
    added: list[str] = []
    skipped = 0
    for judge in judges:
        certificate = _certificate(judge.certificate_no)
        if certificate in known:
            skipped += 1
            continue
        known.add(certificate)
        db.session.add(
            Reviewer(
                round_id=review_round.id,
                number=number,
                name=judge.name.strip(),
                employer=judge.employer.strip(),
                certificate_no=certificate,
                phone=judge.mobile.strip(),
                recommender_id=judge.recommender_id,
                access_key=new_access_key(),
            )
        )
        number += 1
        added.append(judge.name)
    if not judges:
        raise SetupRefused(_("本年度各推荐单位的评委名单中还没有评委，无可导入"))
    db.session.flush()
    audit.record(
        "review.reviewers_imported",
        actor=actor,
        subject=f"review_round:{review_round.id}",
        data={"added": added, "skipped": skipped},
    )
    return len(added), skipped
