"""The review world with every review submitted: 4 reviewers per application (never one of
the same enterprise or 推荐单位), the round trimming one total at each end from 4, and the
totals below, chosen so that 2026-0007 is 分歧较大 and only removing 评审专家4 changes who
passes the cut of 8. Marks per item add up to each total."""

from __future__ import annotations

from decimal import Decimal

from contest.extensions import db
from contest.models.types import utcnow
from contest.review.models import Assignment, Review, ReviewState, RoundState
from tests.review import world

# Application number -> {reviewer number: total}. Hand computation of each trimmed mean
# (drop the highest and lowest of four, average the middle two) is in test_analysis.py.
PANELS: dict[str, dict[int, str]] = {
    "2026-0001": {1: "88", 3: "90", 4: "86", 5: "91"},
    "2026-0002": {1: "80", 3: "78", 4: "83", 5: "81"},
    "2026-0003": {1: "85", 2: "84", 3: "87", 4: "86"},
    "2026-0004": {1: "76", 2: "79", 4: "77", 5: "80"},
    "2026-0005": {2: "92", 3: "90", 4: "93", 5: "89"},
    "2026-0006": {1: "82", 2: "83", 3: "81", 4: "84"},
    "2026-0007": {1: "70", 2: "88", 4: "72", 5: "71"},
    "2026-0008": {2: "79", 3: "81", 4: "78", 5: "80"},
    "2026-0009": {1: "83.5", 2: "84", 3: "82", 5: "85"},
    "2026-0010": {1: "77", 2: "75", 3: "78", 5: "74"},
    "2026-0011": {1: "81", 2: "80.5", 3: "79", 5: "82"},
    "2026-0012": {1: "86", 2: "87.5", 3: "85", 5: "88"},
}
RULES = {"trim_each_end": 1, "min_panel_for_trim": 4, "decimals": 2}
# 材料评价 per reviewer number: 符合标准程度 / 特色 / 不足之处.
COMMENTS = {
    1: ("基本符合评价标准", "现场管理扎实", "数据分析不够深入"),
    2: ("符合评价标准", "改进成果显著", "材料篇幅偏长"),
    3: ("较好符合评价标准", "班组文化有特色", "创新点提炼不足"),
    4: ("部分符合评价标准", "全员参与程度高", "效果验证不充分"),
    5: ("符合评价标准", "标准化做法可推广", "附件图表不够清晰"),
}


def split(total: Decimal, maxima: list[Decimal]) -> list[Decimal]:
    """Item marks in 0.5 steps, each within its maximum, adding up to the total."""
    marks = [(total * m / 100 * 2).to_integral_value(rounding="ROUND_FLOOR") / 2 for m in maxima]
    rest = total - sum(marks)
    for i, maximum in enumerate(maxima):
        room = min(rest, maximum - marks[i])
        marks[i] += room
        rest -= room
    assert rest == 0 and sum(marks) == total
    return marks


def build(*, state: RoundState = RoundState.CLOSED, shortlist_size: int | None = 8):
    """The world, assigned and reviewed; returns it."""
    built = world.build(reviewers_per_application=4)
    review_round = built.round
    review_round.rules = dict(RULES)
    review_round.state = state
    review_round.shortlist_size = shortlist_size
    items = list(review_round.items)
    by_number = {a.number: a for a in built.applications}
    now = utcnow()
    for number, panel in PANELS.items():
        for reviewer_number, total in panel.items():
            reviewer = built.reviewers[reviewer_number - 1]
            assignment = Assignment(
                round_id=review_round.id,
                application_id=by_number[number].id,
                reviewer_id=reviewer.id,
            )
            db.session.add(assignment)
            db.session.flush()
            marks = split(Decimal(total), [i.maximum for i in items])
            conformity, features, shortcomings = COMMENTS[reviewer_number]
            db.session.add(
                Review(
                    assignment_id=assignment.id,
                    state=ReviewState.SUBMITTED,
                    marks={str(i.id): str(m) for i, m in zip(items, marks, strict=True)},
                    conformity=conformity,
                    features=features,
                    shortcomings=shortcomings,
                    version=1,
                    saved_at=now,
                    submitted_at=now,
                    total=Decimal(total),
                )
            )
    db.session.commit()
    return built
