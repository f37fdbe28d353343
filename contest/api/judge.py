"""The judge's own state and score submission. Signed in by the personal link's session."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _

from contest.api import bp
from contest.api.common import BadRequest, error, json_body
from contest.day import late_scores
from contest.day.submissions import Held, ScoreRejected, submit_score
from contest.extensions import db
from contest.judge.marks import my_marks
from contest.judge.session import signed_in_judge
from contest.judge.state import judge_state, submission_json
from contest.live import realtime
from contest.models import Judge, utcnow
from contest.transactions import atomic


def _not_signed_in():
    return error("not_signed_in", _("评委身份已失效，请重新扫描您的二维码"), 401)


@bp.get("/judge/state")
def get_judge_state():
    judge = signed_in_judge()
    if judge is None or judge.venue is None:
        return _not_signed_in()
    judge.last_seen_at = utcnow()
    state = judge_state(judge)
    from contest.judge.gate import step_name

    state["step"] = step_name(judge)  # the phone reloads to show a pledge or signing page
    db.session.commit()
    return jsonify(state)


@bp.post("/judge/scores")
def post_score():
    judge = signed_in_judge()
    if judge is None or judge.venue is None:
        return _not_signed_in()
    try:
        body = json_body()
        judge_id = judge.id
        result = atomic(
            lambda: submit_score(
                judge=db.session.get(Judge, judge_id),
                team_id=body.get("team_id"),
                marks=body.get("marks"),
                total=body.get("total"),
                idempotency_key=body.get("idempotency_key"),
            )
        )
    except BadRequest as bad:
        return error("bad_request", bad.message, 400)
    except ScoreRejected as rejected:
        status = 409 if rejected.code in ("scoring_closed", "idempotency_conflict") else 422
        return error(rejected.code, rejected.message, status, item_id=rejected.item_id)
    if isinstance(result, Held):
        return _held(result)
    submission = result.submission
    payload = submission_json(submission)
    venue_id = submission.team.venue_id
    if not result.replayed:
        realtime.stage_changed(venue_id, urgent=False)  # judges' progress moved on
    return jsonify(accepted=True, replayed=result.replayed, submission=payload), (
        200 if result.replayed else 201
    )


def _held(result: Held):
    """202: the score arrived after the close and is kept; the phone keeps its marks too."""
    late = result.late
    if not result.replayed:
        realtime.stage_changed(late.team.venue_id)  # the host sees the late arrival at once
    body = {
        "team_id": late.team_id,
        "status": late.status.value,
        "total": format(late.total, "f"),
        "marks": late.marks,
    }
    message = late_scores.held_message(late)
    return jsonify(accepted=False, replayed=result.replayed, late=body, message=message), 202


@bp.get("/judge/marks")
def get_judge_marks():
    """「我的评分」: this judge's current marks in their venue; recused teams say so."""
    judge = signed_in_judge()
    if judge is None or judge.venue is None:
        return _not_signed_in()
    return jsonify(my_marks(judge=judge))
