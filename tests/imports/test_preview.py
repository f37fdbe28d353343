"""The admin page: upload shows a preview and writes nothing; 确认导入 writes exactly that."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, ImportBatch, StaffRole, StaffUser
from tests.conftest import sign_in
from tests.imports.files import counts, form_2_3_workbook, new_contest, teams_of

SHEETS = [
    ("上海市化工行业协会", [("甲公司", "一班", 5, "", "现场"), ("甲公司", "二班", 6, "", "线上")]),
    ("浦东新区", [("乙公司", "三班", 7, "", "")]),
]


@pytest.fixture
def contest(app):
    return new_contest("第一分会场")


def _csrf(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _preview(client, contest, data: bytes = b""):
    url = f"/admin/contests/{contest.id}/import/teams"
    form = {"csrf_token": _csrf(client, url), "file": (io.BytesIO(data), "推荐表.xlsx")}
    response = client.post(url, data=form, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page)
    return response, page, token.group(1) if token else None


def _post(client, contest, action: str, token: str):
    url = f"/admin/contests/{contest.id}/import/teams"
    return client.post(f"{url}/{action}", data={"csrf_token": _csrf(client, url), "token": token})


def _cells(page: str, table_id: str) -> list[list[str]]:
    body = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
        if "<td" in r
    ]


def test_preview_writes_nothing_and_confirm_writes_exactly_the_rows(client, app, staff, contest):
    sign_in(client, "admin")
    before = counts()
    response, page, token = _preview(client, contest, form_2_3_workbook(SHEETS))
    assert response.status_code == 200 and token
    assert counts() == before
    assert _cells(page, "import-sheets") == [
        ["上海市化工行业协会", "上海市化工行业协会", "2"],
        ["浦东新区", "浦东新区", "1"],
    ]
    assert "确认导入" in page and "取消" in page
    meta = json.loads((Path(app.instance_path) / "imports/pending" / f"{token}.json").read_text())
    assert (meta["staff"], meta["contest"], meta["kind"], meta["file"]) == (
        staff["admin"].id, contest.id, "teams", "推荐表.xlsx",
    )  # fmt: skip
    done = _post(client, contest, "confirm", token)
    assert (done.status_code, done.headers["Location"]) == (302, f"/admin/contests/{contest.id}")
    assert [(t.unit.name, t.company_name, t.team_name) for t in teams_of(contest)] == [
        ("上海市化工行业协会", "甲公司", "一班"),
        ("上海市化工行业协会", "甲公司", "二班"),
        ("浦东新区", "乙公司", "三班"),
    ]
    batch = db.session.scalar(sa.select(ImportBatch))
    assert (batch.kind, batch.filename, batch.created_by_id, batch.summary["sheets"]) == (
        "teams",
        "推荐表.xlsx",
        staff["admin"].id,
        [
            {"name": "上海市化工行业协会", "unit": "上海市化工行业协会", "rows": 2},
            {"name": "浦东新区", "unit": "浦东新区", "rows": 1},
        ],
    )
    assert list((Path(app.instance_path) / "imports/pending").iterdir()) == []
    again = _post(client, contest, "confirm", token)
    assert again.status_code == 400 and "这份预览已失效" in again.get_data(as_text=True)
    assert len(teams_of(contest)) == 3


def test_preview_confirm_refuses_when_the_result_changed_since(client, staff, contest):
    sign_in(client, "admin")
    _response, _page, token = _preview(client, contest, form_2_3_workbook(SHEETS[:1]))
    _r, _p, other = _preview(client, contest, form_2_3_workbook(SHEETS[:1]))
    assert _post(client, contest, "confirm", other).status_code == 302
    before = counts()
    stale = _post(client, contest, "confirm", token)
    assert stale.status_code == 422
    assert "该班组已在本比赛中" in stale.get_data(as_text=True)
    assert counts() == before


def test_preview_token_of_another_admin_is_refused(client, app, staff, contest):
    sign_in(client, "admin")
    _response, _page, token = _preview(client, contest, form_2_3_workbook(SHEETS))
    other = StaffUser(username="admin2", display_name="秘书处二", role=StaffRole.ADMIN)
    other.set_password("admin2-pass")
    db.session.add(other)
    db.session.commit()
    stranger = app.test_client()
    page = stranger.get("/staff/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    stranger.post(
        "/staff/login", data={"username": "admin2", "password": "admin2-pass", "csrf_token": csrf}
    )
    refused = _post(stranger, contest, "confirm", token)
    assert refused.status_code == 400
    assert "这份预览不是您在本页上传的" in refused.get_data(as_text=True)
    assert teams_of(contest) == []
    elsewhere = new_contest("会场")
    url = f"/admin/contests/{elsewhere.id}/import/teams/confirm"
    wrong = client.post(url, data={"csrf_token": _csrf(client, url[:-8]), "token": token})
    assert wrong.status_code == 400 and teams_of(elsewhere) == []


def test_preview_expires_after_an_hour(client, app, staff, contest):
    sign_in(client, "admin")
    _response, _page, token = _preview(client, contest, form_2_3_workbook(SHEETS))
    meta_path = Path(app.instance_path) / "imports/pending" / f"{token}.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "created": meta["created"] - 3601}))
    expired = _post(client, contest, "confirm", token)
    assert expired.status_code == 400
    assert "预览已超过 1 小时，已失效" in expired.get_data(as_text=True)
    assert teams_of(contest) == [] and not meta_path.exists()


def test_preview_cancel_forgets_the_upload(client, app, staff, contest):
    sign_in(client, "admin")
    _response, _page, token = _preview(client, contest, form_2_3_workbook(SHEETS))
    cancelled = _post(client, contest, "cancel", token)
    assert cancelled.status_code == 302
    assert list((Path(app.instance_path) / "imports/pending").iterdir()) == []
    assert teams_of(contest) == []
    page = client.get(cancelled.headers["Location"]).get_data(as_text=True)
    assert "已取消，未写入任何数据" in page
    assert (
        db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "import.teams")) is None
    )


def test_preview_with_errors_offers_no_confirm(client, staff, contest):
    sign_in(client, "admin")
    rows = [("甲公司", "一班", "很多", "", "")]
    response, page, token = _preview(client, contest, form_2_3_workbook([("协会", rows)]))
    assert (response.status_code, token) == (422, None)
    assert _cells(page, "import-errors") == [["5", "班组人数", "班组人数「很多」不是正整数"]]
