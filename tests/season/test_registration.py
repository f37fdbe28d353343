"""注册申请 through the pages: an enterprise asks its 推荐单位, a team its enterprise; the
person waits seeing only that; approval gives the role an invitation would, refusal needs
a reason; both are told by message and e-mail (aiosmtpd on loopback); duplicates, bad
fields and floods are refused with what to do, writing nothing."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.season import registrations
from contest.season.models import (
    Applicant,
    Application,
    Channel,
    Enterprise,
    Membership,
    ProblemReport,
    Registration,
)
from tests.season import helpers
from tests.season.registering import (
    COMPANY,
    decide,
    latest,
    person,
    register,
    season_with_units,
    text,
)
from tests.season.test_mail import inbox  # noqa: F401  (the fixture)


def _rows(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_an_enterprise_registers_waits_and_its_recommender_approves(app, staff, inbox):  # noqa: F811
    _office, recommender, _unit, pudong, _enterprise = season_with_units(app)
    inbox.received.clear()
    visitor = app.test_client()
    login = text(visitor.get("/apply/login"))
    assert '<a href="/apply/register/" id="register-link">没有邀请链接？注册申请</a>' in login
    name = "上海石化股份有限公司　涤纶部"  # a full-width space inside: kept
    typed = f"\u3000{name} "  # full- and half-width spaces at the ends: trimmed
    done = register(visitor, "enterprise", recommender=str(pudong.id), name=typed,
                    **person("shihua"))  # fmt: skip
    assert done.headers["Location"] == "/apply/"
    home = text(visitor.get("/apply/"))
    assert (
        "已提交注册申请，等待浦东新区质量协会审核；审核结果将通过站内消息和 E-mail 通知您" in home
    )
    assert "<h2>注册申请审核中</h2>" in home
    assert f'<dd class="name">{name}</dd>' in home
    assert "系统问题报告" not in home and 'class="channels"' not in home  # nothing else
    for path in ("/apply/unit/", "/apply/team/", "/apply/recommender/"):
        assert visitor.get(path).headers["Location"] == "/apply/"
    registration = latest()
    assert (registration.kind.value, registration.status.value, registration.name) == (
        "enterprise",
        "pending",
        name,
    )
    ((to, mail),) = inbox.received  # the 推荐单位's person is told it waits
    assert to == ["pudong@example.com"]
    assert mail["Subject"] == f"待审核：{name} 申请注册"
    assert mail.get_content().startswith(
        f"{name}（联系人 赵敏，手机 13700001234）申请注册为浦东新区质量协会的企业，请审核："
    )
    queue = text(recommender.get("/apply/recommender/"))
    assert (
        f'id="registrations-r{pudong.id}" class="registrations-heading">注册申请（待审核 1）'
        in (queue)
    )
    assert f'<p class="name registration-name">{name}</p>' in queue

    answer = decide(recommender, registration.id, "/apply/recommender/", "approved")
    assert answer.headers["Location"] == f"/apply/recommender/#registrations-r{pudong.id}"
    after = text(recommender.get("/apply/recommender/"))
    assert f"已通过「{name}」的注册申请，已通知申请人" in after
    assert "注册申请（待审核 0）" in after
    made = db.session.scalar(sa.select(Enterprise).where(Enterprise.name == name))
    assert made.recommender_id == pudong.id
    registration = latest()
    assert (registration.status.value, registration.enterprise_id) == ("approved", made.id)
    roles = db.session.scalars(
        sa.select(Membership).where(Membership.applicant_id == registration.applicant_id)
    ).all()
    assert [(m.channel, m.enterprise_id) for m in roles] == [(Channel.ENTERPRISE, made.id)]
    to, mail = inbox.received[-1]
    assert to == ["shihua@example.com"]
    assert mail["Subject"] == f"注册申请已通过：{name}"
    assert mail.get_content().startswith(
        f"您提交的注册申请（单位通道（企业）：{name}）已由浦东新区质量协会审核通过。请登录办理："
    )
    assert f'<h2 class="name">{name}</h2>' in text(visitor.get("/apply/unit/"))
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == [
        "season.registration_filed",
        "season.enterprise_added",
        "season.registration_approved",
    ]


def test_a_refused_team_is_told_why_and_can_do_nothing(app, staff, inbox):  # noqa: F811
    _office, _recommender, unit, pudong, enterprise = season_with_units(app)
    inbox.received.clear()
    visitor = app.test_client()
    step = text(visitor.get("/apply/register/team"))
    assert f'<option value="{pudong.id}">浦东新区质量协会</option>' in step
    query = f"?recommender={pudong.id}"
    chosen = text(visitor.get("/apply/register/team" + query))
    # Runs of spaces kept in the option (a select would collapse them): the 公章's name.
    shown = COMPANY.replace(" ", "\u00a0")
    assert f'<option value="{enterprise.id}">{shown}</option>' in chosen
    fields = {"recommender": str(pudong.id), "enterprise": str(enterprise.id)}
    done = register(visitor, "team", query, **fields, name="丙烯酸装置运行三班",
                    **person("13900002222", "张建国"))  # fmt: skip
    assert done.headers["Location"] == "/apply/"
    registration = latest()
    ((to, mail),) = inbox.received
    assert (to, mail["Subject"]) == (["huayi@example.com"], "待审核：丙烯酸装置运行三班 申请注册")

    # 不通过 needs a reason; without one nothing changes.
    answer = decide(unit, registration.id, "/apply/unit/", "refused")
    assert answer.headers["Location"] == f"/apply/unit/#registrations-e{enterprise.id}"
    assert "不通过时请填写理由，它将通知申请人" in text(unit.get("/apply/unit/"))
    assert latest().status.value == "pending"
    decide(unit, registration.id, "/apply/unit/", "refused", "本厂没有这个班组，请核对班组全称")
    assert "已不予通过「丙烯酸装置运行三班」的注册申请，理由已通知申请人" in text(
        unit.get("/apply/unit/")
    )
    assert (latest().status.value, latest().refusal) == (
        "refused",
        "本厂没有这个班组，请核对班组全称",
    )
    to, mail = inbox.received[-1]
    assert to == ["13900002222@example.com"]
    assert mail["Subject"] == "注册申请未通过：丙烯酸装置运行三班"
    assert mail.get_content() == (
        f"您提交的注册申请（班组通道（班组）：丙烯酸装置运行三班）未获{COMPANY}通过。\n"
        f"理由：本厂没有这个班组，请核对班组全称\n如有疑问，请联系{COMPANY}。\n"
    )
    home = text(visitor.get("/apply/"))
    assert "<h2>注册申请未通过</h2>" in home
    assert '<dd class="refusal">本厂没有这个班组，请核对班组全称</dd>' in home
    messages = text(visitor.get("/apply/messages"))
    assert "<h2>注册申请未通过：丙烯酸装置运行三班</h2>" in messages

    # A refused person cannot act: every channel's action sends them back, writing nothing.
    token = helpers.token(visitor, "/apply/")
    asked = {"csrf_token": token, "text": "无法提交", "enterprise": str(enterprise.id)}
    for path in ("/apply/problems", "/apply/team/new", f"/apply/unit/{enterprise.id}/invite"):
        assert visitor.post(path, data=asked).headers["Location"] == "/apply/"
    again = visitor.post(f"/apply/register/requests/{registration.id}",
                         data={**asked, "outcome": "approved"})  # fmt: skip
    assert again.headers["Location"] == "/apply/"
    assert (_rows(ProblemReport), _rows(Application)) == (0, 0)
    # Decided once: a second decision is refused.
    decide(unit, registration.id, "/apply/unit/", "approved")
    assert "该注册申请已经处理；请刷新页面查看最新状态" in text(unit.get("/apply/unit/"))
    assert latest().status.value == "refused"


def test_duplicates_are_refused_saying_whom_to_contact(app, staff):
    _office, _recommender, _unit, pudong, enterprise = season_with_units(app)
    visitor = app.test_client()
    under = {"recommender": str(pudong.id)}
    taken = register(visitor, "enterprise", **under, name=f"\u3000 {COMPANY}\u3000",
                     **person("dup-one"))  # fmt: skip
    assert taken.status_code == 422
    assert (
        f"企业「{COMPANY}」已在本年度申报名单中（推荐单位：浦东新区质量协会），请勿重复注册；"
        "如需为该企业办理申报，请联系浦东新区质量协会"
    ) in text(taken)
    assert 'value="zhuce-2026-dup-one"' not in text(taken)  # the password is never echoed
    first = register(visitor, "enterprise", **under, name="上海新申请有限公司", **person("dup-a"))
    assert first.status_code == 302
    other = app.test_client()
    waiting = register(other, "member", name="上海新申请有限公司 ", reason="无",
                       **person("dup-b"))  # fmt: skip
    assert (
        "企业「上海新申请有限公司」的注册申请已提交，正在等待浦东新区质量协会审核，请勿重复注册；"
        "如有疑问，请联系浦东新区质量协会"
    ) in text(waiting)
    # A team: one already applying under that name, or already asking, in the enterprise.
    db.session.add(
        Application(
            season_id=enterprise.season_id,
            enterprise_id=enterprise.id,
            owner_id=db.session.scalar(
                sa.select(Applicant.id).where(Applicant.username == "huayi")
            ),
            number="2026-0001",
            team_name="丙烯酸装置运行三班",
        )
    )
    db.session.commit()
    query = f"?recommender={pudong.id}"
    team = {"recommender": str(pudong.id), "enterprise": str(enterprise.id)}
    applied = register(other, "team", query, **team, name=" 丙烯酸装置运行三班\u3000",
                       **person("dup-c"))  # fmt: skip
    assert (
        f"班组「丙烯酸装置运行三班」已是{COMPANY}的申报班组，请勿重复注册；"
        f"如需加入，请联系{COMPANY}的联系人"
    ) in text(applied)
    assert register(other, "team", query, **team, name="聚合车间甲班",
                    **person("dup-d")).status_code == 302  # fmt: skip
    asking = register(app.test_client(), "team", query, **team, name="聚合车间甲班",
                      **person("dup-e"))  # fmt: skip
    assert (
        f"班组「聚合车间甲班」的注册申请已提交，正在等待{COMPANY}审核，请勿重复注册；"
        f"如有疑问，请联系{COMPANY}"
    ) in text(asking)
    # Exactly: another inner spacing is another name.
    spaced = register(app.test_client(), "team", query, **team, name="聚合车间 甲班",
                      **person("dup-f"))  # fmt: skip
    assert spaced.status_code == 302
    names = db.session.scalars(sa.select(Registration.name).order_by(Registration.id)).all()
    assert names == ["上海新申请有限公司", "聚合车间甲班", "聚合车间 甲班"]
    usernames = set(db.session.scalars(sa.select(Applicant.username)))
    assert {"dup-one", "dup-b", "dup-c", "dup-e"} & usernames == set()  # refused: no account


EMAIL = "请填写有效的 E-mail，例如 zhang@example.com；审核结果将发到该邮箱"
USERNAME = "用户名为 3 到 50 位字母、数字或 _ . @ -，例如手机号或 zhangjg；请重新填写"
BAD_FIELDS = [
    ("enterprise", {"name": "企" * 201}, "企业名称（以公章为准）不能超过 200 个字"),
    ("enterprise", {"name": "\u3000 "}, "请填写企业名称（以公章为准）"),
    (
        "enterprise",
        {"name": "上海\x07公司"},
        "企业名称（以公章为准）中有不可见的控制字符；请重新输入",
    ),
    (
        "enterprise",
        {"recommender": "999"},
        "请选择推荐单位；如无推荐单位，请改用“市质协会员单位直报注册”",
    ),
    ("enterprise", {"email": "not-an-email"}, EMAIL),
    ("enterprise", {"email": "a@" + "b" * 200 + ".cn"}, EMAIL),
    ("enterprise", {"mobile": "1234"}, "手机号码应为 11 位数字，以 1 开头，例如 13812345678"),
    ("enterprise", {"display_name": "名" * 51}, "请填写姓名（不超过 50 个字）"),
    ("enterprise", {"username": "a"}, USERNAME),
    ("enterprise", {"password": "short"}, "密码至少 8 位；请重新输入，或留空由系统生成"),
    ("enterprise", {"password": "x" * 201}, "密码不能超过 200 位"),
    (
        "enterprise",
        {"password": "bounds-2026"},
        "密码不能是用户名加数字或符号，也不能是用户名的一部分；请换一个密码",
    ),
    ("member", {"reason": " "}, "请说明没有推荐单位的原因，供秘书处确认"),
    ("member", {"reason": "因" * 501}, "原因说明不能超过 500 字"),
    ("member", {"member_no": "1" * 51}, "会员编号不能超过 50 个字符"),
    ("team", {"name": "班" * 101}, "班组名称不能超过 100 个字"),
    ("team", {"enterprise": "abc"}, "请先选择推荐单位，再选择所在企业"),
]


def test_every_field_is_bounded_and_a_wrong_one_is_said_writing_nothing(app, staff):
    _office, _recommender, _unit, pudong, enterprise = season_with_units(app)
    base = {
        "recommender": str(pudong.id),
        "enterprise": str(enterprise.id),
        "name": "上海某某有限公司",
        "reason": "本行业没有推荐单位",
        **person("bounds"),
    }
    before = (_rows(Applicant), _rows(Registration))
    wrong = []
    for kind, change, message in BAD_FIELDS:
        query = f"?recommender={pudong.id}" if kind == "team" else ""
        answer = register(app.test_client(), kind, query, **{**base, **change})
        shown = f'<p class="flash flash-error" role="alert" id="register-error">{message}</p>'
        if answer.status_code != 422 or shown not in text(answer):
            wrong.append((kind, change.keys(), answer.status_code))
    assert wrong == []
    assert (_rows(Applicant), _rows(Registration)) == before


def test_a_flood_is_bounded_per_address_and_per_queue(app, staff, demo, monkeypatch):
    office, _recommender, _unit, pudong, _enterprise = season_with_units(app)
    app.config["CONTEST_REGISTER_ATTEMPTS"] = "2 per hour"
    client = app.test_client()
    under = {"recommender": str(pudong.id)}
    assert (
        register(client, "enterprise", **under, name="企业一", **person("flood-1")).status_code
        == 302
    )
    # Refused (the username is taken): not counted, only requests that reach a queue are.
    assert (
        register(client, "enterprise", **under, name="企业二", **person("flood-1")).status_code
        == 422
    )
    assert (
        register(client, "enterprise", **under, name="企业二", **person("flood-2")).status_code
        == 302
    )
    forged = {"X-Forwarded-For": "203.0.113.7"}
    for headers in ({}, forged):
        path = "/apply/register/enterprise"
        form = {"csrf_token": helpers.token(client, path), **under, "name": "企业三",
                **person("flood-3")}  # fmt: skip
        over = client.post(path, data=form, headers=headers)
        assert over.status_code == 429
        assert "注册申请提交过于频繁，请稍后再试；如需帮助，请联系秘书处" in text(over)
    assert _rows(Registration) == 2
    # The secretariat sees the address held back on the 登录限制 list, and may release it
    # (an office sharing one address).
    accounts = f"/admin/contests/{demo.id}/accounts"
    listed = text(office.get(accounts))
    assert (
        '<tr data-lock="register/address/127.0.0.1">\n        <td>注册申请</td>\n'
        '        <td class="name">地址 <b>127.0.0.1</b></td>'
    ) in listed
    cleared = office.post(
        f"{accounts}/locks",
        data={"csrf_token": helpers.token(office, accounts), "lock": "register/address/127.0.0.1"},
    )
    assert cleared.status_code == 302
    again = register(client, "enterprise", **under, name="企业三", **person("flood-3"))
    assert again.status_code == 302
    assert _rows(Registration) == 3
    # Each queue holds a bounded number of waiting requests, whatever the address.
    app.config["CONTEST_REGISTER_ATTEMPTS"] = "100 per hour"
    monkeypatch.setattr(registrations, "PENDING_PER_QUEUE", 3)
    full = register(app.test_client(), "enterprise", **under, name="企业四", **person("flood-4"))
    assert full.status_code == 422
    message = "该单位已有 3 份注册申请等待审核，暂不能再提交；请待审核后再试，或联系秘书处"
    assert message in text(full)
    assert _rows(Registration) == 3


def test_staff_may_decide_any_request_and_a_closed_season_takes_none(app, staff, inbox):  # noqa: F811
    office, _recommender, _unit, pudong, enterprise = season_with_units(app)
    visitor = app.test_client()
    team = {"recommender": str(pudong.id), "enterprise": str(enterprise.id)}
    register(visitor, "team", f"?recommender={pudong.id}", **team, name="聚合车间甲班",
             **person("staff-any"))  # fmt: skip
    registration = latest()
    page = text(office.get("/admin/season/registrations"))
    assert "待审核（1）" in page and "班组通道（班组）" in page
    answer = decide(office, registration.id, "/admin/season/registrations", "approved")
    assert answer.headers["Location"] == "/admin/season/registrations"
    assert "已通过「聚合车间甲班」的注册申请，已通知申请人" in text(
        office.get("/admin/season/registrations")
    )
    to, mail = inbox.received[-1]
    assert (to, mail["Subject"]) == (["staff-any@example.com"], "注册申请已通过：聚合车间甲班")
    assert "已由秘书处审核通过" in mail.get_content()
    roles = db.session.scalars(
        sa.select(Membership).where(Membership.applicant_id == registration.applicant_id)
    ).all()
    assert [(m.channel, m.enterprise_id) for m in roles] == [(Channel.TEAM, enterprise.id)]
    assert visitor.get("/apply/team/").status_code == 200
    # Closed: no form, no request.
    helpers.open_season(office, closes_in=-timedelta(minutes=1))
    closed = app.test_client().get("/apply/register/enterprise")
    assert closed.status_code == 409
    assert "在线申报不在开放时间内，不能提交注册申请" in text(closed)
    assert "在线申报不在开放时间内，不能提交注册申请。" in text(
        app.test_client().get("/apply/register/")
    )


def test_a_person_signed_in_asks_for_one_more_role_with_the_same_account(app, staff):
    _office, recommender, unit, pudong, enterprise = season_with_units(app)
    accounts = _rows(Applicant)
    query = f"?recommender={pudong.id}"
    form = text(recommender.get("/apply/register/team" + query))
    assert "您已登录为 王明（pudong）：审核通过后，该角色加入当前账号。" in form
    assert 'name="password"' not in form  # no new account asked for
    team = {"recommender": str(pudong.id), "enterprise": str(enterprise.id)}
    done = register(recommender, "team", query, **team, name="聚合车间乙班")
    assert done.headers["Location"] == "/apply/"
    home = text(recommender.get("/apply/"))
    assert "<h2>注册申请审核中</h2>" in home and 'class="channels"' in home  # both shown
    assert _rows(Applicant) == accounts
    registration = latest()
    decide(unit, registration.id, "/apply/unit/", "approved")
    pudong_person = db.session.scalar(sa.select(Applicant).where(Applicant.username == "pudong"))
    roles = db.session.scalars(
        sa.select(Membership)
        .where(Membership.applicant_id == pudong_person.id)
        .order_by(Membership.id)
    ).all()
    assert [m.channel for m in roles] == [Channel.RECOMMENDER, Channel.TEAM]
    assert registration.applicant_id == pudong_person.id
    assert recommender.get("/apply/team/").status_code == 200
