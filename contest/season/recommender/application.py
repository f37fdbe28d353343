"""A 推荐单位's view of one application its enterprise has decided on: the 申报表 as
submitted, and the enterprise's 评分与推荐意见 with the sealed scan (read-only)."""

from __future__ import annotations

from flask import render_template, url_for

from contest.extensions import db
from contest.season import current, form12, labels, session, uploads
from contest.season.models import Application, ApplicationStatus, Channel
from contest.season.opinion import records
from contest.season.recommender import bp
from contest.server.errors import answer

# Still with the team or its enterprise: not yet the 推荐单位's to see.
NOT_YET = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED)


def _visible(application_id: int) -> Application | None:
    """The application, if the enterprise has passed it on and it is under one of the
    signed-in person's 推荐单位."""
    application = db.session.get(Application, application_id)
    mine = {m.recommender_id for m in session.memberships(Channel.RECOMMENDER)}
    if (
        application is None
        or application.enterprise.recommender_id not in mine
        or application.status in NOT_YET
        or not application.submissions
    ):
        return None
    return application


@bp.get("/applications/<int:application_id>")
@session.required
def application(application_id: int):
    found = _visible(application_id)
    if found is None:
        return answer(404)
    latest = records.latest(found)
    row = records.draft(found)
    body = render_template(
        "apply/recommender/application.html",
        person=session.current(),
        deadline=current.state(current.season()),
        application=found,
        submission=found.submissions[-1],
        fields=form12.FIELDS,
        status_names=labels.FOR_ENTERPRISE,
        latest=latest,
        rows=records.rows(found, latest) if latest is not None else [],
        scan=records.scan_receipt(found),
        scan_version=row.scan_version if row is not None else None,
        scan_url=url_for("apply_recommender.opinion_scan", application_id=found.id),
        beijing=current.beijing,
    )
    return body, 200, {"Cache-Control": "no-store"}


@bp.get("/applications/<int:application_id>/opinion-scan")
@session.required
def opinion_scan(application_id: int):
    found = _visible(application_id)
    record = records.scan(found) if found is not None else None
    if record is None:
        return answer(404)
    return uploads.send(record)
