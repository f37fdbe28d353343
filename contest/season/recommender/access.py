"""Which 推荐单位 the signed-in person acts for: another unit's pages are not found."""

from __future__ import annotations

from contest.season import session
from contest.season.models import Channel, Recommender


def mine(recommender_id: int) -> Recommender | None:
    for membership in session.memberships(Channel.RECOMMENDER):
        if membership.recommender and membership.recommender.id == recommender_id:
            return membership.recommender
    return None
