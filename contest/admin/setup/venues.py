"""Set-up page 分会场: add, rename, short name and code, order, delete while empty."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin import bp
from contest.admin.setup import hub
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.live import realtime
from contest.models import Contest, Venue
from contest.setup import stale, venues
from contest.setup.contests import Refused
from contest.transactions import atomic

hub.SECTIONS.append(
    hub.Section(
        "admin.setup_venues",
        _l("分会场"),
        _l("增加、改名、设置简称和代码、调整顺序、删除空的分会场"),
    )
)


def _actor() -> str:
    return f"staff:{current_user.id}"


# A venue's three names, as a person calls them when told someone else changed one.
FIELDS = {"name": _l("全称"), "short_name": _l("简称"), "code": _l("代码")}


def shown_values(venue: Venue) -> dict[str, str]:
    return {"name": venue.name, "short_name": venue.short_name or "", "code": venue.code or ""}


def _page(contest: Contest, form: dict[str, str] | None = None, status: int = 200):
    page = render_template(
        "admin/setup/venues.html",
        contest=contest,
        form=form or {},
        venue_original=lambda venue: stale.encode(shown_values(venue)),
    )
    return page, status


def _venue(contest_id: int, venue_id: int) -> Venue:
    venue = db.get_or_404(Venue, venue_id)
    if venue.contest_id != contest_id:
        abort(404)
    return venue


def _fields(form) -> dict[str, str]:
    """The three names a venue goes by, as the form sent them."""
    return {key: form.get(key, "") for key in ("name", "short_name", "code")}


def _back(contest_id: int):
    return redirect(url_for("admin.setup_venues", contest_id=contest_id))


@bp.route("/contests/<int:contest_id>/setup/venues", methods=["GET", "POST"])
@admin_required
def setup_venues(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    if request.method == "GET":
        return _page(contest)
    form = request.form.to_dict()
    try:
        venue = atomic(
            lambda: venues.add_venue(
                contest=db.get_or_404(Contest, contest_id),
                **_fields(form),
                actor=_actor(),
            )
        )
    except Refused as refused:
        flash(refused.message, "error")
        return _page(db.get_or_404(Contest, contest_id), form, 422)
    flash(_("已增加分会场「%(name)s」", name=venue.name), "success")
    return _back(contest_id)


@bp.post("/contests/<int:contest_id>/setup/venues/<int:venue_id>")
@admin_required
def setup_venue_update(contest_id: int, venue_id: int):
    _venue(contest_id, venue_id)
    form = request.form

    def save():
        venue = _venue(contest_id, venue_id)
        stale.refuse_if_changed(form.get("original"), shown_values(venue), FIELDS)
        return venues.update_venue(venue=venue, **_fields(form), actor=_actor())

    try:
        changes = atomic(save)
    except stale.StaleEdit as refused:  # the page shows what is there now
        flash(refused.message, "error")
        return _page(db.get_or_404(Contest, contest_id), status=409)
    except Refused as refused:
        flash(refused.message, "error")
        return _page(db.get_or_404(Contest, contest_id), status=422)
    if changes:
        realtime.stage_changed(venue_id)
    flash(_("已保存") if changes else _("没有改动"), "success" if changes else "info")
    return _back(contest_id)


@bp.post("/contests/<int:contest_id>/setup/venues/<int:venue_id>/move")
@admin_required
def setup_venue_move(contest_id: int, venue_id: int):
    _venue(contest_id, venue_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    atomic(
        lambda: venues.move_venue(venue=_venue(contest_id, venue_id), offset=offset, actor=_actor())
    )
    return _back(contest_id)


@bp.post("/contests/<int:contest_id>/setup/venues/<int:venue_id>/delete")
@admin_required
def setup_venue_delete(contest_id: int, venue_id: int):
    name = _venue(contest_id, venue_id).name
    try:
        hosts = atomic(
            lambda: venues.delete_venue(venue=_venue(contest_id, venue_id), actor=_actor())
        )
    except Refused as refused:
        flash(refused.message, "error")
        return _page(db.get_or_404(Contest, contest_id), status=422)
    flash(_("已删除分会场「%(name)s」", name=name), "success")
    if hosts:
        flash(_("主持人 %(hosts)s 不再负责该分会场", hosts="、".join(hosts)), "info")
    return _back(contest_id)
