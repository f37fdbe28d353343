"""直报: a 市质协会员单位 with no 推荐单位 registers; only staff confirm it; it becomes its own
推荐单位 (kind MEMBER, holding only itself), shown as 直报, and its teams' applications go
from its approval straight to 形式审查, two teams at most."""

from __future__ import annotations

import sqlalchemy as sa

from contest.extensions import db
from contest.season.models import (
    Application,
    ApplicationStatus,
    Channel,
    Decision,
    Enterprise,
    Membership,
    Recommender,
    UnitKind,
)
from tests.season import helpers
from tests.season.registering import (
    decide,
    latest,
    person,
    register,
    season_with_units,
    text,
)
from tests.season.test_channels import _submitted
from tests.season.test_mail import inbox  # noqa: F401  (the fixture)

MEMBER = "上海电气集团上海电机厂有限公司"


def _approve(unit, application) -> str:
    """同意推荐, after the 评分与推荐意见 and its sealed scan that it needs."""
    helpers.complete_opinion(unit, application.id)
    review = f"/apply/unit/applications/{application.id}"
    data = {"csrf_token": helpers.token(unit, review), "outcome": "approved"}
    answer = unit.post(review, data=data)
    return text(unit.get("/apply/unit/")) if answer.status_code == 302 else text(answer)


def test_a_member_unit_applies_directly_once_staff_confirm_it(app, staff, inbox):  # noqa: F811
    office, recommender, _unit, _pudong, _enterprise = season_with_units(app)
    member = app.test_client()
    done = register(member, "member", name=MEMBER, member_no="SQA-0456",
                    reason="本单位所在行业没有推荐单位", **person("dianji", "钱进"))  # fmt: skip
    assert done.headers["Location"] == "/apply/"
    assert "已提交注册申请，等待秘书处审核" in text(member.get("/apply/"))
    registration = latest()
    # Not the 推荐单位's to decide: not in its queue, and its decision is not found.
    assert MEMBER not in text(recommender.get("/apply/recommender/"))
    assert decide(recommender, registration.id, "/apply/recommender/", "approved").status_code == (
        404
    )
    index = text(office.get("/admin/season/"))
    assert (
        '<a href="/admin/season/registrations" id="registrations-link">注册审核'
        '<span class="count">1</span></a>'
    ) in index
    page = text(office.get("/admin/season/registrations"))
    assert "会员编号：SQA-0456" in page
    assert "无推荐单位的原因：本单位所在行业没有推荐单位" in page
    decide(office, registration.id, "/admin/season/registrations", "approved")
    assert f"已通过「{MEMBER}」的注册申请，已通知申请人" in text(
        office.get("/admin/season/registrations")
    )
    own = db.session.scalar(sa.select(Recommender).where(Recommender.name == MEMBER))
    assert own.kind is UnitKind.MEMBER
    made = db.session.scalars(sa.select(Enterprise).where(Enterprise.recommender_id == own.id))
    (enterprise,) = made.all()
    assert enterprise.name == MEMBER
    roles = db.session.scalars(
        sa.select(Membership).where(Membership.applicant_id == registration.applicant_id)
    ).all()
    assert [(m.channel, m.enterprise_id) for m in roles] == [(Channel.ENTERPRISE, enterprise.id)]
    assert (
        f'<td class="name">{MEMBER}</td><td class="kind"><span class="badge direct">直报</span>'
        " 市质协会员单位（直报）</td>"
    ) in text(office.get("/admin/season/"))
    to, mail = inbox.received[-1]
    assert to == ["dianji@example.com"]
    assert mail.get_content().startswith(
        f"您提交的注册申请（市质协会员单位直报：{MEMBER}）已由秘书处审核通过。请登录办理："
    )

    # Its team applies; the unit's approval goes straight to 形式审查.
    team = app.test_client()
    helpers.join(team, helpers.invite_team(member, enterprise.id), "13900003333", "孙工")
    first = _submitted(team, enterprise)
    assert "已同意 2026-0001，直报秘书处形式审查" in _approve(member, first)
    db.session.expire_all()
    assert db.session.get(Application, first.id).status is ApplicationStatus.RECOMMENDED
    stages = db.session.scalars(
        sa.select(Decision).where(Decision.application_id == first.id).order_by(Decision.id)
    ).all()
    assert [(d.stage.value, d.outcome.value) for d in stages] == [
        ("enterprise", "approved"),
        ("recommender", "approved"),
    ]
    review = text(office.get("/admin/season/review"))
    assert '<td class="unit"><span class="badge direct">直报</span></td>' in review
    assert '<td class="state">待形式审查</td>' in review
    # The quota of 2 teams still holds: the third approval is refused, nothing changes.
    second = _submitted(team, enterprise)
    assert "已同意 2026-0002，直报秘书处形式审查" in _approve(member, second)
    third = _submitted(team, enterprise)
    refused = _approve(member, third)
    assert f"企业「{MEMBER}」已有 2 个班组被推荐（" in refused
    db.session.expire_all()
    assert db.session.get(Application, third.id).status is ApplicationStatus.SUBMITTED


def test_only_staff_refuse_a_member_request_and_with_a_reason(app, staff, inbox):  # noqa: F811
    office, _recommender, _unit, _pudong, _enterprise = season_with_units(app)
    register(app.test_client(), "member", name=MEMBER, reason="无推荐单位",
             **person("dianji-2"))  # fmt: skip
    registration = latest()
    decide(office, registration.id, "/admin/season/registrations", "refused")
    assert "不通过时请填写理由，它将通知申请人" in text(office.get("/admin/season/registrations"))
    decide(office, registration.id, "/admin/season/registrations", "refused", "非市质协会员单位")
    assert latest().status.value == "refused"
    to, mail = inbox.received[-1]
    assert (to, mail["Subject"]) == (["dianji-2@example.com"], f"注册申请未通过：{MEMBER}")
    assert mail.get_content() == (
        f"您提交的注册申请（市质协会员单位直报：{MEMBER}）未获秘书处通过。\n"
        "理由：非市质协会员单位\n如有疑问，请联系秘书处。\n"
    )
    decided = text(office.get("/admin/season/registrations"))
    assert '<td class="outcome">不通过</td>' in decided
    assert db.session.scalar(sa.select(Recommender).where(Recommender.name == MEMBER)) is None
