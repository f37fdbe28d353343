"""The team's own notification of its appeal window: on the 班组通道's home, each of the
person's contest teams whose result is out, with the link to its appeal page; another
person's team is never listed, and nothing shows while appeals are off or before the result."""

from __future__ import annotations

from datetime import timedelta

from contest.appeals import service
from contest.extensions import db
from contest.models import Team, utcnow
from contest.season import current
from tests.appeals.test_appeals import GOOD, _enable
from tests.national import world


def _home(client) -> str:
    response = client.get("/apply/team/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _reveal(team_id: int, minutes_ago: int = 0) -> Team:
    team = db.session.get(Team, team_id)
    team.revealed_at = utcnow() - timedelta(minutes=minutes_ago)
    db.session.commit()
    return team


def test_the_home_page_links_each_of_my_revealed_teams_to_its_appeal(app, staff, demo):
    built = world.build(demo)
    mine = world.signed_in(app, "team-2026")
    first, second, theirs = (t.id for t in built.teams[:3])
    _reveal(first)
    assert "成绩申诉" not in _home(mine)  # appeals are off by default

    _enable(demo, minutes=30)
    team = _reveal(first)
    home = _home(mine)
    closes = current.beijing(team.revealed_at + timedelta(minutes=30))
    link = f'href="/appeal/{service.token(team)}"'
    assert "成绩申诉" in home and link in home
    assert f"可在 {closes} 前申诉" in home
    assert home.count('class="appeal-link"') == 1  # the second team is not revealed yet
    assert service.token(db.session.get(Team, second)) not in home

    _reveal(theirs)  # another person's application: never on my page
    assert service.token(db.session.get(Team, theirs)) not in _home(mine)
    other = world.signed_in(app, "team-other")
    assert service.token(db.session.get(Team, theirs)) in _home(other)

    page = mine.get(f"/appeal/{service.token(team)}").get_data(as_text=True)
    assert 'id="appeal-form"' in page

    service.file(db.session.get(Team, first), **GOOD, via="link", actor="test")
    db.session.commit()
    assert "已申诉，复核中" in _home(mine)


def test_after_the_window_the_home_page_says_it_has_passed(app, staff, demo):
    built = world.build(demo)
    mine = world.signed_in(app, "team-2026")
    _enable(demo, minutes=30)
    _reveal(built.teams[0].id, minutes_ago=31)
    home = _home(mine)
    assert "申诉时间已过" in home and "可在" not in home.split('id="appeal-notices"')[1]
