"""A judge's revisions of one team's score are capped: a flood is refused, not stored."""

from __future__ import annotations

import sqlalchemy as sa

from contest.day.submissions import MAX_VERSIONS
from contest.extensions import db
from contest.models import AuditEntry, ScoreSubmission
from tests.judge_helpers import judge_client, open_team, post_json


def _body(demo, team, mark: str, key: str) -> dict:
    items = list(demo.items)
    marks = {str(i.id): mark for i in items}
    return {
        "team_id": team.id,
        "marks": marks,
        "total": str(int(mark) * len(items)),
        "idempotency_key": key,
    }


def test_the_21st_version_is_refused_in_words_and_nothing_is_written(app, demo):
    team = open_team(demo, 1)
    phone = judge_client(app, 3)
    statuses = [
        post_json(
            phone, "/api/judge/scores", _body(demo, team, str(5 + n % 5), f"{n:032d}")
        ).status_code
        for n in range(MAX_VERSIONS)
    ]
    assert statuses == [201] * MAX_VERSIONS
    refused = post_json(phone, "/api/judge/scores", _body(demo, team, "9", "x" * 32))
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "too_many_revisions"
    assert refused.get_json()["message"] == (
        "您对该班组的评分已提交 20 次，不能再修改；如确需更改，请联系会务组由工作人员更正"
    )
    count = sa.select(sa.func.count()).select_from(ScoreSubmission)
    assert db.session.scalar(count) == MAX_VERSIONS
    audited = sa.select(sa.func.count()).select_from(AuditEntry)
    assert db.session.scalar(audited.where(AuditEntry.action.like("score.%"))) == MAX_VERSIONS
    # A resend of an accepted version is still answered from what is stored.
    again = post_json(
        phone, "/api/judge/scores", _body(demo, team, "9", f"{MAX_VERSIONS - 1:032d}")
    )
    assert again.status_code in (200, 201)
    # Another judge of the same team is not affected.
    other = post_json(judge_client(app, 4), "/api/judge/scores", _body(demo, team, "8", "y" * 32))
    assert other.status_code == 201
