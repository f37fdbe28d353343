"""On top of tests/browser/season_seed.py: the enterprise's 评分与推荐意见 submitted, and the
推荐单位's forms 2-4 and 2-3 submitted (version 1 of each), written straight into a live
server's database (run as `python -m tests.browser.season_seed_units` with the server's env).
The same person acts for the team, the enterprise and the 推荐单位. What the browser test of
those papers starts from; the forms themselves are pressed in test_season_unit_*.py."""

from __future__ import annotations

from tests.browser.season_seed import COMPANY, TEAM

JUDGE = {"name": "陈志远", "employer": "上海市质量协会", "certificate_no": "TGQ-2019-0123",
         "address": "上海市长宁区泰安路 74 号", "postcode": "200052",
         "mobile": "13911112222"}  # fmt: skip
FILLER = {"filler": "王明", "phone": "021-58471234", "date": "2026-07-03"}


def seed() -> None:
    from tests.browser import season_seed

    season_seed.seed()
    from contest import create_app
    from contest.extensions import db
    from contest.season import unit_forms
    from contest.season.models import (
        Applicant,
        Application,
        Channel,
        Membership,
        Recommender,
        UnitForm,
        UnitJudge,
    )
    from contest.season.opinion import records
    from tests.season.helpers import opinion_values

    app = create_app()
    with app.app_context():
        person = db.session.query(Applicant).one()
        application = db.session.query(Application).one()
        unit = db.session.query(Recommender).one()
        db.session.add(Membership(applicant=person, channel=Channel.ENTERPRISE,
                                  enterprise_id=application.enterprise_id))  # fmt: skip
        judge = UnitJudge(recommender_id=unit.id, **JUDGE)
        db.session.add(judge)
        db.session.flush()
        done = records.submit(application=application, typed=opinion_values(), person=person)
        assert done.submission is not None, done.checked.errors
        names = {"application_id": application.id, "number": application.number,
                 "company_name": COMPANY, "team_name": TEAM}  # fmt: skip
        review = {
            "rows": [{**names, "conformity": "各要素基本符合准则要求", "features": "自主维护",
                      "shortcomings": "数据分析深度不足", "score": "86.5", "rank": 1,
                      "tied": False, "judges": [{"id": judge.id, "name": JUDGE["name"]}]}],
            **FILLER,
        }  # fmt: skip
        unit_forms.add_version(unit, UnitForm.REVIEW, review, person)
        recommendation = {
            "teams": [{**names, "member_count": 12}],
            "total": 12,
            "judges": [unit_forms.judge_record(judge)],
            "review_version": 1,
            **FILLER,
        }
        unit_forms.add_version(unit, UnitForm.RECOMMENDATION, recommendation, person)
        db.session.commit()


if __name__ == "__main__":
    seed()
