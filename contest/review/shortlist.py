"""The shortlist for the 发表赛: the top places of the 材料文审 results, a tie at the cut left
to staff (as the contest's national candidates are), confirmed on record, then the contest's
teams made from it in one step (contest/season/into_contest.py)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models import Contest, StaffUser, Team
from contest.numbers import normalise_number
from contest.ranking.selection import Ranked, propose_national
from contest.review.models import ReviewRound, RoundState
from contest.review.outcomes import Shortlist
from contest.review.results import Facts, company
from contest.season.accounts import SeasonRefused
from contest.season.models import Season

MAX_REASON = 500


@dataclass(frozen=True)
class Proposal:
    """The top `cut` applications by the results, and any tie at the cut (ids, by rank)."""

    cut: int
    selected: tuple[int, ...]
    tie_at_cut: tuple[int, ...]

    @property
    def clear(self) -> tuple[int, ...]:
        """Selected and not part of the tie: in without any decision."""
        return tuple(i for i in self.selected if i not in self.tie_at_cut)

    @property
    def open_places(self) -> int:
        """Places the tie competes for."""
        return self.cut - len(self.clear)


def parse_cut(text: str, most: int) -> int | None:
    """A cut line typed by staff (１０ too): a whole number from 1 to `most`, else None."""
    typed = normalise_number(text or "")
    if not typed.isdigit():
        return None
    value = int(typed)
    return value if 1 <= value <= most else None


def propose(facts: Facts, cut: int) -> Proposal:
    """The top `cut` of the ranking; equal ranks straddling the cut are flagged, not decided."""
    ranked = [
        Ranked(
            team=facts.applications[o.application].id,
            rank=o.rank,
            published=o.score.published,
            enterprise=company(facts.applications[o.application]),
        )
        for o in facts.outcomes
    ]
    found = propose_national(ranked, cut)
    return Proposal(cut, found.selected, found.tie_at_cut)


def confirmed(review_round: ReviewRound) -> Shortlist | None:
    return db.session.scalar(sa.select(Shortlist).where(Shortlist.round_id == review_round.id))


def confirmed_ids(season: Season) -> set[int] | None:
    """The confirmed shortlist's application ids, or None while the season has none."""
    found = db.session.scalar(
        sa.select(Shortlist)
        .join(ReviewRound, ReviewRound.id == Shortlist.round_id)
        .where(ReviewRound.season_id == season.id)
    )
    return None if found is None else {int(i) for i in found.application_ids}


def _refuse_unless_final(facts: Facts) -> None:
    if not facts.outcomes:
        raise SeasonRefused(_("尚无提交的评审，不能确认入围名单"))
    if facts.round.state is not RoundState.CLOSED:
        raise SeasonRefused(_("评审尚未结束；请先结束本轮评审，再确认入围名单"))
    if facts.waiting:
        raise SeasonRefused(
            _(
                "还有 %(n)s 份评审未提交；全部提交并结束评审后方可确认入围名单",
                n=sum(facts.waiting.values()),
            )
        )


def confirm(facts: Facts, cut: int, chosen: list[int], reason: str, staff: StaffUser) -> Shortlist:
    """Record the shortlist: the clear places, plus whom staff took from a tie (with why)."""
    review_round = facts.round
    _refuse_unless_final(facts)
    if confirmed(review_round) is not None:
        raise SeasonRefused(_("入围名单已确认；如需修改，请先撤销确认"))
    proposal = propose(facts, cut)
    reason = (reason or "").strip()
    taken: list[int] = list(proposal.clear)
    if proposal.tie_at_cut:
        picked = [i for i in proposal.tie_at_cut if i in set(chosen)]
        if not picked:
            raise SeasonRefused(
                _("入围线上有并列；请勾选并列申报表中入围的（可多于剩余名额），并写明理由")
            )
        if not reason:
            raise SeasonRefused(_("入围线上有并列；请写明如此确定的理由"))
        taken += picked
    if len(reason) > MAX_REASON:
        raise SeasonRefused(_("理由最多 %(n)s 字，请删减", n=MAX_REASON))
    numbers = {a.id: a.number for a in facts.applications.values()}
    order = {facts.applications[o.application].id: o.rank for o in facts.outcomes}
    taken.sort(key=lambda i: (order[i], numbers[i]))
    shortlist = Shortlist(
        round_id=review_round.id,
        cut=cut,
        application_ids=taken,
        tie_reason=reason if proposal.tie_at_cut else "",
        confirmed_by_id=staff.id,
    )
    db.session.add(shortlist)
    audit.record(
        "review.shortlist_confirmed",
        actor=f"staff:{staff.id}",
        subject=f"review_round:{review_round.id}",
        data={
            "cut": cut,
            "applications": [numbers[i] for i in taken],
            "tie": [numbers[i] for i in proposal.tie_at_cut],
            "reason": shortlist.tie_reason,
        },
    )
    return shortlist


def _made_teams(shortlist: Shortlist) -> list[str]:
    """Numbers of shortlisted applications that are already a team of a contest."""
    from contest.season.models import Application

    rows = db.session.scalars(
        sa.select(Application).where(Application.id.in_(shortlist.application_ids))
    )
    return sorted(
        a.number
        for a in rows
        if a.contest_team_id is not None and db.session.get(Team, a.contest_team_id)
    )


def cancel(review_round: ReviewRound, staff: StaffUser) -> None:
    """Undo the confirmation, while no team has been made from it."""
    shortlist = confirmed(review_round)
    if shortlist is None:
        raise SeasonRefused(_("入围名单尚未确认"))
    made = _made_teams(shortlist)
    if made:
        raise SeasonRefused(
            _("已由入围名单生成发表赛班组（%(numbers)s），不能撤销确认", numbers="、".join(made))
        )
    db.session.delete(shortlist)
    audit.record(
        "review.shortlist_cancelled",
        actor=f"staff:{staff.id}",
        subject=f"review_round:{review_round.id}",
        data={"cut": shortlist.cut},
    )


def create_teams(
    *, season: Season, review_round: ReviewRound, contest: Contest, venue_id: int, staff: StaffUser
) -> list[Team]:
    """The confirmed shortlist becomes the contest's teams, all or nothing."""
    from contest.season import into_contest

    shortlist = confirmed(review_round)
    if shortlist is None:
        raise SeasonRefused(_("请先确认入围名单"))
    return into_contest.create_teams(
        season=season,
        contest=contest,
        venue_id=venue_id,
        application_ids=[int(i) for i in shortlist.application_ids],
        staff=staff,
    )
