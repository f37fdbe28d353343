"""What the 录入员 and the 监督 see: where they land, and no button that would fail."""

from __future__ import annotations

import re

import pytest

from contest.extensions import db
from tests.factories import team_at
from tests.security.identities import (
    CLERK_AND_SUPERVISOR,
    clerk_and_supervisor,
    identity,
    staff_sign_in,
)

POST_FORMS = re.compile(r'<form method="post" action="([^"]+)"')


@pytest.fixture
def people(app, staff, demo):
    clerk_and_supervisor()
    return demo


def _signed_in(app, who: str):
    return identity(app, who).client(app)


def _forms(page: str) -> list[str]:
    """The actions of the POST forms on a page, the sign-out form aside."""
    return [action for action in POST_FORMS.findall(page) if action != "/staff/logout"]


def test_each_role_lands_where_its_work_is(app, people):
    landings = {}
    for who in CLERK_AND_SUPERVISOR:
        username, password, _role = CLERK_AND_SUPERVISOR[who]
        landings[who] = staff_sign_in(app.test_client(), username, password).headers["Location"]
    assert landings == {"clerk": "/admin/clerk", "supervisor": "/admin/"}
    clerk = _signed_in(app, "clerk")
    assert clerk.get("/staff/").headers["Location"] == "/admin/clerk"
    assert clerk.get(f"/admin/contests/{people.id}").status_code == 403


def test_the_clerks_page_links_each_venues_paper_ballots_and_each_teams_scores(app, people):
    page = _signed_in(app, "clerk").get("/admin/clerk").get_data(as_text=True)
    venue = people.venues[0]
    links = re.findall(r'href="(/admin/[^"]+)"', page)
    assert links == [f"/admin/venues/{venue.id}/paper"] + [
        f"/admin/teams/{team.id}#scores" for team in venue.teams
    ]
    assert len(links) == 21
    assert f'<td class="name">{team_at(people, 1).company_name}</td>' in page


def test_the_clerk_goes_back_to_their_own_page_from_paper_ballots(app, people):
    clerk = _signed_in(app, "clerk")
    page = clerk.get(f"/admin/venues/{people.venues[0].id}/paper").get_data(as_text=True)
    assert '<a href="/admin/clerk">返回录入首页</a>' in page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/contests/{contest}",
        "/admin/contests/{contest}/results",
        "/admin/contests/{contest}/judges",
        "/admin/contests/{contest}/accounts",
        "/admin/venues/{venue}/paper",
        "/admin/teams/{team}/scores",
        "/admin/teams/{team}",
        "/admin/judges/{judge}/reissue",
    ],
)
def test_the_supervisor_sees_pages_without_change_forms(app, people, path):
    from tests.security.identities import judge_one

    url = path.format(
        contest=people.id,
        venue=people.venues[0].id,
        team=team_at(people, 1).id,
        judge=judge_one().id,
    )
    supervisor = _signed_in(app, "supervisor")
    response = supervisor.get(url)
    assert response.status_code == 200
    assert _forms(response.get_data(as_text=True)) == []
    admin = _signed_in(app, "admin").get(url).get_data(as_text=True)
    if "/paper" not in url and "/teams/" not in url:  # nothing on stage, nothing closed yet
        assert _forms(admin) != []  # the same page shows forms to an admin


def test_the_supervisor_sees_the_contest_page_without_change_links(app, people):
    page = _signed_in(app, "supervisor").get(f"/admin/contests/{people.id}").get_data(as_text=True)
    assert "您是监督账号：可以查看全部内容，不能做任何改动。" in page
    assert "/edit" not in page and "/import/" not in page
    assert "judge-cards.pdf" not in _signed_in(app, "supervisor").get(
        f"/admin/contests/{people.id}/judges"
    ).get_data(as_text=True)


def test_the_supervisor_watches_a_console_read_only_and_the_stage_refuses_them(app, people):
    venue = people.venues[0]
    person = identity(app, "supervisor")
    page = person.client(app).get(f"/host/venues/{venue.id}").get_data(as_text=True)
    assert 'data-readonly="1"' in page
    assert "只读查看：您是监督账号" in page
    response = person.client(app).post(
        f"/api/venues/{venue.id}/stage/call",
        json={"team_id": team_at(people, 1).id},
        headers={"X-CSRFToken": person.csrf},
    )
    assert (response.status_code, response.get_json()) == (
        403,
        {"error": "forbidden", "message": "监督账号只能查看，不能操作"},
    )
    db.session.expire_all()
    from contest.day.snapshot import stage_of

    assert stage_of(venue).team_id is None


def test_a_host_console_is_not_read_only_for_its_host(app, people):
    page = _signed_in(app, "host").get(f"/host/venues/{people.venues[0].id}")
    assert "data-readonly" not in page.get_data(as_text=True)
