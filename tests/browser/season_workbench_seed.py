"""A season with one application recommended to 形式审查, written straight into a live
server's database (run as `python -m tests.browser.season_workbench_seed` with the server's
env): the team's person (also the 推荐单位's, from tests/browser/season_seed.py) and an
enterprise person who submitted the 评分与推荐意见 and its sealed scan."""

from __future__ import annotations

ENTERPRISE_PERSON = ("qiye", "qiye-zhiliang-1")


def seed() -> None:
    from contest import create_app
    from contest.extensions import db
    from contest.season.models import Applicant, Application, ApplicationStatus, Channel, Membership
    from contest.season.opinion import records
    from tests.browser import season_seed
    from tests.season.files import blank_pdf
    from tests.season.helpers import opinion_values

    season_seed.seed()
    app = create_app()
    with app.app_context():
        application = db.session.get(Application, 1)
        person = Applicant(username=ENTERPRISE_PERSON[0], display_name="李华",
                           email="qiye@example.com")  # fmt: skip
        person.set_password(ENTERPRISE_PERSON[1])
        db.session.add(person)
        db.session.flush()
        db.session.add(Membership(applicant=person, channel=Channel.ENTERPRISE,
                                  enterprise_id=application.enterprise_id))  # fmt: skip
        with app.test_request_context():
            records.submit(application=application, typed=opinion_values(), person=person)
            records.upload_scan(application=application, data=blank_pdf(1),
                                filename="评分表.pdf", person=person)  # fmt: skip
        application.status = ApplicationStatus.RECOMMENDED
        db.session.commit()


if __name__ == "__main__":
    seed()
