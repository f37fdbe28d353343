"""The public state of a venue, and the host's stage actions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from contest import audit
from contest.api import bp
from contest.api.common import BadRequest, error, json_body
from contest.auth.guards import can_change, can_watch
from contest.database import is_row_id
from contest.day import deductions, late_scores, running_order, stage
from contest.day.snapshot import venue_snapshot
from contest.extensions import db
from contest.host.state import host_snapshot
from contest.live import presence, realtime
from contest.models import Judge, Scene, Venue
from contest.transactions import atomic


@bp.get("/venues/<int:venue_id>/state")
def venue_state(venue_id: int):
    venue = db.get_or_404(Venue, venue_id)
    snapshot = venue_snapshot(venue)
    db.session.commit()
    return jsonify(snapshot)


@bp.get("/venues/<int:venue_id>/audience")
def venue_audience(venue_id: int):
    """How many displays and remote viewers are connected (staff only)."""
    venue = db.get_or_404(Venue, venue_id)
    if not can_watch(current_user, venue):
        return error("forbidden", _("您不是本分会场的主持人"), 403)
    return jsonify(presence.audience(venue.id))


def _not_its_host(venue: Venue):
    """The 403 answer for a signed-in person who may not run this venue; None if they may."""
    if current_user.is_authenticated and not can_change():
        return error("forbidden", _("监督账号只能查看，不能操作"), 403)
    if not current_user.is_authenticated or not current_user.can_host(venue):
        return error("forbidden", _("您不是本分会场的主持人"), 403)
    return None


def _action(venue: Venue, action: str, body: dict, actor: str):
    expected = body.get("expected_version")
    if expected is not None and (not isinstance(expected, int) or isinstance(expected, bool)):
        raise BadRequest(_("版本号无效，请刷新页面后重试"))
    if action == "call":
        team_id = body.get("team_id")
        if not is_row_id(team_id):
            raise BadRequest(_("请指定要请上台的班组"))
        return stage.call_team(venue, team_id, actor=actor, expected_version=expected)
    if action == "open":
        return stage.open_scoring(venue, actor=actor, expected_version=expected)
    if action == "close":
        confirmed = body.get("confirm_missing") is True
        return stage.close_scoring(
            venue, actor=actor, expected_version=expected, confirm_missing=confirmed
        )
    if action == "reopen":
        team_id, reason = body.get("team_id"), body.get("reason") or ""
        if not is_row_id(team_id) or not isinstance(reason, str):
            raise BadRequest(_("请指定班组并填写重新开放评分的原因"))
        return late_scores.reopen_scoring(
            venue, team_id=team_id, reason=reason, actor=actor, expected_version=expected
        )
    if action == "reveal":
        reason = body.get("force_reason") or ""
        if not isinstance(reason, str):
            raise BadRequest(_("原因必须是文字"))
        return stage.reveal(venue, actor=actor, force_reason=reason, expected_version=expected)
    if action == "scene":
        try:
            scene = Scene(body.get("scene"))
        except ValueError:
            raise BadRequest(_("未知的大屏场景")) from None
        minutes = body.get("minutes")
        if isinstance(minutes, str) and minutes.strip().isdigit():
            minutes = int(minutes.strip())  # a number field's value arrives as text
        return stage.set_scene(
            venue, scene, actor=actor, expected_version=expected, minutes=minutes
        )
    if action == "timer":
        do = body.get("do")
        if not isinstance(do, str):
            raise BadRequest(_("请指定计时操作"))
        return stage.timer(venue, do, actor=actor, expected_version=expected)
    if action == "online_ready":
        team_id, ready = body.get("team_id"), body.get("ready")
        if not is_row_id(team_id) or not isinstance(ready, bool):
            raise BadRequest(_("请指定班组和连线状态"))
        return stage.set_online_ready(venue, team_id, ready, actor=actor, expected_version=expected)
    if action == "overtime":
        staff = current_user._get_current_object()
        return deductions.add_overtime(
            venue,
            actor=actor,
            staff=staff,
            expected_version=expected,
            expected_points=_points(body.get("points")),
        )
    if action in ("draw", "move", "team_status"):
        return _order_action(venue, action, body, actor, expected)
    if action in ("draw_commit", "draw_witness"):
        return _fair_draw(venue, action, body, actor)
    raise BadRequest(_("未知的操作"))


def _points(value: object) -> Decimal | None:
    """The deduction the host confirmed, as a decimal string ("1", "0.5"); None if not sent."""
    if value is None:
        return None
    try:
        points = Decimal(value) if isinstance(value, str) else None
    except InvalidOperation:
        points = None
    if points is None or not points.is_finite():
        raise BadRequest(_("扣分数值无效，请刷新页面后重试"))
    return points


def _fair_draw(venue: Venue, action: str, body: dict, actor: str):
    """The witnessed draw's steps at the console (contest/fairdraw): commit, a typed witness."""
    from contest.fairdraw import service as fairdraw

    if action == "draw_commit":
        return fairdraw.commit(venue, actor=actor)
    return fairdraw.add_witness(
        venue, name=body.get("name"), entropy=body.get("entropy"), via="console", actor=actor
    )


