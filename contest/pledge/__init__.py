"""评审承诺书: the pledge a judge accepts on the phone before their first score of the day.

Off by default (setting `pledge.enabled`); staff set the text per contest. An acceptance is
bound to the SHA-256 of the text the judge read: changing the text asks every judge again.
models (PledgeAcceptance) · service (settings, pending, accept, acceptances, workbook) ·
views (the judge's page, the staff page and its export).
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from contest.pledge.views import bp

    app.register_blueprint(bp)
