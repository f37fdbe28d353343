"""Full URLs for every audience, built from the public base URL."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, url_for

from contest.extensions import db
from contest.models import Contest, Judge


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def _external(endpoint: str, **values: object) -> str:
    base = str(current_app.config["CONTEST_PUBLIC_URL"]).rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)


def judge_url(judge: Judge) -> str:
    return _external("judge.sign_in", key=judge.access_key)


def audience_links(contest: Contest) -> list[Link]:
    """Links for staff, hosts, displays and viewers of one contest (judges apart)."""
    links = [
        Link("工作人员登录", _external("auth.login")),
        Link("管理后台", _external("admin.contest", contest_id=contest.id)),
        Link("在线申报（秘书处）", _external("season_admin.index")),
        Link("在线申报（申报单位登录）", _external("apply.login")),
        Link("监督工作台", _external("supervision.contest", contest_id=contest.id)),
    ]
    for venue in contest.venues:
        links.append(
            Link(f"主持人控制台 · {venue.name}", _external("host.console", venue_id=venue.id))
        )
        links.append(Link(f"大屏 · {venue.name}", _external("display.hall", venue_id=venue.id)))
        links.append(
            Link(f"直播叠加层 · {venue.name}", _external("display.overlay", venue_id=venue.id))
        )
        links.append(
            Link(f"抽签核验 · {venue.name}", _external("fairdraw.check", venue_id=venue.id))
        )
    links.append(Link("观众直播页", _external("display.viewer", contest_id=contest.id)))
    links.append(Link("公开排名 JSON", _external("api.contest_standings", contest_id=contest.id)))
    return links


def judge_links(contest: Contest) -> list[tuple[Judge, str]]:
    judges = db.session.scalars(
        sa.select(Judge)
        .where(Judge.contest_id == contest.id)
        .order_by(Judge.venue_id, Judge.number)
    )
    return [(judge, judge_url(judge)) for judge in judges]
