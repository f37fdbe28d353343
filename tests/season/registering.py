"""注册申请 through the pages: a season with a 推荐单位 and an enterprise, and the forms."""

from __future__ import annotations

import html

import sqlalchemy as sa

from contest.extensions import db
from contest.season.models import Enterprise, Recommender, Registration
from tests.conftest import sign_in
from tests.season import helpers

COMPANY = "上海华谊（集团）公司  丙烯酸厂"  # two inner spaces, as the 公章 reads


def season_with_units(app):
    """Staff, a 推荐单位 (pudong) and its enterprise (huayi): their signed-in clients."""
    office = app.test_client()
    sign_in(office, "admin")
    helpers.open_season(office)
    path = helpers.add_recommender(office, "浦东新区质量协会")
    recommender, unit = app.test_client(), app.test_client()
    helpers.join(recommender, path, "pudong", "王明")
    pudong = db.session.scalar(sa.select(Recommender))
    helpers.join(unit, helpers.add_enterprise(recommender, pudong.id, COMPANY), "huayi", "李华")
    enterprise = db.session.scalar(sa.select(Enterprise))
    return office, recommender, unit, pudong, enterprise


def person(username: str, name: str = "赵敏") -> dict[str, str]:
    return {
        "display_name": name,
        "mobile": "13700001234",
        "email": f"{username}@example.com",
        "username": username,
        "password": f"zhuce-2026-{username}",
    }


def register(client, kind: str, query: str = "", **fields):
    """POST the kind's form, as the page sends it (its token from the page itself)."""
    path = f"/apply/register/{kind}"
    token = helpers.token(client, path + query)
    return client.post(path, data={"csrf_token": token, **fields})


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def decide(client, registration_id: int, page: str, outcome: str, reason: str = ""):
    """A 推荐单位's or an enterprise's button on its own page (staff: their 注册审核)."""
    data = {"csrf_token": helpers.token(client, page), "outcome": outcome, "reason": reason}
    if page.startswith("/admin/"):
        return client.post(f"/admin/season/registrations/{registration_id}", data=data)
    return client.post(f"/apply/register/requests/{registration_id}", data=data)


def latest() -> Registration:
    db.session.expire_all()
    return db.session.scalar(sa.select(Registration).order_by(Registration.id.desc()))