def _order_action(venue: Venue, action: str, body: dict, actor: str, expected: int | None):
    from contest.fairdraw.service import draw as fair_draw
    from contest.fairdraw.service import open_commit

    if action == "draw" and open_commit(venue.id) is not None:  # the published commitment
        staff = current_user._get_current_object()
        return fair_draw(venue, actor=actor, staff=staff, expected_version=expected)
    if action == "draw":
        seed, witnesses = body.get("seed"), body.get("witnesses") or ""
        if not isinstance(seed, str) or not isinstance(witnesses, str):
            raise BadRequest(_("请填写抽签随机码"))
        staff = current_user._get_current_object()
        return running_order.draw_lots(
            venue, seed, witnesses=witnesses, actor=actor, staff=staff, expected_version=expected
        )
    team_id = body.get("team_id")
    if not is_row_id(team_id):
        raise BadRequest(_("请指定班组"))
    if action == "move":
        to = body.get("to")
        if not isinstance(to, str):
            raise BadRequest(_("请指定调整方式"))
        return running_order.move(venue, team_id, to, actor=actor, expected_version=expected)
    status = body.get("status")
    if not isinstance(status, str):
        raise BadRequest(_("请指定状态"))
    return running_order.set_status(venue, team_id, status, actor=actor, expected_version=expected)


@bp.post("/venues/<int:venue_id>/stage/<action>")
def stage_action(venue_id: int, action: str):
    venue = db.get_or_404(Venue, venue_id)
    if not current_user.is_authenticated:
        return error("not_signed_in", _("请先登录"), 401)
    if refused := _not_its_host(venue):
        return refused
    actor = f"staff:{current_user.id}"
    try:
        body = json_body()
        atomic(lambda: _action(db.session.get(Venue, venue_id), action, body, actor))
    except BadRequest as bad:
        return error("bad_request", bad.message, 400)
    except stage.StageRefused as refused:
        if refused.code == "cosign_pending":  # ask the 监督, in a transaction of its own
            _ask_supervisor(venue_id, body, actor)
        missing = {"missing": refused.labels} if isinstance(refused, stage.JudgesMissing) else {}
        return error(refused.code, refused.message, 409, **missing)
    snapshot = realtime.stage_changed(venue_id)
    if snapshot is None:  # pragma: no cover - host actions are always sent at once
        snapshot = host_snapshot(db.session.get(Venue, venue_id))
        db.session.commit()
    return jsonify(snapshot)


def _ask_supervisor(venue_id: int, body: dict, actor: str) -> None:
    from contest.models import StageState
    from contest.supervision.service import request_forced_reveal

    def ask() -> None:
        team = db.session.get(StageState, venue_id).team
        request_forced_reveal(team=team, reason=str(body.get("force_reason") or ""), actor=actor)

    atomic(ask)
    realtime.stage_changed(venue_id)


@bp.get("/venues/<int:venue_id>/overtime")
def overtime_preview(venue_id: int):
    """The overtime deduction the rule gives the team on stage now, for the host to confirm."""
    venue = db.get_or_404(Venue, venue_id)
    if not can_watch(current_user, venue):
        return error("forbidden", _("您不是本分会场的主持人"), 403)
    try:
        found = deductions.overtime_preview(venue=venue)
    except stage.StageRefused as refused:
        return error(refused.code, refused.message, 409)
    return jsonify(points=format(found.points, "f"), overrun_ms=found.overrun_ms, text=found.text)


@bp.post("/venues/<int:venue_id>/judges/<int:judge_id>/nudge")
def nudge_judge(venue_id: int, judge_id: int):
    """Make a judge's phone vibrate and flash: the host is waiting for their score."""
    venue = db.get_or_404(Venue, venue_id)
    if refused := _not_its_host(venue):
        return refused
    judge = db.session.get(Judge, judge_id)
    if judge is None or judge.venue_id != venue.id:
        return error("unknown_judge", _("该评委不在本分会场"), 404)
    actor = f"staff:{current_user.id}"
    atomic(
        lambda: audit.record(
            "judge.nudged", actor=actor, subject=f"judge:{judge_id}", contest_id=venue.contest_id
        )
    )
    realtime.nudge(judge_id)
    return jsonify(nudged=True, judge=judge.label, online=presence.online(judge_id))
