"""The expert's own pages, by their personal link: the list of their assignments, one
application's materials beside the score sheet, autosave and submission (JSON), the scans."""

from __future__ import annotations

from flask import render_template, request, send_file

from contest.auth import attempts
from contest.extensions import db
from contest.numbers import plain
from contest.review import marking, materials, reviews
from contest.review.marking import SheetRefused
from contest.review.models import Assignment, Reviewer, ReviewState
from contest.review.reviewer import bp
from contest.season import current
from contest.server.errors import answer
from contest.transactions import atomic

NO_STORE = {"Cache-Control": "no-store"}


def _invalid():
    return render_template("review/reviewer/invalid.html"), 404, NO_STORE


def _reviewer(access_key: str) -> Reviewer | None:
    return reviews.reviewer_by_key(access_key)


def _mine(access_key: str, assignment_id: int) -> Assignment | None:
    """The assignment if it is this link's reviewer's and not removed; else None (a 404)."""
    reviewer = _reviewer(access_key)
    return reviews.assignment_for(reviewer, assignment_id) if reviewer is not None else None


@bp.get("/<access_key>")
def home(access_key: str):
    # Counted before the lookup and refunded when it succeeds, as the judges' links are.
    attempt = attempts.count("key")
    reviewer = _reviewer(access_key)
    if reviewer is None:
        return answer(429) if attempt.over else _invalid()
    attempt.refund()
    reviews.mark_first_opened(reviewer)
    db.session.commit()
    review_round = reviewer.round
    rows = [
        (a, materials.names(a.application), reviews.state_label(a.review))
        for a in reviews.assignments_of(reviewer)
    ]
    body = render_template(
        "review/reviewer/home.html",
        reviewer=reviewer,
        review_round=review_round,
        rows=rows,
        note=reviews.round_note(review_round),
        beijing=current.beijing,
        key=access_key,
    )
    return body, 200, NO_STORE


@bp.get("/<access_key>/<int:assignment_id>")
def work(access_key: str, assignment_id: int):
    assignment = _mine(access_key, assignment_id)
    if assignment is None:
        return _invalid()
    reviewer = assignment.reviewer
    reviews.mark_first_opened(reviewer)  # a link straight to one application counts too
    db.session.commit()
    review_round = reviewer.round
    review = assignment.review
    items = list(review_round.items)
    marks = review.marks if review is not None else {}
    total = marking.total_of(items, marks)
    others = reviews.others_totals(assignment)
    locked = review is not None and review.state == ReviewState.SUBMITTED
    body = render_template(
        "review/reviewer/work.html",
        reviewer=reviewer,
        review_round=review_round,
        assignment=assignment,
        application=assignment.application,
        names=materials.names(assignment.application),
        pack=materials.pack(assignment.application),
        review=review,
        items=items,
        marks=marks,
        comments=review.item_comments if review is not None else {},
        parts=marking.part_labels(),
        total=plain(total) if total is not None else None,
        locked=locked,
        editable=reviews.scoring_open(review_round) and not locked,
        note=reviews.round_note(review_round),
        state=reviews.state_label(review),
        others=others,
        plain=plain,
        beijing=current.beijing,
        saved=reviews.saved_time(review.saved_at) if review is not None else "",
        key=access_key,
    )
    return body, 200, NO_STORE


def _json_error(refused: SheetRefused):
    return {"ok": False, "errors": refused.messages}, refused.status, NO_STORE


def _answer(review) -> dict:
    """What the page learns after a save: its own review only, never another's."""
    return {
        "ok": True,
        "version": review.version,
        "state": review.state.value,
        "saved_at": reviews.saved_time(review.saved_at),
        "total": plain(review.total) if review.total is not None else None,
    }


def _change(access_key: str, assignment_id: int, action):
    assignment = _mine(access_key, assignment_id)
    if assignment is None:
        return answer(404)
    payload = request.get_json(silent=True)
    assignment_id = assignment.id
    try:
        typed = marking.typed_from(payload, list(assignment.reviewer.round.items))
        version = marking.version_from(payload)
        db.session.rollback()  # end the reads above: the save's lock comes first (see claimed)
        review = atomic(
            lambda: action(assignment=reviews.claimed(assignment_id), version=version, typed=typed)
        )
    except SheetRefused as refused:
        return _json_error(refused)
    return _answer(review), 200, NO_STORE


@bp.post("/<access_key>/<int:assignment_id>/draft")
def save_draft(access_key: str, assignment_id: int):
    return _change(access_key, assignment_id, reviews.save_draft)


@bp.post("/<access_key>/<int:assignment_id>/submit")
def submit(access_key: str, assignment_id: int):
    return _change(access_key, assignment_id, reviews.submit)


@bp.get("/<access_key>/<int:assignment_id>/files/<kind>")
def scan(access_key: str, assignment_id: int, kind: str):
    """A sealed scan, shown in the browser: only to a reviewer assigned to the application."""
    assignment = _mine(access_key, assignment_id)
    record = materials.scan(assignment.application, kind) if assignment is not None else None
    if record is None:
        return answer(404)
    response = send_file(
        materials.path(record),
        mimetype="application/pdf",
        download_name=record.name,
        as_attachment=False,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
