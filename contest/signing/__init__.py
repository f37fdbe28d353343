"""Judges sign their day's 评分表 on the phone (setting `signing.enabled`, off by default).

Signing opens for a venue when its last team is revealed (`signing.when = venue_end`) or when
staff press 「请评委签名」 (`manual`). Each judge's phone then shows their own sheet (every
team, every item, total, 回避) and a pad; the signature is stored (contest/signatures) with
the hash of that sheet, and the judge's phone scoring in the venue is locked. A correction
afterwards supersedes the signature (kept with the old sheet) and asks for a new one.

models (SigningWindow) · sheet (the payload and its status) · service (open, sign, lock,
after_change) · pdf (the signed 评分表) · views.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from contest.signing import summary_views  # noqa: F401  (its routes join the blueprint)
    from contest.signing.views import bp

    app.register_blueprint(bp)
