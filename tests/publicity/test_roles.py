"""Who may do what: staff pages need an admin (the 监督 only looks); the public pages need
no sign-in; filing and failed look-ups are bounded per address."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import StaffRole, StaffUser
from contest.publicity.models import Objection
from tests.conftest import sign_in
from tests.publicity.steps import file_objection, prepared, receipt, status

TOO_MANY = "尝试次数过多，请稍后再试"


def test_staff_pages_need_an_admin(app, client, staff, demo):
    season = prepared(client, demo)
    file_objection(app.test_client())
    objection = db.session.scalar(sa.select(Objection))
    pages = [
        "/admin/season/publicity/",
        f"/admin/season/publicity/{season.id}",
        f"/admin/season/publicity/objections/{objection.id}",
    ]
    anonymous = app.test_client()
    for page in pages:
        response = anonymous.get(page)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    host = app.test_client()
    sign_in(host, "host1")
    for page in pages:
        assert host.get(page).status_code == 403
    assert host.post(f"/admin/season/publicity/{season.id}/publish").status_code in (400, 403)


def test_the_supervisor_looks_but_changes_nothing(app, client, staff, demo):
    season = prepared(client, demo)
    admin = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))
    admin.role = StaffRole.SUPERVISOR
    db.session.commit()
    page = client.get(f"/admin/season/publicity/{season.id}")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    refused = client.post(
        f"/admin/season/publicity/{season.id}/publish", data={"csrf_token": token}
    )
    assert refused.status_code == 403


def test_an_objector_sees_only_their_own_objection(app, client, staff, demo):
    prepared(client, demo)
    first = app.test_client()
    second = app.test_client()
    mine, my_code = receipt(file_objection(first))
    theirs, _ = receipt(file_objection(second, name="李华", grounds="第二份异议：另有理由"))
    shown = status(first, mine, my_code).get_data(as_text=True)
    assert mine in shown and theirs not in shown and "第二份异议" not in shown
    assert status(first, theirs, my_code).status_code == 404
    assert first.get("/admin/season/publicity/objections/2").status_code == 302  # staff only


def test_filing_is_bounded_per_address(app, client, staff, demo):
    prepared(client, demo)
    public = app.test_client()
    answers = [file_objection(public, name=f"提出人{i}").status_code for i in range(6)]
    assert answers == [200] * 5 + [429]
    assert db.session.scalar(sa.select(sa.func.count(Objection.id))) == 5


def test_failed_status_look_ups_are_limited_and_right_ones_are_not(app, client, staff, demo):
    prepared(client, demo)
    public = app.test_client()
    number, code = receipt(file_objection(public))
    assert status(public, number, code).status_code == 200
    wrong = [status(public, number, "AAAA-BBBB-CCCC").status_code for _ in range(10)]
    assert wrong == [404] * 10
    token = re.search(r'name="csrf_token" value="([^"]+)"', public.get("/gongshi/2026").text)
    data = {"number": number, "code": code, "csrf_token": token.group(1)}
    limited = public.post("/gongshi/yiyi/chaxun", data=data)
    assert limited.status_code == 429 and TOO_MANY in limited.get_data(as_text=True)
