"""The people who reach the app, each as a signed session cookie plus its CSRF token.

Every request of a matrix runs in a fresh client carrying a copy of that cookie, so one
request (a sign-in through /j/<key>, a sign-out) never changes who the next one is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Judge, StaffRole, StaffUser, StageState, Team, Venue
from tests.conftest import sign_in
from tests.judge_helpers import judge_client

OTHER_HOST, OTHER_PASSWORD = "host-b", "host-b-pass-1"
# 录入员 and 监督, created by `clerk_and_supervisor`, signed in with these passwords.
CLERK_AND_SUPERVISOR = {
    "clerk": ("clerk-a", "clerk-a-pass-1", StaffRole.CLERK),
    "supervisor": ("supervisor-a", "supervisor-a-pass-1", StaffRole.SUPERVISOR),
}
# Least privileged first (tests/security/test_csrf.py picks the first one a route lets in).
IDENTITIES = (
    "anonymous",
    "judge",
    "applicant",
    "clerk",
    "supervisor",
    "other_host",
    "host",
    "admin",
)
# The season's person (applicant_world): acts for a team, its enterprise and its 推荐单位.
APPLICANT = ("tongdao", "tongdao-zhiliang-1")
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
LOGIN_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')  # WTForms' field


@dataclass(frozen=True)
class Identity:
    name: str
    cookie: str | None  # the Flask session cookie; None: a browser that has none yet
    csrf: str  # a token valid for that session

    def client(self, app):
        client = app.test_client()
        if self.cookie is not None:
            client.set_cookie("session", self.cookie)
        return client


def second_venue(demo) -> Venue:
    """A second venue with one team and its own host (host-b), who does not host venue 1."""
    venue = Venue(contest=demo, name="第二分会场", position=2)
    db.session.add_all([venue, StageState(venue=venue)])
    db.session.add(
        Team(contest=demo, venue=venue, company_name="上海第二会场公司", team_name="二会场一班")
    )
    host = StaffUser(username=OTHER_HOST, display_name="第二分会场主持人", role=StaffRole.HOST)
    host.set_password(OTHER_PASSWORD)
    host.venues.append(venue)
    db.session.add(host)
    db.session.commit()
    return venue


def clerk_and_supervisor() -> dict[str, StaffUser]:
    """A 录入员 and a 监督, with no venue: they reach what their role gives, nothing else."""
    users = {}
    for who, (username, password, role) in CLERK_AND_SUPERVISOR.items():
        users[who] = StaffUser(username=username, display_name=username, role=role)
        users[who].set_password(password)
        db.session.add(users[who])
    db.session.commit()
    return users


def applicant_world() -> None:
    """An open season with a 推荐单位, an enterprise, and one person acting for all three
    channels (one person may hold several roles), owning a draft application."""
    from datetime import timedelta

    from contest.models.types import utcnow
    from contest.season.models import (
        Applicant,
        Application,
        Channel,
        Enterprise,
        Membership,
        Recommender,
        Season,
        UnitKind,
    )

    now = utcnow()
    season = Season(year=2026, name="2026年申报", opens_at=now - timedelta(days=1),
                    closes_at=now + timedelta(days=10))  # fmt: skip
    unit = Recommender(season=season, name="浦东新区质量协会", kind=UnitKind.DISTRICT)
    enterprise = Enterprise(recommender=unit, name="上海华谊（集团）公司")
    db.session.add_all([season, unit])
    db.session.flush()
    enterprise.season_id = season.id
    person = Applicant(username=APPLICANT[0], display_name="通道联系人")
    person.set_password(APPLICANT[1])
    db.session.add_all([enterprise, person])
    db.session.flush()
    db.session.add_all(
        [
            Membership(applicant=person, channel=Channel.TEAM, enterprise_id=enterprise.id),
            Membership(applicant=person, channel=Channel.ENTERPRISE, enterprise_id=enterprise.id),
            Membership(applicant=person, channel=Channel.RECOMMENDER, recommender_id=unit.id),
        ]
    )
    db.session.flush()
    # One application recommended, with its submission and a stored scan: the staff pages
    # of 形式审查 have something to show, and its file something to serve.
    from contest.season import uploads
    from contest.season.models import ApplicationFile, ApplicationStatus, Submission

    scan = b"%PDF-1.4 a stand-in scan"
    sha256 = uploads.storage().put(scan)
    name = "丙烯酸装置运行三班"
    application = Application(
        season_id=season.id,
        enterprise_id=enterprise.id,
        owner_id=person.id,
        number="2026-0001",
        team_name=name,
        form={"team_name": name},
        status=ApplicationStatus.RECOMMENDED,
        version=1,
    )
    db.session.add(application)
    db.session.flush()
    files = {"scan": {"name": "申报表.pdf", "sha256": sha256, "size": len(scan)}}
    submission = Submission(
        application=application,
        version=1,
        form={"team_name": name},
        company_name=enterprise.name,
        content_hash="0" * 64,
        files=files,
        submitted_by_id=person.id,
    )
    scan_row = ApplicationFile(
        application_id=application.id,
        kind="scan",
        name="申报表.pdf",
        size=len(scan),
        sha256=sha256,
        pages=1,
        characters=None,
        uploaded_by_id=person.id,
    )
    # A 注册申请 waiting for the 推荐单位 this person acts for: its queue has one to decide.
    from contest.season.models import Registration, RegistrationKind

    asking = Applicant(username="zhuce-qiye", display_name="注册联系人")
    asking.set_password("zhuce-qiye-zhiliang")
    db.session.add(asking)
    db.session.add(
        Registration(
            season=season,
            kind=RegistrationKind.ENTERPRISE,
            applicant=asking,
            recommender_id=unit.id,
            name="上海申请注册有限公司",
        )
    )
    db.session.add_all([submission, scan_row])
    # The enterprise's 评分与推荐意见, submitted, with its sealed scan: for the 推荐单位's
    # and the secretariat's read-only views and the scan's three routes.
    from contest.season.models import UnitOpinion, UnitOpinionSubmission

    opinion_scan = b"%PDF-1.4 a stand-in opinion scan"
    opinion_sha256 = uploads.storage().put(opinion_scan)
    db.session.add_all(
        [
            UnitOpinion(
                application_id=application.id,
                values={"score": "92.5"},
                version=1,
                scan_version=1,
                updated_by_id=person.id,
            ),
            UnitOpinionSubmission(
                application_id=application.id,
                version=1,
                application_version=1,
                values={"score": "92.5"},
                company_name=enterprise.name,
                team_name=name,
                content_hash="0" * 64,
                submitted_by_id=person.id,
            ),
            ApplicationFile(
                application_id=application.id,
                kind="opinion_scan",
                name="评分与推荐意见表.pdf",
                size=len(opinion_scan),
                sha256=opinion_sha256,
                pages=1,
                characters=None,
                uploaded_by_id=person.id,
            ),
        ]
    )
    db.session.commit()


def identity(app, name: str) -> Identity:
    """Sign `name` in through the real pages (judge 1 through their personal link)."""
    if name == "judge":
        client = judge_client(app, 1)
    elif name == "applicant":
        client = app.test_client()
        page = client.get("/apply/login").get_data(as_text=True)
        token = CSRF_FIELD.search(page).group(1)
        form = {"username": APPLICANT[0], "password": APPLICANT[1], "csrf_token": token}
        assert client.post("/apply/login", data=form).status_code == 302
    else:
        client = app.test_client()
        if name == "other_host":
            assert staff_sign_in(client, OTHER_HOST, OTHER_PASSWORD).status_code == 302
        elif name in CLERK_AND_SUPERVISOR:
            username, password, _role = CLERK_AND_SUPERVISOR[name]
            assert staff_sign_in(client, username, password).status_code == 302
        elif name in ("host", "admin"):
            sign_in(client, "host1" if name == "host" else "admin")
    # /j renders a form for everyone; its token belongs to this session.
    token = CSRF_FIELD.search(client.get("/j").get_data(as_text=True)).group(1)
    cookie = client.get_cookie("session")
    return Identity(name, cookie.value if cookie else None, token)


def staff_sign_in(client, username: str, password: str):
    """POST the sign-in form with its token, as a browser does; returns the response."""
    page = client.get("/staff/login").get_data(as_text=True)
    token = LOGIN_CSRF.search(page).group(1)
    return client.post(
        "/staff/login", data={"username": username, "password": password, "csrf_token": token}
    )


def judge_one() -> Judge:
    return db.session.scalar(sa.select(Judge).where(Judge.number == 1))


def fingerprint() -> dict[str, list[tuple]]:
    """Every row of every table: equal before and after means nothing was written."""
    return {
        table.name: [
            tuple(row)
            for row in db.session.execute(sa.select(table).order_by(*table.primary_key.columns))
        ]
        for table in db.metadata.sorted_tables
    }
