"""Shared steps of the 导入成绩定分 tests: import paper totals, finalise, read what was audited."""

from __future__ import annotations

import html
import io
import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, Team
from tests.conftest import sign_in
from tests.setup import paper


def teams_of(contest) -> list[Team]:
    return list(
        db.session.scalars(
            sa.select(Team).where(Team.contest_id == contest.id).order_by(Team.serial)
        )
    )


def csrf_of(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def upload_scores(client, contest, data: bytes, name: str):
    """Upload on the import page, then press 确认导入 on its preview."""
    url = f"/admin/contests/{contest.id}/import/scores"
    form = {"csrf_token": csrf_of(client, url), "file": (io.BytesIO(data), name)}
    preview = client.post(url, data=form, content_type="multipart/form-data")
    token = re.search(r'name="token" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    return client.post(url + "/confirm", data={"csrf_token": csrf_of(client, url), "token": token})


def import_paper(client, contest, tmp_path):
    return upload_scores(
        client, contest, paper.workbook(tmp_path / "纸质评分.xlsx").read_bytes(), "纸质评分.xlsx"
    )


def audit_of(action: str) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def finalise_venue(client, contest):
    venue = contest.venues[0]
    url = f"/admin/venues/{venue.id}/finalise"
    return client.post(url, data={"csrf_token": csrf_of(client, url), "confirm": "1"})


def finalise_team(client, contest, team: Team, **form):
    token = csrf_of(client, f"/admin/contests/{contest.id}/finalise")
    return client.post(f"/admin/teams/{team.id}/finalise", data={"csrf_token": token, **form})


def flashes(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<p class="flash flash-\w+">(.*?)</p>', page)]


def client_staff_id() -> int:
    from contest.models import StaffUser

    return db.session.scalar(sa.select(StaffUser.id).where(StaffUser.username == "admin"))


def imported(client, contest, tmp_path) -> list[Team]:
    sign_in(client, "admin")
    assert import_paper(client, contest, tmp_path).status_code == 302
    return teams_of(contest)
