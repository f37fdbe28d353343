"""Who is signed in to the channels: an applicant's id and stamp in the session cookie.

Apart from the staff's sign-in (Flask-Login): an applicant is never staff, and a staff
member signed in on the same browser is not an applicant. A new stamp (sign-out, password
change) ends every session of the account, as for staff.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import sqlalchemy as sa
from flask import g, redirect, request, session, url_for

from contest.extensions import db
from contest.season.models import Applicant, Channel, Membership, Registration

KEY, STAMP = "applicant", "applicant_stamp"
# What an account made by a 注册申请 opens before it is approved: its status, its notices.
WHILE_WAITING = {"apply.home", "apply.messages"}


def sign_in(person: Applicant) -> None:
    session[KEY] = person.id
    session[STAMP] = person.session_stamp


def sign_out() -> None:
    session.pop(KEY, None)
    session.pop(STAMP, None)


def current() -> Applicant | None:
    """The signed-in applicant of this request, checked against the account's stamp."""
    if "applicant_person" not in g:
        person_id = session.get(KEY)
        person = db.session.get(Applicant, person_id) if isinstance(person_id, int) else None
        if person is None or not person.active or session.get(STAMP) != person.session_stamp:
            person = None
        g.applicant_person = person
    return g.applicant_person


def memberships(channel: Channel) -> list[Membership]:
    person = current()
    if person is None:
        return []
    return [m for m in person.memberships if m.channel is channel]


def waiting(person: Applicant) -> bool:
    """An account of a 注册申请 not (yet) approved, with no role from an invitation either."""
    if person.memberships:
        return False
    found = db.session.scalar(
        sa.select(Registration.id).where(Registration.applicant_id == person.id).limit(1)
    )
    return found is not None


def required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send someone not signed in to the channels' sign-in, and back here after."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current() is None:
            return redirect(url_for("apply.login", next=request.full_path.rstrip("?")))
        if request.endpoint not in WHILE_WAITING and waiting(current()):
            return redirect(url_for("apply.home"))  # it sees 注册申请审核中, and nothing else
        return view(*args, **kwargs)

    return wrapper
