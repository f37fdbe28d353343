"""Filing an 异议, its receipt (shown once, printable, downloadable) and its status."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _

from contest.extensions import limiter
from contest.publicity import notice as notices
from contest.publicity import objections, results
from contest.publicity.calendar import PublicityRefused
from contest.publicity.public import bp
from contest.publicity.public.views import season_of
from contest.transactions import atomic

# Per address: a person files a few objections, not a flood.
FILING = "5 per hour;20 per day"
# Only failed look-ups count: the owner of a receipt is never slowed down.
STATUS_FAILURES = "10 per minute;60 per hour"
FIELDS = ("name", "unit", "phone", "subject", "grounds")


@bp.post("/gongshi/<int:year>/yiyi")
@limiter.limit(FILING)
def file_objection(year: int):
    season = season_of(year)
    notice = notices.of(season.id)
    form = {key: request.form.get(key, "") for key in FIELDS}
    upload = request.files.get("attachment")
    given = (upload.read(objections.MAX_BYTES + 1), upload.filename or "") if upload else None
    try:
        row, code = atomic(
            lambda: objections.file(season=season, upload=given, **form)  # type: ignore[arg-type]
        )
    except PublicityRefused as refused:
        if notice is None:
            return render_template("publicity/notice_none.html", season=season), 404
        listed = results.current(season.id)
        page = render_template(
            "publicity/notice.html",
            season=season,
            notice=notice,
            period=notices.period(notice),
            listed=listed,
            rows=sorted(listed.rows, key=lambda r: (r["contest_id"], r["rank"])),
            max_mb=objections.MAX_BYTES // (1024 * 1024),
            form=form,
            error=refused.message,
        )
        return page, 422
    return render_template("publicity/receipt.html", season=season, objection=row, code=code)


def _receipt_text(number: str, code: str, filed: str) -> str:
    return "\n".join(
        [
            _("上海市质量信得过班组评选结果公示 异议回执"),
            "",
            _("异议编号：%(number)s", number=number),
            _("查询码：%(code)s", code=code),
            _("提交日期：%(day)s", day=filed),
            "",
            _(
                "请妥善保管本回执。凭异议编号和查询码可在公示页面查询办理进度；查询码仅显示一次，遗失无法找回。"
            ),
            "",
        ]
    )


@bp.post("/gongshi/yiyi/huizhi.txt")
@limiter.limit(STATUS_FAILURES, deduct_when=lambda response: response.status_code == 404)
def receipt_download():
    """The receipt as a text file (the page posts back the number and the code it showed)."""
    number, code = request.form.get("number", ""), request.form.get("code", "")
    row = objections.lookup(number, code)
    if row is None:
        return render_template("publicity/status.html", objection=None, asked=True), 404
    filed = notices.today(row.created_at).isoformat()
    text = _receipt_text(row.number, objections.normal_code(code), filed)
    response = Response(text.encode("utf-8-sig"), mimetype="text/plain")
    response.headers["Content-Disposition"] = f'attachment; filename="{row.number}.txt"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/gongshi/yiyi/chaxun", methods=["GET", "POST"])
@limiter.limit(STATUS_FAILURES, deduct_when=lambda response: response.status_code == 404)
def objection_status():
    """An objector's own objection, by number and code; anything else: not found."""
    if request.method == "GET":
        return render_template("publicity/status.html", objection=None, asked=False)
    row = objections.lookup(request.form.get("number", ""), request.form.get("code", ""))
    page = render_template(
        "publicity/status.html", objection=row, asked=True, labels=objections.LABELS
    )
    return page, 200 if row else 404
