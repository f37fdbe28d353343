"""Public, cache-friendly results for integrations: standings of a contest across venues."""

from __future__ import annotations

import hashlib
import json

from flask import Response, request

from contest.api import bp
from contest.day.snapshot import team_card
from contest.extensions import db
from contest.models import Contest
from contest.ranking import standings


@bp.get("/contests/<int:contest_id>/standings")
def contest_standings(contest_id: int):
    """Revealed teams only, ranked together across venues; ETag revalidation, 5 s caching."""
    contest = db.get_or_404(Contest, contest_id)
    results = standings.compute(contest, only_revealed=True)
    body = {
        "contest": {"id": contest.id, "name": contest.name, "year": contest.year},
        "standings": [
            {
                "rank": r.standing.rank,
                "decided_by": r.standing.decided_by,
                "published": format(r.score.published, "f"),
                "venue": r.team.venue.name if r.team.venue else None,
                "team": team_card(r.team),
            }
            for r in results
        ],
    }
    db.session.commit()
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    response = Response(payload, mimetype="application/json")
    response.set_etag(hashlib.sha256(payload).hexdigest()[:32])
    response.headers["Cache-Control"] = "public, max-age=5"
    return response.make_conditional(request)
