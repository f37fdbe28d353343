"""推荐单位 and enterprises: staff add the 推荐单位; a 推荐单位 adds its enterprises.

Names are kept exactly as typed, trimmed at the ends only: an enterprise's name is what its
公章 reads, goes to every form and certificate, and is never typed again by its teams.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.season.accounts import SeasonRefused
from contest.season.models import Enterprise, Recommender, Season, UnitKind

KIND_LABELS = {
    UnitKind.DISTRICT: "区",
    UnitKind.INDUSTRY: "行业",
    UnitKind.GROUP: "集团",
    UnitKind.MEMBER: "市质协会员单位（直报）",
}


def clean_name(text: str, *, what: str) -> str:
    """A unit's name trimmed at its ends, or refused saying why."""
    name = text.strip()
    if not name:
        raise SeasonRefused(_("请填写%(what)s", what=what))
    if len(name) > 200:
        raise SeasonRefused(_("%(what)s不能超过 200 个字", what=what))
    if any(ord(ch) < 32 for ch in name):
        raise SeasonRefused(_("%(what)s中有不可见的控制字符；请重新输入", what=what))
    return name


def add_recommender(*, season: Season, name: str, kind: str, actor: str) -> Recommender:
    """A 推荐单位 of the season; its name is unique within the season."""
    clean = clean_name(name, what=_("推荐单位名称"))
    try:
        unit_kind = UnitKind(kind)
    except ValueError:
        raise SeasonRefused(_("请选择推荐单位类别：区、行业、集团或市质协会员单位")) from None
    taken = db.session.scalar(
        sa.select(Recommender.id).where(
            Recommender.season_id == season.id, Recommender.name == clean
        )
    )
    if taken is not None:
        raise SeasonRefused(_("推荐单位「%(name)s」已在名单中", name=clean))
    unit = Recommender(season_id=season.id, name=clean, kind=unit_kind)
    db.session.add(unit)
    db.session.flush()
    audit.record(
        "season.recommender_added",
        actor=actor,
        subject=f"recommender:{unit.id}",
        data={"name": clean, "kind": unit_kind.value},
    )
    return unit


def add_enterprise(*, recommender: Recommender, name: str, actor: str) -> Enterprise:
    """An enterprise under a 推荐单位, its name as its 公章 reads."""
    clean = clean_name(name, what=_("企业名称（以公章为准）"))
    taken = db.session.scalar(
        sa.select(Enterprise.id).where(
            Enterprise.recommender_id == recommender.id, Enterprise.name == clean
        )
    )
    if taken is not None:
        raise SeasonRefused(_("企业「%(name)s」已在本单位名单中", name=clean))
    enterprise = Enterprise(season_id=recommender.season_id, recommender=recommender, name=clean)
    db.session.add(enterprise)
    db.session.flush()
    audit.record(
        "season.enterprise_added",
        actor=actor,
        subject=f"enterprise:{enterprise.id}",
        data={"name": clean, "recommender": recommender.name},
    )
    return enterprise


def enterprises_of(recommender: Recommender) -> list[Enterprise]:
    return list(
        db.session.scalars(
            sa.select(Enterprise)
            .where(Enterprise.recommender_id == recommender.id)
            .order_by(Enterprise.id)
        )
    )
