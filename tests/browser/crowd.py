"""More teams in a live server's venue, straight into its database: real venues have 20-30."""

from __future__ import annotations

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Team, Venue
from tests.browser.results import live_app

# Long real-looking names: a 40-character company and a 12-character team among them.
EXTRA = [
    ("上海宝山钢铁股份有限公司冷轧厂", "酸洗冷轧联合机组乙班"),
    ("上海电气电站设备有限公司上海汽轮机厂", "叶片加工车间数控一班"),
    (
        "中国商用飞机有限责任公司上海飞机制造有限公司浦东基地总装制造中心部件装配第二分厂",
        "机身对接装配质量控制班组",
    ),
    ("上海市第一人民医院", "检验科临床生化组"),
    ("上海外高桥造船有限公司", "涂装部二工区质检班"),
    ("上海联影医疗科技股份有限公司", "磁共振装配调试班"),
]


def add_teams(database_url: str, instance: str, teams=EXTRA, venue_id: int = 1) -> None:
    """Add (company, team) pairs to the venue, after the teams it has, in the hall."""
    with live_app(database_url, instance).app_context():
        venue = db.session.get(Venue, venue_id)
        last = db.session.scalar(
            sa.select(sa.func.max(Team.order_position)).where(Team.venue_id == venue_id)
        )
        for n, (company, team) in enumerate(teams, 1):
            db.session.add(
                Team(
                    contest=venue.contest,
                    venue=venue,
                    company_name=company,
                    team_name=team,
                    serial=(last or 0) + n,
                    order_position=(last or 0) + n,
                )
            )
        db.session.commit()
        db.engine.dispose()
