"""The 评审组长's page: the applications the reviewers diverged on (分歧较大), each reviewer's
total and 材料评价, and a note per application. Only through the chair's own link."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.review import results
from contest.review.models import Assignment, Reviewer, ReviewState
from contest.review.outcomes import ChairNote
from contest.review.reviewer import bp
from contest.season.current import beijing
from contest.transactions import atomic

MAX_NOTE = 1000


def _chair(access_key: str) -> Reviewer:
    """The active 评审组长 this link belongs to; anyone else gets a plain 404."""
    reviewer = db.session.scalar(sa.select(Reviewer).where(Reviewer.access_key == access_key))
    if reviewer is None or not reviewer.active or not reviewer.is_chair:
        abort(404)
    return reviewer


def _unsubmitted(chair: Reviewer) -> set[int]:
    """Applications the chair reviews and has not submitted: others' marks stay hidden."""
    rows = db.session.scalars(
        sa.select(Assignment).where(
            Assignment.reviewer_id == chair.id, Assignment.removed_at.is_(None)
        )
    )
    return {
        a.application_id
        for a in rows
        if a.review is None or a.review.state is not ReviewState.SUBMITTED
    }


def _page(chair: Reviewer, status: int = 200, **values):
    try:
        facts = results.load(chair.round)
    except results.ResultsRefused as refused:
        facts, values["refused"] = None, refused.message
    notes = {
        n.application_id: n
        for n in db.session.scalars(
            sa.select(ChairNote).where(ChairNote.round_id == chair.round_id)
        )
    }
    body = render_template(
        "review/reviewer/chair.html",
        chair=chair,
        facts=facts,
        results=results,
        notes=notes,
        hidden=_unsubmitted(chair),
        beijing=beijing,
        **values,
    )
    return body, status, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.get("/<access_key>/chair")
def chair(access_key: str):
    return _page(_chair(access_key))


@bp.post("/<access_key>/chair/<int:application_id>/note")
def chair_note(access_key: str, application_id: int):
    chair_ = _chair(access_key)
    try:
        facts = results.load(chair_.round)
    except results.ResultsRefused as refused:
        return _page(chair_, 409, error=refused.message)
    flagged = {facts.applications[o.application].id: o for o in facts.divergent}
    if application_id not in flagged:
        return _page(chair_, 404, error=_("该申报表不在分歧较大之列，无需记录意见"))
    text = request.form.get("note", "").strip()
    if not text:
        return _page(chair_, 422, error=_("请填写意见后再保存"), failed=application_id)
    if len(text) > MAX_NOTE:
        return _page(
            chair_,
            422,
            error=_("意见最多 %(n)s 字，现有 %(m)s 字；请删减", n=MAX_NOTE, m=len(text)),
            failed=application_id,
            typed=text,
        )
    number = flagged[application_id].application

    def work() -> None:
        note = db.session.scalar(
            sa.select(ChairNote).where(
                ChairNote.round_id == chair_.round_id, ChairNote.application_id == application_id
            )
        )
        if note is None:
            note = ChairNote(round_id=chair_.round_id, application_id=application_id)
            db.session.add(note)
        note.reviewer_id, note.note, note.saved_at = chair_.id, text, utcnow()
        audit.record(
            "review.chair_note_saved",
            actor=f"reviewer:{chair_.id}",
            subject=f"application:{number}",
            data={"note": text},
        )

    atomic(work)
    flash(_("已保存对 %(n)s 的意见", n=number), "success")
    return redirect(url_for("reviewer.chair", access_key=access_key) + f"#a{application_id}")
