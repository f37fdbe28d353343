"""材料文审 results as the pages and papers read them: the submitted reviews of a round,
through the pure analysis (contest/review/analysis.py), with names attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from contest.extensions import db
from contest.numbers import parse_decimal, plain
from contest.review import analysis
from contest.review.models import (
    Assignment,
    Review,
    Reviewer,
    ReviewRound,
    ReviewState,
)
from contest.scoring.ranking import DECIDED_BY_TIE
from contest.scoring.rules import ScoringRules
from contest.season import current
from contest.season.models import Application, Season


class ResultsRefused(Exception):
    """The results cannot be computed (the rules stored are not valid); says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def round_of(season: Season | None) -> ReviewRound | None:
    """The season's 材料文审 round, if staff made one."""
    if season is None:
        return None
    return db.session.scalar(sa.select(ReviewRound).where(ReviewRound.season_id == season.id))


def current_round() -> ReviewRound | None:
    return round_of(current.season())


def rules_of(review_round: ReviewRound) -> ScoringRules:
    """The round's trimmed-mean rules; a stored mistake is a clear refusal, not a 500."""
    try:
        return ScoringRules.from_settings(review_round.rules or {})
    except ValueError:
        raise ResultsRefused(
            _("本轮评审的计分规则设置有误，请在评审设置中重新保存计分规则")
        ) from None


def reviewer_key(reviewer: Reviewer) -> str:
    return f"r{reviewer.number}"


@dataclass
class Facts:
    """One round's results with everything a page or paper shows beside the numbers."""

    round: ReviewRound
    rules: ScoringRules
    outcomes: list[analysis.Outcome]
    applications: dict[str, Application]  # by number
    reviewers: dict[str, Reviewer]  # by key
    reviews: dict[tuple[str, str], Review]  # (number, reviewer key) -> submitted review
    sheets: list[analysis.Sheet]
    waiting: dict[str, int] = field(default_factory=dict)  # number -> reviews not submitted

    @property
    def unscored(self) -> list[Application]:
        """Applications in the round without a single submitted review yet."""
        scored = {o.application for o in self.outcomes}
        return [a for n, a in sorted(self.applications.items()) if n not in scored]

    @property
    def divergent(self) -> list[analysis.Outcome]:
        return [o for o in self.outcomes if o.divergent]

    def outcome(self, number: str) -> analysis.Outcome | None:
        return next((o for o in self.outcomes if o.application == number), None)


def _total(review: Review) -> Decimal:
    """The total stored at submission; from the marks if an older row lacks it."""
    if review.total is not None:
        return review.total
    values = [parse_decimal(v) for v in (review.marks or {}).values()]
    return sum((v for v in values if v is not None), Decimal(0))


def load(review_round: ReviewRound) -> Facts:
    """The round's submitted reviews (of assignments still in force), scored and ranked."""
    rules = rules_of(review_round)
    assignments = db.session.scalars(
        sa.select(Assignment)
        .where(Assignment.round_id == review_round.id, Assignment.removed_at.is_(None))
        .order_by(Assignment.id)
    ).all()
    items = {str(item.id): item.name for item in review_round.items}
    applications: dict[str, Application] = {}
    reviewers: dict[str, Reviewer] = {}
    reviews: dict[tuple[str, str], Review] = {}
    sheets: list[analysis.Sheet] = []
    waiting: dict[str, int] = {}
    for assignment in assignments:
        application, reviewer = assignment.application, assignment.reviewer
        applications[application.number] = application
        key = reviewer_key(reviewer)
        review = assignment.review
        if review is None or review.state is not ReviewState.SUBMITTED:
            waiting[application.number] = waiting.get(application.number, 0) + 1
            continue
        reviewers[key] = reviewer
        reviews[(application.number, key)] = review
        marks = {
            items[item]: number
            for item, text in (review.marks or {}).items()
            if item in items and (number := parse_decimal(text)) is not None
        }
        sheets.append(
            analysis.Sheet(application.number, key, reviewer.label, _total(review), marks)
        )
    outcomes = analysis.results(sheets, rules, review_round.divergence_spread)
    return Facts(review_round, rules, outcomes, applications, reviewers, reviews, sheets, waiting)


def sensitivity(facts: Facts, cut: int) -> list[analysis.Sensitivity]:
    return analysis.sensitivity(facts.sheets, facts.rules, cut, facts.round.divergence_spread)


def company(application: Application) -> str:
    """企业名称 exactly as the 提交 that passed read it."""
    if application.submissions:
        return application.submissions[-1].company_name
    return application.enterprise.name


def team(application: Application) -> str:
    """班组名称 exactly as the team typed it in the 提交 that passed."""
    if application.submissions:
        return application.submissions[-1].form.get("team_name", application.team_name)
    return application.team_name


def score_text(value: Decimal, decimals: int) -> str:
    """A published score with the rules' places: 86.50."""
    return f"{value:.{decimals}f}"


def exact_text(value: Decimal) -> str:
    """A mean as exact as it terminates (86.5), else to four places with ≈ (≈86.3333)."""
    shown = plain(value)
    if "." in shown and len(shown.split(".")[1]) > 4:
        return "≈" + f"{value:.4f}"
    return shown


def rank_text(outcome: analysis.Outcome) -> str:
    """第 3 or 并列第 3 (an equal score the tie-breaks left tied)."""
    standing = outcome.standing
    if standing.decided_by == DECIDED_BY_TIE:
        return _("并列第 %(n)s", n=standing.rank)
    return _("第 %(n)s", n=standing.rank)
