"""推荐单位 评委名单 (form 2-3): each judge with a well-formed TGQ 评委证书号, and no number
belonging to two different people anywhere in the season (the same person on the lists of
two 推荐单位 is fine)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.numbers import normalise_number
from contest.season.accounts import SeasonRefused
from contest.season.models import Recommender, UnitJudge

_CERTIFICATE = re.compile(r"[A-Z0-9][A-Z0-9\-]{3,29}")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_FULL_WIDTH_LETTERS = str.maketrans(
    {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"－": "-", "—": "-"}
)


def certificate(text: str) -> str:
    """A TGQ number as written on the certificate: spaces dropped, full-width made ASCII,
    letters upper case; refused when it cannot be one."""
    number = normalise_number(text).translate(_FULL_WIDTH_LETTERS).replace(" ", "").upper()
    if not _CERTIFICATE.fullmatch(number):
        raise SeasonRefused(
            _(
                "TGQ 评委证书号「%(n)s」格式不对：应为 4 到 30 位字母、数字或连字符，"
                "例如 TGQ-2019-0123；请按证书填写",
                n=text.strip(),
            )
        )
    return number


def _holder(season_id: int, number: str) -> UnitJudge | None:
    return db.session.scalar(
        sa.select(UnitJudge)
        .join(Recommender, UnitJudge.recommender_id == Recommender.id)
        .where(Recommender.season_id == season_id, UnitJudge.certificate_no == number)
        .limit(1)
    )


def add(
    *,
    recommender: Recommender,
    name: str,
    employer: str,
    certificate_no: str,
    address: str,
    postcode: str,
    mobile: str,
    actor: str,
) -> UnitJudge:
    clean_name, clean_employer = name.strip(), employer.strip()
    if not clean_name or len(clean_name) > 50:
        raise SeasonRefused(_("请填写评委姓名（不超过 50 个字）"))
    if not clean_employer or len(clean_employer) > 200:
        raise SeasonRefused(_("请填写评委工作单位（不超过 200 个字），它用于自动回避"))
    number = certificate(certificate_no)
    if not _MOBILE.fullmatch(mobile.strip()):
        raise SeasonRefused(_("手机号码应为 11 位数字，以 1 开头，例如 13812345678"))
    if postcode.strip() and not re.fullmatch(r"\d{6}", postcode.strip()):
        raise SeasonRefused(_("邮编应为 6 位数字，例如 200040"))
    holder = _holder(recommender.season_id, number)
    if holder is not None and holder.name != clean_name:
        raise SeasonRefused(
            _(
                "TGQ 评委证书号 %(n)s 已登记给 %(who)s（%(unit)s）；"
                "同一证书号不能属于两个人，请核对",
                n=number,
                who=holder.name,
                unit=holder.recommender.name,
            )
        )
    if holder is not None and holder.recommender_id == recommender.id:
        raise SeasonRefused(_("%(who)s 已在本单位评委名单中", who=clean_name))
    judge = UnitJudge(
        recommender=recommender,
        name=clean_name,
        employer=clean_employer,
        certificate_no=number,
        address=address.strip()[:200],
        postcode=postcode.strip(),
        mobile=mobile.strip(),
    )
    db.session.add(judge)
    db.session.flush()
    audit.record(
        "season.unit_judge_added",
        actor=actor,
        subject=f"unit_judge:{judge.id}",
        data={"name": clean_name, "certificate_no": number, "recommender": recommender.name},
    )
    return judge


def remove(*, judge: UnitJudge, actor: str) -> None:
    audit.record(
        "season.unit_judge_removed",
        actor=actor,
        subject=f"unit_judge:{judge.id}",
        data={"name": judge.name, "certificate_no": judge.certificate_no},
    )
    db.session.delete(judge)


def of(recommender: Recommender) -> list[UnitJudge]:
    return list(
        db.session.scalars(
            sa.select(UnitJudge)
            .where(UnitJudge.recommender_id == recommender.id)
            .order_by(UnitJudge.id)
        )
    )
