"""The set-up area's front page: one card per section, in the order staff work through them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest


@dataclass(frozen=True)
class Section:
    endpoint: str  # takes contest_id
    title: str
    what: str  # one line, plain Chinese: what staff do there


# Each set-up module appends its section here; order is the order of a season's set-up.
SECTIONS: list[Section] = []


@bp.get("/contests/<int:contest_id>/setup")
@admin_required
def setup_hub(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    return render_template("admin/setup/hub.html", contest=contest, sections=SECTIONS)
