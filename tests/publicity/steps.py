"""Steps the publicity tests share: staff and public requests with their CSRF tokens."""

from __future__ import annotations

import re
from datetime import date, timedelta

from contest.extensions import db
from contest.publicity import notice as notices
from contest.publicity.calendar import today
from tests.conftest import sign_in
from tests.publicity import world

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(client, path: str) -> str:
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def staff_post(client, season, path: str, **data):
    page = f"/admin/season/publicity/{season.id}"
    data["csrf_token"] = token(client, page)
    return client.post(page + path, data=data, follow_redirects=True)


def prepared(client, demo, *, starts_on: date | None = None, days: int = 5):
    """A season with the demo linked, snapshotted and its 公示 opened (staff signed in)."""
    world.scored(demo)
    season = world.season()
    sign_in(client, "admin")
    staff_post(client, season, "/contests", contest_id=str(demo.id))
    staff_post(client, season, "/snapshot")
    start = (starts_on or today()).isoformat()
    staff_post(client, season, "/open", starts_on=start, working_days=str(days), contact="")
    return season


def end_notice(season) -> None:
    """Move the 公示 into the past (the days it covered have gone by)."""
    notice = notices.of(season.id)
    notice.starts_on = today() - timedelta(days=20)
    notice.ends_on = today() - timedelta(days=10)
    db.session.commit()


def file_objection(client, year: int = 2026, **overrides):
    data = {
        "name": "王立新",
        "unit": "上海某某机械有限公司",
        "phone": "021-64000000",
        "subject": "上海石化股份有限公司 丙烯酸装置运行三班",
        "grounds": "该班组发表材料中的数据与实际不符。",
        **overrides,
    }
    data["csrf_token"] = token(client, "/gongshi/yiyi/chaxun")  # the session's token
    return client.post(f"/gongshi/{year}/yiyi", data=data)


RECEIPT = re.compile(
    r'id="receipt-number" class="exact">([^<]+)<.*?id="receipt-code"[^>]*>([^<]+)<', re.S
)


def receipt(response) -> tuple[str, str]:
    found = RECEIPT.search(response.get_data(as_text=True))
    return found.group(1), found.group(2)


def status(client, number: str, code: str):
    data = {"number": number, "code": code, "csrf_token": token(client, "/gongshi/yiyi/chaxun")}
    return client.post("/gongshi/yiyi/chaxun", data=data)
