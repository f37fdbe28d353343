"""Assignments made straight from the shared review world (assignment itself is tested
elsewhere), and the sheet as a reviewer's page would send it."""

from __future__ import annotations

from contest.extensions import db
from contest.review.marking import Typed
from contest.review.models import Assignment, RoundState
from tests.review import world

# Reviewers 1, 3 and 5 (indexes 0, 2, 4) review the first two applications.
PANEL = (0, 2, 4)
OPINION = {
    "conformity": "材料基本符合质量信得过班组建设标准的要求。",
    "features": "以数据说话，改进成果明显。",
    "shortcomings": "班组培训记录不够完整。",
}


def open_world(state: RoundState = RoundState.OPEN):
    """The world with its round in `state` and the panel assigned to applications 1 and 2."""
    built = world.build()
    built.round.state = state
    for application in built.applications[:2]:
        for index in PANEL:
            db.session.add(
                Assignment(
                    round_id=built.round.id,
                    application_id=application.id,
                    reviewer_id=built.reviewers[index].id,
                )
            )
    db.session.commit()
    return built


def assignment(built, application_index: int, reviewer_index: int) -> Assignment:
    return (
        db.session.query(Assignment)
        .filter_by(
            application_id=built.applications[application_index].id,
            reviewer_id=built.reviewers[reviewer_index].id,
        )
        .one()
    )


def marks(built, *values: str) -> dict[str, str]:
    return {str(item.id): value for item, value in zip(built.round.items, values, strict=True)}


def typed(built, *values: str, **opinion: str) -> Typed:
    return Typed(marks(built, *values), {}, **{**OPINION, **opinion})


def payload(built, version: int, *values: str, **opinion: str) -> dict:
    return {
        "version": version,
        "marks": marks(built, *values),
        "item_comments": {},
        **{**OPINION, **opinion},
    }


NARRATIVE = (
    "一、班组概况",
    "丙烯酸装置运行三班现有成员 12 人，平均年龄 35 岁，其中高级技师 2 人、技师 4 人。班组负责"
    "丙烯酸装置反应、精制和罐区的日常运行，连续五年实现装置长周期安全稳定运行。",
    "二、质量改进活动",
    "2025 年，班组针对精制塔釜液中丙烯酸二聚物含量偏高的问题开展 QC 小组活动，运用排列图、"
    "因果图和对策表，找出阻聚剂加注不均等三项要因，实施对策后二聚物含量由 1.8% 降至 0.9%，"
    "年节约原料成本约 120 万元。",
    "三、班组管理特色",
    "班组推行“一人一岗一清单”的标准化作业，将 46 项关键操作编成可视化操作卡；每周开展一次"
    "“质量微课堂”，由成员轮流讲授，近三年累计开课 150 余次。",
)


def attach_files(built, application_index: int = 0) -> None:
    """The application's Word narrative and both sealed scans, stored as uploads store them."""
    from contest.models.types import utcnow
    from contest.season import uploads
    from contest.season.models import ApplicationFile
    from tests.season.files import blank_pdf, docx

    application = built.applications[application_index]
    for kind, name, data, pages in (
        ("narrative", "班组创建材料.docx", docx(*NARRATIVE), None),
        ("scan", "申报表盖章.pdf", blank_pdf(2), 2),
        ("opinion_scan", "评分与推荐意见表.pdf", blank_pdf(1), 1),
    ):
        db.session.add(
            ApplicationFile(
                application_id=application.id,
                kind=kind,
                name=name,
                size=len(data),
                sha256=uploads.storage().put(data),
                pages=pages,
                uploaded_at=utcnow(),
                uploaded_by_id=application.owner_id,
            )
        )
    db.session.commit()
