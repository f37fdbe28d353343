"""A season with one submitted application and one 推荐单位 report, written straight into a
live server's database (run as `python -m tests.browser.season_seed` with the server's env):
what the papers' browser test starts from. The channels themselves are pressed in
tests/browser/test_season_channels.py."""

from __future__ import annotations

from datetime import timedelta

COMPANY = "上海华谊（集团）公司  丙烯酸厂"
TEAM = "丙烯酸装置运行三班（Ⅱ线）"
PERSON = ("tongdao", "tongdao-zhiliang-1")


def seed() -> None:
    from contest import create_app
    from contest.extensions import db
    from contest.models.types import utcnow
    from contest.season import applications, uploads
    from contest.season.models import (
        Applicant,
        Application,
        Channel,
        Enterprise,
        Membership,
        Recommender,
        Season,
        UnitKind,
        UnitReport,
    )
    from tests.season.files import docx
    from tests.season.test_form12 import GOOD
    from tests.season.test_unit_reports import STATS

    app = create_app()
    with app.app_context():
        now = utcnow()
        season = Season(year=2026, name="2026年申报", opens_at=now - timedelta(days=1),
                        closes_at=now + timedelta(days=10))  # fmt: skip
        unit = Recommender(season=season, name="浦东新区质量协会", kind=UnitKind.DISTRICT)
        db.session.add_all([season, unit])
        db.session.flush()
        enterprise = Enterprise(recommender=unit, name=COMPANY, season_id=season.id)
        person = Applicant(username=PERSON[0], display_name="张建国")
        person.set_password(PERSON[1])
        db.session.add_all([enterprise, person])
        db.session.flush()
        db.session.add_all([
            Membership(applicant=person, channel=Channel.TEAM, enterprise_id=enterprise.id),
            Membership(applicant=person, channel=Channel.RECOMMENDER, recommender_id=unit.id),
        ])  # fmt: skip
        application = applications.create(season=season, enterprise=enterprise, person=person)
        applications.save_draft(
            application=application, typed={**GOOD, "team_name": TEAM}, person=person
        )
        narrative = docx("班组创建材料：我们开展QC小组活动。")
        uploads.upload(application=application, kind="narrative", data=narrative,
                       filename="材料.docx", person=person)  # fmt: skip
        applications.submit(application=application, person=person)
        summary = docx("一、基本情况", "全年开展质量信得过班组活动，培训骨干 120 人次。")
        sha256 = uploads.storage().put(summary)
        db.session.add(
            UnitReport(recommender_id=unit.id, version=1, stats={**STATS, "forms": ["发表评审"]},
                       summary={"name": "活动总结.docx", "sha256": sha256, "characters": 30,
                                "size": len(summary)},
                       submitted_by_id=person.id)
        )  # fmt: skip
        db.session.commit()
        assert db.session.get(Application, application.id).version == 1


if __name__ == "__main__":
    seed()
