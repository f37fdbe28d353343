"""A contest with two venues run at once: 5 teams and 7 judges each, one host per venue."""

from __future__ import annotations

from contest import create_app
from contest.extensions import db
from contest.models import (
    Contest,
    Judge,
    PresentationMode,
    ScoreItem,
    StaffRole,
    StaffUser,
    StageState,
    Team,
    Venue,
)
from contest.roster.keys import new_access_key, new_fallback_code
from contest.settings import DEFAULT_SCORE_SHEET, DEFAULT_SETTINGS

PASSWORDS = {"host-a": "host-a-pass", "host-b": "host-b-pass"}
VENUES = {
    "第一分会场": [
        ("上海申通地铁集团有限公司技术中心", "信号系统检测一班", "in_hall"),
        ("上海振华重工（集团）股份有限公司长兴分公司", "大型构件焊接二班", "in_hall"),
        ("上海市第六人民医院", "检验科生化质控组", "online"),
        ("上海烟草集团有限责任公司上海卷烟厂", "制丝车间掺配班", "in_hall"),
        ("上海华谊新材料有限公司", "丙烯酸装置运行三班", "online"),
    ],
    "第二分会场": [
        ("上海城投水务（集团）有限公司制水分公司", "杨树浦水厂运行班", "in_hall"),
        ("东方航空技术有限公司上海维修基地", "航线维修二组", "in_hall"),
        ("上海隧道工程有限公司", "盾构推进一班", "online"),
        ("上海光明乳业股份有限公司华东中心工厂", "灌装车间甲班", "in_hall"),
        ("上海宝钢包装股份有限公司", "制盖车间质检班", "in_hall"),
    ],
}


def seed(database_url: str, instance: str) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTEST_ASYNC_MODE": "threading",
            "CONTEST_INSTANCE_PATH": instance,
        }
    )
    settings = {
        **DEFAULT_SETTINGS,
        # A short talk so a test can run over it in real time; 0.5 per started minute.
        "timer": {"talk_seconds": 2, "qa_seconds": 60, "warning_seconds": 1},
        "overtime": {"rule": "per_started_minute", "amount": "0.5"},
    }
    with app.app_context():
        contest = Contest(name="2026年质量信得过班组发表赛（双会场）", year=2026, settings=settings)
        db.session.add(contest)
        for position, (name, maximum, step, _) in enumerate(DEFAULT_SCORE_SHEET, 1):
            db.session.add(
                ScoreItem(contest=contest, name=name, maximum=maximum, step=step, position=position)
            )
        for v, (venue_name, teams) in enumerate(VENUES.items(), 1):
            venue = Venue(contest=contest, name=venue_name, position=v)
            db.session.add_all([venue, StageState(venue=venue)])
            for n, (company, team, mode) in enumerate(teams, 1):
                db.session.add(
                    Team(
                        contest=contest,
                        venue=venue,
                        company_name=company,
                        team_name=team,
                        mode=PresentationMode(mode),
                        serial=n,
                    )
                )
            for n in range(1, 8):
                db.session.add(
                    Judge(
                        contest=contest,
                        venue=venue,
                        number=n,
                        name=f"{'甲乙'[v - 1]}评委{n}",
                        access_key=new_access_key(),
                        fallback_code=new_fallback_code(),
                    )
                )
            host = StaffUser(username=f"host-{'ab'[v - 1]}", role=StaffRole.HOST)
            host.set_password(PASSWORDS[host.username])
            host.venues.append(venue)
            db.session.add(host)
        db.session.commit()
        db.engine.dispose()
