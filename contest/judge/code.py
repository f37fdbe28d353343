"""Sign in with the short fallback code printed on the card, when the QR code will not scan."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from contest.extensions import limiter
from contest.judge import bp
from contest.judge.views import key_attempts, open_page
from contest.judges import find_by_code


@bp.route("/j", methods=["GET", "POST"])
@limiter.limit(key_attempts, methods=["POST"], deduct_when=lambda r: r.status_code == 400)
def code():
    if request.method == "GET":
        return render_template("judge/code.html", error=None, typed="")
    typed = request.form.get("code", "")
    judge = find_by_code(typed)
    if judge is None:
        error = _("代码不正确，请核对卡片上的代码") if typed.strip() else _("请输入卡片上的代码")
        # The typed text goes back into the field so a single wrong letter is easy to fix.
        return render_template("judge/code.html", error=error, typed=typed[:20]), 400
    # Sign in here rather than redirect to /j/<key>: the key stays out of the history.
    return open_page(judge)
