"""材料文审 results for the secretariat: the ranking with its breakdown, 分歧较大 with the
评审组长's notes, each reviewer's consistency, the cut line's sensitivity, the 材料评审汇总表
downloads, and the shortlist: confirm it, then make the contest's teams from it."""

from __future__ import annotations

from urllib.parse import quote

import sqlalchemy as sa
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, StaffUser
from contest.review import analysis, form24, results, shortlist
from contest.review.outcomes import ChairNote
from contest.review.staff import bp
from contest.season import current, into_contest
from contest.season.accounts import SeasonRefused
from contest.season.staff import answers
from contest.server.errors import answer
from contest.transactions import atomic

HERE = "review_staff.results_page"


def _staff() -> StaffUser:
    return db.session.get(StaffUser, current_user.id)


def _notes(review_round) -> dict[str, ChairNote]:
    rows = db.session.scalars(sa.select(ChairNote).where(ChairNote.round_id == review_round.id))
    return {note.application_id: note for note in rows}


def _cuts(facts: results.Facts, typed: str) -> tuple[list[int], str | None]:
    """The cut lines to test: the round's 入围名额 and one staff typed (with any error)."""
    most = len(facts.outcomes)
    cuts = []
    if facts.round.shortlist_size and 1 <= facts.round.shortlist_size <= most:
        cuts.append(facts.round.shortlist_size)
    error = None
    if typed.strip():
        cut = shortlist.parse_cut(typed, most)
        if cut is None:
            error = _("入围线应为 1 到 %(n)s 之间的整数，请重新填写", n=most)
        elif cut not in cuts:
            cuts.append(cut)
    return cuts, error


def _page(status: int = 200, **values):
    review_round = results.current_round()
    if review_round is None:
        body = render_template("review/staff/results.html", review_round=None)
        return body, status, {"Cache-Control": "no-store"}
    try:
        facts = results.load(review_round)
    except results.ResultsRefused as refused:
        body = render_template(
            "review/staff/results.html", review_round=review_round, refused=refused.message
        )
        return body, status, {"Cache-Control": "no-store"}
    typed = request.args.get("cut", "")[:10]
    cuts, cut_error = _cuts(facts, typed)
    confirmed = shortlist.confirmed(review_round)
    cut = confirmed.cut if confirmed else (review_round.shortlist_size or None)
    proposal = shortlist.propose(facts, cut) if cut and facts.outcomes else None
    by_id = {a.id: a for a in facts.applications.values()}
    body = render_template(
        "review/staff/results.html",
        review_round=review_round,
        facts=facts,
        results=results,
        consistency=analysis.consistency(facts.outcomes),
        sensitivity={c: results.sensitivity(facts, c) for c in cuts},
        typed_cut=typed,
        cut_error=cut_error,
        notes=_notes(review_round),
        proposal=proposal,
        confirmed=confirmed,
        by_id=by_id,
        outcome_of={facts.applications[o.application].id: o for o in facts.outcomes},
        columns=sorted(facts.reviewers.items(), key=lambda kv: kv[1].number),
        ready=into_contest.candidates(review_round.season) if confirmed else [],
        contests=db.session.query(Contest).order_by(Contest.id).all(),
        staff_names={u.id: u.display_name or u.username for u in db.session.query(StaffUser)},
        beijing=current.beijing,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/results")
@admin_required
def results_page():
    return _page()


def _facts_or_404():
    review_round = results.current_round()
    if review_round is None:
        return None
    try:
        return results.load(review_round)
    except results.ResultsRefused:
        return None


@bp.get("/results/form24.xlsx")
@admin_required
def form24_xlsx():
    facts = _facts_or_404()
    if facts is None:
        return answer(404)
    name = f"{facts.round.season.year}年材料评审汇总表.xlsx"
    return answers.workbook(form24.workbook(facts), name)


@bp.get("/results/form24.pdf")
@admin_required
def form24_pdf():
    from contest import offload
    from contest.fonts import MissingFontError

    facts = _facts_or_404()
    if facts is None:
        return answer(404)
    try:
        data = offload.in_process(
            form24.render_pdf, form24.pdf_facts(facts), app_context=True, timeout=120
        )
    except MissingFontError as error:
        return answer(503, str(error))
    except offload.OffloadError:
        return answer(503, _("生成文件超时，请稍后重试"))
    name = f"{facts.round.season.year}年材料评审汇总表.pdf"
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/results/shortlist")
@admin_required
def shortlist_confirm():
    facts = _facts_or_404()
    if facts is None:
        return answer(409, _("尚无材料文审结果"))
    form = request.form
    cut = shortlist.parse_cut(form.get("cut", ""), len(facts.outcomes))
    if not facts.outcomes:
        return _page(422, shortlist_error=_("尚无提交的评审，不能确认入围名单"))
    if cut is None:
        return _page(422, shortlist_error=_("请填写入围名额（1 到 %(n)s）", n=len(facts.outcomes)))
    chosen = [int(v) for v in form.getlist("tie") if v.isdigit()]
    try:
        made = atomic(
            lambda: shortlist.confirm(facts, cut, chosen, form.get("reason", ""), _staff())
        )
    except SeasonRefused as refused:
        return _page(422, shortlist_error=refused.message)
    flash(_("已确认入围名单，共 %(n)s 份申报表", n=len(made.application_ids)), "success")
    return redirect(url_for(HERE) + "#shortlist")


@bp.post("/results/shortlist/cancel")
@admin_required
def shortlist_cancel():
    review_round = results.current_round()
    if review_round is None:
        return answer(409, _("尚无材料文审结果"))
    try:
        atomic(lambda: shortlist.cancel(review_round, _staff()))
    except SeasonRefused as refused:
        return _page(422, shortlist_error=refused.message)
    flash(_("已撤销入围名单的确认"), "success")
    return redirect(url_for(HERE) + "#shortlist")


@bp.post("/results/into-contest")
@admin_required
def shortlist_into_contest():
    review_round = results.current_round()
    if review_round is None:
        return answer(409, _("尚无材料文审结果"))
    venue = answers.chosen_venue(request.form.get("venue", ""))
    if venue is None:
        return _page(422, teams_error=_("请选择比赛和分会场"))
    try:
        teams = atomic(
            lambda: shortlist.create_teams(
                season=review_round.season,
                review_round=review_round,
                contest=venue.contest,
                venue_id=venue.id,
                staff=_staff(),
            )
        )
    except SeasonRefused as refused:
        return _page(422, teams_error=refused.message)
    flash(
        _(
            "已在「%(contest)s」%(venue)s生成 %(n)s 个班组，名称与申报表一致",
            contest=venue.contest.name,
            venue=venue.name,
            n=len(teams),
        ),
        "success",
    )
    return redirect(url_for("admin.contest", contest_id=venue.contest_id))
