"""典型经验: only published seasons, only teams whose team and unit both consented."""

from __future__ import annotations

import html

from contest.extensions import db
from contest.national import sharing
from contest.season.form12 import check
from tests.factories import team_at
from tests.national import world
from tests.season.test_form12 import GOOD


def test_the_two_consents_are_kept_as_ticked_or_not():
    ticked = check({**GOOD, "share_team": "1", "share_unit": "on"}, submitting=True)
    assert (ticked.values["share_team"], ticked.values["share_unit"]) == ("1", "1")
    assert check({**GOOD, "share_team": "yes please"}, submitting=True).values["share_team"] == ""


def _world(demo):
    built = world.build(demo, consent=(0, 4))
    apps = built.world.applications
    apps[4].contest_team_id = team_at(demo, 5).id  # an industry unit's team, consenting
    only_team = {**apps[1].form, "share_team": "1"}  # the unit did not consent
    apps[1].form = only_team
    apps[1].submissions[-1].form = only_team
    db.session.commit()
    return built


def _page(client, query: str = "") -> str:
    return html.unescape(client.get(f"/experiences/{query}").get_data(as_text=True))


def test_nothing_is_shown_before_the_results_are_published(app, demo):
    _world(demo)
    assert sharing.published(_season()) is False
    page = _page(app.test_client())
    assert "暂无可分享的典型经验。" in page
    assert "丙烯酸装置运行三班" not in page


def _published(season) -> None:
    """The season's results published (contest/publicity), as staff leave them after the 公示."""
    from datetime import date

    from contest.models.types import utcnow
    from contest.publicity.models import Notice

    notice = Notice(
        season_id=season.id,
        starts_on=date(2026, 11, 2),
        working_days=5,
        ends_on=date(2026, 11, 6),
        published_at=utcnow(),
        published_version=1,
    )
    db.session.add(notice)
    db.session.commit()


def _season():
    from contest.season.current import season

    return season()


def test_published_consented_teams_are_browsable_by_year_industry_and_district(app, demo):
    _world(demo)
    _published(_season())
    client = app.test_client()
    page = _page(client)
    assert page.count('class="card experience"') == 2
    assert "丙烯酸装置运行三班" in page and "丙烯酸甲酯精制班" in page
    assert "聚合装置运行一班" not in page  # the unit did not consent
    assert (
        "第1部分的内容。" in page and "班组成员组成，班组职责，主要工作内容、班组文化和愿景" in page
    )
    district = _page(client, "?district=浦东新区质量协会")
    assert district.count('class="card experience"') == 1 and "丙烯酸装置运行三班" in district
    industry = _page(client, "?industry=上海化工行业协会")
    assert industry.count('class="card experience"') == 1 and "丙烯酸甲酯精制班" in industry
    assert _page(client, "?year=2025").count('class="card experience"') == 0
    assert '<option value="2026">2026</option>' in page
    assert (
        "<option>上海化工行业协会</option>" in page and "<option>浦东新区质量协会</option>" in page
    )
    assert "上海电气集团</option>" not in page  # a group is neither industry nor district
