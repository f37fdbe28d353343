"""推荐单位 评委名单: TGQ numbers well-formed and never two people's; imported into the
contest once per person, with their 工作单位 (automatic 回避) and 推荐单位."""

from __future__ import annotations

import html

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Judge
from contest.season.models import Recommender, UnitJudge
from tests.conftest import sign_in
from tests.season import helpers

JUDGE = {"name": "陈志远", "employer": "上海市质量协会", "mobile": "13911112222",
         "address": "上海市黄浦区", "postcode": "200001"}  # fmt: skip


def _two_units(app):
    office = app.test_client()
    sign_in(office, "admin")
    helpers.open_season(office)
    first_path = helpers.add_recommender(office, "浦东新区质量协会")
    second_path = helpers.add_recommender(office, "上海市化工行业协会", "industry")
    first, second = app.test_client(), app.test_client()
    helpers.join(first, first_path, "pudong", "王明")
    helpers.join(second, second_path, "huagong", "赵强")
    units = db.session.scalars(sa.select(Recommender).order_by(Recommender.id)).all()
    return office, (first, units[0]), (second, units[1])


def _add(client, unit, **fields):
    data = {"csrf_token": helpers.token(client, "/apply/recommender/"), **JUDGE, **fields}
    response = client.post(f"/apply/recommender/{unit.id}/judges", data=data)
    return response, html.unescape(client.get("/apply/recommender/").get_data(as_text=True))


def test_tgq_numbers_are_well_formed_and_never_two_peoples(app, staff):
    _office, (first, unit_a), (second, unit_b) = _two_units(app)
    bad, _page = _add(first, unit_a, certificate_no="TGQ 2019/01")
    assert bad.status_code == 422
    assert (
        "TGQ 评委证书号「TGQ 2019/01」格式不对：应为 4 到 30 位字母、数字或连字符，"
        "例如 TGQ-2019-0123；请按证书填写"
    ) in html.unescape(bad.get_data(as_text=True))
    done, page = _add(first, unit_a, certificate_no="ｔｇｑ－２０１９－０１２３")
    assert done.status_code == 302
    assert '<td class="certificate">TGQ-2019-0123</td>' in page
    clash, _page = _add(second, unit_b, name="李国强", certificate_no="tgq-2019-0123")
    assert (
        "TGQ 评委证书号 TGQ-2019-0123 已登记给 陈志远（浦东新区质量协会）；"
        "同一证书号不能属于两个人，请核对"
    ) in html.unescape(clash.get_data(as_text=True))
    same_person, _page = _add(second, unit_b, certificate_no="TGQ-2019-0123")
    assert same_person.status_code == 302  # the same judge on two lists
    again, _page = _add(first, unit_a, certificate_no="TGQ-2019-0123")
    assert "陈志远 已在本单位评委名单中" in html.unescape(again.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UnitJudge)) == 2


def test_judges_are_imported_into_the_contest_once_per_person(app, staff, demo):
    office, (first, unit_a), (second, unit_b) = _two_units(app)
    _add(first, unit_a, certificate_no="TGQ-2019-0123")
    _add(second, unit_b, certificate_no="TGQ-2019-0123")
    other = {"name": "孙丽", "employer": "上海华谊（集团）公司", "mobile": "13722223333"}
    _add(second, unit_b, certificate_no="TGQ-2020-0007", **other)
    before = {j.id for j in db.session.scalars(sa.select(Judge))}
    venue = demo.venues[0]
    form = {"csrf_token": helpers.token(office, "/admin/season/review"), "venue": venue.id}
    done = office.post("/admin/season/into-contest/judges", data=form)
    assert done.headers["Location"] == f"/admin/contests/{demo.id}/judges"
    page = html.unescape(office.get(done.headers["Location"]).get_data(as_text=True))
    assert f"已将 2 位推荐单位评委导入「{demo.name}」{venue.name}，按工作单位自动回避" in page
    made = db.session.scalars(
        sa.select(Judge).where(Judge.id.not_in(before)).order_by(Judge.id)
    ).all()
    assert [(j.name, j.employer, j.certificate_no, j.unit.name) for j in made] == [
        ("陈志远", "上海市质量协会", "TGQ-2019-0123", "浦东新区质量协会"),
        ("孙丽", "上海华谊（集团）公司", "TGQ-2020-0007", "上海市化工行业协会"),
    ]
    again = office.post("/admin/season/into-contest/judges", data=form, follow_redirects=True)
    assert "没有待导入的推荐单位评委" in html.unescape(again.get_data(as_text=True))
