"""Sign in with the short fallback code printed on the card, when the QR code will not scan."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from contest.auth import attempts
from contest.judge import bp
from contest.judge.views import open_page
from contest.roster.judges import find_by_code
from contest.server.errors import answer


@bp.route("/j", methods=["GET", "POST"])
def code():
    if request.method == "GET":
        return render_template("judge/code.html", error=None, typed="")
    typed = request.form.get("code", "")
    if not typed.strip():
        return render_template("judge/code.html", error=_("请输入卡片上的代码"), typed=""), 400
    # Counted before the lookup (and refunded if right): codes sent at once are all counted.
    attempt = attempts.count("code")
    if attempt.over_target:
        # Every typed code together has a budget: past it, codes wait; QR codes still work.
        return answer(
            429,
            _(
                "卡片代码的错误尝试过多，暂停使用；请扫描卡片上的二维码，或请会务组在「登录限制」页解除"
            ),
        )
    if attempt.over_address:
        attempts.slow_down()  # a valid code gets in, slowly; this address's guesses wait
    judge = find_by_code(typed)
    if judge is None:
        if attempt.over:
            return answer(429)
        # The typed text goes back into the field so a single wrong letter is easy to fix.
        error = _("代码不正确，请核对卡片上的代码")
        return render_template("judge/code.html", error=error, typed=typed[:20]), 400
    attempt.refund()
    # Sign in here rather than redirect to /j/<key>: the key stays out of the history.
    return open_page(judge)
