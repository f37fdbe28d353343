"""A season ready for 材料文审, made straight in the database (the pages that make it are
tested in tests/season/): 12 applications that passed 形式审查, from 6 enterprises under 3
推荐单位, a round with a four-item sheet, and 5 reviewers, one of whom works at an applying
enterprise (so is excluded from its applications) and one of whom belongs to a 推荐单位."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from contest.extensions import db
from contest.models import passwords
from contest.models.types import utcnow
from contest.review.models import Reviewer, ReviewItem, ReviewRound
from contest.roster.keys import new_access_key
from contest.season.applications import content_hash
from contest.season.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Enterprise,
    Recommender,
    Season,
    Submission,
    UnitKind,
)
from tests.season.test_form12 import GOOD

RECOMMENDERS = (
    ("浦东新区质量协会", UnitKind.DISTRICT),
    ("上海化工行业协会", UnitKind.INDUSTRY),
    ("上海电气集团", UnitKind.GROUP),
)
# (enterprise, its 推荐单位 by index); two applications each.
ENTERPRISES = (
    ("上海石化股份有限公司", 0),
    ("中国商飞上海飞机制造有限公司", 0),
    ("上海华谊新材料有限公司", 1),
    ("上海氯碱化工股份有限公司", 1),
    ("上海电气电站设备有限公司汽轮机厂", 2),
    ("上海锅炉厂有限公司", 2),
)
TEAMS = (
    "丙烯酸装置运行三班",
    "聚合装置运行一班",
    "总装车间机身对接班",
    "复材车间热压罐班",
    "丙烯酸甲酯精制班",
    "储运车间装卸二班",
    "烧碱装置电解一班",
    "氯乙烯聚合二班",
    "转子加工班",
    "叶片精加工班",
    "膜式壁焊接班",
    "锅筒装配班",
)
ITEMS = (
    ("班组建设基础", "25", "0.5", "组织健全、制度完善、目标明确"),
    ("质量改进活动", "30", "0.5", "方法运用正确、数据真实、效果明显"),
    ("创新与特色", "25", "0.5", "有特色做法，可推广"),
    ("材料规范性", "20", "0.5", "格式符合要求，内容完整"),
)
REVIEWERS = (
    # name, 工作单位, TGQ 证书号, 推荐单位 index or None
    ("陈志远", "上海市质量协会", "TGQ-2019-0123", None),
    ("孙丽", "上海石化股份有限公司", "TGQ-2020-0007", None),  # works at an applicant
    ("王建华", "上海交通大学", "TGQ-2018-0456", None),
    ("李明", "上海电气集团", "TGQ-2021-0031", 2),  # of a 推荐单位
    ("周晓燕", "同济大学", "TGQ-2017-0210", None),
)


@dataclass
class World:
    season: Season
    recommenders: list[Recommender]
    enterprises: list[Enterprise]
    applications: list[Application]
    round: ReviewRound
    reviewers: list[Reviewer]


def build(*, reviewers_per_application: int = 3, year: int = 2026) -> World:
    """Everything above, committed. Names are exact, including full-width characters."""
    now = utcnow()
    season = Season(
        year=year,
        name=f"{year}年上海市质量信得过班组建设经验申报",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    db.session.add(season)
    db.session.flush()
    recommenders = [Recommender(season_id=season.id, name=n, kind=k) for n, k in RECOMMENDERS]
    db.session.add_all(recommenders)
    db.session.flush()
    enterprises = [
        Enterprise(season_id=season.id, recommender_id=recommenders[r].id, name=n)
        for n, r in ENTERPRISES
    ]
    db.session.add_all(enterprises)
    owner = Applicant(
        username=f"team-{year}", display_name="张建国", password_hash=passwords.make("x")
    )
    db.session.add(owner)
    db.session.flush()
    applications = []
    for index, team_name in enumerate(TEAMS):
        enterprise = enterprises[index // 2]
        form = {**GOOD, "team_name": team_name}
        application = Application(
            season_id=season.id,
            enterprise_id=enterprise.id,
            owner_id=owner.id,
            number=f"{year}-{index + 1:04d}",
            team_name=team_name,
            status=ApplicationStatus.ACCEPTED,
            form=form,
            version=1,
        )
        db.session.add(application)
        db.session.flush()
        db.session.add(
            Submission(
                application_id=application.id,
                version=1,
                form=form,
                company_name=enterprise.name,
                content_hash=content_hash(form, enterprise.name, application.number, 1, {}),
                files={},
                submitted_by_id=owner.id,
            )
        )
        applications.append(application)
    review_round = ReviewRound(
        season_id=season.id,
        name=f"{year}年度材料文审",
        reviewers_per_application=reviewers_per_application,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )
    db.session.add(review_round)
    db.session.flush()
    for position, (name, maximum, step, criteria) in enumerate(ITEMS):
        db.session.add(
            ReviewItem(
                round_id=review_round.id,
                position=position,
                name=name,
                maximum=Decimal(maximum),
                step=Decimal(step),
                criteria=criteria,
            )
        )
    reviewers = []
    for number, (name, employer, certificate, unit) in enumerate(REVIEWERS, start=1):
        reviewer = Reviewer(
            round_id=review_round.id,
            number=number,
            name=name,
            employer=employer,
            certificate_no=certificate,
            access_key=new_access_key(),
            is_chair=number == 1,
            recommender_id=None if unit is None else recommenders[unit].id,
        )
        db.session.add(reviewer)
        reviewers.append(reviewer)
    db.session.commit()
    return World(season, recommenders, enterprises, applications, review_round, reviewers)
