"""A season with its chain of people, made through the pages as each person would."""

from __future__ import annotations

import re
from datetime import timedelta

from contest.models.types import utcnow
from contest.season.current import BEIJING

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def token(client, path: str) -> str:
    return CSRF.search(client.get(path, follow_redirects=True).get_data(as_text=True)).group(1)


def local(delta: timedelta) -> str:
    """A datetime-local value in Beijing time, `delta` from now."""
    return (utcnow() + delta).astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")


def invitation_path(page: str) -> str:
    found = re.search(r'value="https?://[^"/]+(/apply/join/[A-Za-z0-9_\-]+)"', page)
    assert found, page
    return found.group(1)


def open_season(staff_client, *, closes_in=timedelta(days=10)) -> None:
    form = {
        "csrf_token": token(staff_client, "/admin/season/"),
        "year": "2026",
        "name": "2026年上海市质量信得过班组建设经验申报",
        "opens": local(-timedelta(days=1)),
        "closes": local(closes_in),
    }
    response = staff_client.post("/admin/season/", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)


def add_recommender(staff_client, name: str, kind: str = "district") -> str:
    form = {"csrf_token": token(staff_client, "/admin/season/"), "name": name, "kind": kind}
    page = staff_client.post("/admin/season/recommenders", data=form).get_data(as_text=True)
    return invitation_path(page)


def join(client, path: str, username: str, name: str) -> None:
    form = {
        "csrf_token": token(client, path),
        "display_name": name,
        "mobile": "13812345678",
        "email": f"{username}@example.com",
        "username": username,
        "password": f"zhiliang-2026-{username}",
    }
    response = client.post(path, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)


def add_enterprise(client, recommender_id: int, name: str) -> str:
    form = {"csrf_token": token(client, "/apply/recommender/"), "name": name}
    url = f"/apply/recommender/{recommender_id}/enterprises"
    return invitation_path(client.post(url, data=form).get_data(as_text=True))


def invite_team(client, enterprise_id: int) -> str:
    form = {"csrf_token": token(client, "/apply/unit/")}
    url = f"/apply/unit/{enterprise_id}/invite"
    return invitation_path(client.post(url, data=form).get_data(as_text=True))


def upload(client, application_id: int, kind: str, data: bytes, name: str):
    """POST one attachment from the form page, as the browser sends it."""
    import io

    url = f"/apply/team/{application_id}"
    form = {"csrf_token": token(client, url), "file": (io.BytesIO(data), name)}
    return client.post(f"{url}/files/{kind}", data=form, content_type="multipart/form-data")


def attach_both(client, application_id: int) -> None:
    from tests.season.files import blank_pdf, docx

    narrative = docx("班组创建材料：我们开展QC小组活动，2026年完成率100%。")
    assert (
        upload(client, application_id, "narrative", narrative, "班组创建材料.docx").status_code
        == 302
    )
    assert (
        upload(client, application_id, "scan", blank_pdf(2), "申报表（盖章）.pdf").status_code
        == 302
    )


OPINION_TEXT = (
    "该班组对照准则扎实开展质量信得过班组建设，指标真实，现场记录齐全，成效突出，同意推荐。"
)


def opinion_values(**changes: str) -> dict[str, str]:
    """A complete 评分与推荐意见 as the enterprise types it (dated today in Beijing)."""
    from contest.season.opinion.records import today

    values = {f"rating_{n}": "meets" for n in range(1, 8)}
    values |= {
        "rating_7": "partly",
        "remark_7": "本集团发表评审安排在 8 月，材料审核已完成",
        "score": "92.5",
        "opinion": OPINION_TEXT,
        "filler": "李华",
        "filled_on": today().isoformat(),
    }
    return values | changes


def complete_opinion(client, application_id: int) -> None:
    """What 同意推荐 needs: the enterprise submits its 评分与推荐意见, then uploads the
    sealed scan of the form."""
    import io

    from tests.season.files import blank_pdf

    url = f"/apply/unit/applications/{application_id}/opinion"
    data = {**opinion_values(), "csrf_token": token(client, url), "next": "submit"}
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    form = {"csrf_token": token(client, url), "file": (io.BytesIO(blank_pdf(1)), "评分表.pdf")}
    response = client.post(f"{url}/scan", data=form, content_type="multipart/form-data")
    assert response.status_code == 302
