"""Two saves of one review sent at once with the same version (two tabs, two devices): one
is kept, the other refused as stale, on both databases; never a lost update or a 500."""

from __future__ import annotations

import re

import pytest

from contest.extensions import db
from contest.review.models import Review
from tests.review.reviewing import assignment, open_world, payload
from tests.security.test_guess_limits import at_once

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


@pytest.mark.parametrize("saved_before", [0, 1])
def test_two_saves_at_once_keep_one_and_refuse_the_other(app, saved_before):
    built = open_world()
    mine = assignment(built, 0, 0)
    path = f"/review/{built.reviewers[0].access_key}/{mine.id}"
    clients = [app.test_client() for _ in range(2)]
    tokens = [CSRF.search(c.get(path).get_data(as_text=True)).group(1) for c in clients]
    if saved_before:
        first = clients[0].post(
            path + "/draft",
            json=payload(built, 0, "1", "", "", ""),
            headers={"X-CSRFToken": tokens[0]},
        )
        assert first.status_code == 200

    bodies = [payload(built, saved_before, str(20 + i), "", "", "") for i in range(2)]

    def save(i: int) -> int:
        headers = {"X-CSRFToken": tokens[i]}
        response = clients[i].post(path + "/draft", json=bodies[i], headers=headers)
        return response.status_code

    statuses = at_once(2, save)
    assert sorted(statuses) == [200, 409]
    db.session.rollback()  # a fresh snapshot: SQLite's WAL reader keeps its old one
    review = db.session.query(Review).filter_by(assignment_id=mine.id).one()
    winner = statuses.index(200)
    assert (review.version, review.marks[str(built.round.items[0].id)]) == (
        saved_before + 1,
        str(20 + winner),
    )
